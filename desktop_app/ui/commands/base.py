"""The undo stack's one step for a change made by hand, and one way to handle a step that can no
longer run.

A page or dialog writes through the store, which returns the change as a `Reversible` (it knows
the exact rows before and after, see store/changes.py); `push_change` puts it on the undo stack
and tells the pages. Undo and redo then ask the change to put its rows back or forward, each in
one transaction. When the data changed since (SQLite refuses, or the store raises one of the
step's `refusals`), the user is told, the data stays as it is, and the step leaves the stack
instead of pretending to be undone. Imports, whose undo is long, have a background twin
(commands/imports.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtGui import QUndoCommand

from desktop_app.store.changes import Reversible
from desktop_app.store.faults import DatabaseError
from desktop_app.store.row_changes import RowChange, RowChanges
from desktop_app.ui import seams
from desktop_app.ui.shell.context import AppContext


class ChangeCommand(QUndoCommand):
    """A change already written: pushing it only tells the pages (`changed`); undo and redo
    put its rows back and forward."""

    def __init__(
        self,
        ctx: AppContext,
        text: str,
        change: Reversible,
        changed: Iterable[str],
        refusals: tuple[type[Exception], ...] = (),
        what: str = "",
    ) -> None:
        super().__init__(text)
        self.ctx = ctx
        self.change = change
        self.changed = tuple(changed)
        self.refusals = refusals  # store errors that mean "cannot run now"
        self.what = what  # names the step in a message's title ("the exchange rate")
        self._written = True

    def redo(self) -> None:
        if self._written:  # on push: the change is in the database already
            self._written = False
        else:
            self._run(undo=False)
        self._tell()

    def undo(self) -> None:
        self._run(undo=True)
        self._tell()

    def _run(self, undo: bool) -> None:
        """Undo or redo the change; a refusal is shown and makes the step obsolete."""
        db = self.ctx.require_db()
        caught: tuple[type[Exception], ...] = (DatabaseError, *self.refusals)
        try:
            if undo:
                self.change.undo(db)
            else:
                self.change.redo(db)
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

    def _tell(self) -> None:
        for what in self.changed:
            self.ctx.notify(what)


def push_change(
    ctx: AppContext,
    text: str,
    change: Reversible,
    *changed: str,
    refusals: tuple[type[Exception], ...] = (),
    what: str = "",
) -> None:
    """Record a change already written as one undoable step, and tell the pages."""
    ctx.undo_stack.push(ChangeCommand(ctx, text, change, changed, refusals, what))


def push_changes(ctx: AppContext, text: str, changes: Sequence[RowChange], *changed: str) -> None:
    """Record rows already written (goals, campaigns, spend) as one undoable step."""
    if changes:
        push_change(ctx, text, RowChanges(tuple(changes)), *changed)
