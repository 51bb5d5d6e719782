"""The export log: what was exported, when, for which period, to which file (and an audit line)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from desktop_app.domain.timeutil import UTC_FORMAT
from desktop_app.store.audit import record
from desktop_app.store.handle import Database
from desktop_app.store.transactions import writing


def record_export(
    db: Database,
    *,
    result_path: Path,
    kind: str,
    first: date | None,
    last: date | None,
    goal: str | None,
    rows: int,
    platform: str | None = None,
    details: dict[str, Any] | None = None,
) -> int:
    """Add one `export_log` row and its audit line in one transaction; returns the row id."""
    at = datetime.now(UTC).strftime(UTC_FORMAT)
    with writing(db):
        cursor = db.execute(
            "INSERT INTO export_log (exported_at, kind, platform, file_name, period_from,"
            " period_to, goal, rows, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                at,
                kind,
                platform,
                result_path.name,
                first.isoformat() if first else None,
                last.isoformat() if last else None,
                goal,
                rows,
                json.dumps({"folder": str(result_path.parent), **(details or {})}, default=str),
            ],
        )
        log_id = int(cursor.lastrowid or 0)
        record(db, "export", "export_log", log_id,
               {"kind": kind, "file": result_path.name, "rows": rows})  # fmt: skip
    return log_id


def list_exports(db: Database, limit: int = 50) -> list[dict[str, Any]]:
    """The most recent exports, newest first."""
    cursor = db.execute(
        "SELECT id, exported_at, kind, platform, file_name, period_from, period_to, goal, rows"
        " FROM export_log ORDER BY exported_at DESC, id DESC LIMIT ?",
        [limit],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def list_uploads(db: Database, target: str, limit: int = 20) -> list[dict[str, Any]]:
    """The upload files written for `target` (a file kind such as google-ads-ecl), newest first:
    when, the file, its period and goals, its rows and the value they carried (per currency,
    from the upload ledger)."""
    rows = db.execute(
        "SELECT e.id, e.exported_at, e.file_name, e.period_from, e.period_to, e.goal, e.rows,"
        " u.currency, SUM(u.value_minor) FROM export_log e"
        " LEFT JOIN uploads u ON u.export_id = e.id WHERE e.kind = 'upload' AND e.platform = ?"
        " GROUP BY e.id, u.currency ORDER BY e.exported_at DESC, e.id DESC",
        [target],
    ).fetchall()
    found: dict[int, dict[str, Any]] = {}
    for log_id, at, name, first, last, goal, count, currency, value in rows:
        entry = found.setdefault(log_id, {
            "exported_at": at, "file_name": name, "period_from": first, "period_to": last,
            "goal": goal, "rows": count, "values": {},
        })  # fmt: skip
        if currency is not None:
            entry["values"][currency] = int(value or 0)
    return list(found.values())[:limit]
