"""The Goals page's table: one row per goal with its rule, value, target progress and recent count."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from desktop_app.domain import formatting
from desktop_app.domain.models import COUNTING_LABELS
from desktop_app.store.goals import GoalRow
from desktop_app.ui.locale_numbers import money_text
from desktop_app.ui.models.row_table import ROW_ROLE as ROW_ROLE  # re-exported
from desktop_app.ui.models.row_table import SORT_ROLE as SORT_ROLE
from desktop_app.ui.models.row_table import RowTableModel
from desktop_app.ui.theme import colors

NAME, CATEGORY, LEVEL, VALUE, COUNTING, LOOKBACK, TARGET, LAST30, STATUS = range(9)
# Short headers, so all columns fit a 1280-wide window; the tooltips say the rest.
HEADERS = ("Name", "Category", "Level", "Value", "Counting", "Lookback",
           "This month", "Last 30 days", "Status")  # fmt: skip
HEADER_TIPS = {
    NAME: "The goal: what counts as a conversion",
    CATEGORY: "What kind of result it is (a sale, a lead, a sign-up…): reports and upload files "
    "name it so",
    LEVEL: "Macro: a sale or lead, counted in the key figures; micro: a step toward one",
    VALUE: "Default value of one conversion",
    COUNTING: "Every conversion, or only a customer's first (one per customer)",
    STATUS: "Active, or archived (kept for history, left out of new entries)",
    LOOKBACK: "How far back touchpoints can earn credit",
    TARGET: "Conversions this month, of the monthly target",
    LAST30: "Conversions in the last 30 days, to yesterday (today is not over yet)",
}


def progress_text(row: GoalRow) -> str:
    if not row.target_count:
        return f"{formatting.number(row.month_count)}"
    share = row.month_count * 100 // row.target_count
    return (
        f"{formatting.number(row.month_count)} / {formatting.number(row.target_count)}  ({share} %)"
    )


class GoalsModel(RowTableModel):
    HEADERS = HEADERS
    HEADER_TIPS = HEADER_TIPS
    RIGHT_ALIGNED = frozenset({VALUE, LOOKBACK, TARGET, LAST30})

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[GoalRow] = []

    def load(self, rows: list[GoalRow]) -> None:
        with self.resetting():
            self.rows = list(rows)

    def foreground(self, row: GoalRow, col: int) -> QColor | None:
        if row.archived:
            return QColor(colors()["muted"])
        if col == TARGET and row.target_count and row.month_count >= row.target_count:
            return QColor(colors()["good"])
        return None

    def extra(self, row: GoalRow, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and col == NAME and not row.archived:
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col == NAME and row.platform_names:
            return "In ad platforms: " + ", ".join(row.platform_names)
        return None

    def display(self, row: GoalRow, col: int) -> str:
        return {
            NAME: row.name,
            CATEGORY: row.category.capitalize(),
            LEVEL: row.level.capitalize(),
            VALUE: money_text(row.default_value_minor, row.currency),
            COUNTING: COUNTING_LABELS.get(row.counting, row.counting),
            LOOKBACK: f"{row.lookback_days} days",
            TARGET: progress_text(row),
            LAST30: f"{formatting.number(row.last30_count)}",
            STATUS: "Archived" if row.archived else "Active",
        }[col]

    def sort_key(self, row: GoalRow, col: int) -> Any:
        return {
            NAME: row.name.lower(),
            VALUE: row.default_value_minor,
            LOOKBACK: row.lookback_days,
            TARGET: row.month_count,
            LAST30: row.last30_count,
        }.get(col, self.display(row, col).lower())

    def row_at(self, row: int) -> GoalRow | None:
        found: GoalRow | None = super().row_at(row)  # typed for the Goals page
        return found
