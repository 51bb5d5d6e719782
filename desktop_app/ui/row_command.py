"""An undo step for rows a page already changed: undo puts their old states back, redo the new ones."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtGui import QUndoCommand

from desktop_app.store.faults import DatabaseError
from desktop_app.store.row_changes import RowChange, apply_changes
from desktop_app.ui import seams
from desktop_app.ui.context import AppContext


class RowChangeCommand(QUndoCommand):
    """Pushed after the change was written; the first redo (on push) only tells the pages."""

    def __init__(
        self,
        ctx: AppContext,
        text: str,
        changes: Sequence[RowChange],
        changed: Iterable[str],
    ) -> None:
        super().__init__(text)
        self.ctx = ctx
        self.changes = list(changes)
        self.changed = tuple(changed)
        self._written = True

    def redo(self) -> None:
        if not self._written:
            self._apply(undo=False)
        self._written = False
        self._tell()

    def undo(self) -> None:
        self._apply(undo=True)
        self._tell()

    def _apply(self, undo: bool) -> None:
        try:
            apply_changes(self.ctx.require_db(), self.changes, undo=undo)
        except DatabaseError as exc:
            # Something else (an import) changed the same rows since; leave the data as it is.
            self.setObsolete(True)
            seams.show_error(
                None,
                "Cannot " + ("undo" if undo else "redo"),
                f"'{self.text()}' cannot be {'undone' if undo else 'redone'}: the data changed "
                f"since ({exc}).",
            )

    def _tell(self) -> None:
        for what in self.changed:
            self.ctx.notify(what)


def push_changes(ctx: AppContext, text: str, changes: Sequence[RowChange], *changed: str) -> None:
    """Record changes already written as one undoable step, and tell the pages."""
    if changes:
        ctx.undo_stack.push(RowChangeCommand(ctx, text, changes, changed))
