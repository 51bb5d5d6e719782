"""The undo stack's two command shapes, with one way to handle a step that can no longer run.

`RowChangeCommand` records rows a page already wrote (store/row_changes.py keeps their before
and after states, restored by id). `FunctionCommand` runs a pair of store functions (do, undo)
for changes made in one call. Either way, when the data changed since (SQLite refuses, or the
store raises one of the command's `refusals`), the user is told, the data stays as it is, and
the step leaves the stack instead of pretending to be undone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtGui import QUndoCommand

from desktop_app.store.faults import DatabaseError
from desktop_app.store.row_changes import RowChange, apply_changes
from desktop_app.ui import seams
from desktop_app.ui.shell.context import AppContext


class StoreCommand(QUndoCommand):
    """A step that changes the database, then tells the pages what changed (`changed`)."""

    refusals: tuple[type[Exception], ...] = ()  # store errors that mean "cannot run now"
    what = ""  # names the step in the message's title ("the exchange rate")

    def __init__(self, ctx: AppContext, text: str, changed: Iterable[str]) -> None:
        super().__init__(text)
        self.ctx = ctx
        self.changed = tuple(changed)

    def _run(self, action: Callable[[], object], undo: bool) -> bool:
        """Run `action`; a refusal is shown and makes the step obsolete. True when it ran."""
        caught: tuple[type[Exception], ...] = (DatabaseError, *self.refusals)
        try:
            action()
        except caught as exc:
            self.setObsolete(True)
            title = ("Cannot undo" if undo else "Cannot redo") + (
                f" {self.what}" if self.what else ""
            )
            if isinstance(exc, DatabaseError):  # SQLite's own words need a sentence around them
                verb = "undone" if undo else "redone"
                text = (
                    f"'{self.text()}' cannot be {verb}: the data changed since ({exc}). "
                    "Nothing was changed."
                )
            else:  # the store's refusals are sentences that say why
                text = str(exc)
            seams.show_error(None, title, text)
            return False
        return True

    def _tell(self) -> None:
        for what in self.changed:
            self.ctx.notify(what)


class RowChangeCommand(StoreCommand):
    """Pushed after the change was written; the first redo (on push) only tells the pages."""

    def __init__(
        self,
        ctx: AppContext,
        text: str,
        changes: Sequence[RowChange],
        changed: Iterable[str],
    ) -> None:
        super().__init__(ctx, text, changed)
        self.changes = list(changes)
        self._written = True

    def redo(self) -> None:
        if not self._written:
            self._run(lambda: apply_changes(self.ctx.require_db(), self.changes, undo=False), False)
        self._written = False
        self._tell()

    def undo(self) -> None:
        self._run(lambda: apply_changes(self.ctx.require_db(), self.changes, undo=True), True)
        self._tell()


class FunctionCommand(StoreCommand):
    """`do` runs on push (its errors reach the caller, who shows them) and on every redo; `undo`
    reverses it. Both restore exact rows (same ids)."""

    def __init__(
        self,
        ctx: AppContext,
        text: str,
        do: Callable[[], object],
        undo: Callable[[], object],
        changed: Iterable[str] = ("conversions",),
        refusals: tuple[type[Exception], ...] = (),
        what: str = "",
    ) -> None:
        super().__init__(ctx, text, changed)
        self._do, self._undo = do, undo
        self.refusals, self.what = refusals, what
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            self._do()
        else:
            self._run(self._do, undo=False)
        self._tell()

    def undo(self) -> None:
        self._run(self._undo, undo=True)
        self._tell()


def push_changes(ctx: AppContext, text: str, changes: Sequence[RowChange], *changed: str) -> None:
    """Record changes already written as one undoable step, and tell the pages."""
    if changes:
        ctx.undo_stack.push(RowChangeCommand(ctx, text, changes, changed))
