"""The conversions table: a lazy model that fetches pages of rows from SQLite as the view scrolls."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop_app.domain import formatting
from desktop_app.domain.channels import why_channel
from desktop_app.domain.money import NumberStyle
from desktop_app.domain.timeutil import to_local
from desktop_app.store import Database
from desktop_app.store.conversion_query import (
    ConversionFilter,
    ConversionListRow,
    count_conversions,
    fetch_page,
)

Index = QModelIndex | QPersistentModelIndex

# Column constants: (sort key in conversion_query.SORT_EXPRESSIONS, header).
(COL_TIME, COL_GOAL, COL_VALUE, COL_CHANNEL, COL_WHY, COL_CAMPAIGN, COL_ORDER, COL_ORIGIN,
 COL_SENT, COL_NOTES) = range(10)  # fmt: skip
COLUMNS: tuple[tuple[str, str], ...] = (
    ("occurred_at", "When"),
    ("goal", "Goal"),
    ("value", "Value"),
    ("channel", "Channel"),
    ("channel_rule", "Why this channel"),
    ("campaign", "Campaign"),
    ("order_id", "Order / reference"),
    ("origin", "Source"),
    ("sent_to", "Sent to"),
    ("notes", "Notes"),
)
_PLATFORM_TEXT = {"google-ads": "Google Ads", "meta": "Meta", "microsoft": "Microsoft"}
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
PAGE_SIZE = 500
_ORIGIN_TEXT = {"manual": "Logged by hand", "import": "Imported", "demo": "Demo"}


class ConversionsModel(QAbstractTableModel):
    """Rows in the database's sort order; only the pages scrolled to are in memory."""

    def __init__(self, db: Database | None = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self.db = db
        self.page_size = page_size
        self.filter = ConversionFilter()
        self.sort_key, self.descending = "occurred_at", True
        self.style = NumberStyle()
        self.tz: Any = None
        self.rows: list[ConversionListRow] = []
        self.total = 0
        self.pages_fetched = 0
        self._busy = False

    # -- loading --------------------------------------------------------------------------
    def reload(self, db: Database | None = None) -> None:
        """Count in SQL and fetch the first page again (after a filter, sort or data change)."""
        if db is not None:
            self.db = db
        self._busy = True  # views and checkers must not fetch inside the reset signal
        self.beginResetModel()
        self.rows, self.pages_fetched = [], 0
        self.total = count_conversions(self.db, self.filter) if self.db is not None else 0
        self._fetch_page()
        self.endResetModel()
        self._busy = False

    def set_filter(self, flt: ConversionFilter) -> None:
        self.filter = flt
        self.reload()

    def _fetch_page(self) -> None:
        page = self._next_page()
        self.rows.extend(page)

    def _next_page(self) -> list[ConversionListRow]:
        """The next page after the last row held (keyset paging: no OFFSET over a million rows)."""
        if self.db is None or len(self.rows) >= self.total:
            return []
        last = self.rows[-1] if self.rows else None
        page = fetch_page(
            self.db,
            self.filter,
            self.sort_key,
            self.descending,
            after=(last.sort_key, last.id) if last else None,
            limit=self.page_size,
        )
        self.pages_fetched += 1
        # Rows added since the count would push the view past `total`; rows deleted since
        # the count end the table early. Either way the count follows what SQLite returned.
        page = page[: self.total - len(self.rows)]
        if len(page) < self.page_size and len(self.rows) + len(page) < self.total:
            self.total = len(self.rows) + len(page)
        return page

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt signature
        return not parent.isValid() and not self._busy and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 - Qt signature
        if parent.isValid() or self._busy:
            return
        page = self._next_page()
        if not page:
            return
        start = len(self.rows)
        self._busy = True  # no nested fetch from a slot connected to the insert signals
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self.rows.extend(page)
        self.endInsertRows()
        self._busy = False

    # -- Qt model API ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section][1]
            if role == Qt.ItemDataRole.TextAlignmentRole and section == COL_VALUE:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.sort_key = COLUMNS[column][0]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def row_at(self, row: int) -> ConversionListRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, col)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return row.sort_key if COLUMNS[col][0] == self.sort_key else self._text(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_VALUE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole and col == COL_CHANNEL:
            return QColor(row.channel_color)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col in (COL_CHANNEL, COL_WHY):
                return f"{row.channel}: {why_channel(row.channel_rule) or 'no rule recorded'}"
            if row.status == "cancelled":
                return "Cancelled: kept, but left out of reports"
            return row.notes or None
        if role == Qt.ItemDataRole.ForegroundRole and row.status == "cancelled":
            return QColor("#9AA0A6")
        return None

    def _text(self, row: ConversionListRow, col: int) -> str:
        if col == COL_TIME:
            if self.tz is None:
                return row.occurred_at
            return to_local(row.occurred_at, self.tz).strftime("%Y-%m-%d %H:%M")
        if col == COL_GOAL:
            return row.goal
        if col == COL_VALUE:
            text = formatting.money_minor(row.value_minor, row.currency)
            return f"{text} ×{row.quantity}" if row.quantity > 1 else text
        if col == COL_CHANNEL:
            return row.channel
        if col == COL_WHY:
            return why_channel(row.channel_rule)
        if col == COL_CAMPAIGN:
            return row.campaign or "—"
        if col == COL_ORDER:
            return row.order_id
        if col == COL_ORIGIN:
            origin = _ORIGIN_TEXT.get(row.origin, row.origin.title())
            return f"{origin} (cancelled)" if row.status == "cancelled" else origin
        if col == COL_SENT:
            sent = [_PLATFORM_TEXT.get(p, p) for p in row.sent_to.split(",") if p]
            return ", ".join(sent) or "—"
        return row.notes.replace("\n", " ")
