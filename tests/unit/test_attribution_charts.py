"""The Attribution page's charts, checked by their artists: bar heights, colours, labels, legend."""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from desktop_app.reports import attribution_charts as ac
from desktop_app.reports.charts import DARK

MODELS = [("last_touch", "Last touch"), ("linear", "Linear"), ("markov", "Data-driven")]


def render(fig: Figure) -> None:
    FigureCanvasAgg(fig).draw()  # lays the figure out: raises if anything cannot be drawn


def test_model_comparison_one_colour_per_model() -> None:
    credit = {
        ("Paid Search", "last_touch"): 6.0,
        ("Email", "last_touch"): 4.0,
        ("Paid Search", "linear"): 5.5,
        ("Email", "linear"): 4.5,
        ("Paid Search", "markov"): 7.25,  # Email gets nothing from Markov: a zero bar
    }
    fig = ac.model_comparison(["Paid Search", "Email"], MODELS, credit)
    ax = fig.axes[0]
    heights = [[bar.get_height() for bar in bars] for bars in ax.containers]
    assert heights == [[6.0, 4.0], [5.5, 4.5], [7.25, 0.0]]
    for m, bars in enumerate(ax.containers):
        assert {to_rgba(bar.get_facecolor()) for bar in bars} == {to_rgba(ac.MODEL_COLORS[m])}
    # three bars fill 0.84 of each group, centred on the channel's tick
    first = ax.containers[0][0]
    last = ax.containers[2][0]
    assert abs(first.get_x() - -0.42) < 1e-9
    assert abs(last.get_x() + last.get_width() - 0.42) < 1e-9
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [
        "Last touch", "Linear", "Data-driven"
    ]  # fmt: skip
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Paid Search", "Email"]
    render(fig)


def test_model_comparison_money_axis_many_channels_and_empty() -> None:
    names = [f"Channel number {i}" for i in range(9)]
    fig = ac.model_comparison(
        names, MODELS[:1], {(n, "last_touch"): 1000.0 for n in names},
        value_label=lambda y: f"€{y:,.0f}", dark=True,
    )  # fmt: skip
    ax = fig.axes[0]
    # more than seven channels: names wrap onto lines of at most nine letters, in small type
    assert ax.get_xticklabels()[0].get_text() == "Channel\nnumber 0"
    assert ax.get_xticklabels()[0].get_fontsize() == 8
    assert ax.yaxis.get_major_formatter()(2500.0, 0) == "€2,500"
    assert fig.get_facecolor() == to_rgba(DARK.background)
    render(fig)
    empty = ac.model_comparison([], MODELS, {})
    assert [t.get_text() for t in empty.axes[0].texts] == [
        "No conversions to attribute in this period"
    ]
    assert not empty.legends
    render(empty)


def test_path_lengths_gathers_long_journeys_in_the_last_bar() -> None:
    fig = ac.path_lengths({1: 59, 2: 67, 3: 50, 8: 4, 11: 2, 30: 1})
    ax = fig.axes[0]
    # 8, 11 and 30 touches share the "8+" bar: 4 + 2 + 1 = 7
    assert [bar.get_height() for bar in ax.containers[0]] == [59, 67, 50, 0, 0, 0, 0, 7]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "3", "4", "5", "6", "7", "8+"]
    # counts above the non-empty bars only
    assert [t.get_text() for t in ax.texts] == ["59", "67", "50", "7"]
    render(fig)
    short = ac.path_lengths({1: 3, 2: 1})
    assert [t.get_text() for t in short.axes[0].get_xticklabels()] == ["1", "2"]
    render(ac.path_lengths({}))


def test_time_to_conversion_short_labels() -> None:
    buckets = [
        ("same day", 84), ("1 day", 20), ("2-3 days", 24), ("4-7 days", 37),
        ("8-14 days", 45), ("15-30 days", 24), ("31-90 days", 0), ("over 90 days", 1200),
    ]  # fmt: skip
    fig = ac.time_to_conversion(buckets)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "0", "1", "2–3", "4–7", "8–14", "15–30", "31–90", ">90"
    ]  # fmt: skip
    assert [bar.get_height() for bar in ax.containers[0]] == [84, 20, 24, 37, 45, 24, 0, 1200]
    assert "1,200" in [t.get_text() for t in ax.texts]
    render(fig)
    no_times = ac.time_to_conversion(None)
    assert [t.get_text() for t in no_times.axes[0].texts] == ["No timestamps"]
    nothing = ac.time_to_conversion([("same day", 0)])
    assert [t.get_text() for t in nothing.axes[0].texts] == ["No journeys with touchpoints"]
