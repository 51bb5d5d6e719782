"""Upgrading a database to this version, with the window answering and a note saying why.

An upgrade first copies the whole file (the copy a failed or unwanted upgrade goes back to):
about 9 s for a database of a million conversions on the machine the benchmarks ran on, and
longer on a slow disk. Done on the GUI thread, the window froze without a word on the first
start after an update. Here a thread of its own opens the file (which copies and upgrades it)
and closes it again, while a progress note without a Cancel button says what is happening (a
half-made copy is no use, and the upgrade's steps are each all or nothing anyway); the caller
then opens the upgraded file as usual.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from desktop_app.store import close_database, open_database

POLL_MS = 30


class _UpgradeNote(QProgressDialog):
    """Stays until the upgrade ends: Escape (a dialog's reject) and the title bar's close (a
    progress dialog's cancel) do nothing, as either would hide it and give the window back
    mid-upgrade."""

    finished_upgrade = False

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.finished_upgrade:
            super().closeEvent(event)
        else:
            event.ignore()

    def reject(self) -> None:
        if self.finished_upgrade:
            super().reject()


def upgrade_with_progress(path: Path, parent: QWidget | None = None) -> None:
    """Upgrade `path` (copying it first) on a thread; raises what opening it raised."""
    failure: list[BaseException] = []

    def work() -> None:
        try:
            close_database(open_database(path, backup=False, summary=False))
        except BaseException as exc:  # handed to the caller, on its own thread
            failure.append(exc)

    thread = threading.Thread(target=work, name="upgrade", daemon=True)
    dialog = _UpgradeNote(
        f"Upgrading {path.name} for this version of Conversion Tracker.\n"
        "A copy of it is saved first, in case; on a large file this takes a minute.",
        "",  # no Cancel: the copy and each step of the upgrade are all or nothing
        0,
        0,
        parent,
    )
    dialog.setCancelButton(None)
    dialog.setWindowTitle("Upgrading the database")
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    thread.start()
    dialog.show()
    try:
        while thread.is_alive():
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, POLL_MS)
            thread.join(POLL_MS / 1000)
    finally:
        dialog.finished_upgrade = True
        dialog.close()
        dialog.deleteLater()
    if failure:
        raise failure[0]
