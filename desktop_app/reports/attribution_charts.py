"""Charts of the Attribution page as Qt-free matplotlib Figures: the models side by side, and how
long and how many touches journeys take. Importing this module imports matplotlib."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from desktop_app.domain import formatting
from desktop_app.reports.charts import Theme, _empty_note, _figure, _title

# One colour per model, told apart in light and dark (never the channel colours: a group of
# seven bars in one channel's colour could not be read).
MODEL_COLORS = ("#4C78A8", "#F58518", "#54A24B", "#B279A2", "#E45756", "#72B7B2", "#9D755D")
SMALL_SIZE = (5.0, 3.0)
LONGEST_PATH = 8  # longer journeys share the last bar ("8+")


def model_comparison(
    channels: Sequence[str],
    models: Sequence[tuple[str, str]],
    credit: Mapping[tuple[str, str], float],
    *,
    value_label: Callable[[float], str] | None = None,
    title: str = "Conversions credited by each model",
    dark: bool = False,
) -> Figure:
    """Grouped bars: one group per channel, one bar per model (key, label) in the model's colour.

    `credit[(channel, model key)]` is the bar's height; `value_label` formats the y axis (money).
    """
    fig, ax, theme = _figure(dark)
    _title(ax, title, theme)
    width = 0.84 / max(len(models), 1)
    for m, (key, label) in enumerate(models):
        offset = -0.42 + width * (m + 0.5)
        ax.bar(
            [i + offset for i in range(len(channels))],
            [credit.get((c, key), 0.0) for c in channels],
            width,
            label=label,
            color=MODEL_COLORS[m % len(MODEL_COLORS)],
            edgecolor=theme.background,
            linewidth=0.3,
        )
    ax.set_xticks(range(len(channels)))
    small = len(channels) > 7
    ax.set_xticklabels(
        [textwrap.fill(c, 9 if small else 14) for c in channels], fontsize=8 if small else 9
    )
    ax.set_xlim(-0.6, max(len(channels), 1) - 0.4)
    ax.set_ylim(bottom=0)
    if value_label is not None:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: value_label(y)))
    if not channels:
        _empty_note(ax, theme, "No conversions to attribute in this period")
    elif models:
        # Below the plot in one or two rows: it never covers bars and leaves the plot its width.
        legend = fig.legend(
            loc="outside lower center",
            ncols=min(len(models), 4),
            frameon=False,
            fontsize=9,
        )
        for text in legend.get_texts():
            text.set_color(theme.text)
    return fig


def _small(dark: bool, title: str) -> tuple[Figure, Axes, Theme]:
    fig, ax, theme = _figure(dark)
    fig.set_size_inches(*SMALL_SIZE)
    _title(ax, title, theme)
    ax.title.set_fontsize(11)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    return fig, ax, theme


def _bars_with_counts(ax: Axes, theme: Theme, labels: Sequence[str], counts: Sequence[int]) -> None:
    bars = ax.bar(range(len(counts)), counts, 0.65, color=theme.accent)
    top = max([*counts, 0]) or 1
    ax.set_ylim(0, top * 1.18)  # room for the counts above the bars
    for bar, n in zip(bars, counts, strict=True):
        if n:
            ax.annotate(
                formatting.number(n),
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8,
                color=theme.text,
            )
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels, fontsize=8)
    ax.set_xlim(-0.6, max(len(labels), 1) - 0.4)


def path_lengths(lengths: Mapping[int, int], *, dark: bool = False) -> Figure:
    """Converting journeys by their number of touches (1, 2, … and one bar for the longest)."""
    fig, ax, theme = _small(dark, "Touches before converting")
    if not lengths:
        _empty_note(ax, theme, "No journeys with touchpoints")
        return fig
    longest = min(max(lengths), LONGEST_PATH)
    counts = [0] * longest
    for touches, conversions in lengths.items():
        counts[min(touches, longest) - 1] += conversions
    labels = [str(n) for n in range(1, longest + 1)]
    if max(lengths) > longest:
        labels[-1] = f"{longest}+"
    _bars_with_counts(ax, theme, labels, counts)
    ax.set_xlabel("touches", color=theme.text, fontsize=8)
    return fig


def time_to_conversion(buckets: Sequence[tuple[str, int]] | None, *, dark: bool = False) -> Figure:
    """Converting journeys by the days from their first touch to the conversion."""
    fig, ax, theme = _small(dark, "Days to conversion")
    if not buckets or not any(n for _label, n in buckets):
        _empty_note(ax, theme, "No journeys with touchpoints" if buckets else "No timestamps")
        return fig
    labels = [_days(label) for label, _n in buckets]
    _bars_with_counts(ax, theme, labels, [n for _label, n in buckets])
    for tick in ax.get_xticklabels():
        tick.set_fontsize(7)  # eight buckets side by side on a small chart: "15–30" "31–90"
    ax.set_xlabel("days from the first touch", color=theme.text, fontsize=8)
    return fig


def _days(bucket: str) -> str:
    """A bucket's short axis label: "same day" -> "0", "2-3 days" -> "2–3", "over 90 days" -> ">90"."""
    short = bucket.replace(" days", "").replace(" day", "").replace("-", "–")
    return "0" if short == "same" else short.replace("over ", ">")
