"""The Goals page's table: one row per goal with its rule, value, target progress and recent count."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from desktop_app.store.goals import COUNTING_LABELS, GoalRow
from desktop_app.ui.locale_numbers import money_text
from desktop_app.ui.theme import colors

NAME, CATEGORY, LEVEL, VALUE, COUNTING, LOOKBACK, TARGET, LAST30, STATUS = range(9)
# Short headers, so all columns fit a 1280-wide window; the tooltips say the rest.
HEADERS = ("Name", "Category", "Level", "Value", "Counting", "Lookback",
           "This month", "Last 30 days", "Status")  # fmt: skip
HEADER_TIPS = {
    VALUE: "Default value of one conversion",
    LOOKBACK: "How far back touchpoints can earn credit",
    TARGET: "Conversions this month, of the monthly target",
    LAST30: "Conversions in the last 30 days",
}
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
_RIGHT = {VALUE, LOOKBACK, TARGET, LAST30}

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root every flat table hangs from


def progress_text(row: GoalRow) -> str:
    if not row.target_count:
        return f"{row.month_count:,}"
    share = row.month_count * 100 // row.target_count
    return f"{row.month_count:,} / {row.target_count:,}  ({share} %)"


class GoalsModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[GoalRow] = []

    def load(self, rows: list[GoalRow]) -> None:
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
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(section)
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            right = section in _RIGHT
            return int(Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft) | int(
                Qt.AlignmentFlag.AlignVCenter
            )
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
            horizontal = (
                Qt.AlignmentFlag.AlignRight if col in _RIGHT else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.archived:
                return QColor(colors()["muted"])
            if col == TARGET and row.target_count and row.month_count >= row.target_count:
                return QColor(colors()["good"])
        if role == Qt.ItemDataRole.FontRole and col == NAME and not row.archived:
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col == NAME and row.platform_names:
            return "In ad platforms: " + ", ".join(row.platform_names)
        return None

    def _display(self, row: GoalRow, col: int) -> str:
        return {
            NAME: row.name,
            CATEGORY: row.category.capitalize(),
            LEVEL: row.level.capitalize(),
            VALUE: money_text(row.default_value_minor, row.currency),
            COUNTING: COUNTING_LABELS.get(row.counting, row.counting),
            LOOKBACK: f"{row.lookback_days} days",
            TARGET: progress_text(row),
            LAST30: f"{row.last30_count:,}",
            STATUS: "Archived" if row.archived else "Active",
        }[col]

    def _sort_key(self, row: GoalRow, col: int) -> Any:
        return {
            NAME: row.name.lower(),
            VALUE: row.default_value_minor,
            LOOKBACK: row.lookback_days,
            TARGET: row.month_count,
            LAST30: row.last30_count,
        }.get(col, self._display(row, col).lower())

    def row_at(self, row: int) -> GoalRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None
