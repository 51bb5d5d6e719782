"""The Settings page: business settings stored and undone, exchange rates, channel merge and mappings."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.store.channels import ChannelResolver
from desktop_app.store.settings import load_settings
from desktop_app.ui import seams
from tests.gui.settings_helpers import open_tab


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
    open_tab(qtbot, page, "Exchange rates")  # an exchange rate added meanwhile refreshes the page
    page.rates.currency_combo.setCurrentText("USD")
    qtbot.keyClicks(page.rates.rate_edit, "0.9215")
    qtbot.keyClick(page.rates.rate_edit, Qt.Key.Key_Return)
    assert page.rates.table.rowCount() == 1
    open_tab(qtbot, page, "Business")
    assert tab.name_edit.text() == "Lakeside Dental" and tab.save_button.isEnabled()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert load_settings(main_window.ctx.require_db()).name == "Lakeside Dental"


def test_exchange_rate_added_with_exact_text(main_window, qtbot) -> None:
    page = main_window.show_page("settings")
    open_tab(qtbot, page, "Exchange rates")
    tab = page.rates
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


def test_channels_tab_counts_conversions_on_a_worker(main_window, qtbot, monkeypatch) -> None:
    """Counting every conversion per channel reads the whole table (100 ms on a million): the
    Channels tab shows "…" and a worker brings the counts, all statuses included."""
    import threading

    from desktop_app.ui.models.channels_model import COL_USED
    from desktop_app.ui.settings import channels_tab

    threads: list[threading.Thread] = []
    counted = channels_tab.usage_counts

    def spy(db):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return counted(db)

    monkeypatch.setattr(channels_tab, "usage_counts", spy)
    db = main_window.ctx.require_db()
    search = db.execute("SELECT id FROM channels WHERE name = 'Paid Search'").fetchone()[0]
    goal = db.execute("INSERT INTO goals (name) VALUES ('Lead')").lastrowid
    for n, status in enumerate(("active", "active", "cancelled")):
        db.execute(
            "INSERT INTO conversions (goal_id, occurred_at, local_date, currency,"
            " original_currency, channel_id, status)"
            " VALUES (?, ?, '2026-05-01', 'EUR', 'EUR', ?, ?)",
            [goal, f"2026-05-01T10:0{n}:00Z", search, status],
        )
    page = main_window.show_page("settings")
    open_tab(qtbot, page, "Channels")
    tab = page.channels
    model = tab.model
    row = next(n for n, item in enumerate(model.items) if item.id == search)
    qtbot.waitUntil(lambda: model.item_at(row).conversions is not None, timeout=10_000)
    shown = {
        model.index(n, 0).data(): model.index(n, COL_USED).data() for n in range(model.rowCount())
    }
    assert shown["Paid Search"] == "3"
    assert set(shown.values()) == {"3", "0"}
    assert threads and threading.main_thread() not in threads


def test_tabs_not_opened_are_built_when_first_opened_with_current_data(main_window, qtbot) -> None:
    db = main_window.ctx.require_db()
    page = main_window.show_page("settings")
    assert not page.rates_tab.built and not page.channels_tab.built
    db.execute("INSERT INTO channels (name) VALUES ('Radio')")  # written before the tab exists
    open_tab(qtbot, page, "Channels")
    assert page.channels_tab.built and not page.rates_tab.built
    names = [item.name for item in page.channels.model.items]
    assert "Radio" in names and page.channels.table.isVisible()


def test_conversions_not_counted_are_said_not_left_waiting(main_window, qtbot, monkeypatch) -> None:
    from desktop_app.store.lock import DatabaseLockedError
    from desktop_app.ui.settings import channels_tab

    def locked(_db):  # type: ignore[no-untyped-def]
        raise DatabaseLockedError("the database is in use by another program")

    monkeypatch.setattr(channels_tab, "usage_counts", locked)
    page = main_window.show_page("settings")
    open_tab(qtbot, page, "Channels")
    tab = page.channels
    qtbot.waitUntil(tab.error_label.isVisible, timeout=10_000)
    assert "could not be counted" in tab.error_label.text()
    assert "in use by another program" in tab.error_label.text()
    monkeypatch.undo()  # the next change counts again, and the message goes
    main_window.ctx.notify("channels")
    qtbot.waitUntil(lambda: not tab.error_label.isVisible(), timeout=10_000)
    assert all(item.conversions is not None for item in tab.model.items)


def test_a_channel_edit_keeps_the_counts_shown_while_they_are_recounted(
    main_window, qtbot, tmp_path
) -> None:
    from desktop_app.store import close_database, open_database
    from desktop_app.store.settings import save_settings
    from desktop_app.ui.models.channels_model import COL_PAID, COL_USED

    db = main_window.ctx.require_db()
    search = db.execute("SELECT id FROM channels WHERE name = 'Paid Search'").fetchone()[0]
    goal = db.execute("INSERT INTO goals (name) VALUES ('Lead')").lastrowid
    for n in range(2):
        db.execute(
            "INSERT INTO conversions (goal_id, occurred_at, local_date, currency,"
            " original_currency, channel_id) VALUES (?, ?, '2026-05-01', 'EUR', 'EUR', ?)",
            [goal, f"2026-05-01T10:0{n}:00Z", search],
        )
    page = main_window.show_page("settings")
    open_tab(qtbot, page, "Channels")
    model = page.channels.model

    def cell(name: str) -> str:
        row = next(n for n, item in enumerate(model.items) if item.name == name)
        return str(model.index(row, COL_USED).data())

    qtbot.waitUntil(lambda: cell("Paid Search") == "2", timeout=10_000)
    row = next(n for n, item in enumerate(model.items) if item.name == "Paid Search")
    model.setData(
        model.index(row, COL_PAID), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole
    )
    qtbot.waitUntil(lambda: not any(i.paid for i in model.items if i.name == "Paid Search"))
    assert model.items[row].conversions is None  # being recounted ...
    assert cell("Paid Search") == "2"  # ... and the number stays meanwhile, greyed
    qtbot.waitUntil(lambda: model.items[row].conversions == 2, timeout=10_000)
    # Another database's channels with the same ids: its own counts or "…", never these.
    other = tmp_path / "other.db"
    fresh = open_database(other)
    save_settings(fresh, {"currency": "EUR", "timezone": "Europe/Berlin", "name": "Other"})
    close_database(fresh)
    assert main_window.open_path(other)
    page = main_window.show_page("settings")
    open_tab(qtbot, page, "Channels")
    model = page.channels.model
    assert cell("Paid Search") in ("…", "0")
    qtbot.waitUntil(lambda: cell("Paid Search") == "0", timeout=10_000)
