"""The Settings page: business settings stored and undone, exchange rates, channel merge and mappings."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.store.channels import ChannelResolver
from desktop_app.store.settings import load_settings
from desktop_app.ui import seams


def test_business_settings_are_stored_and_undone(main_window, qtbot) -> None:
    page = main_window.show_page("settings")
    tab = page.business
    assert not tab.save_button.isEnabled()
    tab.name_edit.selectAll()
    qtbot.keyClicks(tab.name_edit, "Lakeside Dental")
    tab.keep_check.setChecked(True)
    tab.country_combo.set_code("DE")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    db = main_window.ctx.require_db()
    stored = load_settings(db)
    assert (stored.name, stored.keep_contacts, stored.country) == ("Lakeside Dental", True, "DE")
    main_window.ctx.undo_stack.undo()
    stored = load_settings(db)
    assert (stored.name, stored.keep_contacts, stored.country) == ("Test shop", False, "US")
    # The fields follow the undo, as nothing in them was edited since.
    assert (tab.name_edit.text(), tab.keep_check.isChecked()) == ("Test shop", False)
    assert tab.country_combo.code() == "US" and not tab.save_button.isEnabled()


def test_unsaved_business_edits_survive_a_change_elsewhere_on_the_page(main_window, qtbot) -> None:
    page = main_window.show_page("settings")
    tab = page.business
    tab.name_edit.selectAll()
    qtbot.keyClicks(tab.name_edit, "Lakeside Dental")
    page.tabs.setCurrentWidget(page.rates)  # an exchange rate added meanwhile refreshes the page
    page.rates.currency_combo.setCurrentText("USD")
    qtbot.keyClicks(page.rates.rate_edit, "0.9215")
    qtbot.keyClick(page.rates.rate_edit, Qt.Key.Key_Return)
    assert page.rates.table.rowCount() == 1
    page.tabs.setCurrentWidget(tab)
    assert tab.name_edit.text() == "Lakeside Dental" and tab.save_button.isEnabled()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert load_settings(main_window.ctx.require_db()).name == "Lakeside Dental"


def test_exchange_rate_added_with_exact_text(main_window, qtbot) -> None:
    page = main_window.show_page("settings")
    tab = page.rates
    page.tabs.setCurrentWidget(tab)
    tab.currency_combo.setCurrentText("USD")
    qtbot.keyClicks(tab.rate_edit, "0.9215")
    qtbot.keyClick(tab.rate_edit, Qt.Key.Key_Return)
    db = main_window.ctx.require_db()
    assert db.execute("SELECT currency, rate FROM exchange_rates").fetchall() == [("USD", "0.9215")]
    assert tab.table.rowCount() == 1
    tab.rate_edit.clear()
    qtbot.keyClicks(tab.rate_edit, "-1")
    assert not tab.add_button.isEnabled() and tab.error_label.isVisible()


def test_merge_and_mapping_through_the_page(main_window, qtbot, monkeypatch) -> None:
    db = main_window.ctx.require_db()
    page = main_window.show_page("settings")
    tab = page.channels
    qtbot.keyClicks(tab.new_name_edit, "Facebook")
    qtbot.keyClick(tab.new_name_edit, Qt.Key.Key_Return)
    fb = db.execute("SELECT id FROM channels WHERE name = 'Facebook'").fetchone()[0]
    social = db.execute("SELECT id FROM channels WHERE name = 'Paid Social'").fetchone()[0]
    goal = db.execute("INSERT INTO goals (name) VALUES ('Lead')").lastrowid
    db.execute(
        "INSERT INTO conversions (goal_id, occurred_at, local_date, currency, original_currency,"
        " channel_id) VALUES (?, '2026-05-01T10:00:00Z', '2026-05-01', 'EUR', 'EUR', ?)",
        [goal, fb],
    )
    main_window.ctx.notify("channels")
    tab.select(fb)
    tab.merge_combo.setCurrentIndex(tab.merge_combo.findData(social))
    monkeypatch.setattr(seams, "confirm", lambda *a, **k: True)
    qtbot.mouseClick(tab.merge_button, Qt.MouseButton.LeftButton)
    assert db.execute("SELECT channel_id FROM conversions").fetchone()[0] == social
    assert db.execute("SELECT 1 FROM channels WHERE id = ?", [fb]).fetchone() is None
    qtbot.keyClicks(tab.alias_edit, "Pay per Click Ads")
    tab.alias_channel.setCurrentIndex(tab.alias_channel.findText("Paid Search"))
    qtbot.keyClick(tab.alias_edit, Qt.Key.Key_Return)
    search = db.execute("SELECT id FROM channels WHERE name = 'Paid Search'").fetchone()[0]
    assert ChannelResolver(db).resolve(source="pay per click ads")[0] == search
    assert tab.alias_table.rowCount() == 2  # Facebook -> Paid Social (from the merge), and this
    stack = main_window.ctx.undo_stack
    stack.undo()
    stack.undo()
    assert db.execute("SELECT channel_id FROM conversions").fetchone()[0] == fb
    assert db.execute("SELECT COUNT(*) FROM channel_aliases").fetchone()[0] == 0
