"""What the undo stack keeps of a change a user made: the change itself, able to undo and redo.

Every store write a user can undo returns a `Reversible`: an object that knows the rows it
touched (or the call that made it) and can put them back, and forward again, with the same ids.
The GUI pushes it onto the undo stack after the write succeeded (ui/commands/base.py); the
command-line tools simply drop it. Each `undo` and `redo` is one transaction, so a refusal
(the data changed since) leaves the database as it was.
"""

from __future__ import annotations

from typing import Protocol

from desktop_app.store.handle import Database


class Reversible(Protocol):
    """A change already written, that can be undone and then redone (each atomically)."""

    def undo(self, db: Database) -> None: ...

    def redo(self, db: Database) -> None: ...
