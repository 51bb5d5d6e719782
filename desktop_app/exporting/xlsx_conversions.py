"""The Conversions sheet: every active conversion of the period, streamed row by row.

Times are the business's local time as real Excel date-times. Contact details, customer keys,
click ids and hashes are never written.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from sqlite_utils import Database

from desktop_app.domain.channels import why_channel
from desktop_app.domain.money import currency_exponent
from desktop_app.exporting.files import ExportCancelled
from desktop_app.exporting.xlsx_safety import clean_text, needs_text_guard, safe_value, text_cell
from desktop_app.exporting.xlsx_styles import Styles
from desktop_app.exporting.xlsx_table import landscape

HEADERS = (
    ("Date and time", "datetime", 18),
    ("Goal", "text", 0),
    ("Level", "text", 8),
    ("Channel", "text", 0),
    ("Why this channel", "text", 0),
    ("Campaign", "text", 0),
    ("Value", "money", 14),
    ("Order id", "text", 0),
    ("Source / medium", "text", 0),
    ("Origin", "text", 10),
    ("Notes", "text", 0),
)
# Every column named here is safe to share: none holds contact details or hashes.
SQL = """
SELECT c.occurred_at, g.name, g.level, ch.name, c.channel_rule, COALESCE(cp.name, ''), c.value_minor,
       COALESCE(c.order_name, c.order_id, ''), c.source, c.medium, c.origin, c.notes
FROM conversions c
JOIN goals g ON g.id = c.goal_id
JOIN channels ch ON ch.id = c.channel_id
LEFT JOIN campaigns cp ON cp.id = c.campaign_id
WHERE c.status = 'active' AND c.local_date BETWEEN ? AND ? {goal}
ORDER BY c.occurred_at, c.id
"""
CHUNK = 5_000

MAX_TEXT_WIDTH = 40


def count_rows(db: Database, first: date, last: date, goal_id: int | None) -> int:
    sql = "SELECT COUNT(*) FROM conversions WHERE status = 'active' AND local_date BETWEEN ? AND ?"
    params: list[object] = [first.isoformat(), last.isoformat()]
    if goal_id is not None:
        sql += " AND goal_id = ?"
        params.append(goal_id)
    return int(db.execute(sql, params).fetchone()[0])


def _text_widths(db: Database) -> dict[str, int]:
    """Column widths from the longest names (cheap: the small tables, not the conversions)."""

    def longest(sql: str) -> int:
        return int(db.execute(sql).fetchone()[0] or 0)

    return {
        "Goal": longest("SELECT MAX(LENGTH(name)) FROM goals"),
        "Channel": longest("SELECT MAX(LENGTH(name)) FROM channels"),
        "Why this channel": 30,
        "Campaign": longest("SELECT MAX(LENGTH(name)) FROM campaigns"),
        "Order id": 16,
        "Source / medium": 20,
        "Notes": MAX_TEXT_WIDTH,
    }


def conversions_sheet(
    ws: Any,
    db: Database,
    styles: Styles,
    tz: ZoneInfo,
    first: date,
    last: date,
    goal_id: int | None,
    step: Callable[[int], None],
    cancelled: threading.Event | None,
) -> int:
    """Write the header in row 1 and one row per conversion; returns the rows written.
    `step(n)` is called after every chunk of `n` rows."""
    widths = _text_widths(db)
    for i, (name, _, width) in enumerate(HEADERS, 1):
        wanted = width or min(max(widths.get(name, 10), len(name)) + 2, MAX_TEXT_WIDTH)
        ws.column_dimensions[get_column_letter(i)].width = wanted
    ws.freeze_panes = "A2"  # before the first row: a write-only sheet writes its view with it
    landscape(ws)
    ws.sheet_view.showGridLines = True
    ws.print_title_rows = "1:1"
    ws.append([safe_value(ws, name, styles.get(kind, "header")) for name, kind, _ in HEADERS])
    exponent = currency_exponent(styles.currency)
    scale = 10**exponent
    when_style = StyleArray(styles.get("datetime", "plain"))
    value_style = StyleArray(styles.get("money", "plain"))
    goal_sql = "AND c.goal_id = ?" if goal_id is not None else ""
    params: list[object] = [first.isoformat(), last.isoformat()]
    if goal_id is not None:
        params.append(goal_id)
    cursor = db.conn.execute(SQL.format(goal=goal_sql), params)
    written = 0
    text_cache: dict[str, object] = {}

    def text(value: str) -> object:
        # Names repeat on every row: clean each distinct one once.
        if value not in text_cache:
            cleaned = clean_text(value)
            text_cache[value] = text_cell(ws, value) if needs_text_guard(cleaned) else cleaned
        return text_cache[value]

    while rows := cursor.fetchmany(CHUNK):
        if cancelled is not None and cancelled.is_set():
            raise ExportCancelled()
        for (
            at,
            goal,
            level,
            channel,
            rule,
            campaign,
            minor,
            order,
            source,
            medium,
            origin,
            notes,
        ) in rows:
            when = WriteOnlyCell(ws)
            when._style = when_style
            when.value = (
                datetime.fromisoformat(at).astimezone(tz).replace(tzinfo=None)
                if at.endswith("Z")
                else datetime.fromisoformat(at)
                .replace(tzinfo=UTC)
                .astimezone(tz)
                .replace(tzinfo=None)
            )
            value = WriteOnlyCell(ws)
            value._style = value_style
            value.value = minor / scale  # the nearest binary number to the exact amount
            tags = f"{source} / {medium}" if source and medium else source or medium
            ws.append(
                [
                    when, text(goal), level.capitalize(), text(channel),
                    text(why_channel(rule)) if rule else None, text(campaign), value,
                    text_cell(ws, order) if order else None,
                    text_cell(ws, tags) if tags else None,
                    origin.capitalize(),
                    text_cell(ws, notes) if notes else None,
                ]
            )  # fmt: skip
        written += len(rows)
        step(len(rows))
    if written:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{written + 1}"
    return written
