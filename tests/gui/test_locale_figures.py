"""One formatter: the same amount reads the same on every page, in the user's locale.

1,234.50 euros of spend, conversion value, goal value and campaign budget are shown by the
Dashboard (cards and tooltips), Reports, Attribution, Goals, Campaigns and Conversions pages and
on chart labels under three locales; each surface must write it exactly as the locale does, and a
form's field (the goal form's and the conversion form's) as the locale types it (the expected
texts are typed here, not computed)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QLocale, Qt

DAY = date(2026, 6, 15)
LAST_DAY = date(2026, 6, 30)
NBSP = "\u00a0"

EXPECTED = {
    "de_DE": f"1.234,50{NBSP}€",
    "fr_FR": f"1{NBSP}234,50{NBSP}€",
    "en_US": "€1,234.50",
}


EDITED = {"de_DE": "1234,50", "fr_FR": "1234,50", "en_US": "1234.50"}
CHART = {"de_DE": f"1,23k{NBSP}€", "fr_FR": f"1,23k{NBSP}€", "en_US": "€1.23k"}


@pytest.fixture(params=sorted(EXPECTED))
def locale_name(request: pytest.FixtureRequest) -> Iterator[str]:
    from desktop_app.ui.locale_numbers import apply_locale

    before = QLocale()
    QLocale.setDefault(QLocale(request.param))
    apply_locale()
    yield request.param
    QLocale.setDefault(before)
    apply_locale()


def _fill(db) -> None:  # type: ignore[no-untyped-def]
    channel = db.execute("SELECT id FROM channels WHERE name = 'Paid Search'").fetchone()[0]
    goal = db.execute(
        "INSERT INTO goals (name, category, default_value_minor, currency)"
        " VALUES ('Sale', 'transaction', 123450, 'EUR')"
    ).lastrowid
    campaign = db.execute(
        "INSERT INTO campaigns (name, channel_id, budget_minor) VALUES ('Brand', ?, 123450)",
        [channel],
    ).lastrowid
    db.execute(
        "INSERT INTO spend (campaign_id, period_start, period_end, cost_minor, currency,"
        " original_cost_minor, original_currency) VALUES (?, ?, ?, 123450, 'EUR', 123450, 'EUR')",
        [campaign, DAY.isoformat(), DAY.isoformat()],
    )
    db.execute(
        "INSERT INTO conversions (goal_id, occurred_at, local_date, value_minor, currency,"
        " original_value_minor, original_currency, channel_id, campaign_id)"
        " VALUES (?, ?, ?, 123450, 'EUR', 123450, 'EUR', ?, ?)",
        [goal, f"{DAY.isoformat()}T10:00:00Z", DAY.isoformat(), channel, campaign],
    )


def _column(model, header: str) -> int:  # type: ignore[no-untyped-def]
    for col in range(model.columnCount()):
        text = str(model.headerData(col, Qt.Orientation.Horizontal)).replace("\n", " ")
        if text.strip().startswith(header):
            return col
    raise AssertionError(f"no column {header!r}")


def _cell(model, row: int, header: str) -> str:  # type: ignore[no-untyped-def]
    return str(model.index(row, _column(model, header)).data())


def test_the_same_amount_reads_the_same_on_every_page(
    locale_name: str, main_window, qtbot, monkeypatch
) -> None:
    expected = EXPECTED[locale_name]
    ctx = main_window.ctx
    _fill(ctx.require_db())
    ctx.report_range.today = lambda: LAST_DAY + timedelta(days=1)  # the demo ends yesterday
    ctx.report_range.set_custom(date(2026, 6, 1), LAST_DAY)
    ctx.notify("all")
    shown: dict[str, str] = {}

    dashboard = main_window.show_page("dashboard")
    qtbot.waitUntil(lambda: dashboard.data is not None and not dashboard.loader.busy, timeout=20000)
    shown["dashboard value"] = dashboard.kpis["value"].value.text()
    shown["dashboard spend"] = dashboard.kpis["spend"].value.text()

    reports = main_window.show_page("reports")
    qtbot.waitUntil(lambda: reports.data is not None and not reports.loader.busy, timeout=20000)
    row = next(r for r in range(reports.model.rowCount())
               if reports.model.index(r, 0).data() == "Paid Search")  # fmt: skip
    shown["reports spend"] = _cell(reports.model, row, "Spend")
    shown["reports value"] = _cell(reports.model, row, "Value")

    goals = main_window.show_page("goals")
    shown["goals value"] = _cell(goals.model, 0, "Value")

    campaigns = main_window.show_page("campaigns")
    qtbot.waitUntil(lambda: campaigns.model.rowCount() == 1, timeout=10000)
    budget = _cell(campaigns.model, 0, "Budget")
    assert budget.endswith(" a month")  # a monthly budget by default
    shown["campaigns budget"] = budget.removesuffix(" a month")

    conversions = main_window.show_page("conversions")
    qtbot.waitUntil(lambda: conversions.model.rowCount() == 1, timeout=10000)
    shown["conversions value"] = _cell(conversions.model, 0, "Value")

    # The Attribution page's credited value: the one conversion, all to its channel.
    attribution = main_window.show_page("attribution")
    qtbot.waitUntil(
        lambda: attribution.data is not None and not attribution.loader.busy, timeout=20000
    )
    qtbot.mouseClick(attribution.metric_buttons["value"], Qt.MouseButton.LeftButton)
    credit = attribution.credit_model
    row = next(r for r in range(credit.rowCount()) if credit.index(r, 0).data() == "Paid Search")
    shown["attribution value"] = str(credit.index(row, 1).data())

    # A chart's money axis and labels, and a KPI card's tooltip (they were not checked).
    from desktop_app.reports import charts

    # An axis shortens thousands, in the locale's decimal mark and sign placement.
    assert charts.money_label(1234.5, "EUR") == CHART[locale_name]
    tip = dashboard.kpis["value"].toolTip()
    shown["dashboard tooltip"] = next(
        line for line in tip.splitlines() if line.startswith("Conversion value: ")
    ).split(": ", 1)[1]
    assert shown == dict.fromkeys(shown, expected)
    # A form's amount field holds the figure to edit: the locale's decimal mark, no grouping.
    from desktop_app.ui import seams

    typed: list[str] = []
    monkeypatch.setattr(seams, "run_dialog", lambda form: typed.append(form.value_edit.text()))
    goals = main_window.show_page("goals")
    goals.table.select_source_row(0)
    qtbot.mouseClick(goals.edit_button, Qt.MouseButton.LeftButton)
    # And the conversion form, opened on the logged conversion, holds it the same way.
    conversions = main_window.show_page("conversions")
    conversions.table.selectRow(0)
    qtbot.mouseClick(conversions.edit_button, Qt.MouseButton.LeftButton)
    assert typed == [EDITED[locale_name]] * 2

    # Dates read alike too: the range fields as the subtitle writes them (English month names,
    # the app's language, under every locale), the typed fields in ISO.
    picker = reports.picker
    assert (picker.from_edit.text(), picker.to_edit.text()) == ("1 Jun 2026", "30 Jun 2026")
    assert reports.subtitle_label.text().startswith("1 – 30 Jun 2026")
    assert picker.from_edit.calendarWidget().locale().monthName(6) == "June"


def test_money_uses_the_iso_code_where_the_apps_font_lacks_the_symbol(qapp) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.domain import formatting
    from desktop_app.ui.locale_numbers import apply_locale, font_draws

    before = formatting.style()
    try:
        apply_locale()
        assert font_draws("€") and not font_draws("\ue000")  # a private-use character: no glyph
        shown = formatting.money_minor(123450, "BDT")
        assert shown == ("৳1,234.50" if font_draws("৳") else "BDT\u00a01,234.50")
        assert formatting.money_minor(123450, "EUR").startswith("€")
    finally:
        formatting.use_style(before)
