"""What the app asks of an open database, and the light handle the command line reads with.

The app's code asks two things of an open database: run one statement (`execute`) and reach
its `sqlite3` connection (`conn`); `atomic` below makes a transaction of a block with them.
sqlite-utils' `Database` gives both and is what the store opens, upgrades and writes with.
Importing sqlite-utils costs about 80 ms (click, dateutil and pluggy come with it), more than
a script's whole `report` is allowed above a bare Python start. So a file that needs no upgrade
is reached through `PlainDatabase` where it is only read: by the command line's read-only
commands (which may still record an export or refresh the report summary), and wherever a
read-only file is opened (the window's read-only mode too). `PlainDatabase` behaves as
sqlite-utils' `Database` does on the store's connections.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

Parameters = Sequence[Any] | dict[str, Any] | None


_SAVEPOINTS = itertools.count(1)  # names unique in the process (secrets costs 5 ms to import)


class Database(Protocol):
    """An open database: sqlite-utils' `Database`, or `PlainDatabase`."""

    conn: sqlite3.Connection

    def execute(self, sql: str, parameters: Parameters = None) -> sqlite3.Cursor: ...


class PlainDatabase:
    """A database reached through the standard library alone.

    Only for connections in autocommit mode (`isolation_level=None`, as the store opens every
    file): there, sqlite-utils' `execute` runs the statement as given, neither committing nor
    rolling back anything itself, and so does this one. Recursive triggers are on, as
    sqlite-utils sets them."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        if conn.isolation_level is not None:
            raise ValueError("PlainDatabase needs a connection opened with isolation_level=None")
        self.conn = conn
        conn.execute("PRAGMA recursive_triggers=on")

    def execute(self, sql: str, parameters: Parameters = None) -> sqlite3.Cursor:
        if parameters is None:
            return self.conn.execute(sql)
        return self.conn.execute(sql, parameters)


@contextmanager
def atomic(db: Database) -> Iterator[Database]:
    """A block as one transaction, or as a savepoint inside the caller's (the transaction
    sqlite-utils' `Database.atomic` makes, for either handle). An error rolls the block back,
    unless it already ended the whole transaction (a RAISE(ROLLBACK) trigger, say): then the
    error is raised as it is, not hidden behind "no such savepoint"."""
    conn = db.conn
    if conn.in_transaction:
        name = f"ct_savepoint_{next(_SAVEPOINTS)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield db
        except BaseException:
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    conn.execute("BEGIN")
    try:
        yield db
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
