"""The Attribution page on the demo business: models side by side, goal chooser, Markov warning,
and the model it hands to the Reports page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from desktop_app.attribution.compare import MODEL_NAMES, Comparison
from desktop_app.attribution.credit import compare_models
from desktop_app.ui.models.attribution_table import (
    ConfidenceTableModel,
    CreditTableModel,
    PathsTableModel,
)
from desktop_app.ui.models.report_table import ROW_ROLE
from desktop_app.ui.reporting.model_choice import MODEL_LABELS
from tests.demo_copy import load_demo_copy
from tests.gui.chart_helpers import drawn_figure
from tests.gui.report_helpers import LAST_DAY, euros, macro_conversions

JUNE = date(2026, 6, 1)
YEAR = date(2025, 7, 1)  # the demo's first day: a year of journeys


def wait_loaded(page, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.data is not None and not page.loader.busy, timeout=20000)


@pytest.fixture
def attribution(main_window, qtbot) -> Iterator[object]:  # type: ignore[no-untyped-def]
    ctx = main_window.ctx
    ctx.report_range.today = lambda: LAST_DAY + timedelta(days=1)  # the demo ends yesterday
    ctx.report_range.set_custom(JUNE, LAST_DAY)
    load_demo_copy(ctx.require_db(), seed=7, last_day=LAST_DAY)
    ctx.notify("all")
    page = main_window.show_page("attribution")
    wait_loaded(page, qtbot)
    yield page
    ctx.report_model.set_model(None)  # the choice is remembered: leave none for other tests


def cells(page) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Shown text by channel name: one cell per model column."""
    model = page.credit_model
    out = {}
    for r in range(model.rowCount()):
        name = model.index(r, 0).data()
        out[name] = [model.index(r, c).data() for c in range(1, model.columnCount())]
    return out


def column_sums(page) -> dict[str, tuple[Decimal, Decimal]]:  # type: ignore[no-untyped-def]
    """Per model, the channel rows' credit added up (the total row left out)."""
    rows = [
        page.credit_model.index(r, 0).data(ROW_ROLE) for r in range(page.credit_model.rowCount())
    ]
    sums = {}
    for m in MODEL_NAMES:
        sums[m] = (
            sum((r.credit[m][0] for r in rows if not r.total), Decimal(0)),
            sum((r.credit[m][1] for r in rows if not r.total), Decimal(0)),
        )
    return sums


def code_of(result: Comparison, channel: str) -> int:
    return result.channel_names.index(channel)


@pytest.mark.slow
def test_page_shows_every_model_of_the_demo(attribution, qtbot, main_window) -> None:
    db = main_window.ctx.require_db()
    count, cents = macro_conversions(db, JUNE, LAST_DAY)
    # Every model's column adds up to the macro conversions of June, counted with plain SQL.
    for model, (conversions, value) in column_sums(attribution).items():
        assert conversions == count, model
        assert value == Decimal(cents) / 100, model
    shown = cells(attribution)
    assert shown["Total"] == [f"{count:,}"] * 7
    # A few cells against the engine's answer computed here.
    result = compare_models(db, JUNE, LAST_DAY)
    assert result is not None
    social = code_of(result, "Paid Social")
    linear = result.models["linear"].by_channel()[social][0]
    assert shown["Paid Social"][MODEL_NAMES.index("linear")] == f"{linear:,.1f}"
    low, high = result.markov_spread[social]
    markov = result.models["markov"].by_channel()[social][0]
    assert shown["Paid Social"][6] == f"{markov:,.1f} ± {(high - low) / 2:,.1f}"
    # The default model's header is marked.
    assert attribution.credit_model.headerData(2, Qt.Orientation.Horizontal).endswith("★")
    # Value view: money, and the total is June's macro value.
    qtbot.mouseClick(attribution.metric_buttons["value"], Qt.MouseButton.LeftButton)
    assert cells(attribution)["Total"] == [euros(cents)] * 7
    search = code_of(result, "Paid Search")
    units = result.models["first_touch"].by_channel()[search][1]
    assert cells(attribution)["Paid Search"][2] == euros(units)

    # The chart: one bar series per model, in the legend by name; one group per channel.
    figure = drawn_figure(qtbot, attribution.chart)
    ax = figure.axes[0]
    assert len(ax.containers) == 7
    assert [t.get_text() for t in figure.legends[0].get_texts()] == list(MODEL_LABELS.values())
    ticks = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert ticks[:2] == ["Paid Social", "Paid Search"]  # by last non-direct credit
    heights = [bar.get_height() for bar in ax.containers[MODEL_NAMES.index("first_touch")]]
    assert heights[ticks.index("Paid Search")] == float(units) / 100  # the value view's chart

    # Distributions and paths rest on the same journeys.
    lengths = drawn_figure(qtbot, attribution.lengths_chart).axes[0].containers[0]
    assert sum(bar.get_height() for bar in lengths) == sum(result.path_lengths.values())
    top = result.top_paths[0]
    assert attribution.paths_model.index(0, 0).data() == " → ".join(top.channels)
    assert attribution.paths_model.index(0, 1).data() == f"{top.conversions:,}"
    markov_row = attribution.confidence_model.rowCount() - 1
    assert attribution.confidence_model.index(markov_row, 0).data() == "Data-driven"
    assert attribution.confidence_model.index(markov_row, 2).data() == (
        f"{result.confidence['markov'].conversions:,}"
    )


@pytest.mark.slow
def test_switching_the_goal_updates_table_and_chart(attribution, qtbot, main_window) -> None:
    db = main_window.ctx.require_db()
    quote = int(db.execute("SELECT id FROM goals WHERE name = 'Quote request'").fetchone()[0])
    (quotes,) = db.execute(
        "SELECT COUNT(*) FROM conversions WHERE goal_id = ? AND status = 'active'"
        " AND local_date BETWEEN ? AND ?",
        [quote, JUNE.isoformat(), LAST_DAY.isoformat()],
    ).fetchone()
    assert 0 < quotes < macro_conversions(db, JUNE, LAST_DAY)[0]
    combo = attribution.goal_combo
    assert combo.currentText() == "Macro goals (Purchase, Quote request)"
    combo.setCurrentIndex(combo.findText("Quote request"))
    qtbot.waitUntil(
        lambda: attribution.data.request.goal_id == quote and not attribution.loader.busy,
        timeout=20000,
    )
    assert cells(attribution)["Total"] == [f"{quotes:,}"] * 7
    for model, (conversions, _value) in column_sums(attribution).items():
        assert conversions == quotes, model
    heights = [
        sum(bar.get_height() for bar in bars)
        for bars in drawn_figure(qtbot, attribution.chart).axes[0].containers
    ]
    assert all(abs(h - quotes) < 1e-6 for h in heights)
    assert "Quote request" in attribution.subtitle_label.text()


@pytest.mark.slow
def test_markov_warning_on_thin_data_only(attribution, qtbot, main_window) -> None:
    db = main_window.ctx.require_db()
    result = compare_models(db, JUNE, LAST_DAY)
    assert result is not None and not result.markov_reliable
    n = result.confidence["markov"].conversions
    assert not attribution.banner.isHidden()
    assert attribution.banner.text() == (
        f"Based on {n:,} conversions with touchpoints — fewer than 400, so the data-driven "
        "model is a rough guide only."
    )
    main_window.ctx.report_range.set_custom(YEAR, LAST_DAY)
    qtbot.waitUntil(
        lambda: attribution.data.request.first == YEAR and not attribution.loader.busy,
        timeout=20000,
    )
    assert attribution.banner.isHidden()
    year = compare_models(db, YEAR, LAST_DAY)
    assert year is not None and year.confidence["markov"].conversions >= 400


def test_use_this_model_in_reports(attribution, qtbot, main_window) -> None:
    reports = main_window.page("reports")
    assert reports.model_combo.currentData() is None  # each conversion's own channel
    combo = attribution.reports_combo
    combo.setCurrentIndex(combo.findData("linear"))
    assert main_window.ctx.report_model.model == "linear"
    assert reports.model_combo.currentText() == "Linear"
    main_window.show_page("reports")
    qtbot.waitUntil(
        lambda: (
            reports.data is not None
            and reports.data.report.model == "linear"
            and not reports.loader.busy
        ),
        timeout=20000,
    )
    # and back: choosing on the Reports page shows on the Attribution page
    reports.model_combo.setCurrentIndex(reports.model_combo.findData("markov"))
    assert combo.currentData() == "markov"


def test_table_models(qtmodeltester, attribution) -> None:
    for model in (attribution.credit_model, attribution.paths_model, attribution.confidence_model):
        qtmodeltester.check(model)
    for empty in (CreditTableModel(), PathsTableModel(), ConfidenceTableModel()):
        qtmodeltester.check(empty)


def test_the_page_and_the_workbook_name_every_computed_model_as_the_one_table_does(
    attribution,
) -> None:
    """Each model the engine computed for the demo is named in the page's header tooltips
    exactly as domain/attribution_models.py spells it (the workbook's sheet is checked against
    the same names, typed out, in tests/unit/test_export_workbook.py)."""
    computed = list(attribution.data.result.models)
    assert len(computed) == 7
    model = attribution.credit_model
    tips = [model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
            for c in range(1, model.columnCount())]  # fmt: skip
    assert [t.removesuffix(" — the default model") for t in tips] == [
        MODEL_LABELS[m] for m in computed
    ]
    assert "Position-based" in tips  # once "Position based" here, "Position-based" there


@pytest.mark.slow
def test_a_goal_name_with_brackets_is_shown_whole(attribution, qtbot, main_window) -> None:
    db = main_window.ctx.require_db()
    db.execute("UPDATE goals SET name = 'Quote (B2B)' WHERE name = 'Quote request'")
    main_window.ctx.notify("goals")
    combo = attribution.goal_combo
    combo.setCurrentIndex(combo.findText("Quote (B2B)"))
    qtbot.waitUntil(
        lambda: (
            attribution.data.request.goal_id == combo.currentData() and not attribution.loader.busy
        ),
        timeout=20000,
    )
    assert "  ·  Quote (B2B)  ·  " in attribution.subtitle_label.text()
    combo.setCurrentIndex(0)
    qtbot.waitUntil(
        lambda: attribution.data.request.goal_id is None and not attribution.loader.busy,
        timeout=20000,
    )
    assert "  ·  Macro goals  ·  " in attribution.subtitle_label.text()
