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

from desktop_app.domain.channels import why_channel
from desktop_app.domain.money import currency_exponent
from desktop_app.exporting.files import ExportCancelled
from desktop_app.exporting.xlsx_safety import (
    MAX_CELL_CHARS,
    TRUNCATED_MARKER,
    clean_text,
    needs_text_guard,
    safe_value,
    text_cell,
)
from desktop_app.exporting.xlsx_styles import Styles
from desktop_app.exporting.xlsx_table import landscape
from desktop_app.store.handle import Database

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
# Excel opens no sheet longer than 1,048,576 rows: past that, the records continue on a sheet
# named "Conversions (2)", and so on, each with its own header row.
SHEET_ROWS = 1_048_576

MAX_TEXT_WIDTH = 40


def sheets_needed(rows: int) -> int:
    """How many Conversions sheets `rows` records fill (one header row on each)."""
    return max(1, -(-rows // (SHEET_ROWS - 1)))


def workbook_notes(
    db: Database, first: date, last: date, goal_id: int | None, rows: int
) -> list[str]:
    """What the Summary says about the Conversions sheet itself: where the records continue, and
    which of its cells were cut to Excel's limit of 32,767 characters (ending in the marker)."""
    notes = []
    sheets = sheets_needed(rows)
    if sheets > 1:
        names = ", ".join(f"Conversions ({n})" for n in range(2, sheets + 1))
        notes.append(
            f"The {rows:,} conversions fill {sheets} sheets (Excel holds {SHEET_ROWS - 1:,} "
            f"records a sheet): they continue on {names}."
        )
    goal_sql = "AND c.goal_id = ?" if goal_id is not None else ""
    params: list[object] = [MAX_CELL_CHARS, MAX_CELL_CHARS, first.isoformat(), last.isoformat()]
    if goal_id is not None:
        params.append(goal_id)
    cut = db.execute(
        "SELECT COALESCE(c.order_name, c.order_id, '#' || c.id), LENGTH(c.notes) > ?, "
        "LENGTH(COALESCE(c.order_name, c.order_id, '')) > ? FROM conversions c "
        f"WHERE c.status = 'active' AND c.local_date BETWEEN ? AND ? {goal_sql} "
        f"AND (LENGTH(c.notes) > {MAX_CELL_CHARS} "
        f"OR LENGTH(COALESCE(c.order_name, c.order_id, '')) > {MAX_CELL_CHARS}) "
        "ORDER BY c.occurred_at, c.id",
        params,
    ).fetchall()
    named = db.execute(
        "SELECT DISTINCT 'goal', g.name FROM conversions c JOIN goals g ON g.id = c.goal_id "
        f"WHERE c.status = 'active' AND c.local_date BETWEEN ? AND ? {goal_sql} "
        "AND LENGTH(g.name) > ? UNION "
        "SELECT DISTINCT 'channel', ch.name FROM conversions c JOIN channels ch "
        f"ON ch.id = c.channel_id WHERE c.status = 'active' AND c.local_date BETWEEN ? AND ? "
        f"{goal_sql} AND LENGTH(ch.name) > ? UNION "
        "SELECT DISTINCT 'campaign', cp.name FROM conversions c JOIN campaigns cp "
        f"ON cp.id = c.campaign_id WHERE c.status = 'active' AND c.local_date BETWEEN ? AND ? "
        f"{goal_sql} AND LENGTH(cp.name) > ?",
        [*params[2:], MAX_CELL_CHARS] * 3,
    ).fetchall()
    if cut or named:
        listed = [
            f"{'the notes' if notes_cut else 'the order id'} of order {order[:40]}"
            + (" (and its order id)" if notes_cut and id_cut else "")
            for order, notes_cut, id_cut in cut[:10]
        ] + [f"the {kind} name '{name[:40]}…'" for kind, name in named[:10]]
        more = len(cut) + len(named) - len(listed)
        notes.append(
            f"Cut to {MAX_CELL_CHARS:,} characters, the most an Excel cell holds (the cell ends "
            f"in '{TRUNCATED_MARKER}'): "
            + "; ".join(listed)
            + (f"; and {more:,} more" if more > 0 else "")
            + ". The app keeps the whole text."
        )
    return notes


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
    next_sheet: Callable[[], Any] | None = None,
) -> int:
    """Write the header in row 1 and one row per conversion; returns the rows written.
    `step(n)` is called after every chunk of `n` rows. Past Excel's row limit the rows continue
    on the sheets `next_sheet()` gives (each with the header again)."""
    widths = _text_widths(db)

    def start(ws: Any) -> None:
        for i, (name, _, width) in enumerate(HEADERS, 1):
            wanted = width or min(max(widths.get(name, 10), len(name)) + 2, MAX_TEXT_WIDTH)
            ws.column_dimensions[get_column_letter(i)].width = wanted
        ws.freeze_panes = "A2"  # before the first row: a write-only sheet writes its view with it
        landscape(ws)
        ws.sheet_view.showGridLines = True
        ws.print_title_rows = "1:1"
        ws.append([safe_value(ws, name, styles.get(kind, "header")) for name, kind, _ in HEADERS])

    def finish(ws: Any, rows: int) -> None:
        if rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{rows + 1}"

    start(ws)
    exponent = currency_exponent(styles.currency)
    scale = 10**exponent
    when_style = StyleArray(styles.get("datetime", "plain"))
    value_style = StyleArray(styles.get("money", "plain"))
    goal_sql = "AND c.goal_id = ?" if goal_id is not None else ""
    params: list[object] = [first.isoformat(), last.isoformat()]
    if goal_id is not None:
        params.append(goal_id)
    cursor = db.conn.execute(SQL.format(goal=goal_sql), params)
    written = on_sheet = 0
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
            if on_sheet == SHEET_ROWS - 1:
                if next_sheet is None:
                    raise ValueError("more conversions than one sheet holds, and no next sheet")
                finish(ws, on_sheet)
                ws, on_sheet = next_sheet(), 0
                start(ws)
                text_cache.clear()  # guarded text cells belong to their sheet
            on_sheet += 1
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
    finish(ws, on_sheet)
    return written
