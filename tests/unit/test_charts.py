"""Chart functions: the plotted data equal the report rows; edge cases render without warnings."""

from __future__ import annotations

import io
import itertools
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal as D
from typing import Any

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from desktop_app.reports import charts
from desktop_app.reports.engine import build_report
from desktop_app.reports.rows import (
    ChannelInfo,
    DailyPoint,
    DailySeries,
    Figures,
    FunnelStep,
    ReportRow,
)
from desktop_app.reports.series import daily_series, funnel_steps
from tests import report_dataset

FIRST, LAST = date(2026, 3, 1), date(2026, 3, 10)


def render(fig: Figure) -> None:
    """Draw the figure fully (layout, tick labels): warnings would fail the test here."""
    fig.savefig(io.BytesIO(), format="png", dpi=50)


def tick_labels_do_not_overlap(fig: Figure, axis: str = "x") -> None:
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # warnings (layout, text) would fail the test here
    renderer = canvas.get_renderer()
    ax = fig.axes[0]
    labels = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    boxes = [t.get_window_extent(renderer) for t in labels if t.get_text() and t.get_visible()]
    for a, b in itertools.pairwise(boxes):
        assert not a.overlaps(b), "tick labels overlap"


def fake_rows(n: int, spend: str = "10", value: str = "25") -> list[ReportRow]:
    colors = [f"#{(i * 40) % 256:02X}{(i * 90) % 256:02X}{(i * 150) % 256:02X}" for i in range(n)]
    return [
        ReportRow(
            "channel",
            i,
            f"Channel number {i}",
            Figures(spend=D(spend) * (i + 1), value=D(value) * (i % 3), conversions=D(i)),
            Figures(),
            i,
            f"Channel number {i}",
            colors[i],
        )
        for i in range(n)
    ]


@pytest.fixture
def report(db: Any) -> Any:
    report_dataset.fill(db)
    return build_report(db, FIRST, LAST)


def test_spend_vs_value_bars_equal_rows(report: Any) -> None:
    rows = [r for r in report.channels if r.current.spend or r.current.value]
    fig = charts.spend_vs_value(rows, "EUR")
    spend_bars, value_bars = fig.axes[0].containers
    assert [b.get_height() for b in spend_bars] == [float(r.current.spend) for r in rows]
    assert [b.get_height() for b in value_bars] == [float(r.current.value) for r in rows]
    # Each value bar has its channel's colour from the channels table.
    assert [b.get_facecolor() for b in value_bars] == [to_rgba(r.color) for r in rows]
    formatter = fig.axes[0].yaxis.get_major_formatter()
    assert formatter(150, 0) == "€150.00"
    assert formatter(2500, 0) == "€2.5k"
    tick_labels_do_not_overlap(fig)


def test_roi_bars_around_zero_and_dash_without_spend(report: Any) -> None:
    names = ("Paid Search", "Paid Social", "Email", "Print")
    rows = [r for r in report.channels if r.name in names]
    fig = charts.roi_by_channel(rows)
    ax = fig.axes[0]
    bars = ax.containers[0]
    by_name = dict(zip([r.name for r in rows], bars, strict=True))
    assert by_name["Paid Search"].get_height() == float(D(76) / D("75.50"))
    assert by_name["Paid Social"].get_height() == -0.375
    assert by_name["Print"].get_height() == -1.0
    assert not by_name["Email"].get_visible()  # no spend: ROI undefined, no bar
    assert "—" in [t.get_text() for t in ax.texts]
    assert any(list(line.get_ydata()) == [0, 0] for line in ax.lines)  # the zero line
    render(fig)


def test_conversions_over_time_lines_equal_series(report: Any, db: Any) -> None:
    series = daily_series(db, FIRST, LAST)
    fig = charts.conversions_over_time(series)
    lines = {line.get_label(): line for line in fig.axes[0].lines}
    # Paid Search: 03-01 (1.00 at 00:30 local), 03-02, 03-05 -> one each.
    assert list(lines["Paid Search"].get_ydata()) == [1, 1, 0, 0, 1, 0, 0, 0, 0, 0]
    # Phone: C's lead on 03-07, two leads without customer on 03-08.
    assert list(lines["Phone"].get_ydata()) == [0, 0, 0, 0, 0, 0, 1, 2, 0, 0]
    colors = {c.name: c.color for c in series.channels}
    assert lines["Phone"].get_color() == colors["Phone"]
    assert "Audio" not in lines  # channels without conversions stay out of the legend
    tick_labels_do_not_overlap(fig)
    stacked = charts.conversions_over_time(series, stacked=True)
    assert len(stacked.axes[0].collections) == len(lines)
    render(stacked)


def test_conversions_over_time_single_day_and_a_year() -> None:
    blue = ChannelInfo(1, "Email", "#17BECF")
    one = DailySeries(FIRST, FIRST, "EUR", [blue], [DailyPoint(FIRST, 1, 4, D(10))])
    fig = charts.conversions_over_time(one)
    (line,) = fig.axes[0].lines
    assert list(line.get_ydata()) == [4]
    low, high = fig.axes[0].get_xlim()
    assert high - low == 2  # a day either side, not a zero-width axis
    render(fig)
    start = date(2025, 1, 1)
    points = [DailyPoint(start + timedelta(days=i), 1, i % 5, D(0)) for i in range(365)]
    year = DailySeries(start, date(2025, 12, 31), "EUR", [blue], points)
    tick_labels_do_not_overlap(charts.conversions_over_time(year))
    empty = charts.conversions_over_time(DailySeries(FIRST, LAST, "EUR", [blue]))
    assert "No conversions in this period" in [t.get_text() for t in empty.axes[0].texts]
    render(empty)


@pytest.mark.parametrize("n", [1, 20])
def test_one_and_twenty_channels(n: int) -> None:
    rows = fake_rows(n)
    fig = charts.spend_vs_value(rows, "USD")
    assert [b.get_height() for b in fig.axes[0].containers[0]] == [10.0 * (i + 1) for i in range(n)]
    tick_labels_do_not_overlap(fig)
    roi = charts.roi_by_channel(rows)
    expected = [float((D(25) * (i % 3) - 10 * (i + 1)) / (10 * (i + 1))) for i in range(n)]
    assert [b.get_height() for b in roi.axes[0].containers[0]] == expected
    tick_labels_do_not_overlap(roi)


def test_zero_spend_everywhere() -> None:
    rows = fake_rows(3, spend="0", value="0")
    fig = charts.spend_vs_value(rows, "JPY")
    assert fig.axes[0].get_ylim() == (0.0, 1.0)
    render(fig)
    roi = charts.roi_by_channel(rows)
    assert not any(b.get_visible() for b in roi.axes[0].containers[0])
    render(roi)
    render(charts.spend_vs_value([], "EUR"))


def test_funnel_bars_equal_steps(report: Any) -> None:
    steps = funnel_steps(report)
    fig = charts.funnel(steps)
    bars = fig.axes[0].containers[0]
    assert [b.get_width() for b in bars] == [190.0, 3.0, 9.0]
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "190" in texts and "3  (1.6 %)" in texts and "9  (300.0 %)" in texts
    render(fig)
    render(charts.funnel([FunnelStep("Clicks", D(0), None)]))


def test_attribution_comparison_groups_models_by_channel() -> None:
    rows = [
        {"channel": "Paid Search", "model": "last_touch", "conversions": 6},
        {"channel": "Email", "model": "last_touch", "conversions": 4},
        {"channel": "Paid Search", "model": "linear", "conversions": D("5.5")},
        {"channel": "Email", "model": "linear", "conversions": D("4.5")},
    ]
    colors = {"Paid Search": "#4C78A8", "Email": "#17BECF"}
    fig = charts.attribution_comparison(rows, colors=colors)
    last_touch, linear = fig.axes[0].containers
    assert [b.get_height() for b in last_touch] == [6.0, 4.0]
    assert [b.get_height() for b in linear] == [5.5, 4.5]
    assert to_rgba(last_touch[1].get_facecolor(), 1) == to_rgba("#17BECF")
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["Paid Search", "Email"]
    render(fig)
    render(charts.attribution_comparison([]))


def test_dark_mode_colours(report: Any) -> None:
    fig = charts.roi_by_channel(report.channels, dark=True)
    assert fig.get_facecolor() == to_rgba(charts.DARK.background)
    assert fig.axes[0].get_xticklabels()[0].get_color() == charts.DARK.text
    tick_labels_do_not_overlap(fig)  # 25 channels, names leaning


def test_engine_does_not_import_matplotlib() -> None:
    code = (
        "import sys, desktop_app.reports.engine, desktop_app.reports.series,"
        " desktop_app.cli.report_cmd; print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
