"""The import history, and undoing one batch exactly (what it added removed, what it changed restored)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from desktop_app.domain.timeutil import UTC_FORMAT
from desktop_app.importing.context import AFTER_KEY
from desktop_app.store import report_summary
from desktop_app.store.audit import record
from desktop_app.store.handle import Database
from desktop_app.store.settings import has_money_data
from desktop_app.store.transactions import writing


class UndoError(ValueError):
    """A batch that cannot be undone (unknown, already undone); the message says why."""


@dataclass(frozen=True, slots=True)
class BatchRow:
    batch: int
    file: str
    file_hash: str
    kind: str
    imported_at: str
    rows_read: int
    inserted: int
    updated: int
    duplicates: int
    rejected: int
    undone: str | None

    def as_json(self) -> dict[str, object]:
        return {
            "batch": self.batch, "file": self.file, "kind": self.kind,
            "imported_at": self.imported_at, "rows_read": self.rows_read,
            "inserted": self.inserted, "updated": self.updated, "duplicates": self.duplicates,
            "rejected": self.rejected, "undone": self.undone is not None,
        }  # fmt: skip


def list_batches(db: Database) -> list[BatchRow]:
    return [
        BatchRow(*r)
        for r in db.execute(
            "SELECT id, file_name, file_hash, kind, imported_at, rows_read, inserted, updated,"
            " duplicates, rejected, undone_at FROM import_batches ORDER BY id"
        )
    ]


def batch_rejects(
    db: Database, batch_id: int
) -> list[tuple[str | None, int | None, str | None, str | None, str]]:
    return [
        tuple(r)
        for r in db.execute(
            'SELECT sheet, row, "column", value, reason FROM import_rejects WHERE batch_id = ? ORDER BY id',
            [batch_id],
        )
    ]


@dataclass(frozen=True, slots=True)
class EarlierImport:
    batch: int
    file: str
    imported_at: str


def earlier_import(db: Database, file_hash: str) -> EarlierImport | None:
    """The latest batch, not undone, that imported a file with exactly these bytes."""
    row = db.execute(
        "SELECT id, file_name, imported_at FROM import_batches WHERE file_hash = ?"
        " AND file_hash != '' AND undone_at IS NULL ORDER BY id DESC LIMIT 1",
        [file_hash],
    ).fetchone()
    return EarlierImport(int(row[0]), str(row[1]), str(row[2])) if row else None


@dataclass(frozen=True, slots=True)
class UndoResult:
    batch: int
    removed: dict[str, int]
    restored: int
    kept: list[str]  # campaigns/channels/goals still used by other data, so not removed


def undo_batch(db: Database, batch_id: int) -> UndoResult:
    """Remove exactly what the batch added and restore what it updated, in one transaction."""
    row = db.execute(
        "SELECT undone_at, file_name FROM import_batches WHERE id = ?", [batch_id]
    ).fetchone()
    if row is None:
        raise UndoError(
            f"there is no import batch {batch_id}; list them with: conversion-tracker batches"
        )
    if row[0]:
        raise UndoError(f"import batch {batch_id} ({row[1]}) was already undone at {row[0]}")
    removed: dict[str, int] = {}
    kept: list[str] = []
    with writing(db):
        updates = db.execute(
            "SELECT table_name, row_id, old_values FROM batch_updates WHERE batch_id = ? ORDER BY id DESC",
            [batch_id],
        ).fetchall()
        settings_restore: dict[str, str] = {}
        # Restore first: updated rows carry this batch's id until their old values are back.
        for table, row_id, old_json in updates:
            old = json.loads(old_json)
            if table == "settings":
                settings_restore.update(old)
                continue
            after = old.pop(AFTER_KEY, None)
            if after is not None:
                now = db.execute(
                    f"SELECT {', '.join(after)} FROM {table} WHERE id = ?", [row_id]
                ).fetchone()
                if now is None or list(now) != list(after.values()):
                    continue  # changed again since this import: the later change stays
            sets = ", ".join(f"{c} = ?" for c in old)
            db.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*old.values(), row_id])
        with report_summary.batch_marked_in_bulk(db, batch_id):
            for table in ("touchpoints", "conversions", "spend"):
                cursor = db.execute(f"DELETE FROM {table} WHERE batch_id = ?", [batch_id])
                removed[table] = cursor.rowcount
        for table in ("campaigns", "goals", "channels"):
            removed[table] = 0
            for entity_id, name in db.execute(
                f"SELECT id, name FROM {table} WHERE batch_id = ?", [batch_id]
            ).fetchall():
                if _in_use(db, table, entity_id):
                    db.execute(f"UPDATE {table} SET batch_id = NULL WHERE id = ?", [entity_id])
                    kept.append(name)
                else:
                    db.execute(f"DELETE FROM {table} WHERE id = ?", [entity_id])
                    removed[table] += 1
        if settings_restore and not has_money_data(db):
            for key, value in settings_restore.items():
                if value is not None:
                    db.execute("UPDATE settings SET value = ? WHERE key = ?", [value, key])
                else:
                    db.execute("DELETE FROM settings WHERE key = ?", [key])
        db.execute(
            "UPDATE import_batches SET undone_at = ? WHERE id = ?",
            [datetime.now(UTC).strftime(UTC_FORMAT), batch_id],
        )
        record(db, "undo_import", "import_batches", batch_id,
               {"removed": removed, "restored": len(updates), "kept": kept})  # fmt: skip
    return UndoResult(batch_id, removed, len(updates), kept)


def _in_use(db: Database, table: str, entity_id: int) -> bool:
    checks = {
        "campaigns": ("spend.campaign_id", "conversions.campaign_id", "touchpoints.campaign_id"),
        "goals": ("conversions.goal_id",),
        "channels": ("campaigns.channel_id", "conversions.channel_id", "touchpoints.channel_id",
                     "channel_aliases.channel_id"),
    }[table]  # fmt: skip
    for ref in checks:
        t, c = ref.split(".")
        if db.execute(f"SELECT 1 FROM {t} WHERE {c} = ? LIMIT 1", [entity_id]).fetchone():
            return True
    return False
