"""Report charts as Qt-free matplotlib Figures (never pyplot): the GUI embeds them, tests inspect them.

Importing this module imports matplotlib; the engine and the CLI do not import it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import (
    FuncFormatter,
    Locator,
    MaxNLocator,
    NullFormatter,
    PercentFormatter,
)

from desktop_app.domain import formatting
from desktop_app.domain.money import NumberStyle, format_money, to_minor
from desktop_app.reports.rows import DailySeries, FunnelStep, ReportRow

_SIZE = (8.0, 4.5)


@dataclass(frozen=True, slots=True)
class Theme:
    background: str
    text: str
    grid: str
    zero_line: str
    accent: str


LIGHT = Theme("#FFFFFF", "#222222", "#E3E3E3", "#555555", "#4C78A8")
DARK = Theme("#1E1F22", "#E6E6E6", "#3A3C40", "#B0B0B0", "#7AA6D8")


def _figure(dark: bool) -> tuple[Figure, Axes, Theme]:
    theme = DARK if dark else LIGHT
    fig = Figure(figsize=_SIZE, layout="constrained", facecolor=theme.background)
    ax = fig.add_subplot()
    ax.set_facecolor(theme.background)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    for spine in ("left", "bottom"):
        ax.spines[spine].set_color(theme.grid)
    ax.tick_params(colors=theme.text, labelcolor=theme.text)
    ax.yaxis.grid(True, color=theme.grid, linewidth=0.8)
    ax.set_axisbelow(True)
    return fig, ax, theme


def _title(ax: Axes, text: str, theme: Theme) -> None:
    ax.set_title(text, color=theme.text, loc="left", fontsize=12, fontweight="bold")


@cache
def _chart_font_draws(text: str) -> bool:
    """Whether the charts' font (matplotlib's, not the window's) has a glyph for every
    character of `text`: its DejaVu Sans has no ৳, so a chart would draw a box for it."""
    from matplotlib import font_manager, ft2font, rcParams

    path = font_manager.findfont(font_manager.FontProperties(family=rcParams["font.family"]))
    font = ft2font.FT2Font(path)
    return all(font.get_char_index(ord(ch)) for ch in text)


def _chart_style() -> NumberStyle:
    """The locale's number style, writing a currency's code where the chart font has no
    glyph for its sign (as the window does where its own font has none)."""
    style = formatting.style()
    window = style.drawable

    def drawable(text: str) -> bool:
        return _chart_font_draws(text) and (window is None or window(text))

    return replace(style, drawable=drawable)


def money_label(amount: float, currency: str) -> str:
    """Short money for an axis: €1.2k, €3.4M, €12.50, ¥120 (the user's symbol, no long cents;
    its code where the chart's font cannot draw the symbol: BDT 1.2k, not a box)."""
    if not currency:
        return formatting.number(amount, 0 if abs(amount) >= 1000 else 2)
    style = _chart_style()
    size = abs(amount)
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if size >= limit:
            # Put the short number where format_money puts digits, keeping its symbol placement.
            template = format_money(-1 if amount < 0 else 0, currency, style)
            digits = format_money(-1 if amount < 0 else 0, currency, style, symbol=False)
            short = f"{size / limit:.3g}".replace(".", style.decimal)
            return template.replace(digits.lstrip("-"), short + suffix, 1)
    if amount == int(amount):  # axis ticks fall on whole amounts: €500, not €500.00
        template = format_money(-1 if amount < 0 else 0, currency, style)
        digits = format_money(-1 if amount < 0 else 0, currency, style, symbol=False)
        return template.replace(digits.lstrip("-"), formatting.number(size), 1)
    return format_money(to_minor(Decimal(repr(float(amount))), currency), currency, style)


def _count_label(amount: float, _pos: object = None) -> str:
    """A count on an axis with thousands separators: 36,400."""
    return formatting.number(amount, 0 if amount == int(amount) else 1)


def _legend(ax: Axes, theme: Theme, count: int) -> None:
    if count == 0:
        return
    # Many entries go beside the plot in columns, so they never cover the data.
    columns = 1 if count <= 12 else 2
    legend = ax.legend(
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        fontsize=8 if count > 8 else 9,
        ncols=columns,
    )
    for text in legend.get_texts():
        text.set_color(theme.text)


def _category_axis(ax: Axes, labels: Sequence[str], wide: bool = False) -> None:
    ax.set_xticks(range(len(labels)))
    # A wide, short chart (below a table) has room for ten names side by side (a 1280-wide
    # window gives each of twelve about 70 px, too little for two wrapped words: they ran
    # into each other); more stand upright.
    flat = 10 if wide else 6
    if len(labels) > flat:
        # Many names stand upright (slanted ones collide with their neighbours); very long
        # ones are shortened, the full name stays in the table beside the chart.
        short = [name if len(name) <= 24 else name[:23] + "…" for name in labels]
        ax.set_xticklabels(short, rotation=90, fontsize=8)
    else:
        size = 8 if len(labels) > 6 else None
        width = (10 if len(labels) > 6 else 12) if wide else 16
        ax.set_xticklabels([textwrap.fill(name, width) for name in labels], fontsize=size)
    # Room for at least four bars, so one or two are not drawn as wide as the chart.
    spare = max(0, 4 - len(labels)) / 2
    ax.set_xlim(-0.6 - spare, max(len(labels), 1) - 0.4 + spare)


def conversions_over_time(
    series: DailySeries, *, stacked: bool = False, dark: bool = False
) -> Figure:
    """Conversions per day, one line (or stacked area) per channel that has any, in its colour."""
    fig, ax, theme = _figure(dark)
    _title(ax, "Conversions over time", theme)
    days = [series.first + timedelta(days=i) for i in range((series.last - series.first).days + 1)]
    index = {day: i for i, day in enumerate(days)}
    per_channel: dict[int, list[float]] = {}
    for point in series.points:
        counts = per_channel.setdefault(point.channel_id, [0.0] * len(days))
        counts[index[point.day]] += float(point.conversions)
    shown = [c for c in series.channels if c.id in per_channel]
    x = [mdates.date2num(day) for day in days]
    if stacked and shown:
        ax.stackplot(
            x,
            *[per_channel[c.id] for c in shown],
            labels=[c.name for c in shown],
            colors=[c.color for c in shown],
            alpha=0.85,
        )
    else:
        for channel in shown:
            ax.plot(
                x,
                per_channel[channel.id],
                label=channel.name,
                color=channel.color,
                linewidth=1.8,
                marker="o" if len(days) <= 31 else None,
                markersize=3,
            )
    _date_axis(ax, days, theme)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(_count_label))
    ax.set_ylim(bottom=0)
    if not shown:
        _empty_note(ax, theme, "No conversions in this period")
    _legend(ax, theme, len(shown))
    return fig


class _FittingMonthTicks(Locator):
    """Every k-th of `count` months (k of 1, 2, 3, 4, 6 or 12), as many as fit the axis's width
    when it is drawn (a month name needs a little more than one of its tick spaces)."""

    STEPS = (1, 2, 3, 4, 6, 12)

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def __call__(self) -> list[float]:
        room = max(2, int(self.axis.get_tick_space() * 0.85)) if self.axis is not None else 12
        step = next((s for s in self.STEPS if -(-self.count // s) <= room), self.count or 1)
        return [float(i) for i in range(0, self.count, step)]


class _FittingDateTicks(mdates.DateLocator):
    """Day or month ticks, as many as fit the axis's width when it is drawn: a narrow chart on
    the Dashboard gets every 7th day, a wide one every 2nd, so labels never run together."""

    DAY_STEPS = (1, 2, 3, 7, 14, 28, 56)
    MONTH_STEPS = (1, 2, 3, 6, 12, 24, 36, 60, 120)

    def __init__(self, first: date, last: date) -> None:
        super().__init__()
        self.first, self.last = first, last

    def fitting(self, monthly: bool) -> int:
        """How many labels fit side by side, with air between them (Axis.get_tick_space counts
        labels three font sizes wide: a "12 Nov" needs about twice that, a "Sep" a little more)."""
        axis = self.axis
        if axis is None:
            return 8
        return max(2, int(axis.get_tick_space() * (0.8 if monthly else 0.5)))

    def ticks(self) -> list[date]:
        span = (self.last - self.first).days + 1
        room = self.fitting(monthly=span > 92)
        if span <= 92:
            step = next((s for s in self.DAY_STEPS if -(-span // s) <= room), span)
            return [self.first + timedelta(days=i) for i in range(0, span, step)]
        months = [date(y, m, 1) for y in range(self.first.year, self.last.year + 1)
                  for m in range(1, 13) if self.first <= date(y, m, 1) <= self.last]  # fmt: skip
        # Every step-th month counted from a January (every 2nd year from an even one), so a
        # step of 24 or more months is fewer labels than one of 12, not the same.
        step = next((s for s in self.MONTH_STEPS if -(-len(months) // s) <= room), len(months))
        return [m for m in months if (m.year * 12 + m.month - 1) % step == 0] or months[:1]

    def __call__(self) -> list[float]:
        return [float(mdates.date2num(day)) for day in self.ticks()]


def _date_label(value: float, _pos: object = None, *, monthly: bool = False) -> str:
    day = mdates.num2date(value).date()
    if not monthly:
        return _day_label(day)
    return (
        formatting.month(day).replace(" ", "\n") if day.month == 1 else formatting.month(day, False)
    )


def _date_axis(ax: Axes, days: list[date], theme: Theme) -> None:
    """Plain dates under the plot: "2 Nov", "9 Nov" for up to three months, else months ("Jan",
    with the year under each January and under the first month); as many as fit the width the
    chart is drawn at (`_FittingDateTicks`); no offset text."""
    if len(days) == 1:  # one day: give the single point room instead of a zero-width axis
        centre = mdates.date2num(days[0])
        ax.set_xlim(centre - 1, centre + 1)
        ax.set_xticks([centre])
        ax.set_xticklabels([_day_label(days[0])])
        return
    first, last = days[0], days[-1]
    monthly = (last - first).days + 1 > 92
    locator = _FittingDateTicks(first, last)
    ax.xaxis.set_major_locator(locator)

    def label(value: float, pos: object = None) -> str:
        text = _date_label(value, pos, monthly=monthly)
        ticks = locator()
        if monthly and ticks and value == ticks[0] and "\n" not in text:
            text += f"\n{mdates.num2date(value).year}"  # the year under the first month too
        return text

    ax.xaxis.set_major_formatter(FuncFormatter(label))
    ax.set_xlim(mdates.date2num(first) - 0.5, mdates.date2num(last) + 0.5)


def _day_label(day: date) -> str:
    return f"{day.day} {formatting.month(day, False)}"


def _empty_note(ax: Axes, theme: Theme, text: str) -> None:
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", color=theme.text)


def spend_vs_value(
    rows: Sequence[ReportRow],
    currency: str,
    *,
    dark: bool = False,
    wide: bool = False,
    title: str = "Spend vs value",
) -> Figure:
    """Spend beside value per row: value bars in the channel's colour, spend in a neutral grey."""
    fig, ax, theme = _figure(dark)
    _title(ax, title, theme)
    width = 0.4
    xs = range(len(rows))
    spend = [float(r.current.spend) for r in rows]
    value = [float(r.current.value) for r in rows]
    ax.bar(
        [x - width / 2 for x in xs],
        spend,
        width,
        label="Spend",
        color=theme.grid,
        edgecolor=theme.zero_line,
        linewidth=0.6,
    )
    ax.bar([x + width / 2 for x in xs], value, width, label="Value", color=[r.color for r in rows])
    _category_axis(ax, [r.name for r in rows], wide)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: money_label(y, currency)))
    ax.set_ylim(bottom=0, top=max([*spend, *value, 0.0]) * 1.1 or 1.0)
    if rows:
        _legend(ax, theme, 2)
    else:
        _empty_note(ax, theme, "Nothing to show")
    return fig


_STUB = 0.03  # the shortest bar drawn for a value that is not zero, as a share of the axis


def _bars_around_zero(
    ax: Axes,
    rows: Sequence[ReportRow],
    values: Sequence[Decimal | None],
    label: Callable[[Decimal], str],
    theme: Theme,
    wide: bool,
) -> None:
    """A bar per row from a zero line, its value written at its end; None shows "—". A value
    too small to see beside the others (−2 % beside 500 %) still gets a short bar in its
    direction, and its label says the true value."""
    heights = [float(v) if v is not None else 0.0 for v in values]
    low, high = min([*heights, 0.0]), max([*heights, 0.0])
    span = (high - low) or 1.0
    drawn = [h if h == 0 or abs(h) >= span * _STUB else span * _STUB * (1 if h > 0 else -1)
             for h in heights]  # fmt: skip
    bars = ax.bar(range(len(rows)), drawn, 0.6, color=[r.color for r in rows])
    for bar, value in zip(bars, values, strict=True):
        x = bar.get_x() + bar.get_width() / 2
        if value is None:
            bar.set_visible(False)
            text, offset, where = "—", 3, "bottom"
        else:
            text = label(value)
            offset, where = (3, "bottom") if value >= 0 else (-3, "top")
        ax.annotate(text, (x, bar.get_height() if value is not None else 0), xytext=(0, offset),
                    textcoords="offset points", ha="center", va=where, color=theme.text,
                    fontsize=8)  # fmt: skip
    ax.axhline(0, color=theme.zero_line, linewidth=1)
    _category_axis(ax, [r.name for r in rows], wide)
    pad = span * 0.15 if high != low else 0.5
    ax.set_ylim(low - pad, high + pad)


def roi_by_channel(
    rows: Sequence[ReportRow],
    *,
    dark: bool = False,
    wide: bool = False,
    metric: str = "roi",
    title: str = "ROI",
    empty: str = "Nothing to show",
) -> Figure:
    """ROI (or profit ROI, `metric`) per row as bars around a zero line, each with its value
    written at its end, so a -15 % bar beside a 500 % one is still read; rows where it is
    undefined show "—"."""
    fig, ax, theme = _figure(dark)
    _title(ax, title, theme)
    values = [None if (v := r.current.get(metric)) is None else Decimal(v) for r in rows]
    _bars_around_zero(ax, rows, values, lambda v: formatting.percent(v, 0), theme, wide)
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
    if not rows:
        _empty_note(ax, theme, empty)
    return fig


def profit_after_ads(
    rows: Sequence[ReportRow],
    currency: str,
    *,
    dark: bool = False,
    wide: bool = False,
    title: str = "Profit after ads",
    empty: str = "Nothing to show",
) -> Figure:
    """Gross profit minus spend per row (money around a zero line): what each row's ads left
    after paying for themselves. Rows without a gross profit (no margin) show "—"."""
    fig, ax, theme = _figure(dark)
    _title(ax, title, theme)
    values = [None if r.current.gross_profit is None else r.current.gross_profit - r.current.spend
              for r in rows]  # fmt: skip
    _bars_around_zero(ax, rows, values, lambda v: money_label(float(v), currency), theme, wide)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: money_label(y, currency)))
    if not rows:
        _empty_note(ax, theme, empty)
    return fig


def roas_vs_break_even(
    rows: Sequence[ReportRow],
    *,
    dark: bool = False,
    wide: bool = False,
    title: str = "ROAS vs break-even",
    empty: str = "Nothing to show",
) -> Figure:
    """ROAS per row as a bar, with a dark mark across it at the ROAS where its ads just pay
    for themselves (its break-even ROAS, from the goals' margins): a bar that ends above its
    mark made a profit after ads, one below it did not."""
    fig, ax, theme = _figure(dark)
    _title(ax, title, theme)
    roas = [float(r.current.roas or 0) for r in rows]
    bars = ax.bar(range(len(rows)), roas, 0.6, color=[r.color for r in rows])
    marked = False
    for n, (bar, row) in enumerate(zip(bars, rows, strict=True)):
        x = bar.get_x() + bar.get_width() / 2
        ax.annotate(formatting.roas(row.current.roas), (x, bar.get_height()), xytext=(0, 3),
                    textcoords="offset points", ha="center", va="bottom", color=theme.text,
                    fontsize=8)  # fmt: skip
        even = row.current.break_even_roas
        if even is not None:
            # One legend entry for all the marks ("_" labels are left out of a legend).
            ax.hlines(float(even), n - 0.42, n + 0.42, colors=theme.text, linewidth=2.2,
                      label="_break-even" if marked else "break-even ROAS")  # fmt: skip
            marked = True
    _category_axis(ax, [r.name for r in rows], wide)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: f"{formatting.number(y)}×"))
    evens = [float(r.current.break_even_roas or 0) for r in rows]
    ax.set_ylim(0, max([*roas, *evens, 0.0]) * 1.15 or 1.0)
    if marked:
        _legend(ax, theme, 1)
    if not rows:
        _empty_note(ax, theme, empty)
    return fig


def funnel(steps: Sequence[FunnelStep], *, dark: bool = False) -> Figure:
    """Clicks, micro and macro conversions as horizontal bars on a log scale (so a few hundred
    conversions stay visible beside tens of thousands of clicks), each with its count and, for
    the conversion steps, its share of the clicks. Micro and macro conversions are not nested
    (a sale need not follow a sign-up), so there is no micro -> macro "rate" above 100 %."""
    fig, ax, theme = _figure(dark)
    _title(ax, "Funnel", theme)
    ax.yaxis.grid(False)
    ax.xaxis.grid(True, color=theme.grid, linewidth=0.8)
    counts = [float(s.count) for s in steps]
    positions = list(range(len(steps)))[::-1]  # first step on top
    ax.barh(positions, counts, 0.6, color=theme.accent)
    ax.set_yticks(positions)
    ax.set_yticklabels([s.label for s in steps])
    top = max([*counts, 0.0]) or 1.0
    positive = [c for c in counts if c > 0]
    if len(positive) > 1 and top / min(positive) > 20:
        ax.set_xscale("log", nonpositive="clip")
        ax.set_xlim(0.8, top * 12)  # room for the labels right of the bars
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("Count (log scale)", color=theme.text, fontsize=9)
    else:
        ax.set_xlim(0, top * 1.45)
    ax.xaxis.set_major_formatter(FuncFormatter(_count_label))
    clicks = steps[0].count if steps else Decimal(0)
    for n, (y, step) in enumerate(zip(positions, steps, strict=True)):
        label = (
            f"{formatting.number(step.count)}"
            if step.count == step.count.to_integral_value()
            else f"{formatting.number(step.count, 2)}"
        )
        if n and clicks:
            label += f"  ·  {formatting.number(step.count / clicks * 100, 2)} % of {steps[0].label.lower()}"
        x = float(step.count) * 1.08 if ax.get_xscale() == "log" else float(step.count) + top * 0.01
        ax.text(max(x, 0.9) if ax.get_xscale() == "log" else x, y, label, va="center",
                color=theme.text, fontsize=9)  # fmt: skip
    return fig


def campaign_trend(
    months: Sequence[date],
    spend: Sequence[float],
    conversions: Sequence[int],
    cpa: Sequence[float | None],
    roas: Sequence[float | None],
    currency: str,
    *,
    title: str,
    dark: bool = False,
) -> Figure:
    """One campaign month by month: spend bars with its conversions as a line above, and below
    the CPA and ROAS each month (gaps where a month has none)."""
    theme = DARK if dark else LIGHT
    fig = Figure(figsize=_SIZE, layout="constrained", facecolor=theme.background)
    top, bottom = fig.subplots(2, 1, sharex=True)
    for ax in (top, bottom):
        ax.set_facecolor(theme.background)
        for spine in ("top",):
            ax.spines[spine].set_visible(False)
        for spine in ("left", "bottom", "right"):
            ax.spines[spine].set_color(theme.grid)
        ax.tick_params(colors=theme.text, labelcolor=theme.text)
        ax.yaxis.grid(True, color=theme.grid, linewidth=0.8)
        ax.set_axisbelow(True)
    _title(top, title, theme)
    xs = list(range(len(months)))
    top.bar(xs, spend, 0.6, color=theme.grid, edgecolor=theme.zero_line, linewidth=0.6,
            label="Spend")  # fmt: skip
    top.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: money_label(y, currency)))
    counts = top.twinx()
    counts.plot(xs, conversions, color=theme.accent, marker="o", markersize=3, label="Conversions")
    counts.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
    counts.set_ylim(bottom=0)
    counts.tick_params(colors=theme.text, labelcolor=theme.text)
    top.yaxis.set_major_locator(MaxNLocator(nbins=3))
    top.set_ylabel("Spend", color=theme.text, fontsize=9)
    counts.set_ylabel("Conversions", color=theme.accent, fontsize=9)
    nan = float("nan")
    bottom.plot(xs, [v if v is not None else nan for v in cpa], color="#E45756", marker="o",
                markersize=3)  # fmt: skip
    bottom.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: money_label(y, currency)))
    bottom.set_ylabel("CPA", color="#E45756", fontsize=9)
    ratio = bottom.twinx()
    ratio.plot(xs, [v if v is not None else nan for v in roas], color="#54A24B", marker="o",
               markersize=3)  # fmt: skip
    ratio.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: f"{formatting.number(y, 1)}×"))
    ratio.set_ylabel("ROAS", color="#54A24B", fontsize=9)
    ratio.tick_params(colors=theme.text, labelcolor=theme.text)
    for ax in (bottom, ratio):
        ax.yaxis.set_major_locator(MaxNLocator(nbins=3))
    for twin in (counts, ratio):
        twin.spines["top"].set_visible(False)
        for spine in ("left", "right", "bottom"):
            twin.spines[spine].set_color(theme.grid)
    # As many months as fit the width the chart is drawn at (all twelve ran together below
    # about 450 px); the year under each January and under the first month shown.
    locator = _FittingMonthTicks(len(months))
    bottom.xaxis.set_major_locator(locator)

    def month_label(value: float, _pos: object = None) -> str:
        i = round(value)
        if not 0 <= i < len(months):
            return ""
        m = months[i]
        shown = locator()
        first = bool(shown) and i == int(shown[0])
        return formatting.month(m).replace(" ", "\n") if m.month == 1 or first else (
            formatting.month(m, False))  # fmt: skip

    bottom.xaxis.set_major_formatter(FuncFormatter(month_label))
    bottom.tick_params(axis="x", labelsize=8)
    if not any(spend) and not any(conversions):
        _empty_note(top, theme, "No spend or conversions in these months")
    return fig
