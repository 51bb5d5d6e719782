"""Pages of the conversions table for a filter and sort order, counted and sorted in SQL (keyset paging)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop_app.store.handle import Database

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
    ids: tuple[int, ...] | None = None  # only these records (a Health finding's)


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
    if flt.ids is not None:
        parts.append("c.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(flt.ids)))
    text = flt.text.strip()
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        parts.append("(c.notes LIKE ? ESCAPE '\\' OR c.order_id LIKE ? ESCAPE '\\')")
        params += [pattern, pattern]
    return (" WHERE " + " AND ".join(parts)) if parts else "", params


def count_conversions(db: Database, flt: ConversionFilter) -> int:
    where, params = _where(flt)
    return int(db.execute(f"SELECT COUNT(*) FROM conversions c{where}", params).fetchone()[0])


def _ordered(
    flt: ConversionFilter,
    sort: str,
    descending: bool,
    after: tuple[Any, int] | None = None,
) -> tuple[str, list[Any]]:
    """The narrow query that puts the table in order: `SELECT <sort key>, c.id`, joined only to
    what the sort needs (every conversion has its goal and channel: NOT NULL, foreign keys on),
    starting after the (sort key, id) of the last row seen (keyset: as fast at the millionth row
    as at the first). The caller adds LIMIT (and OFFSET).

    Sorting only the key and the id, not every column, is what keeps a sort without an index
    (by value, by channel name) near a bare scan of the table. A search scans the table rather
    than walk the time index row by row (`+`), since a search may match few rows or none."""
    expr = SORT_EXPRESSIONS[sort]
    where, params = _where(flt)
    joins = ""
    if "g." in expr:
        joins += " JOIN goals g ON g.id = c.goal_id"
    if "ch." in expr:
        joins += " JOIN channels ch ON ch.id = c.channel_id"
    if "cp." in expr:
        joins += " LEFT JOIN campaigns cp ON cp.id = c.campaign_id"
    if after is not None:
        op = "<" if descending else ">"
        # Written so SQLite can range-scan an index on the sort column (a row-value
        # comparison alone would make every page scan from the start).
        where += (" AND " if where else " WHERE ") + (
            f"{expr} {op}= ? AND ({expr} {op} ? OR c.id {op} ?)"
        )
        params += [after[0], after[0], after[1]]
    direction = "DESC" if descending else "ASC"
    key = f"+{expr}" if flt.text.strip() else expr
    return (
        f"SELECT {expr}, c.id FROM conversions c{joins}{where}"
        f" ORDER BY {key} {direction}, c.id {direction}",
        params,
    )


def fetch_page(
    db: Database,
    flt: ConversionFilter,
    sort: str = "occurred_at",
    descending: bool = True,
    after: tuple[Any, int] | None = None,
    limit: int = 500,
) -> list[ConversionListRow]:
    """Up to `limit` rows in sort order, starting after the (sort key, id) of the last row seen:
    the narrow query finds which, then their columns are read by id."""
    sql, params = _ordered(flt, sort, descending, after)
    order = db.execute(f"{sql} LIMIT ?", [*params, limit]).fetchall()
    if not order:
        return []
    wanted = [int(r[1]) for r in order]
    rows = {
        r[0]: r
        for r in db.execute(
            "SELECT c.id, c.occurred_at, c.local_date, g.name, c.value_minor, c.currency,"
            " c.quantity, ch.name, ch.color, c.channel_rule, COALESCE(cp.name, ''),"
            " COALESCE(c.order_id, ''), c.origin, c.status, c.notes,"
            f" COALESCE({_SENT_TO}, '')"
            " FROM conversions c JOIN goals g ON g.id = c.goal_id"
            " JOIN channels ch ON ch.id = c.channel_id"
            " LEFT JOIN campaigns cp ON cp.id = c.campaign_id"
            " WHERE c.id IN (SELECT value FROM json_each(?))",
            [json.dumps(wanted)],
        )
    }
    # A row deleted between the two queries is left out, never shown half-read.
    return [
        ConversionListRow(*(*rows[cid], key))
        for key, cid in ((r[0], int(r[1])) for r in order)
        if cid in rows
    ]


def key_at(
    db: Database, flt: ConversionFilter, sort: str, descending: bool, offset: int
) -> tuple[Any, int] | None:
    """The (sort key, id) of the row `offset` rows into the table's order, or None past the end.
    A jump (a drag of the scroll bar) finds where its page starts with this, then reads the page
    by keyset."""
    sql, params = _ordered(flt, sort, descending)
    row = db.execute(f"{sql} LIMIT 1 OFFSET ?", [*params, offset]).fetchone()
    return (row[0], int(row[1])) if row else None


def fetch_ids(
    db: Database, flt: ConversionFilter, sort: str, descending: bool, offset: int, limit: int
) -> list[int]:
    """The ids of `limit` rows from `offset` on, in the table's order (a long selection)."""
    sql, params = _ordered(flt, sort, descending)
    return [int(r[1]) for r in db.execute(f"{sql} LIMIT ? OFFSET ?", [*params, limit, offset])]


def choices(db: Database, table: str) -> list[tuple[int, str]]:
    """(id, name) of goals, channels or campaigns for the filter bar."""
    if table not in ("goals", "channels", "campaigns"):
        raise ValueError(table)
    order = "sort_order, name" if table == "channels" else "name"
    return [(r[0], r[1]) for r in db.execute(f"SELECT id, name FROM {table} ORDER BY {order}")]
