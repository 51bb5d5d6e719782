"""Chart functions: the plotted data equal the report rows; edge cases render without warnings."""

from __future__ import annotations

import io
import itertools
import re
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal as D
from typing import Any

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from desktop_app.domain.models import Channel
from desktop_app.reports import charts
from desktop_app.reports.engine import build_report
from desktop_app.reports.rows import (
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
    assert formatter(150, 0) == "€150"  # ticks are whole amounts: no cents
    assert formatter(37.5, 0) == "€37.50"
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
    blue = Channel(1, "Email", False, False, "#17BECF", False)
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
    # Each conversion step as a share of the clicks: 3 / 190 = 1.58 %, 9 / 190 = 4.74 %; no
    # micro -> macro "rate" (9 macro after 3 micro read as 300 %).
    assert texts == ["190", "3  ·  1.58 % of clicks", "9  ·  4.74 % of clicks"]
    assert fig.axes[0].get_xscale() == "log"  # 3 beside 190 would be a sliver on a linear axis
    render(fig)
    render(charts.funnel([FunnelStep("Clicks", D(0), None)]))


def test_funnel_keeps_small_steps_visible_beside_many_clicks() -> None:
    steps = [
        FunnelStep("Clicks", D(44830), None),
        FunnelStep("Micro conversions", D(144), D(144) / D(44830)),
        FunnelStep("Macro conversions", D(271), D(271) / D(144)),
    ]
    fig = charts.funnel(steps)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and "log scale" in ax.get_xlabel()
    texts = [t.get_text() for t in ax.texts]
    # 144 / 44,830 = 0.32 %, 271 / 44,830 = 0.60 %; thousands separated.
    assert texts == ["44,830", "144  ·  0.32 % of clicks", "271  ·  0.60 % of clicks"]
    assert not any("188" in t for t in texts)  # no 271 / 144 = 188 % "rate"
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
    assert "10,000" in ticks
    # On a log axis the smallest bar is a visible share of the plot: log10(144) of log10(44,830).
    low, high = (float(v) for v in ax.get_xlim())
    bars = ax.containers[0]
    assert bars[1].get_width() == 144.0 and low < 144 < high


def _labels_at(fig: Any, width: float) -> list[Any]:
    fig.set_size_inches(width, 3.0)
    FigureCanvasAgg(fig).draw()
    return [t for t in fig.axes[0].get_xticklabels() if t.get_text()]


@pytest.mark.slow
def test_date_labels_are_plain_dates_that_never_run_together_at_any_width() -> None:
    blue = Channel(1, "Email", False, False, "#17BECF", False)
    first = date(2026, 11, 2)
    points = [DailyPoint(first + timedelta(days=i), 1, 1, D(0)) for i in range(28)]
    fig = charts.conversions_over_time(
        DailySeries(first, date(2026, 11, 29), "EUR", [blue], points)
    )
    counts = []
    for width in (3.0, 4.5, 6.0, 8.0, 12.0):
        labels = _labels_at(fig, width)
        boxes = [t.get_window_extent() for t in labels]
        assert len(boxes) >= 2, width
        for left, right in itertools.pairwise(boxes):
            assert left.x1 + 4 < right.x0, (width, [t.get_text() for t in labels])  # apart
        texts = [t.get_text() for t in labels]
        assert all(re.fullmatch(r"\d{1,2} Nov", text) for text in texts), texts
        assert texts[0] == "2 Nov"  # the first day, then evenly spaced
        counts.append(len(texts))
    assert counts == sorted(counts) and counts[0] < counts[-1]  # wider: more dates
    assert fig.axes[0].xaxis.get_offset_text().get_text() == ""  # no "2026-Nov" under the axis
    start = date(2025, 7, 1)
    year_points = [DailyPoint(start + timedelta(days=i), 1, 1, D(0)) for i in range(365)]
    year = charts.conversions_over_time(
        DailySeries(start, date(2026, 6, 30), "EUR", [blue], year_points)
    )
    months = [t.get_text() for t in _labels_at(year, 12.0)]
    assert months[:7] == ["Jul\n2025", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan\n2026"]
    assert months[-1] == "Jun"
    narrow = [t.get_text() for t in _labels_at(year, 3.5)]
    assert len(narrow) < len(months) and narrow[0] == "Jul\n2025"
    assert year.axes[0].xaxis.get_offset_text().get_text() == ""


def test_money_axis_uses_the_business_currency() -> None:
    rows = fake_rows(3, spend="10000", value="9000")
    for currency, zero, big in (
        ("EUR", "€0", "€20k"),
        ("GBP", "£0", "£20k"),
        ("USD", "$0", "$20k"),
    ):
        fig = charts.spend_vs_value(rows, currency)
        FigureCanvasAgg(fig).draw()
        labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
        assert labels[0] == zero and big in labels, labels
    assert charts.money_label(12.5, "EUR") == "€12.50"
    assert charts.money_label(500, "EUR") == "€500"
    assert charts.money_label(-3000, "EUR") == "-€3k"


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


def test_every_roi_bar_carries_its_value_so_a_small_loss_is_read() -> None:
    rows = [
        ReportRow("channel", 1, "Search", Figures(spend=D(100), value=D(600)), Figures()),
        ReportRow("channel", 2, "Print", Figures(spend=D(100), value=D(85)), Figures()),
        ReportRow("channel", 3, "Walk-in", Figures(spend=D(0), value=D(50)), Figures()),
    ]
    fig = charts.roi_by_channel(rows, title="ROI by channel")
    FigureCanvasAgg(fig).draw()
    ax = fig.axes[0]
    notes = [t.get_text() for t in ax.texts]
    assert notes == ["500 %", "-15 %", "—"]  # (600 - 100) / 100; (85 - 100) / 100; no spend
    below = ax.texts[1]
    assert below.get_va() == "top"  # a loss is labelled under its bar, inside the plot
    assert ax.get_ylim()[0] < -0.15  # room below the -15 % bar
    assert ax.get_title(loc="left") == "ROI by channel"
    profit = charts.roi_by_channel(rows, metric="profit_roi", empty="Give a goal its margin")
    FigureCanvasAgg(profit).draw()
    assert [t.get_text() for t in profit.axes[0].texts] == ["—", "—", "—"]
    none = charts.roi_by_channel([], empty="Give a goal its margin")
    assert [t.get_text() for t in none.axes[0].texts] == ["Give a goal its margin"]


def test_a_loss_too_small_to_see_still_gets_a_bar_in_its_direction() -> None:
    """Was: −2 % beside 500 % drew a bar 0.02 high on an axis 6 tall, less than a pixel: the
    loss was visible only by its label."""
    rows = [
        ReportRow("channel", 1, "Search", Figures(spend=D(100), value=D(600)), Figures()),
        ReportRow("channel", 2, "Social", Figures(spend=D(100), value=D(98)), Figures()),
        ReportRow("channel", 3, "Email", Figures(spend=D(100), value=D(100)), Figures()),
    ]
    ax = charts.roi_by_channel(rows).axes[0]
    search, social, email = ax.containers[0]
    assert search.get_height() == 5.0  # (600 - 100) / 100, drawn as it is
    assert social.get_height() == pytest.approx(-(5.0 + 0.02) * 0.03)  # a stub, downwards
    assert email.get_height() == 0.0  # exactly zero: no bar
    assert [t.get_text() for t in ax.texts] == ["500 %", "-2 %", "0 %"]  # the true figures


def test_profit_after_ads_and_roas_against_break_even() -> None:
    """Gross profit − spend per row, and ROAS with a mark at value ÷ gross profit."""
    search = Figures(spend=D(100), value=D(600), gross_profit=D(210))
    printed = Figures(spend=D(100), value=D(200), gross_profit=D(50))
    rows = [
        ReportRow("channel", 1, "Search", search, Figures()),
        ReportRow("channel", 2, "Print", printed, Figures()),
    ]
    profit = charts.profit_after_ads(rows, "EUR").axes[0]
    assert [b.get_height() for b in profit.containers[0]] == [110.0, -50.0]
    roas = charts.roas_vs_break_even(rows).axes[0]
    assert [b.get_height() for b in roas.containers[0]] == [6.0, 2.0]
    marks = [segment[0][1] for lines in roas.collections for segment in lines.get_segments()]
    assert marks == [600 / 210, 4.0]  # Print needs 4× and made 2×: a loss after ads
    assert [t.get_text() for t in roas.get_legend().get_texts()] == ["break-even ROAS"]
    empty = charts.profit_after_ads([], "EUR", empty="Give a goal its margin").axes[0]
    assert [t.get_text() for t in empty.texts] == ["Give a goal its margin"]


CAMPAIGN_NAMES = (
    "Search - Brand", "Search - Sofas & Beds", "Shopping - Performance Max", "Meta - Prospecting",
    "Meta - Retargeting", "Instagram - Reels", "Newsletter weekly", "Trade show", "SEO content",
    "Partner blogs", "Spring home fair", "Local newspaper ad", "Radio spring", "Flyers",
)  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("n", [6, 8, 10, 11, 12, 14])
@pytest.mark.parametrize("width", [800, 1000])
def test_campaign_names_below_a_wide_chart_never_overlap(n: int, width: int) -> None:
    """Was: twelve campaign names side by side under the Reports chart at 800 px (fourteen at
    1000 px, a 1280-wide window) ran into each other ("Newsletter weekly|Trade show")."""
    rows = [
        ReportRow("campaign", i, name, Figures(spend=D(100), value=D(50 * i)), Figures())
        for i, name in enumerate(CAMPAIGN_NAMES[:n])
    ]
    fig = charts.roi_by_channel(rows, wide=True)
    fig.set_dpi(100)
    fig.set_size_inches(width / 100, 3.0)
    tick_labels_do_not_overlap(fig)


@pytest.mark.slow
@pytest.mark.parametrize(("days", "width"), [(90, 260), (91, 200), (3650, 500), (3650, 300)])
def test_dates_never_overlap_on_a_long_range_or_a_narrow_chart(days: int, width: int) -> None:
    """Was: past twelve months a step of 24 gave the same ticks as 12 (every January), so ten
    years ("All time") overlapped up to 500 px wide, and 90 days overlapped under 260 px."""
    blue = Channel(1, "Email", False, False, "#17BECF", False)
    start = date(2016, 1, 1)
    points = [DailyPoint(start + timedelta(days=i), 1, i % 5, D(0)) for i in range(days)]
    series = DailySeries(start, start + timedelta(days=days - 1), "EUR", [blue], points)
    fig = charts.conversions_over_time(series)
    fig.set_dpi(100)
    fig.set_size_inches(width / 100, 2.5)
    tick_labels_do_not_overlap(fig)


def test_a_sign_the_chart_font_cannot_draw_is_written_as_the_currency_code() -> None:
    """Was: only the window's font was asked, so a chart (drawn in matplotlib's DejaVu Sans,
    which has no ৳) showed boxes for taka amounts even where the window drew the sign."""
    assert charts.money_label(1500.0, "BDT") == "BDT\u00a01.5k"
    assert charts.money_label(12.5, "BDT") == "BDT\u00a012.50"
    assert charts.money_label(1500.0, "EUR") == "€1.5k"  # a sign it has stays


@pytest.mark.parametrize("width", [300, 420, 800])
def test_a_campaign_s_twelve_months_never_overlap(width: int) -> None:
    """Was: all twelve month names were written whatever the width, and ran into each other
    below about 450 px; now as many as fit, the year under each January and the first."""
    months = [date(2025 + (6 + i) // 12, (6 + i) % 12 + 1, 1) for i in range(12)]  # Jul-Jun
    fig = charts.campaign_trend(months, [100.0] * 12, [3] * 12, [33.0] * 12, [2.0] * 12, "EUR",
                                title="Search - Brand")  # fmt: skip
    fig.set_dpi(100)
    fig.set_size_inches(width / 100, 4.0)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    bottom = fig.axes[-1] if fig.axes[-1].get_xticklabels() else fig.axes[1]
    labels = [t for t in bottom.get_xticklabels() if t.get_text() and t.get_visible()]
    boxes = [t.get_window_extent(renderer) for t in labels]
    for a, b in itertools.pairwise(boxes):
        assert not a.overlaps(b), "month labels overlap"
    texts = [t.get_text() for t in labels]
    assert texts[0] == "Jul\n2025" and len(texts) >= (12 if width >= 800 else 3)
