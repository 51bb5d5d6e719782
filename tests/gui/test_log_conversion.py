"""Logging conversions by keyboard, validation next to each field, undo/redo, and the lazy table."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt

from desktop_app.ui import seams
from desktop_app.ui.dialogs.log_conversion import LogConversionDialog
from tests.gui.table_helpers import wait_for_rows


def _goal(db, name: str = "Quote request", value: int = 12000) -> int:
    return int(db.execute(
        "INSERT INTO goals (name, default_value_minor, currency) VALUES (?, ?, 'EUR')", [name, value]
    ).lastrowid)  # fmt: skip


def _rows(db) -> list:
    return db.execute("SELECT * FROM conversions ORDER BY id").fetchall()


def _summary(db) -> list:
    """The report summary once the app has taken changes in (nothing may be left marked)."""
    assert db.execute("SELECT * FROM conversion_months_stale").fetchall() == []
    return db.execute("SELECT month, conversions, value_minor FROM conversion_months").fetchall()


def _activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def _type(qtbot, window, keys: list) -> None:
    """Type into the window's focus widget: strings are typed, Qt keys pressed."""
    for key in keys:
        widget = window.focusWidget()
        if isinstance(key, str):
            qtbot.keyClicks(widget, key)
        else:
            qtbot.keyClick(widget, key)


def test_keyboard_only_logging_via_ctrl_n(main_window, qtbot, monkeypatch) -> None:
    db = main_window.ctx.require_db()
    _goal(db, "Purchase", 0)
    _goal(db)
    seen = []

    def drive(dialog: LogConversionDialog) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        dialog.goal_combo.setFocus()
        tab = Qt.Key.Key_Tab
        _type(qtbot, dialog, [
            "Quote", tab,  # goal (typing selects it); its default value 120.00 is filled in
            "20260601", tab,  # date: each full section moves on to the next
            "0930", tab,  # time
            "Phone", tab,  # How did you hear about us?
            tab,  # campaign: none
            "1,234.50", tab,  # value (selected on focus, so typing replaces the default)
            tab,  # quantity
            "Q-17",  # order id
            Qt.Key.Key_Return,
        ])  # fmt: skip
        seen.append(dialog.result())
        return dialog.result()

    monkeypatch.setattr(seams, "run_dialog", drive)
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen == [1]
    row = db.execute(
        "SELECT g.name, c.value_minor, c.occurred_at, c.local_date, ch.name, c.order_id, c.origin"
        " FROM conversions c JOIN goals g ON g.id = c.goal_id JOIN channels ch ON ch.id = c.channel_id"
    ).fetchall()
    # 1,234.50 EUR is 123450 cents; 09:30 Berlin summer time is 07:30 UTC.
    assert row == [
        ("Quote request", 123450, "2026-06-01T07:30:00Z", "2026-06-01", "Phone", "Q-17", "manual")
    ]
    page = main_window.show_page("conversions")
    wait_for_rows(qtbot, page)
    assert page.model.rowCount() == 1
    assert page.model.row_at(0).order_id == "Q-17"
    assert page.model.data(page.model.index(0, 2)) == "€1,234.50"
    assert main_window.undo_action.text() == "&Undo Log conversion 'Quote request'"
    assert _summary(db) == [("2026-06", 1, 123450)]  # a report over June reads it at once


@pytest.fixture
def form(main_window, qtbot):
    db = main_window.ctx.require_db()
    _goal(db)
    dialog = LogConversionDialog(main_window.ctx, main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("value_edit", "abc", "'abc' is not an amount"),
        ("value_edit", "-5", "A value cannot be negative"),
        ("value_edit", "GBP 10", "No exchange rate for GBP"),
        ("email_edit", "nobody@", "'nobody@' is not an e-mail address"),
        ("phone_edit", "12", "'12' is not a valid phone number in United States (numbers"),
        ("click_edit", "has space", "A click id has only letters"),
        # 31 digits raised decimal.InvalidOperation on every keystroke; 20 digits were taken,
        # and could not be stored (SQLite holds 64 bits).
        ("value_edit", "9" * 31, "A value is at most 1,000,000,000 EUR; check the amount."),
        ("value_edit", "9" * 20, "A value is at most 1,000,000,000 EUR; check the amount."),
        ("value_edit", "1000000000.01", "A value is at most 1,000,000,000 EUR"),
    ],
)
def test_each_rule_shows_its_message_and_saves_nothing(form, qtbot, field, text, message) -> None:
    edit = getattr(form, field)
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    key = {"value_edit": "value", "email_edit": "email", "phone_edit": "phone",
           "click_edit": "click_id", "notes_edit": "notes"}[field]  # fmt: skip
    assert message in form.errors[key].text()
    assert form.errors[key].isVisible()
    assert not form.save_button.isEnabled()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert _rows(form.db) == []


def test_future_time_and_missing_goal(main_window, qtbot) -> None:
    dialog = LogConversionDialog(main_window.ctx, main_window)
    qtbot.addWidget(dialog)
    assert "Choose a goal" in dialog.errors["goal"].text()
    assert not dialog.save_button.isEnabled()
    _goal(main_window.ctx.require_db())
    dialog = LogConversionDialog(main_window.ctx, main_window)
    qtbot.addWidget(dialog)
    dialog.date_edit.selectAll()
    qtbot.keyClicks(dialog.date_edit, (date.today() + timedelta(days=2)).isoformat())
    assert "in the future" in dialog.errors["time"].text()
    assert not dialog.save_button.isEnabled()


def test_duplicate_order_id_is_refused(form, qtbot) -> None:
    qtbot.keyClicks(form.order_edit, "A-1")
    qtbot.keyClick(form.order_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(_rows(form.db)) == 1  # saved, and the form is empty for the next one
    assert form.order_edit.text() == "" and "Saved 'Quote request'" in form.status_label.text()
    qtbot.keyClicks(form.order_edit, "A-1")
    assert "Order id 'A-1' is already logged for 'Quote request'" in form.errors["order_id"].text()
    qtbot.keyClick(form.order_edit, Qt.Key.Key_Return)
    assert len(_rows(form.db)) == 1


def test_contacts_are_only_hashed(form, qtbot) -> None:
    qtbot.keyClicks(form.email_edit, "  Person@Example.com ")
    qtbot.keyClicks(form.phone_edit, "(201) 555-0123")  # a US national number (country US)
    qtbot.keyClick(form.phone_edit, Qt.Key.Key_Return)
    email, phone, email_hash, phone_hash = form.db.execute(
        "SELECT email, phone, email_hash, phone_hash FROM conversions"
    ).fetchone()
    assert (email, phone) == (None, None)
    assert email_hash == hashlib.sha256(b"person@example.com").hexdigest()
    assert phone_hash == hashlib.sha256(b"+12015550123").hexdigest()
    dump = "".join(str(r) for r in form.db.execute("SELECT * FROM audit_log"))
    assert "Example" not in dump and "555" not in dump and email_hash not in dump


def test_undo_redo_and_delete_restore_exact_rows(main_window, form, qtbot) -> None:
    db = form.db
    qtbot.keyClicks(form.notes_edit, "Called about a sofa")
    qtbot.keyClick(form.notes_edit, Qt.Key.Key_Return)
    logged = _rows(db)
    stack = main_window.ctx.undo_stack
    summary = _summary(db)
    assert [count for _, count, _ in summary] == [1]
    stack.undo()
    assert _rows(db) == [] and _summary(db) == []
    stack.redo()
    assert _rows(db) == logged and _summary(db) == summary
    page = main_window.show_page("conversions")
    wait_for_rows(qtbot, page)
    _activate(qtbot, main_window)
    page.table.selectRow(0)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert _rows(db) == [] and wait_for_rows(qtbot, page).rowCount() == 0 and _summary(db) == []
    assert main_window.undo_action.text() == "&Undo Delete conversion 'Quote request'"
    qtbot.keyClick(main_window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _rows(db) == logged and wait_for_rows(qtbot, page).rowCount() == 1


def _edit_first_row(qtbot, main_window, page, monkeypatch, edit) -> None:  # type: ignore[no-untyped-def]
    """Open the table's first row with Enter; `edit` drives the form that opens."""
    monkeypatch.setattr(seams, "run_dialog", edit)
    _activate(qtbot, main_window)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)


def test_edit_from_the_table(main_window, form, qtbot, monkeypatch) -> None:
    qtbot.keyClick(form.notes_edit, Qt.Key.Key_Return)
    before = _rows(form.db)
    page = main_window.show_page("conversions")
    wait_for_rows(qtbot, page)

    def edit(dialog: LogConversionDialog) -> int:
        dialog.show()
        _activate(qtbot, dialog)
        assert dialog.value_edit.text() == "120.00"
        dialog.value_edit.selectAll()
        qtbot.keyClicks(dialog.value_edit, "99.90")
        qtbot.keyClick(dialog.value_edit, Qt.Key.Key_Return)
        return dialog.result()

    _edit_first_row(qtbot, main_window, page, monkeypatch, edit)
    assert form.db.execute("SELECT value_minor FROM conversions").fetchone()[0] == 9990
    main_window.ctx.undo_stack.undo()
    assert _rows(form.db) == before


def test_editing_a_value_keeps_every_platform_s_contact_hashes(
    main_window, form, qtbot, monkeypatch
) -> None:
    """Was: the edit form put back Google's hashes of contacts it cannot show again but not
    Meta's, so changing a sale's value erased them and the record was left out of every Meta
    file from then on ("recorded before Meta hashes were kept")."""
    qtbot.keyClicks(form.email_edit, "Jane.Doe@Gmail.com")
    qtbot.keyClicks(form.phone_edit, "(201) 555-0123")
    qtbot.keyClick(form.phone_edit, Qt.Key.Key_Return)
    hashes = "SELECT email_hash, phone_hash, meta_email_hash, meta_phone_hash FROM conversions"
    stored = form.db.execute(hashes).fetchone()
    assert stored[2] == "831f6494ad6be4fcb3a724c3d5fef22d3ceffa3c62ef3a7984e45a0ea177f982"
    assert None not in stored
    page = main_window.show_page("conversions")
    wait_for_rows(qtbot, page)

    def edit(dialog: LogConversionDialog) -> int:
        dialog.show()
        assert dialog.email_edit.text() == ""  # hashed: it cannot be shown again
        dialog.value_edit.selectAll()
        qtbot.keyClicks(dialog.value_edit, "90.00")
        qtbot.keyClick(dialog.value_edit, Qt.Key.Key_Return)
        return dialog.result()

    _edit_first_row(qtbot, main_window, page, monkeypatch, edit)
    assert form.db.execute("SELECT value_minor FROM conversions").fetchone()[0] == 9000
    assert form.db.execute(hashes).fetchone() == stored


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("date_edit", "2026-13-45", "'2026-13-45' has no month 13"),
        ("date_edit", "2026-02-30", "February 2026 has no day 30"),
        ("date_edit", "2027-05-01", "This time is in the future"),
        # Was saved, and a year below 1000 was then written unpadded ('500-01-01T…'), which
        # neither this form nor the Conversions page could read again.
        ("date_edit", "1899-12-31", "A conversion is dated from 1 January 1900 on"),
        ("date_edit", "0001-01-01", "A conversion is dated from 1 January 1900 on"),
        ("date_edit", "yesterday", "'yesterday' is not a date"),
        ("time_edit", "25:00", "'25:00' is not a time of day"),
        ("time_edit", "9.30", "'9.30' is not a time"),
    ],
)
def test_a_wrong_date_or_time_is_reported_not_corrected(form, qtbot, field, text, message) -> None:
    edit = getattr(form, field)
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    assert edit.text() == text  # left as typed, never fixed up to another day
    assert message in form.errors["time"].text()
    assert form.errors["time"].isVisible()
    assert not form.save_button.isEnabled() and not form.save_new_button.isEnabled()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert _rows(form.db) == []
    edit.selectAll()
    qtbot.keyClicks(edit, "2026-01-04" if field == "date_edit" else "00:00")
    assert form.errors["time"].isHidden() and form.save_button.isEnabled()


@pytest.mark.parametrize(
    ("occurred_at", "quantity", "says"),
    [
        # 03:00 UTC on 1 January of year 1 is still year 0 in New York, which Python lacks:
        # the form showed it as 03:00 local and saving moved it by New York's offset.
        ("0001-01-01T03:00:00Z", 1, "It is dated 0001-01-01T03:00:00Z, outside the days"),
        ("1850-06-01T12:00:00Z", 1, "It is dated 1850-06-01T12:00:00Z, outside the days"),
        ("2026-06-01T12:00:00Z", 5_000_000_000, "Its quantity is 5000000000, which is not"),
    ],
)
def test_a_record_the_form_cannot_show_is_not_opened_for_editing(
    main_window, qtbot, monkeypatch, dialogs, occurred_at, quantity, says
) -> None:
    from desktop_app.store.settings import save_settings

    db = main_window.ctx.require_db()
    save_settings(db, {"timezone": "America/New_York"})
    main_window.ctx.notify("settings")
    db.execute(
        "INSERT INTO conversions (goal_id, occurred_at, local_date, value_minor, currency,"
        " original_value_minor, original_currency, quantity, channel_id, origin)"
        " VALUES (?, ?, ?, 1000, 'EUR', 1000, 'EUR', ?, 1, 'manual')",
        [_goal(db), occurred_at, occurred_at[:10], quantity],
    )
    main_window.ctx.notify("conversions")
    before = _rows(db)
    page = main_window.show_page("conversions")
    wait_for_rows(qtbot, page)
    opened: list[object] = []
    _edit_first_row(qtbot, main_window, page, monkeypatch, opened.append)
    assert opened == []
    [(title, text)] = dialogs
    assert title == "This conversion cannot be edited here" and text.startswith(says)
    assert _rows(db) == before


def test_a_stored_quantity_below_one_is_shown_and_asked_for_not_changed(
    main_window, qtbot, monkeypatch
) -> None:
    """Was: the spin box clamped a stored 0 to 1, and saving any other change wrote the 1."""
    db = main_window.ctx.require_db()
    db.execute(
        "INSERT INTO conversions (goal_id, occurred_at, local_date, value_minor, currency,"
        " original_value_minor, original_currency, quantity, channel_id, origin)"
        " VALUES (?, '2026-06-01T12:00:00Z', '2026-06-01', 1000, 'EUR', 1000, 'EUR', 0, 1,"
        " 'manual')",
        [_goal(db)],
    )
    main_window.ctx.notify("conversions")
    before = _rows(db)
    page = main_window.show_page("conversions")
    wait_for_rows(qtbot, page)
    seen: list[object] = []

    def edit(dialog: LogConversionDialog) -> int:
        dialog.show()
        seen.append(dialog.quantity_spin.value())
        qtbot.keyClicks(dialog.notes_edit, "checked")
        seen.append(dialog.save_button.isEnabled())
        seen.append(dialog.errors["value"].text())
        qtbot.keyClick(dialog.notes_edit, Qt.Key.Key_Return)  # saves nothing: the form stays
        seen.append(dialog.isVisible())
        dialog.reject()
        return dialog.result()

    _edit_first_row(qtbot, main_window, page, monkeypatch, edit)
    assert seen == [0, False, "The quantity is a whole number from 1 to 1,000,000.", True]
    assert _rows(db) == before


# The offscreen test platform cannot raise a popup or grab the keyboard for it; harmless here.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_the_calendar_button_picks_a_date(form, qtbot) -> None:
    form.date_edit.setFocus()
    qtbot.keyClick(form.date_edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    menu = form.when.calendar_button.menu()
    qtbot.waitUntil(menu.isVisible)
    calendar = form.when.calendar
    calendar.setSelectedDate(QDate(2026, 3, 2))
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not menu.isVisible())
    assert form.date_edit.text() == "2026-03-02"


def test_editing_shows_the_stored_channel_and_campaign(main_window, qtbot) -> None:
    from tests.demo_copy import load_demo_copy

    db = main_window.ctx.require_db()
    load_demo_copy(db, seed=7, last_day=date(2026, 6, 30))
    conversion_id, rule = db.execute(
        "SELECT c.id, c.channel_rule FROM conversions c JOIN channels ch ON ch.id = c.channel_id"
        " JOIN campaigns k ON k.id = c.campaign_id"
        " WHERE ch.name = 'Paid Search' AND k.name = 'Search - Brand' AND c.origin != 'manual'"
        " ORDER BY c.id LIMIT 1"
    ).fetchone()
    dialog = LogConversionDialog(main_window.ctx, main_window, conversion_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.channel_combo.currentText() == "Paid Search"
    assert dialog.campaign_combo.currentText() == "Search - Brand"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # Saved unchanged, the channel keeps the rule it was found by (not "channel given").
    assert (
        db.execute("SELECT channel_rule FROM conversions WHERE id = ?", [conversion_id]).fetchone()[
            0
        ]
        == rule
    )


def test_amounts_group_digits_the_same_way_on_every_page_in_a_french_locale(
    main_window, qtbot
) -> None:
    from PySide6.QtCore import QLocale

    db = main_window.ctx.require_db()
    goal = _goal(db, "Purchase", 0)
    channel = db.execute("SELECT id FROM channels WHERE name = 'Phone'").fetchone()[0]
    db.execute(
        "INSERT INTO conversions (goal_id, occurred_at, local_date, value_minor, currency,"
        " original_value_minor, original_currency, channel_id)"
        " VALUES (?, '2026-06-01T07:30:00Z', '2026-06-01', 123450, 'EUR', 123450, 'EUR', ?)",
        [goal, channel],
    )
    from desktop_app.ui.locale_numbers import apply_locale

    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    apply_locale()  # as the app does at start
    try:
        main_window.ctx.notify("conversions")
        page = main_window.show_page("conversions")
        wait_for_rows(qtbot, page)
        # A no-break space groups the thousands, as in the goal, spend and campaign forms
        # (Qt's own French separator is a narrow no-break space).
        assert page.model.data(page.model.index(0, 2)) == "1\u00a0234,50\u00a0€"
    finally:
        QLocale.setDefault(before)
        apply_locale()
