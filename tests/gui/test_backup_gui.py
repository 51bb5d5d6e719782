"""Backups in the GUI (issue: data safety and privacy): File > Back up now, File > Restore from
backup…, and the offer of a backup when the database is damaged."""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop_app.store.backup import list_backups
from desktop_app.ui import seams
from desktop_app.ui.dialogs.restore_backup import RestoreBackupDialog
from tests.gui.import_helpers import dump

SHOTS = os.environ.get("CT_SHOTS")  # a folder to save screenshots in, when looking at them


def _goal(db, name: str) -> None:  # type: ignore[no-untyped-def]
    db.execute(
        "INSERT INTO goals (name, category, level, currency) VALUES (?, 'transaction', 'macro',"
        " 'EUR')",
        [name],
    )


def _choose_first_and_restore(qtbot, confirmations: list[str]):  # type: ignore[no-untyped-def]
    def run(dialog: QDialog) -> int:
        assert isinstance(dialog, RestoreBackupDialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        if SHOTS:
            dialog.grab().save(str(Path(SHOTS) / "restore-dialog.png"))
        table = dialog.table
        cell = table.visualItemRect(table.item(0, 0)).center()
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
        assert dialog.restore_button.isEnabled()
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    return run


def test_back_up_now_then_restore_gives_back_the_earlier_data(
    main_window, qtbot, dialogs, monkeypatch
) -> None:
    ctx = main_window.ctx
    db = ctx.require_db()
    _goal(db, "Sale")
    earlier = dump(db)
    main_window.backup_action.trigger()
    [(title, text)] = dialogs
    assert title == "Backed up" and "shop-" in text and "manual" in text
    [made] = [b for b in list_backups(ctx.db_path) if b.kind == "manual"]
    assert made.kind == "manual" and made.conversions == 0

    _goal(ctx.require_db(), "Lead")  # a change after the backup
    ctx.notify("goals")
    asked: list[str] = []
    monkeypatch.setattr(seams, "run_dialog", _choose_first_and_restore(qtbot, asked))
    monkeypatch.setattr(seams, "confirm", lambda parent, title, text, ok="OK": asked.append(text)
                        or True)  # fmt: skip
    main_window.restore_action.trigger()
    assert asked and asked[0].startswith("Replace shop.db with the copy made on ")
    assert dump(ctx.require_db()) == earlier
    title, text = dialogs[-1]
    assert title == "Backup restored" and "shop.db.before-restore" in text
    kept = ctx.db_path.with_name("shop.db.before-restore")
    names = [r[0] for r in sqlite3.connect(kept).execute("SELECT name FROM goals ORDER BY 1")]
    assert names == ["Lead", "Sale"]
    if SHOTS:
        main_window.grab().save(str(Path(SHOTS) / "after-restore.png"))


def test_a_damaged_database_is_offered_its_latest_good_backup(
    main_window, qtbot, dialogs, monkeypatch
) -> None:
    ctx = main_window.ctx
    path = ctx.db_path
    _goal(ctx.require_db(), "Sale")
    main_window.backup_action.trigger()
    ctx.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    for at in range(4096 * 2, len(data), 997):
        data[at] ^= 0x5A
    path.write_bytes(bytes(data))
    asked: list[str] = []
    monkeypatch.setattr(seams, "confirm", lambda parent, title, text, ok="OK": asked.append(title)
                        or True)  # fmt: skip
    assert main_window.open_path(path)
    assert asked == ["The database is damaged"]
    assert [r[0] for r in ctx.require_db().execute("SELECT name FROM goals")] == ["Sale"]
    assert dialogs[-1][0] == "Backup restored"


def test_the_days_check_and_backup_run_in_the_background_when_a_database_opens(
    main_window, qtbot
) -> None:
    ctx = main_window.ctx
    _goal(ctx.require_db(), "Sale")
    path = ctx.db_path
    assert main_window.open_path(path)  # opened again, now with data in it
    qtbot.waitUntil(lambda: any(b.kind == "auto" for b in list_backups(path)), timeout=20_000)
    [auto] = [b for b in list_backups(path) if b.kind == "auto"]
    assert auto.conversions == 0 and auto.created_at.date() == date.today()
