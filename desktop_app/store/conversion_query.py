"""Pages of the conversions table for a filter and sort order, counted and sorted in SQL (keyset paging)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

# Sortable columns: key -> SQL expression (never NULL, so row-value comparisons work).
# Where a conversion was uploaded (the ledger's platforms, comma-separated; NULL: nowhere).
_SENT_TO = "(SELECT GROUP_CONCAT(DISTINCT u.platform) FROM uploads u WHERE u.conversion_id = c.id)"
SORT_EXPRESSIONS: dict[str, str] = {
    "occurred_at": "c.occurred_at",
    "goal": "g.name",
    "value": "c.value_minor",
    "quantity": "c.quantity",
    "channel": "ch.name",
    "channel_rule": "c.channel_rule",
    "campaign": "COALESCE(cp.name, '')",
    "order_id": "COALESCE(c.order_id, '')",
    "origin": "c.origin",
    "status": "c.status",
    "notes": "c.notes",
    "sent_to": _SENT_TO,
}


@dataclass(frozen=True)
class ConversionFilter:
    """Which conversions the table shows; None or '' means no restriction."""

    first: date | None = None
    last: date | None = None
    goal_id: int | None = None
    channel_id: int | None = None
    campaign_id: int | None = None
    origin: str | None = None  # 'manual' or 'import' ('demo' rows count as imported)
    text: str = ""


@dataclass(frozen=True, slots=True)
class ConversionListRow:
    id: int
    occurred_at: str
    local_date: str
    goal: str
    value_minor: int
    currency: str
    quantity: int
    channel: str
    channel_color: str
    channel_rule: str
    campaign: str
    order_id: str
    origin: str
    status: str
    notes: str
    sent_to: str  # platforms the conversion was uploaded to, comma-separated ('' when none)
    sort_key: Any


def _where(flt: ConversionFilter) -> tuple[str, list[Any]]:
    parts: list[str] = []
    params: list[Any] = []
    if flt.first is not None:
        parts.append("c.local_date >= ?")
        params.append(flt.first.isoformat())
    if flt.last is not None:
        parts.append("c.local_date <= ?")
        params.append(flt.last.isoformat())
    for column, value in (
        ("goal_id", flt.goal_id),
        ("channel_id", flt.channel_id),
        ("campaign_id", flt.campaign_id),
    ):
        if value is not None:
            parts.append(f"c.{column} = ?")
            params.append(value)
    if flt.origin == "manual":
        parts.append("c.origin = 'manual'")
    elif flt.origin == "import":
        parts.append("c.origin != 'manual'")
    text = flt.text.strip()
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        parts.append("(c.notes LIKE ? ESCAPE '\\' OR c.order_id LIKE ? ESCAPE '\\')")
        params += [pattern, pattern]
    return (" WHERE " + " AND ".join(parts)) if parts else "", params


def count_conversions(db: Database, flt: ConversionFilter) -> int:
    where, params = _where(flt)
    return int(db.execute(f"SELECT COUNT(*) FROM conversions c{where}", params).fetchone()[0])


def fetch_page(
    db: Database,
    flt: ConversionFilter,
    sort: str = "occurred_at",
    descending: bool = True,
    after: tuple[Any, int] | None = None,
    limit: int = 500,
) -> list[ConversionListRow]:
    """Up to `limit` rows in sort order, starting after the (sort key, id) of the last row seen."""
    expr = SORT_EXPRESSIONS[sort]
    where, params = _where(flt)
    if after is not None:
        op = "<" if descending else ">"
        # Written so SQLite can range-scan an index on the sort column (a row-value
        # comparison alone would make every page scan from the start).
        where += (" AND " if where else " WHERE ") + (
            f"{expr} {op}= ? AND ({expr} {op} ? OR c.id {op} ?)"
        )
        params += [after[0], after[0], after[1]]
    direction = "DESC" if descending else "ASC"
    sql = (
        "SELECT c.id, c.occurred_at, c.local_date, g.name, c.value_minor, c.currency, c.quantity,"
        " ch.name, ch.color, c.channel_rule, COALESCE(cp.name, ''), COALESCE(c.order_id, ''), c.origin,"
        f" c.status, c.notes, COALESCE({_SENT_TO}, ''), {expr}"
        " FROM conversions c JOIN goals g ON g.id = c.goal_id"
        " JOIN channels ch ON ch.id = c.channel_id"
        f" LEFT JOIN campaigns cp ON cp.id = c.campaign_id{where}"
        f" ORDER BY {expr} {direction}, c.id {direction} LIMIT ?"
    )
    return [ConversionListRow(*r) for r in db.execute(sql, [*params, limit])]


def choices(db: Database, table: str) -> list[tuple[int, str]]:
    """(id, name) of goals, channels or campaigns for the filter bar."""
    if table not in ("goals", "channels", "campaigns"):
        raise ValueError(table)
    order = "sort_order, name" if table == "channels" else "name"
    return [(r[0], r[1]) for r in db.execute(f"SELECT id, name FROM {table} ORDER BY {order}")]
