"""Before/after states of single rows, so a manual change can be undone and redone exactly."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from desktop_app.store.audit import record
from desktop_app.store.handle import Database
from desktop_app.store.transactions import writing

Row = dict[str, Any]

# Tables whose rows the pages change by hand; the names are spliced into SQL, so they are fixed.
EDITABLE_TABLES = frozenset({"goals", "campaigns", "spend"})
_ENTITY = {"goals": "goal", "campaigns": "campaign", "spend": "spend"}


@dataclass(frozen=True, slots=True)
class RowChange:
    """One row of `table` before and after a change (None: the row did not exist)."""

    table: str
    row_id: int
    before: Row | None
    after: Row | None


@dataclass(frozen=True, slots=True)
class RowChanges:
    """Rows changed by hand in one step (a `Reversible`): undo puts each `before` back, redo
    each `after`, with the rows' own ids."""

    changes: tuple[RowChange, ...]

    def undo(self, db: Database) -> None:
        apply_changes(db, self.changes, undo=True)

    def redo(self, db: Database) -> None:
        apply_changes(db, self.changes, undo=False)


def fetch_row(db: Database, table: str, row_id: int) -> Row | None:
    """Every column of one row, as stored (ids and created_at included)."""
    _check(table)
    cursor = db.execute(f"SELECT * FROM {table} WHERE id = ?", [row_id])
    values = cursor.fetchone()
    if values is None:
        return None
    return dict(zip([d[0] for d in cursor.description], values, strict=True))


def insert_row(db: Database, table: str, cols: Row, name: str) -> RowChange:
    """Add one row of `cols` to `table`, audited as created under its `name`."""
    _check(table)
    with writing(db):
        cursor = db.execute(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
            list(cols.values()),
        )
        row_id = int(cursor.lastrowid or 0)
        record(db, "create", _ENTITY[table], row_id, {"name": name})
    return RowChange(table, row_id, None, fetch_row(db, table, row_id))


def update_row(db: Database, table: str, row_id: int, cols: Row, name: str) -> RowChange:
    """Write `cols` over one row, audited as an edit naming the columns whose value changed."""
    before = fetch_row(db, table, row_id)
    with writing(db):
        db.execute(
            f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in cols)} WHERE id = ?",
            [*cols.values(), row_id],
        )
        changed = sorted(k for k in cols if before and before[k] != cols[k])
        record(db, "edit", _ENTITY[table], row_id, {"name": name, "changed": changed})
    return RowChange(table, row_id, before, fetch_row(db, table, row_id))


def set_archived(db: Database, table: str, row_id: int, archived: bool) -> RowChange:
    """Archive (or bring back) one row of a table with an `archived` flag."""
    before = fetch_row(db, table, row_id)
    with writing(db):
        db.execute(f"UPDATE {table} SET archived = ? WHERE id = ?", [int(archived), row_id])
        record(db, "archive" if archived else "unarchive", _ENTITY[table], row_id)
    return RowChange(table, row_id, before, fetch_row(db, table, row_id))


def apply_changes(db: Database, changes: Sequence[RowChange], undo: bool) -> None:
    """Put every row back to its `before` state (undo) or its `after` state (redo), atomically.

    Rows are written with their original ids, so conversions and spend that point at them
    stay valid. Deletes run in reverse order so children go before the rows they reference.
    """
    ordered = list(reversed(changes)) if undo else list(changes)
    with writing(db):
        for change in ordered:
            target = change.before if undo else change.after
            _put(db, change.table, change.row_id, target)
            record(
                db,
                "undo" if undo else "redo",
                _ENTITY[change.table],
                change.row_id,
                {"state": "deleted" if target is None else "restored"},
            )


def _put(db: Database, table: str, row_id: int, target: Row | None) -> None:
    _check(table)
    if target is None:
        db.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])
        return
    put_row(db, table, row_id, target)


def put_row(db: Database, table: str, row_id: int, target: Row) -> None:
    """Make row `row_id` of `table` hold exactly `target`: updated when it exists, else inserted
    with its id (so undo and restore bring back identical rows)."""
    columns = list(target)
    exists = db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [row_id]).fetchone()
    if exists:
        assignments = ", ".join(f'"{c}" = ?' for c in columns if c != "id")
        db.execute(
            f"UPDATE {table} SET {assignments} WHERE id = ?",
            [target[c] for c in columns if c != "id"] + [row_id],
        )
    else:
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        db.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", [target[c] for c in columns])


def _check(table: str) -> None:
    if table not in EDITABLE_TABLES:
        raise ValueError(f"not an editable table: {table}")
