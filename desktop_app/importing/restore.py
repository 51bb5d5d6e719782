"""Undoing an "Undo import": a snapshot of every row an undo will touch, and putting them all back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop_app.importing.batches import UndoResult, undo_batch
from desktop_app.store import report_summary
from desktop_app.store.audit import record
from desktop_app.store.handle import Database
from desktop_app.store.row_changes import put_row
from desktop_app.store.transactions import writing

# Parents before children, so restored rows find the rows they reference.
TABLES = ("channels", "campaigns", "goals", "spend", "conversions", "touchpoints")


@dataclass
class BatchSnapshot:
    """Full rows (ids included) as they were before the batch was undone."""

    batch_id: int
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    settings: list[tuple[str, str]] = field(default_factory=list)
    undone_at: str | None = None


def snapshot_batch(db: Database, batch_id: int) -> BatchSnapshot:
    """Every row `undo_batch` may delete or change: the batch's rows, rows it updated, settings."""
    snap = BatchSnapshot(batch_id)
    row = db.execute("SELECT undone_at FROM import_batches WHERE id = ?", [batch_id]).fetchone()
    snap.undone_at = row[0] if row else None
    updated: dict[str, set[int]] = {}
    for table, row_id in db.execute(
        "SELECT table_name, row_id FROM batch_updates WHERE batch_id = ?", [batch_id]
    ):
        updated.setdefault(table, set()).add(row_id)
    for table in TABLES:
        found = {r["id"]: r for r in _select(db, table, "batch_id = ?", [batch_id])}
        ids = [i for i in updated.get(table, ()) if i not in found]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            found.update({r["id"]: r for r in _select(db, table, f"id IN ({marks})", chunk)})
        if table == "touchpoints":
            # Other batches' touchpoints lose their link when this batch's conversions go.
            linked = _select(
                db,
                table,
                "conversion_id IN (SELECT id FROM conversions WHERE batch_id = ?)",
                [batch_id],
            )
            found.update({r["id"]: r for r in linked})
        snap.rows[table] = list(found.values())
    # The upload ledger's lines of the batch's conversions go with them (ON DELETE CASCADE):
    # kept, so an import undone and done again is not sent to the platforms a second time.
    snap.rows["uploads"] = _select(
        db,
        "uploads",
        "conversion_id IN (SELECT id FROM conversions WHERE batch_id = ?)",
        [batch_id],
    )
    snap.settings = [tuple(r) for r in db.execute("SELECT key, value FROM settings")]
    return snap


def undo_batch_restorable(db: Database, batch_id: int) -> tuple[UndoResult, BatchSnapshot]:
    """Undo a batch, returning what `restore_batch` needs to put it back exactly."""
    snap = snapshot_batch(db, batch_id)
    return undo_batch(db, batch_id), snap


def restore_batch(db: Database, snap: BatchSnapshot) -> None:
    """Put back every snapshotted row with its id, and mark the batch as not undone."""
    with writing(db):
        # Rows the batch updated may carry a later batch's id: mark them by id as well.
        conversion_ids = [row["id"] for row in snap.rows.get("conversions", [])]
        with report_summary.batch_marked_in_bulk(db, snap.batch_id):
            report_summary.mark_conversions(db, conversion_ids)
            for table in (*TABLES, "uploads"):
                for row in snap.rows.get(table, []):
                    put_row(db, table, row["id"], row)
            report_summary.mark_conversions(db, conversion_ids)
        db.execute("DELETE FROM settings")
        db.conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?)", snap.settings)
        db.execute(
            "UPDATE import_batches SET undone_at = ? WHERE id = ?", [snap.undone_at, snap.batch_id]
        )
        record(db, "restore_import", "import_batches", snap.batch_id,
               {table: len(rows) for table, rows in snap.rows.items()})  # fmt: skip


def _select(db: Database, table: str, where: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = db.execute(f"SELECT * FROM {table} WHERE {where}", params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
