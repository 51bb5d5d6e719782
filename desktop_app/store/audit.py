"""The audit log: one line per thing done to the data, never with contact details."""

from __future__ import annotations

import json
from typing import Any

from desktop_app.store.handle import Database


def record(
    db: Database,
    action: str,
    entity: str,
    entity_id: int | None,
    details: dict[str, Any] | None = None,
) -> None:
    db.execute(
        "INSERT INTO audit_log (action, entity, entity_id, details) VALUES (?, ?, ?, ?)",
        [action, entity, entity_id, json.dumps(details or {}, sort_keys=True, default=str)],
    )
