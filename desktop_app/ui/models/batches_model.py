"""The import history table: one row per batch with its file, kind, time and row counts."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from desktop_app.domain import formatting
from desktop_app.importing.batches import BatchRow
from desktop_app.ui.models.row_table import ROW_ROLE as ROW_ROLE
from desktop_app.ui.models.row_table import SORT_ROLE as SORT_ROLE
from desktop_app.ui.models.row_table import RowTableModel
from desktop_app.ui.theme import colors

FILE, KIND, WHEN, READ, ADDED, UPDATED, SAME, REJECTED, STATUS = range(9)
HEADERS = ("File", "Kind", "Imported", "Read", "Added", "Updated", "Already there",
           "Problems", "Status")  # fmt: skip
_RIGHT = {READ, ADDED, UPDATED, SAME, REJECTED}


def local_time(utc_text: str | None, tz: tzinfo = UTC) -> str:
    """`2026-05-01T08:30:00Z` in the business time zone `tz`, as `2026-05-01 10:30`.

    The same form as the Conversions page's times.
    """
    if not utc_text:
        return ""
    try:
        moment = datetime.strptime(utc_text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return utc_text
    return formatting.moment(moment.astimezone(tz))


class BatchesModel(RowTableModel):
    HEADERS = HEADERS
    RIGHT_ALIGNED = frozenset(_RIGHT)

    def __init__(self, tz: tzinfo = UTC) -> None:
        super().__init__()
        self.rows: list[BatchRow] = []
        self.tz = tz  # the business time zone, for the Imported and Undone times

    def load(self, rows: list[BatchRow]) -> None:
        with self.resetting():
            self.rows = list(rows)

    def foreground(self, row: BatchRow, col: int) -> Any:
        if row.undone:
            return QColor(colors()["muted"])
        if col == REJECTED and row.rejected:
            return QColor(colors()["bad"])
        return None

    def extra(self, row: BatchRow, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and col == FILE and not row.undone:
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col == STATUS and row.undone:
            return f"Undone on {local_time(row.undone, self.tz)}"
        return None

    def display(self, row: BatchRow, col: int) -> str:
        return {
            FILE: row.file,
            KIND: row.kind.capitalize(),
            WHEN: local_time(row.imported_at, self.tz),
            READ: f"{formatting.number(row.rows_read)}",
            ADDED: f"{formatting.number(row.inserted)}",
            UPDATED: f"{formatting.number(row.updated)}",
            SAME: f"{formatting.number(row.duplicates)}",
            REJECTED: f"{formatting.number(row.rejected)}",
            STATUS: "Undone" if row.undone else "Imported",
        }[col]

    def sort_key(self, row: BatchRow, col: int) -> Any:
        return {
            WHEN: row.imported_at,
            READ: row.rows_read,
            ADDED: row.inserted,
            UPDATED: row.updated,
            SAME: row.duplicates,
            REJECTED: row.rejected,
        }.get(col, self.display(row, col).lower())

    def row_of_batch(self, batch: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r.batch == batch), -1)
