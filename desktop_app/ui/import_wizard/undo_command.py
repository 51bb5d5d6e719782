"""'Undo import' as an Edit-menu step: redo removes the batch, undo puts every row back exactly."""

from __future__ import annotations

import sqlite3

from PySide6.QtGui import QUndoCommand

from desktop_app.importing.batches import UndoError, UndoResult
from desktop_app.importing.restore import BatchSnapshot, restore_batch, undo_batch_restorable
from desktop_app.ui import seams
from desktop_app.ui.context import AppContext


class UndoImportCommand(QUndoCommand):
    """Each redo takes a fresh snapshot, so undo restores the state just before that redo."""

    def __init__(self, ctx: AppContext, batch_id: int, file: str) -> None:
        super().__init__(f"Undo import of {file}")
        self.ctx = ctx
        self.batch_id = batch_id
        self.snapshot: BatchSnapshot | None = None
        self.result: UndoResult | None = None

    def redo(self) -> None:
        try:
            self.result, self.snapshot = undo_batch_restorable(self.ctx.require_db(), self.batch_id)
        except (UndoError, sqlite3.Error) as exc:
            self.snapshot = None
            self.setObsolete(True)
            seams.show_error(None, "Cannot undo the import", str(exc))
        self.ctx.notify("imports")

    def undo(self) -> None:
        if self.snapshot is None:
            return
        try:
            restore_batch(self.ctx.require_db(), self.snapshot)
        except sqlite3.Error as exc:
            # Rows imported since then clash with the batch (same order ids): keep the data as is.
            self.setObsolete(True)
            seams.show_error(
                None,
                "Cannot bring the import back",
                f"The batch cannot be restored because the data changed since ({exc}). Import "
                "the file again instead.",
            )
        self.ctx.notify("imports")
