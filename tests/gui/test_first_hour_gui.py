"""The owner's first hour in the window: typing a time zone, closing the first-start dialog, the
country for phone numbers, exchange rates that re-price, and an older database's currency."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop_app.store.settings import load_settings
from desktop_app.ui import seams
from desktop_app.ui.dialogs.first_start import FirstStartDialog, system_defaults
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.shell.main_window import MainWindow
from tests.gui.settings_helpers import open_tab


def _open(qtbot, path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(AppContext())
    qtbot.addWidget(window)
    assert window.open_path(path)
    return window


def test_typing_a_time_zone_letter_by_letter_never_fails(qtbot) -> None:
    """Was: 'Something went wrong' at 'Europe' (a folder inside the zone database)."""
    dialog = FirstStartDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name_edit, "Lakeside Dental")
    line = dialog.tz_combo.lineEdit()
    line.selectAll()
    line.del_()
    for n, char in enumerate("Europe/Berlin", start=1):
        qtbot.keyClick(line, char)
        typed = "Europe/Berlin"[:n]
        assert dialog.tz_combo.currentText() == typed
        assert dialog.ok_button.isEnabled() == (typed == "Europe/Berlin")
    assert dialog.tz_combo.zone() == "Europe/Berlin"
    line.selectAll()
    qtbot.keyClicks(line, "America")
    assert not dialog.ok_button.isEnabled() and dialog.tz_combo.zone() == ""
    assert dialog.problems()["timezone"] == "Choose a time zone from the list, e.g. Europe/Berlin."
    # Leaving the field with a unique part of a name picks that zone.
    line.selectAll()
    qtbot.keyClicks(line, "berlin")
    line.editingFinished.emit()
    assert dialog.tz_combo.zone() == "Europe/Berlin" and dialog.ok_button.isEnabled()
    dialog.reject()


def test_first_start_preselects_the_computer_and_asks_the_country(qtbot) -> None:
    defaults = system_defaults()
    dialog = FirstStartDialog()
    qtbot.addWidget(dialog)
    assert dialog.country_combo.code() == defaults.country
    assert dialog.currency_combo.code() == defaults.currency
    assert dialog.tz_combo.zone() == defaults.timezone
    # Choosing a country brings its currency, until the user picks a currency themselves.
    dialog.country_combo.set_code("DE")
    assert dialog.currency_combo.code() == "EUR"
    assert dialog.country_combo.currentText() == "Germany (DE)"
    dialog.currency_combo.set_code("CHF")
    dialog.currency_combo.activated.emit(dialog.currency_combo.currentIndex())
    dialog.country_combo.set_code("AT")
    assert dialog.currency_combo.code() == "CHF"
    dialog.name_edit.setText("Alpine Rentals")
    assert dialog.values() == {
        "name": "Alpine Rentals", "country": "AT", "currency": "CHF",
        "timezone": defaults.timezone,
    }  # fmt: skip
    dialog.reject()


def test_closing_first_start_keeps_the_defaults(
    qtbot, tmp_path: Path, monkeypatch, dialogs
) -> None:
    """Was: Esc left the business without a currency ('Default value ()', amounts without a
    symbol, Settings showing AED)."""
    monkeypatch.setattr(seams, "run_dialog", lambda dialog: QDialog.DialogCode.Rejected)
    window = _open(qtbot, tmp_path / "new.db")
    defaults = system_defaults()
    stored = load_settings(window.ctx.require_db())
    assert (stored.currency, stored.timezone, stored.country) == (
        defaults.currency,
        defaults.timezone,
        defaults.country,
    )
    assert stored.currency  # never ''
    window.show()
    qtbot.waitExposed(window)
    page = window.show_page("settings")
    assert page.business.currency_combo.code() == defaults.currency
    window.close()


def test_an_older_database_without_a_currency_gets_one_with_a_note(
    qtbot, tmp_path, dialogs
) -> None:
    from desktop_app.store import close_database, open_database

    path = tmp_path / "old.db"
    close_database(open_database(path))
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO settings (key, value) VALUES ('name', 'Old shop')")
    conn.execute("INSERT INTO goals (name, currency) VALUES ('Lead', '')")
    conn.commit()
    conn.close()
    window = _open(qtbot, path)
    code = system_defaults().currency
    assert load_settings(window.ctx.require_db()).currency == code
    assert dialogs[-1][0] == "Currency set"
    assert dialogs[-1][1].startswith(f"This database had no currency; it now uses {code}")
    assert window.ctx.require_db().execute("SELECT currency FROM goals").fetchone() == (code,)
    window.close()


def test_business_tab_takes_partial_zones_without_error(main_window, qtbot) -> None:
    tab = main_window.show_page("settings").business
    line = tab.zone_combo.lineEdit()
    line.selectAll()
    qtbot.keyClicks(line, "America")
    assert (
        tab.error_label.isVisible()
        and "'America' is not a time zone name" in tab.error_label.text()
    )
    assert not tab.save_button.isEnabled()
    qtbot.keyClicks(line, "/New_York")
    assert not tab.error_label.isVisible() and tab.save_button.isEnabled()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert load_settings(main_window.ctx.require_db()).timezone == "America/New_York"


def test_rates_tab_shows_coverage_and_reprices_with_undo(main_window, qtbot) -> None:
    db = main_window.ctx.require_db()
    db.execute("INSERT INTO goals (name, category, currency) VALUES ('Sale', 'transaction', 'EUR')")
    unassigned = db.execute("SELECT id FROM channels WHERE name = 'Unassigned'").fetchone()[0]
    db.execute(
        "INSERT INTO conversions (goal_id, occurred_at, local_date, value_minor, currency,"
        " original_value_minor, original_currency, channel_id)"
        " VALUES (1, '2025-05-01T10:00:00Z', '2025-05-01', 900, 'EUR', 1000, 'USD', ?)",
        [unassigned],
    )
    page = main_window.show_page("settings")
    open_tab(qtbot, page, "Exchange rates")
    tab = page.rates
    tab.currency_combo.setCurrentText("USD")
    qtbot.keyClicks(tab.rate_edit, "0.8")
    qtbot.keyClick(tab.rate_edit, Qt.Key.Key_Return)
    value = "SELECT value_minor FROM conversions"
    assert db.execute(value).fetchone() == (800,)  # 10.00 USD × 0.8, though dated long before
    assert tab.done_label.text() == "Re-priced 1 stored amount."
    cells = [tab.table.item(0, col).text() for col in range(5)]
    assert cells[0] == "USD" and cells[3:] == ["every date", "1"]
    main_window.ctx.undo_stack.undo()
    assert db.execute(value).fetchone() == (900,) and tab.table.rowCount() == 0
    main_window.ctx.undo_stack.redo()
    assert db.execute(value).fetchone() == (800,)
    # The only rate that prices the amount cannot be deleted; the page says why.
    tab.table.selectRow(0)
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert tab.error_label.isVisible()
    assert tab.error_label.text().startswith("1 stored amount is in USD and priced with this rate")
    assert tab.table.rowCount() == 1


def test_undo_of_a_first_rate_that_amounts_now_need_is_refused_and_said(
    main_window, qtbot, dialogs
):
    page = main_window.show_page("settings")
    open_tab(qtbot, page, "Exchange rates")
    tab = page.rates
    tab.currency_combo.setCurrentText("USD")
    qtbot.keyClicks(tab.rate_edit, "0.9")
    qtbot.keyClick(tab.rate_edit, Qt.Key.Key_Return)
    db = main_window.ctx.require_db()
    # An import priced USD amounts with the rate meanwhile (imports are not on the undo stack).
    db.execute("INSERT INTO goals (name, category, currency) VALUES ('Sale', 'transaction', 'EUR')")
    unassigned = db.execute("SELECT id FROM channels WHERE name = 'Unassigned'").fetchone()[0]
    db.execute(
        "INSERT INTO conversions (goal_id, occurred_at, local_date, value_minor, currency,"
        " original_value_minor, original_currency, channel_id)"
        " VALUES (1, '2026-02-01T10:00:00Z', '2026-02-01', 900, 'EUR', 1000, 'USD', ?)",
        [unassigned],
    )
    stack = main_window.ctx.undo_stack
    assert stack.count() == 1
    main_window.undo_action.trigger()
    assert dialogs[-1][0] == "Cannot undo the exchange rate"
    assert "1 stored amount in USD was priced with this rate since" in dialogs[-1][1]
    assert db.execute("SELECT rate FROM exchange_rates").fetchall() == [("0.9",)]
    assert stack.count() == 0  # the step left the stack instead of pretending to be undone
    assert tab.table.rowCount() == 1
