"""Privacy in the GUI (issue: data safety and privacy): switching keep_contacts off asks first,
and clears the contacts kept in clear only when the user agrees."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.store.settings import load_settings, save_settings
from desktop_app.ui import seams


def _kept_contact(db) -> None:  # type: ignore[no-untyped-def]
    save_settings(db, {"keep_contacts": "true"})
    db.execute("INSERT INTO goals (name, category, level, currency) VALUES ('Sale',"
               " 'transaction', 'macro', 'EUR')")  # fmt: skip
    db.execute(
        "INSERT INTO conversions (goal_id, occurred_at, local_date, currency, original_currency,"
        " channel_id, email, email_hash) SELECT 1, '2026-05-01T10:00:00Z', '2026-05-01', 'EUR',"
        " 'EUR', (SELECT id FROM channels LIMIT 1), 'jane@example.com', 'h'"
    )


def test_keep_contacts_off_asks_and_declining_leaves_it_on(main_window, qtbot, monkeypatch):
    db = main_window.ctx.require_db()
    _kept_contact(db)
    tab = main_window.show_page("settings").business
    asked: list[str] = []
    monkeypatch.setattr(seams, "confirm", lambda p, title, text, ok="OK": asked.append(text)
                        or False)  # fmt: skip
    qtbot.mouseClick(tab.keep_check, Qt.MouseButton.LeftButton, pos=tab.keep_check.rect().center())
    assert not tab.keep_check.isChecked()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert asked and asked[0].startswith("1 record keeps an e-mail address or phone number")
    assert tab.keep_check.isChecked() and load_settings(db).keep_contacts
    assert db.execute("SELECT email FROM conversions").fetchone() == ("jane@example.com",)

    monkeypatch.setattr(seams, "confirm", lambda *a, **k: True)
    qtbot.mouseClick(tab.keep_check, Qt.MouseButton.LeftButton, pos=tab.keep_check.rect().center())
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert not load_settings(db).keep_contacts
    assert db.execute("SELECT email, email_hash FROM conversions").fetchone() == (None, "h")


def test_erase_a_customer_found_by_e_mail_and_their_older_backups(
    main_window, qtbot, dialogs, monkeypatch
):
    import os
    from pathlib import Path

    from desktop_app.domain.google_contacts import email_hash
    from desktop_app.store.backup import list_backups
    from desktop_app.ui.dialogs.erase_person import ErasePersonDialog
    from desktop_app.ui.workers import busy

    # The day's check and backup run on a worker after opening: let it finish on the empty
    # database first, or a late one copies the customer and counts as a second older backup.
    qtbot.waitUntil(lambda: not busy(), timeout=20_000)
    db = main_window.ctx.require_db()
    _kept_contact(db)
    db.execute("UPDATE conversions SET email_hash = ?, customer_key = ?",
               [email_hash("jane@example.com")] * 2)  # fmt: skip
    main_window.backup_action.trigger()  # a backup made before the erasure
    assert len([b for b in list_backups(main_window.ctx.db_path) if b.kind == "manual"]) == 1
    answers: list[str] = []
    monkeypatch.setattr(seams, "confirm", lambda p, title, text, ok="OK": answers.append(title)
                        or True)  # fmt: skip

    def run(dialog) -> int:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, ErasePersonDialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert not dialog.erase_button.isEnabled()
        qtbot.keyClicks(dialog.value, "Jane@Example.com")
        qtbot.waitUntil(lambda: dialog.found.text().startswith("Found"))  # once typing pauses
        assert dialog.found.text() == "Found 1 conversion and 0 visits of this person."
        if os.environ.get("CT_SHOTS"):
            dialog.grab().save(str(Path(os.environ["CT_SHOTS"]) / "erase-dialog.png"))
        qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(seams, "run_dialog", run)
    main_window.erase_action.trigger()
    assert answers == ["Erase this customer", "Backups still hold this customer"]
    assert db.execute("SELECT COUNT(*) FROM conversions").fetchone() == (0,)
    [fresh] = list_backups(main_window.ctx.db_path)  # made after the erasure, without them
    assert fresh.conversions == 0
    title, text = dialogs[-1]
    assert title == "Customer erased" and "1 older backup was deleted as well." in text


def test_old_records_are_purged_on_open_after_asking_the_first_time(
    main_window, qtbot, monkeypatch, tmp_path
):
    from datetime import date

    db = main_window.ctx.require_db()
    _kept_contact(db)  # one conversion on 2026-05-01
    db.execute("UPDATE conversions SET local_date = ?, occurred_at = ?",
               [f"{date.today().year - 3}-01-10", f"{date.today().year - 3}-01-10T10:00:00Z"])  # fmt: skip
    save_settings(db, {"retention_months": "24"})
    path = main_window.ctx.db_path
    asked: list[str] = []
    monkeypatch.setattr(seams, "confirm", lambda p, title, text, ok="OK": asked.append(text)
                        or False)  # fmt: skip
    assert main_window.open_path(path)
    assert asked and "1 conversions and 0 visits are dated before" in asked[0]
    assert main_window.ctx.require_db().execute("SELECT COUNT(*) FROM conversions").fetchone() == (
        1,
    )
    monkeypatch.setattr(seams, "confirm", lambda *a, **k: asked.append("again") or True)
    assert main_window.open_path(path)
    assert main_window.ctx.require_db().execute("SELECT COUNT(*) FROM conversions").fetchone() == (
        0,
    )
    asked.clear()
    assert main_window.open_path(path)  # agreed once: not asked again
    assert asked == []
