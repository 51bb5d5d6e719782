"""Database faults in the GUI (issue: data safety and privacy): told as what they are, with the
file and what to do, never as 'Something went wrong' with a traceback."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from desktop_app.store import connection
from tests.gui.import_helpers import dump, open_wizard, wizards_deleted  # noqa: F401


def test_an_uncaught_database_fault_is_told_as_what_it_is(main_window, dialogs, monkeypatch):
    from desktop_app.ui.errors import install_excepthook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_excepthook(lambda: main_window.ctx.db_path)
    try:
        raise sqlite3.OperationalError("database or disk is full")
    except sqlite3.OperationalError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    [(title, text)] = dialogs
    assert title == "The change could not be saved"
    assert text.startswith("The disk holding shop.db is full") and "Free some space" in text


def test_an_import_while_another_program_writes_says_so(
    main_window, qtbot, dialogs, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(connection, "BUSY_SECONDS", 0.3)
    db = main_window.ctx.require_db()
    before = dump(db)
    path = tmp_path / "orders.csv"
    path.write_text("Order ID,Created at,Total\nA1,2026-01-02 10:00,10.00\n", encoding="utf-8")
    wizard = open_wizard(main_window, qtbot, monkeypatch, path)
    other = sqlite3.connect(main_window.ctx.db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        for _ in range(4):  # ... up to the preview, whose dry run needs to write
            button = wizard.button(QWizard.WizardButton.NextButton)
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: not wizard.busy, timeout=30_000)
            if dialogs:
                break
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert dialogs, "no message was shown"
    title, text = dialogs[-1]
    assert title == "The import did not run"
    assert text.startswith("Another program is writing to shop.db")
    assert dump(db) == before
    wizard.reject()
