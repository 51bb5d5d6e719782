"""Database faults in the GUI (issue: data safety and privacy): told as what they are, with the
file and what to do, never as 'Something went wrong' with a traceback."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from desktop_app.store import connection
from tests.gui.import_helpers import dump, open_wizard, wizards_deleted  # noqa: F401


def test_an_uncaught_database_fault_is_told_as_what_it_is(main_window, dialogs, monkeypatch):
    from desktop_app.ui.shell.errors import install_excepthook

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


@pytest.mark.slow  # 2-3 s (a whole demo, or a deliberate wait for another program)
def test_a_waiting_import_says_so_and_goes_on_when_the_other_program_finishes(
    main_window, qtbot, dialogs, monkeypatch, tmp_path: Path
) -> None:
    import threading

    path = tmp_path / "orders.csv"
    path.write_text("Order ID,Created at,Total\nA1,2026-01-02 10:00,10.00\n", encoding="utf-8")
    wizard = open_wizard(main_window, qtbot, monkeypatch, path)
    other = sqlite3.connect(main_window.ctx.db_path, isolation_level=None,
                            check_same_thread=False)  # fmt: skip
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(2.0, lambda: other.execute("ROLLBACK"))
    release.start()
    seen: list[str] = []
    try:
        for _ in range(4):  # up to the preview, whose dry run waits for the lock
            button = wizard.button(QWizard.WizardButton.NextButton)
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

            def note_label() -> bool:
                task = wizard.task
                if task is not None and task.dialog is not None:
                    seen.append(task.dialog.labelText())
                return not wizard.busy

            qtbot.waitUntil(note_label, timeout=30_000)
    finally:
        release.join()
        other.close()
    assert "Waiting for another program to finish writing to the database…" in seen
    assert not dialogs  # no error: the import went on once the other program finished
    assert wizard.preview_step.dry is not None and wizard.preview_step.dry.inserted == 1
    wizard.reject()
