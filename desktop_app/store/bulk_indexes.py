"""Secondary indexes built once after a large insert instead of row by row.

A table with a dozen indexes takes each new row into every one of them; for a million rows that
is most of an import's time (28 s of inserting 1M conversions with all indexes against 6 s with
three), and rows in random time order make it worse (every index page is touched again and
again). Building an index from a finished table is a sort, several times faster. So, inside
the caller's transaction, an insert that adds at least as many rows as the table already holds
drops the indexes it does not read while it writes, and creates them again from their own
stored definitions before the transaction goes on: a rollback brings them back untouched, and
other connections never see the table without them (WAL: they read the last commit).

Unique indexes always stay (they are what refuses a duplicate), and so do those the caller
names in `keep` (the ones its lookups of rows stored before need while it inserts), unless the
table is empty: then there is nothing for them to find, and they are built after like the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from desktop_app.store.handle import Database

LARGE = 20_000  # fewer rows than this: the per-row cost is small, keep every index


@contextmanager
def indexes_built_after(
    db: Database, table: str, rows_coming: int, keep: frozenset[str] = frozenset()
) -> Iterator[list[str]]:
    """Inside a transaction: set `table`'s secondary indexes aside while `rows_coming` rows are
    inserted, when that is at least LARGE and at least the rows the table holds; yields the
    names set aside (empty: nothing was)."""
    if not db.conn.in_transaction:
        raise RuntimeError("set indexes aside only inside a transaction")
    held = int(db.execute(f"SELECT IFNULL(MAX(rowid), 0) FROM [{table}]").fetchone()[0])
    definitions: list[tuple[str, str]] = []
    if rows_coming >= LARGE and rows_coming >= held:
        definitions = [
            (name, sql)
            for name, sql in db.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
                " AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name",
                [table],
            ).fetchall()
            if name not in keep or not held
        ]
    for name, _sql in definitions:
        db.execute(f"DROP INDEX [{name}]")
    try:
        yield [name for name, _sql in definitions]
    finally:
        if db.conn.in_transaction:  # an error may have ended it (and so brought them back)
            present = {
                r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
            }
            for name, sql in definitions:
                if name not in present:
                    db.execute(sql)
