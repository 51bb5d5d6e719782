"""Report charts as Qt-free matplotlib Figures (never pyplot): the GUI embeds them, tests inspect them.

Importing this module imports matplotlib; the engine and the CLI do not import it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullFormatter, PercentFormatter

from desktop_app.domain import formatting
from desktop_app.domain.money import format_money, to_minor
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


def money_label(amount: float, currency: str) -> str:
    """Short money for an axis: €1.2k, €3.4M, €12.50, ¥120 (the user's symbol, no long cents)."""
    if not currency:
        return formatting.number(amount, 0 if abs(amount) >= 1000 else 2)
    style = formatting.style()
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
    return formatting.money_minor(to_minor(Decimal(repr(float(amount))), currency), currency)


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
    # A wide, short chart (below a table) has room for names side by side but not upright.
    flat = 14 if wide else 6
    if len(labels) > flat:
        # Many names stand upright (slanted ones collide with their neighbours); very long
        # ones are shortened, the full name stays in the table beside the chart.
        short = [name if len(name) <= 24 else name[:23] + "…" for name in labels]
        ax.set_xticklabels(short, rotation=90, fontsize=8)
    else:
        size = 8 if len(labels) > 8 else None
        ax.set_xticklabels(
            [textwrap.fill(name, 12 if wide else 16) for name in labels], fontsize=size
        )
    ax.set_xlim(-0.6, max(len(labels), 1) - 0.4)


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


def _date_axis(ax: Axes, days: list[date], theme: Theme) -> None:
    """Plain dates under the plot: "2 Nov", "9 Nov" for up to three months, else months ("Jan",
    with the year under the first month and under each January); no offset text."""
    if len(days) == 1:  # one day: give the single point room instead of a zero-width axis
        centre = mdates.date2num(days[0])
        ax.set_xlim(centre - 1, centre + 1)
        ax.set_xticks([centre])
        ax.set_xticklabels([_day_label(days[0])])
        return
    first, last = days[0], days[-1]
    span = (last - first).days + 1
    if span <= 92:
        step = 7 if span > 45 else max(1, -(-span // 8))  # at most about eight ticks
        ticks = days[::step]
        labels = [_day_label(day) for day in ticks]
    else:
        months = [
            date(y, m, 1)
            for y in range(first.year, last.year + 1)
            for m in range(1, 13)
            if first <= date(y, m, 1) <= last
        ]
        step = max(1, -(-len(months) // 12))
        ticks = months[::step]
        labels = [
            f"{day:%b}\n{day.year}" if n == 0 or day.month <= step else f"{day:%b}"
            for n, day in enumerate(ticks)
        ]
    ax.set_xticks([mdates.date2num(day) for day in ticks])
    ax.set_xticklabels(labels)
    ax.set_xlim(mdates.date2num(first) - 0.5, mdates.date2num(last) + 0.5)


def _day_label(day: date) -> str:
    return f"{day.day} {day:%b}"


def _empty_note(ax: Axes, theme: Theme, text: str) -> None:
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", color=theme.text)


def spend_vs_value(
    rows: Sequence[ReportRow], currency: str, *, dark: bool = False, wide: bool = False
) -> Figure:
    """Spend beside value per row: value bars in the channel's colour, spend in a neutral grey."""
    fig, ax, theme = _figure(dark)
    _title(ax, "Spend vs value", theme)
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


def roi_by_channel(rows: Sequence[ReportRow], *, dark: bool = False, wide: bool = False) -> Figure:
    """ROI per row as bars around a zero line; rows without spend (ROI undefined) show "—"."""
    fig, ax, theme = _figure(dark)
    _title(ax, "ROI", theme)
    heights = [float(r.current.roi) if r.current.roi is not None else 0.0 for r in rows]
    bars = ax.bar(range(len(rows)), heights, 0.6, color=[r.color for r in rows])
    for bar, row in zip(bars, rows, strict=True):
        if row.current.roi is None:
            bar.set_visible(False)
            ax.annotate(
                "—",
                (bar.get_x() + bar.get_width() / 2, 0),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                color=theme.text,
            )
    ax.axhline(0, color=theme.zero_line, linewidth=1)
    _category_axis(ax, [r.name for r in rows], wide)
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
    low, high = min([*heights, 0.0]), max([*heights, 0.0])
    pad = (high - low) * 0.1 or 0.5
    ax.set_ylim(low - pad, high + pad)
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
