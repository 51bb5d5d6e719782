"""Database faults as sentences: what happened to which file, and what to do about it.

SQLite reports a full disk, a read-only file, another program's lock or a damaged file as
`sqlite3.OperationalError` / `DatabaseError` with a short English text; the operating system
reports its own as `OSError`. Every such fault reaches the user as one of these sentences (the
command line exits 2 with it, the GUI shows it), never as a traceback. SQLite rolls back the
statement or transaction that failed, so each sentence can say that nothing was changed.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

__all__ = [
    "DamagedDatabaseError",
    "DatabaseError",
    "DatabaseFault",
    "damaged_message",
    "explain",
]

# What SQLite raises for any fault of a statement or the file; the windows catch it under this
# name, so only the store package imports sqlite3.
DatabaseError = sqlite3.Error


class DatabaseFault(RuntimeError):
    """A fault of the database file or its disk, with the sentence the user reads."""


class DamagedDatabaseError(DatabaseFault):
    """SQLite found the file damaged; the message names it and says how to restore a backup."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


def damaged_message(path: Path, detail: str) -> str:
    return (
        f"{path.name} is damaged (SQLite: {detail}). Nothing more was written to it. Restore "
        "the latest backup: File > Restore from backup… in the app, or 'conversion-tracker "
        f"restore BACKUP --db {path}' (list them with 'conversion-tracker backups')."
    )


def is_damage(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and (
        "malformed" in text or "not a database" in text or "corrupt" in text
    )


def explain(exc: BaseException, path: Path | None) -> str | None:
    """The sentence for a database or disk fault, or None when `exc` is not one."""
    name = path.name if path is not None else "The database"
    folder = str(path.parent) if path is not None else "its folder"
    if isinstance(exc, DatabaseFault):
        return str(exc)
    if isinstance(exc, OSError) and not isinstance(exc, sqlite3.Error):
        if exc.errno == errno.ENOSPC:
            return _full(name)
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            where = exc.filename or folder
            return (
                f"Cannot write {where}: it or its folder is read-only. Nothing was changed. "
                f"Make {folder} writable (or move {name} to a folder you can write), and try again."
            )
        return None
    if not isinstance(exc, sqlite3.Error):
        return None
    text = str(exc).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return _full(name)
    if "readonly" in text or "read-only" in text:
        return (
            f"{name} is read-only, so nothing can be changed in it (nothing was). Make the file "
            f"and its folder {folder} writable, or copy it to a folder you can write, and try "
            "again. Reports and the Excel export still work."
        )
    if "locked" in text or "busy" in text:
        return (
            f"Another program is writing to {name} and did not finish within 30 seconds. "
            "Nothing was changed. Close the other program (or wait for it), then try again."
        )
    if is_damage(exc):
        return damaged_message(path or Path(name), str(exc))
    if "disk i/o error" in text or "unable to open" in text:
        return (
            f"Reading or writing {name} failed ({exc}). Nothing was changed. Check that the disk "
            f"or folder {folder} is still there and writable (a removed USB disk, a network or "
            "cloud folder?), then try again."
        )
    return None


def _full(name: str) -> str:
    return (
        f"The disk holding {name} is full, so the change could not be saved. Nothing was changed. "
        "Free some space on that disk (empty the bin, move large files), then try again."
    )
