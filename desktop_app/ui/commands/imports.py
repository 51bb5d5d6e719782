"""Imports on the Edit menu's undo stack: an import itself, and its removal from the history.

`ImportCommand` is pushed when an import has been stored: Edit > Undo removes the batch, Redo
puts every row back. `RemoveImportCommand` is the import history's "Undo import…": its redo
removes the batch, its undo brings it back. Both directions run off the GUI thread (a big batch
takes a while), with a progress dialog after about half a second; the work cannot be cancelled
half-way (it is one transaction either way).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QWidget

from desktop_app.importing.batches import UndoError, UndoResult
from desktop_app.importing.restore import BatchSnapshot, restore_batch, undo_batch_restorable
from desktop_app.store.faults import DatabaseError
from desktop_app.ui import seams
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.workers import DbWork, run_with_database


class _BatchCommand(QUndoCommand):
    """Removing a batch takes a fresh snapshot each time, so restoring gives back exactly the
    state just before that removal."""

    def __init__(
        self, ctx: AppContext, text: str, batch_id: int, file: str, parent: QWidget | None
    ) -> None:
        super().__init__(text)
        self.ctx = ctx
        self.batch_id = batch_id
        self.file = file
        self.window = parent  # the progress dialog and messages sit over it
        self.snapshot: BatchSnapshot | None = None
        self.result: UndoResult | None = None
        self.busy = False  # tests and callers wait on this
        self._then: list[Callable[[], None]] = []  # asked for while busy: run in turn

    def _remove(self) -> None:
        if self.busy:  # Undo, Redo, Undo pressed quickly: each runs after the one before
            self._then.append(self._remove)
            return

        def work(db: Any, progress: Callable[[int, int], None], cancelled: Any) -> Any:
            return undo_batch_restorable(db, self.batch_id)

        def done(found: tuple[UndoResult, BatchSnapshot]) -> None:
            self.result, self.snapshot = found
            self._finished()

        def failed(exc: BaseException, _trace: str) -> None:
            self.snapshot = None
            self.setObsolete(True)
            self._finished()
            if isinstance(exc, UndoError | DatabaseError):
                seams.show_error(self.window, "Cannot undo the import", str(exc))
            else:
                seams.show_error(self.window, "Cannot undo the import", repr(exc))

        self._start(work, done, failed, f"Undoing the import of {self.file}…")

    def _restore(self) -> None:
        if self.busy:
            self._then.append(self._restore)
            return
        snapshot = self.snapshot
        if snapshot is None:
            return

        def work(db: Any, progress: Callable[[int, int], None], cancelled: Any) -> None:
            restore_batch(db, snapshot)

        def failed(exc: BaseException, _trace: str) -> None:
            # Rows imported since then clash with the batch (same order ids): keep the data as is.
            self.setObsolete(True)
            self._finished()
            seams.show_error(
                self.window,
                "Cannot bring the import back",
                f"The batch cannot be restored because the data changed since ({exc}). Import "
                "the file again instead.",
            )

        self._start(work, lambda _none: self._finished(), failed, f"Restoring {self.file}…")

    def _start(
        self,
        work: DbWork,
        done: Callable[[Any], None],
        failed: Callable[[BaseException, str], None],
        label: str,
    ) -> None:
        self.busy = True
        self._task = run_with_database(
            self.ctx, work, done, failed, self.window, label, cancellable=False, writes=True
        )

    def _finished(self) -> None:
        self.busy = False
        self.ctx.notify("imports")
        if self._then:
            self._then.pop(0)()


class ImportCommand(_BatchCommand):
    """An import already stored: pushing it only tells the pages; undo removes the batch."""

    def __init__(
        self, ctx: AppContext, batch_id: int, file: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, f"Import of {file}", batch_id, file, parent)
        self._stored = True

    def redo(self) -> None:
        if self._stored:  # on push: the import is in the database already
            self._stored = False
            self.ctx.notify("imports")
            return
        self._restore()

    def undo(self) -> None:
        self._remove()


class RemoveImportCommand(_BatchCommand):
    """The import history's "Undo import…": redo removes the batch, undo brings it back."""

    def __init__(
        self, ctx: AppContext, batch_id: int, file: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, f"Removal of the import of {file}", batch_id, file, parent)

    def redo(self) -> None:
        self._remove()

    def undo(self) -> None:
        self._restore()
