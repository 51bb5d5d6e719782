"""Conversions logged by hand: validate a draft, then insert, edit, delete and restore them exactly."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

from desktop_app.domain.models import Conversion
from desktop_app.domain.timeutil import UTC_FORMAT
from desktop_app.store.audit import record
from desktop_app.store.handle import Database
from desktop_app.store.row_changes import put_row
from desktop_app.store.transactions import writing


def _audit_details(db: Database, row: dict[str, Any]) -> dict[str, Any]:
    """What the audit log keeps of a conversion: never its contact details."""
    goal = db.execute("SELECT name FROM goals WHERE id = ?", [row["goal_id"]]).fetchone()
    return {
        "goal": goal[0] if goal else None,
        "local_date": row["local_date"],
        "value_minor": row["value_minor"],
        "order_id": row["order_id"],
    }


def insert_conversion(db: Database, row: dict[str, Any]) -> int:
    """Store a checked row as a manual conversion; returns its id."""
    values = {**row, "origin": "manual"}
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    with writing(db):
        cursor = db.execute(
            f"INSERT INTO conversions ({names}) VALUES ({marks})", list(values.values())
        )
        new_id = int(cursor.lastrowid or 0)
        record(db, "create", "conversion", new_id, _audit_details(db, values))
    return new_id


def update_conversion(db: Database, conversion_id: int, row: dict[str, Any]) -> None:
    """Replace the typed fields of a conversion (an edit in the form)."""
    old = conversion_snapshot(db, conversion_id)["row"]
    changed = sorted(k for k, v in row.items() if old.get(k) != v and k not in _CONTACTS)
    sets = ", ".join(f"{name} = ?" for name in row)
    stamp = datetime.now(UTC).strftime(UTC_FORMAT)
    with writing(db):
        db.execute(
            f"UPDATE conversions SET {sets}, updated_at = ? WHERE id = ?",
            [*row.values(), stamp, conversion_id],
        )
        details = {**_audit_details(db, row), "changed": changed}
        if any(old.get(k) != row.get(k) for k in _CONTACTS):
            details["contact_changed"] = True
        record(db, "edit", "conversion", conversion_id, details)


_CONTACTS = ("email", "phone", "email_hash", "phone_hash", "customer_key")


def set_cancelled(db: Database, ids: list[int], cancelled: bool) -> None:
    """Mark conversions cancelled (a refund, an order called off) or active again: a cancelled
    one leaves the reports, and the next adjustments file retracts it where it was sent."""
    stamp = datetime.now(UTC).strftime(UTC_FORMAT)
    status, detail = ("cancelled", "cancelled by hand") if cancelled else ("active", None)
    with writing(db):
        for conversion_id in ids:
            db.execute(
                "UPDATE conversions SET status = ?, status_detail = ?, updated_at = ? WHERE id = ?",
                [status, detail, stamp, conversion_id],
            )
            record(db, "cancel" if cancelled else "reinstate", "conversion", conversion_id,
                   {"status": status})  # fmt: skip


def sent_to(db: Database, ids: list[int]) -> list[str]:
    """The platforms any of these conversions were sent to (from the upload ledger)."""
    marks = ",".join("?" * len(ids))
    return [p for (p,) in db.execute(
        f"SELECT DISTINCT platform FROM uploads WHERE conversion_id IN ({marks}) ORDER BY 1", ids
    )]  # fmt: skip


_CONVERSION_FIELDS = ", ".join(f.name for f in fields(Conversion))


def get_conversion(db: Database, conversion_id: int) -> Conversion:
    """One stored conversion (KeyError when there is none)."""
    found = db.execute(
        f"SELECT {_CONVERSION_FIELDS} FROM conversions WHERE id = ?", [conversion_id]
    ).fetchone()
    if found is None:
        raise KeyError(f"conversion {conversion_id} does not exist")
    return Conversion(*found)


def conversion_snapshot(db: Database, conversion_id: int) -> dict[str, Any]:
    """Everything needed to put a conversion back exactly: its row and its touchpoints' links."""
    cursor = db.execute("SELECT * FROM conversions WHERE id = ?", [conversion_id])
    found = cursor.fetchone()
    if found is None:
        raise KeyError(f"conversion {conversion_id} does not exist")
    names = [d[0] for d in cursor.description]
    touches = [
        r[0]
        for r in db.execute(
            "SELECT id FROM touchpoints WHERE conversion_id = ? ORDER BY id", [conversion_id]
        )
    ]
    # Its lines in the upload ledger go with it (ON DELETE CASCADE) and must come back with it,
    # or an undone delete would be sent to the platforms a second time.
    sent = db.execute("SELECT * FROM uploads WHERE conversion_id = ? ORDER BY id", [conversion_id])
    columns = [d[0] for d in sent.description]
    uploads = [dict(zip(columns, r, strict=True)) for r in sent.fetchall()]
    return {"row": dict(zip(names, found, strict=True)), "touchpoints": touches, "uploads": uploads}


def delete_conversion(db: Database, conversion_id: int) -> dict[str, Any]:
    """Delete a conversion; returns the snapshot that restore_conversion puts back."""
    snap = conversion_snapshot(db, conversion_id)
    with writing(db):
        db.execute("DELETE FROM conversions WHERE id = ?", [conversion_id])
        record(db, "delete", "conversion", conversion_id, _audit_details(db, snap["row"]))
    return snap


def restore_conversion(db: Database, snapshot: dict[str, Any], action: str = "restore") -> None:
    """Insert a deleted conversion again with its old id and every column as it was."""
    row = snapshot["row"]
    names = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    with writing(db):
        db.execute(f"INSERT INTO conversions ({names}) VALUES ({marks})", list(row.values()))
        for touch in snapshot["touchpoints"]:
            db.execute("UPDATE touchpoints SET conversion_id = ? WHERE id = ?", [row["id"], touch])
        for sent in snapshot.get("uploads", []):
            put_row(db, "uploads", sent["id"], sent)
        record(db, action, "conversion", row["id"], _audit_details(db, row))


def delete_conversions(db: Database, ids: list[int]) -> list[dict[str, Any]]:
    """Delete several conversions in one transaction; returns their snapshots in order."""
    with writing(db):
        return [delete_conversion(db, cid) for cid in ids]


def write_snapshot(db: Database, snapshot: dict[str, Any], action: str = "undo edit") -> None:
    """Put every column of an existing conversion back to a snapshot (undoing an edit)."""
    row = dict(snapshot["row"])
    conversion_id = row.pop("id")
    sets = ", ".join(f"{name} = ?" for name in row)
    with writing(db):
        db.execute(f"UPDATE conversions SET {sets} WHERE id = ?", [*row.values(), conversion_id])
        record(db, action, "conversion", conversion_id, _audit_details(db, snapshot["row"]))


def remove_conversion(db: Database, conversion_id: int, action: str = "undo create") -> None:
    """Delete a conversion without keeping a snapshot (undoing its creation)."""
    with writing(db):
        snap = conversion_snapshot(db, conversion_id)
        db.execute("DELETE FROM conversions WHERE id = ?", [conversion_id])
        record(db, action, "conversion", conversion_id, _audit_details(db, snap["row"]))


Snapshot = dict[str, Any]


@dataclass(slots=True)
class ConversionChange:
    """Conversions before and after one step by hand (a `Reversible`, see store/changes.py).

    `ids[i]` was `before[i]` and became `after[i]` (None: it did not exist). Undo puts every
    `before` back and redo every `after`, in one transaction, with the same ids, touchpoint
    links and upload-ledger lines, so nothing is sent twice and nothing points at a new id.
    Each step first takes the state it leaves again, as the way back: what was sent to a
    platform in between (an upload is no undo step) comes back with it.
    """

    kind: str  # what was done, for the audit log: create, edit, delete or cancel
    ids: tuple[int, ...]
    before: tuple[Snapshot | None, ...]
    after: tuple[Snapshot | None, ...]

    def undo(self, db: Database) -> None:
        self.after = self._put(db, self.before, f"undo {self.kind}")

    def redo(self, db: Database) -> None:
        self.before = self._put(db, self.after, f"redo {self.kind}")

    def _put(
        self, db: Database, states: tuple[Snapshot | None, ...], verb: str
    ) -> tuple[Snapshot | None, ...]:
        """Write `states`; returns the states they replaced, as stored just before."""
        with writing(db):
            left = tuple(_snapshot_or_none(db, i) for i in self.ids)
            for conversion_id, target, now in reversed(
                list(zip(self.ids, states, left, strict=True))
            ):
                if target is None:
                    if now is not None:
                        remove_conversion(db, conversion_id, action=verb)
                elif now is not None:
                    write_snapshot(db, target, action=verb)
                else:
                    restore_conversion(db, target, action=verb)
        return left


def _snapshot_or_none(db: Database, conversion_id: int) -> Snapshot | None:
    try:
        return conversion_snapshot(db, conversion_id)
    except KeyError:
        return None


def log_conversion(db: Database, row: dict[str, Any]) -> ConversionChange:
    """Store a checked row as a manual conversion; the change names its new id (`ids[0]`)."""
    new_id = insert_conversion(db, row)
    return ConversionChange("create", (new_id,), (None,), (conversion_snapshot(db, new_id),))


def edit_conversion(db: Database, conversion_id: int, row: dict[str, Any]) -> ConversionChange:
    """Replace the typed fields of a conversion, as one reversible change."""
    with writing(db):
        before = conversion_snapshot(db, conversion_id)
        update_conversion(db, conversion_id, row)
        after = conversion_snapshot(db, conversion_id)
    return ConversionChange("edit", (conversion_id,), (before,), (after,))


def delete_reversibly(db: Database, ids: list[int]) -> ConversionChange:
    """Delete conversions in one transaction, as one reversible change."""
    snapshots = delete_conversions(db, ids)
    return ConversionChange("delete", tuple(ids), tuple(snapshots), tuple(None for _ in ids))


def cancel_reversibly(db: Database, ids: list[int], cancelled: bool) -> ConversionChange:
    """Mark conversions cancelled (or active again), as one reversible change."""
    with writing(db):
        before = tuple(conversion_snapshot(db, i) for i in ids)
        set_cancelled(db, ids, cancelled)
        after = tuple(conversion_snapshot(db, i) for i in ids)
    kind = "cancel" if cancelled else "reinstate"
    return ConversionChange(kind, tuple(ids), before, after)
