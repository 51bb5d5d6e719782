"""The one way to write to the database, `writing(db)`, and to read a consistent view, `snapshot(db)`.

A `with writing(db):` block is one transaction (a savepoint inside an enclosing one). When the
outermost block ends without an error, the monthly report summary is brought up to date inside
the same transaction (see store/report_summary.py): the triggers have marked every month the
block's writes touched, and those months are summed again before anything is committed, so a
report never waits on a rebuild and no caller refreshes the summary by hand. A block that
touched no conversion or goal costs one small query more than a bare transaction.

A `with snapshot(db):` block reads from one state of the database even while another
connection writes; it writes nothing, so it works on a read-only database too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from desktop_app.store import report_summary
from desktop_app.store.handle import Database, atomic


@contextmanager
def writing(db: Database) -> Iterator[Database]:
    """One transaction that leaves the report summary right (see the module docstring).

    The outermost block takes the write lock at once (BEGIN IMMEDIATE, waiting up to the
    connection's busy timeout for another writer). A deferred BEGIN would read first and ask
    for the lock at its first write; if another connection (a background task, the command
    line) committed in between, SQLite refuses that write at once, without waiting.
    """
    if db.conn.in_transaction:
        with atomic(db):
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
        report_summary.refresh(db)
        db.conn.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:  # an error may already have ended the transaction
            db.conn.execute("ROLLBACK")
        raise


@contextmanager
def snapshot(db: Database) -> Iterator[Database]:
    """Reads inside see one state of the database (a read transaction, or a savepoint)."""
    with atomic(db):
        yield db
