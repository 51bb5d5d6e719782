"""The import history table: one row per batch with its file, kind, time and row counts."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from desktop_app.importing.batches import BatchRow
from desktop_app.ui.theme import colors

FILE, KIND, WHEN, READ, ADDED, UPDATED, SAME, REJECTED, STATUS = range(9)
HEADERS = ("File", "Kind", "Imported", "Read", "Added", "Updated", "Already there",
           "Problems", "Status")  # fmt: skip
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
_RIGHT = {READ, ADDED, UPDATED, SAME, REJECTED}

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


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
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


class BatchesModel(QAbstractTableModel):
    def __init__(self, tz: tzinfo = UTC) -> None:
        super().__init__()
        self.rows: list[BatchRow] = []
        self.tz = tz  # the business time zone, for the Imported and Undone times

    def load(self, rows: list[BatchRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            side = Qt.AlignmentFlag.AlignRight if section in _RIGHT else Qt.AlignmentFlag.AlignLeft
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == SORT_ROLE:
            return self._sort_key(row, col)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = Qt.AlignmentFlag.AlignRight if col in _RIGHT else Qt.AlignmentFlag.AlignLeft
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.undone:
                return QColor(colors()["muted"])
            if col == REJECTED and row.rejected:
                return QColor(colors()["bad"])
        if role == Qt.ItemDataRole.FontRole and col == FILE and not row.undone:
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col == STATUS and row.undone:
            return f"Undone on {local_time(row.undone, self.tz)}"
        return None

    def _display(self, row: BatchRow, col: int) -> str:
        return {
            FILE: row.file,
            KIND: row.kind.capitalize(),
            WHEN: local_time(row.imported_at, self.tz),
            READ: f"{row.rows_read:,}",
            ADDED: f"{row.inserted:,}",
            UPDATED: f"{row.updated:,}",
            SAME: f"{row.duplicates:,}",
            REJECTED: f"{row.rejected:,}",
            STATUS: "Undone" if row.undone else "Imported",
        }[col]

    def _sort_key(self, row: BatchRow, col: int) -> Any:
        return {
            WHEN: row.imported_at,
            READ: row.rows_read,
            ADDED: row.inserted,
            UPDATED: row.updated,
            SAME: row.duplicates,
            REJECTED: row.rejected,
        }.get(col, self._display(row, col).lower())

    def row_at(self, row: int) -> BatchRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of_batch(self, batch: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r.batch == batch), -1)
