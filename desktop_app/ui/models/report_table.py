"""The report table: rows per channel, campaign or goal with a total row that sorting never moves."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QFont

from desktop_app.domain import formatting as fmt
from desktop_app.domain.definitions import definition
from desktop_app.reports.rows import Figures, GoalProgress, Report, ReportRow, goal_total
from desktop_app.ui.models.row_table import ROW_ROLE as ROW_ROLE  # re-exported
from desktop_app.ui.models.row_table import SORT_ROLE as SORT_ROLE
from desktop_app.ui.models.row_table import Index, RowTableModel, aligned
from desktop_app.ui.theme import colors

# SORT_ROLE here is a number (or name) to sort by, None sorting lowest; ROW_ROLE the ReportRow.
TOTAL_ROLE = Qt.ItemDataRole.UserRole + 3  # True on the total row


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # a Figures attribute, or "name", "channel", "level", "target", "progress", "target_cpa"
    header: str  # the full name (copied text, tooltips)
    kind: str  # "text", "money", "count", "percent", "roas"
    tip: str = ""
    label: str = ""  # the table's compact header, on two lines where that saves width

    @property
    def shown(self) -> str:
        return self.label or self.header


_PROFIT = (
    Column(
        "gross_profit",
        "Gross profit",
        "money",
        "Value × the margin of each conversion's goal (goals without a margin left out)",
        "Gross\nprofit",
    ),
    Column(
        "profit_roi",
        "Profit ROI",
        "percent",
        "(gross profit − spend) ÷ spend: did the ads pay for themselves? Shown where every "
        "conversion's goal has a margin",
        "Profit\nROI",
    ),
    Column(
        "break_even_roas",
        "Break-even ROAS",
        "roas",
        "value ÷ gross profit: the ROAS at which the ads just pay for themselves",
        "Break-even\nROAS",
    ),
)

# What an owner reads first comes first: money in and out (the platform's claims right beside
# the business's own records, PRODUCT.md), the returns, then the traffic behind them.
_FIGURES = (
    Column("spend", "Spend", "money"),
    Column("conversions", "Conversions", "count", "Macro conversions (sales, leads)"),
    Column(
        "platform_conversions",
        "Platform conv.",
        "count",
        "Conversions the ad platforms claim, beside the ones the business recorded",
        "Platform\nconv.",
    ),
    Column("value", "Value", "money", "Value of the conversions"),
    Column(
        "platform_value",
        "Platform value",
        "money",
        "Value the ad platforms claim, beside the value the business recorded",
        "Platform\nvalue",
    ),
    Column("cpa", "CPA", "money", "Cost per conversion: spend ÷ conversions"),
    Column("roas", "ROAS", "roas", "Return on ad spend: value ÷ spend"),
    Column("roi", "ROI", "percent", "Return on investment: (value − spend) ÷ spend"),
    *_PROFIT,
    Column("micro_conversions", "Micro", "count", "Micro conversions (steps toward a sale)"),
    Column(
        "impressions",
        "Impressions",
        "count",
        "How often the ads were shown, from the platforms' cost reports",
        "Impr.",
    ),
    Column("clicks", "Clicks", "count", "Clicks on the ads, from the platforms' cost reports"),
    Column("ctr", "CTR", "percent", "Click-through rate: clicks ÷ impressions"),
    Column("conversion_rate", "Conv. rate", "percent", "Conversions ÷ clicks", "Conv.\nrate"),
)
_GOAL_CPA = "Spend of the campaigns that work for this goal ÷ its conversions"
_CHANNEL_TIP = "Where the conversions came from: the channel of their campaign or tags"
COLUMNS: dict[str, tuple[Column, ...]] = {
    "channel": (Column("name", "Channel", "text", _CHANNEL_TIP), *_FIGURES),
    "campaign": (
        Column(
            "name", "Campaign", "text", "The campaign; its spend and the conversions it brought"
        ),
        Column("channel", "Channel", "text", _CHANNEL_TIP),
        *_FIGURES,
    ),
    "goal": (
        Column("name", "Goal", "text", "The goal: what counts as a conversion (a sale, a lead…)"),
        Column("level", "Level", "text", "Macro: a sale or lead; micro: a step toward one"),
        Column("spend", "Spend", "money", "Spend of the campaigns that work for this goal"),
        Column(
            "conversions",
            "Conversions",
            "count",
            "The goal's conversions; the total counts the macro goals' (a micro goal's are "
            "steps toward a sale, not sales), as the Dashboard does",
        ),
        Column("value", "Value", "money"),
        Column(
            "cpa",
            "CPA",
            "money",
            "Spend of the campaigns that work for this goal ÷ its conversions",
        ),
        Column("roas", "ROAS", "roas", "Return on ad spend: value ÷ spend"),
        Column("roi", "ROI", "percent", "Return on investment: (value − spend) ÷ spend"),
        *_PROFIT,
        Column("target", "Target", "count", "The monthly target pro-rated to the range"),
        Column("progress", "Progress", "percent", "Conversions ÷ target"),
        Column(
            "target_cpa",
            "Target CPA",
            "money",
            "The most a conversion of this goal should cost (set on the Goals page)",
            "Target\nCPA",
        ),
    ),
}


def cell_value(row: ReportRow, column: Column, current: bool = True) -> Any:
    """The raw value of a cell (Decimal, int, str or None for undefined)."""
    figures: Figures = row.current if current else row.previous
    goal: GoalProgress | None = row.goal
    if column.key == "name":
        return row.name
    if column.key == "channel":
        return row.channel_name
    if column.key == "level":
        return goal.level.capitalize() if goal else ""
    if column.key == "target":
        return goal.target_count if goal else None
    if column.key == "progress":
        return goal.progress if goal else None
    if column.key == "target_cpa":
        return goal.target_cpa if goal else None
    return figures.get(column.key)


def display(value: Any, kind: str, currency: str) -> str:
    if kind == "text":
        return str(value)
    if kind == "money":
        return fmt.money(value, currency)
    if kind == "percent":
        return fmt.percent(value)
    if kind == "roas":
        return fmt.roas(value)
    if kind == "count" and isinstance(value, Decimal) and value != value.to_integral_value():
        return fmt.count(value.quantize(Decimal("0.01")))
    return fmt.count(value)


def plain(value: Any, kind: str) -> str:
    """A cell for pasting into a spreadsheet: bare numbers, percents as 12.34%, empty if undefined."""
    if value is None:
        return ""
    if kind == "text":
        return str(value)
    if kind == "percent":
        return f"{value * 100:.2f}%"
    if kind in ("money", "roas"):
        return f"{value:.2f}"
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return f"{value:.2f}"
    return str(int(value))


class ReportTableModel(RowTableModel):
    """The rows of one report view, then its total row (always the last source row)."""

    def __init__(self) -> None:
        super().__init__()
        self.view = "channel"
        self.columns = COLUMNS["channel"]
        self.rows: list[ReportRow] = []
        self.earlier = "Previous period"  # what the figures are compared with
        self.currency = ""

    def load(self, report: Report | None, view: str) -> None:
        with self.resetting():
            self.view = view
            self.columns = COLUMNS[view]
            if report is None:
                self.rows, self.currency = [], ""
            else:
                self.earlier = report.earlier
                rows = list(report.rows(view))
                total = goal_total(rows) if view == "goal" else report.total
                self.rows, self.currency = [*rows, total], report.currency
                # The profit columns once a goal has a margin (until then they would be empty).
                if all(r.current.gross_profit is None and r.previous.gross_profit is None
                       for r in self.rows):  # fmt: skip
                    self.columns = tuple(c for c in self.columns if c not in _PROFIT)

    def column_count(self) -> int:
        return len(self.columns)

    def header(self, section: int) -> str:
        return self.columns[section].shown

    def header_tip(self, section: int) -> str | None:
        """The figure's definition (domain/definitions.py), else the column's own note."""
        column = self.columns[section]
        if self.view == "goal" and column.key in ("spend", "cpa"):
            return column.tip  # the goal view's spend is the linked campaigns'
        return definition(column.key) or column.tip or (column.header if column.label else None)

    def alignment(self, col: int) -> int:
        return aligned(self.columns[col].kind != "text")

    def display(self, row: ReportRow, col: int) -> str:
        column = self.columns[col]
        if self.is_blank(row, column):
            return ""
        return display(cell_value(row, column), column.kind, self.currency)

    def sort_key(self, row: ReportRow, col: int) -> Any:
        value = cell_value(row, self.columns[col])
        return value.lower() if isinstance(value, str) else value

    def foreground(self, row: ReportRow, col: int) -> QColor | None:
        key = self.columns[col].key
        if row.current.few(key) is not None:  # too few to compare: muted, the tooltip says why
            return QColor(colors()["muted"])
        if key in ("roi", "profit_roi"):
            roi = row.current.get(key)
            return QColor(colors()["bad"]) if roi is not None and roi < 0 else None
        return None

    def extra(self, row: ReportRow, col: int, role: int) -> Any:
        column = self.columns[col]
        total = row.kind == "total"
        if role == TOTAL_ROLE:
            return total
        if role == Qt.ItemDataRole.FontRole and total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and total:
            return QColor(colors()["border"])
        if role == Qt.ItemDataRole.DecorationRole and column.key == "name" and not total:
            return QColor(row.color) if row.kind != "goal" else None
        if role == Qt.ItemDataRole.ToolTipRole and column.key == "name" and row.channel_name:
            # The campaign's channel, for when its column stepped aside on a narrow window
            return f"{row.name}\nChannel: {row.channel_name}"
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and column.kind != "text"
            and not self.is_blank(row, column)
        ):
            return self._tooltip(row, column)
        return None

    def is_blank(self, row: ReportRow, column: Column) -> bool:
        """Cells the total row leaves empty: per-row facts (the goal view's total CPA is the
        Dashboard's: spend over the macro goals' conversions)."""
        if row.kind != "total":
            return False
        return column.key in ("channel", "level", "target", "progress", "target_cpa")

    def _tooltip(self, row: ReportRow, column: Column) -> str | None:
        if column.key in ("target", "progress", "target_cpa"):
            return None
        before = display(cell_value(row, column, current=False), column.kind, self.currency)
        change = row.change(column.key)
        sign = "" if change is None or change < 0 else "+"
        tip = f"{self.earlier}: {before}" + (
            f" ({sign}{fmt.percent(change)})" if change is not None else ""
        )
        basis = row.current.few(column.key)
        if basis is not None:
            what = "clicks" if column.key == "ctr" or basis == row.current.clicks else "conversions"
            tip = f"Based on {fmt.count(basis)} {what} — too few to compare\n{tip}"
        if column.key == "profit_roi" and row.current.unmargined and row.kind != "goal":
            tip = (f"{fmt.count(row.current.unmargined)} conversions have a goal without a "
                   f"margin (set it on the Goals page)\n{tip}")  # fmt: skip
        return tip


class PinnedTotalProxy(QSortFilterProxyModel):
    """Sorts by SORT_ROLE with undefined values lowest, keeps the total row last in either order,
    and hides rows without any figure in either period unless `show_empty`."""

    def __init__(self) -> None:
        super().__init__()
        self.show_empty = False
        self.setSortRole(SORT_ROLE)

    def set_show_empty(self, show: bool) -> None:
        self.beginFilterChange()
        self.show_empty = show
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self.show_empty:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        row: ReportRow = index.data(ROW_ROLE)
        return (
            row.kind in ("total", "goal") or row.current != Figures() or row.previous != Figures()
        )

    def lessThan(self, left: Index, right: Index) -> bool:
        # Qt sorts descending by asking lessThan(right, left): answering by the sort order
        # keeps the total last both ways.
        if left.data(TOTAL_ROLE):
            return self.sortOrder() == Qt.SortOrder.DescendingOrder
        if right.data(TOTAL_ROLE):
            return self.sortOrder() == Qt.SortOrder.AscendingOrder
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            return a is None and b is not None
        if isinstance(a, str) != isinstance(b, str):
            return isinstance(a, str)
        return bool(a < b)
