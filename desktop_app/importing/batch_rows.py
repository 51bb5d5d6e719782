"""The first rows one import batch stored, with campaign and channel names, for the import history."""

from __future__ import annotations

from typing import Any

from desktop_app.store.handle import Database

_SQL = {
    "conversions": (
        "SELECT t.id, t.occurred_at, g.name AS goal, t.value_minor, t.currency, t.order_id,"
        " t.status, ch.name AS channel, c.name AS campaign, t.source, t.medium"
        " FROM conversions t JOIN goals g ON g.id = t.goal_id"
        " JOIN channels ch ON ch.id = t.channel_id LEFT JOIN campaigns c ON c.id = t.campaign_id"
    ),
    "spend": (
        "SELECT t.id, c.name AS campaign, t.period_start, t.period_end, t.cost_minor, t.currency,"
        " t.impressions, t.clicks FROM spend t JOIN campaigns c ON c.id = t.campaign_id"
    ),
    "touchpoints": (
        "SELECT t.id, t.customer_key AS customer, t.occurred_at, ch.name AS channel,"
        " c.name AS campaign, t.kind AS interaction, t.source, t.medium FROM touchpoints t"
        " JOIN channels ch ON ch.id = t.channel_id LEFT JOIN campaigns c ON c.id = t.campaign_id"
    ),
}


def batch_rows(db: Database, batch_id: int, kind: str, limit: int = 200) -> list[dict[str, Any]]:
    """Up to `limit` rows the batch added or updated, in the order they were stored."""
    cursor = db.execute(
        f"{_SQL[kind]} WHERE t.batch_id = ? ORDER BY t.id LIMIT ?", [batch_id, limit]
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def batch_row_count(db: Database, batch_id: int, kind: str) -> int:
    table = {"conversions": "conversions", "spend": "spend", "touchpoints": "touchpoints"}[kind]
    return int(
        db.execute(f"SELECT COUNT(*) FROM {table} WHERE batch_id = ?", [batch_id]).fetchone()[0]
    )
