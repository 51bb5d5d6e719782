"""An undo step made of two plain functions (do and undo) that change the database, then tell the pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtGui import QUndoCommand

from desktop_app.ui.context import AppContext


class DbCommand(QUndoCommand):
    """`do` runs on push and on every redo, `undo` reverses it; both restore exact rows (same ids)."""

    def __init__(
        self,
        ctx: AppContext,
        text: str,
        do: Callable[[], object],
        undo: Callable[[], object],
        changed: Iterable[str] = ("conversions",),
    ) -> None:
        super().__init__(text)
        self.ctx = ctx
        self._do, self._undo = do, undo
        self.changed = tuple(changed)

    def redo(self) -> None:
        self._do()
        self._tell()

    def undo(self) -> None:
        self._undo()
        self._tell()

    def _tell(self) -> None:
        for what in self.changed:
            self.ctx.notify(what)
