"""The conversions table: every row counted at once, pages of rows fetched as the view shows them.

The view sees all rows from the start (`rowCount` is the count), so its scroll bar is true and
a drag to the middle shows the middle. Only pages the view asked for are read, and only the last
`max_pages` of them are kept (`pages_held`): scrolling a million rows end to end holds a few
thousand. A page is read by keyset: after the last row of the page before it when that page
was read, or else after the row a narrow OFFSET query finds.

Where the queries run is the `runner`'s choice: the Conversions page runs them on a worker
thread with a connection of its own and gets the rows back by signal, so no filter, sort,
search or scroll waits on SQLite; a model made with a bare database (`ConversionsModel(db)`)
runs them at once, on the calling thread. While a page is on its way its rows read "Loading…".
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from functools import partial
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from desktop_app.domain import formatting
from desktop_app.domain.channels import why_channel
from desktop_app.domain.money import NumberStyle
from desktop_app.domain.timeutil import to_local
from desktop_app.exporting.uploads import PLATFORM_NAMES
from desktop_app.store import Database
from desktop_app.store.conversion_query import (
    ConversionFilter,
    ConversionListRow,
    count_conversions,
    fetch_ids,
    fetch_page,
    key_at,
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
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
PAGE_SIZE = 500
MAX_PAGES = 24  # pages kept: 12,000 rows, about 11 MB
LOADING = "Loading…"
_ORIGIN_TEXT = {"manual": "Logged by hand", "import": "Imported", "demo": "Demo"}

# runner(work, done): run work(db) somewhere and hand its result to done(result) on this thread.
# runner(work, done, failed): runs `work` with a connection, then `done(result)` on the GUI
# thread, or `failed(message)` when the work raised.
Runner = Callable[[Callable[[Database], Any], Callable[[Any], None], Callable[[str], None]], None]


@dataclass(frozen=True)
class _Query:
    """What one reload asked for; a page that arrives for an older query is dropped."""

    generation: int
    filter: ConversionFilter
    sort_key: str
    descending: bool


@dataclass(frozen=True)
class _Page:
    query: _Query
    number: int
    rows: list[ConversionListRow]
    total: int | None = None  # set on the first page of a reload (counted in the same job)


class ConversionsModel(QAbstractTableModel):
    """Rows in the database's sort order; only a window of pages is in memory."""

    loaded = Signal()  # a reload's count and first page arrived (or it failed)
    failed = Signal(str)

    def __init__(
        self,
        db: Database | None = None,
        page_size: int = PAGE_SIZE,
        runner: Runner | None = None,
        max_pages: int = MAX_PAGES,
    ) -> None:
        super().__init__()
        self.db = db
        self.page_size = page_size
        self.max_pages = max(2, max_pages)
        self.runner: Runner = runner or self._run_here
        self.filter = ConversionFilter()
        self.sort_key, self.descending = "occurred_at", True
        self.style = NumberStyle()
        self.tz: Any = None
        self.total = 0
        self.pages_fetched = 0  # page queries run since the model was made
        self.loading = False  # a reload is on its way
        self._query = _Query(0, self.filter, self.sort_key, self.descending)
        self._pages: OrderedDict[int, list[ConversionListRow]] = OrderedDict()
        self._ends: dict[int, tuple[Any, int]] = {}  # page -> (sort key, id) of its last row
        self._in_flight: int | None = None
        self._wanted: OrderedDict[int, None] = OrderedDict()
        self._answering = (
            False  # inside data(): a page read on this thread is returned, not signalled
        )

    def _run_here(
        self, work: Callable[[Database], Any], done: Callable[[Any], None], _failed: object
    ) -> None:
        if self.db is not None:
            done(work(self.db))

    # -- loading --------------------------------------------------------------------------
    def reload(self, db: Database | None = None) -> None:
        """Count and read the first page again (after a filter, sort or data change). The rows
        shown stay until the new ones arrive."""
        if db is not None:
            self.db = db
        self._query = query = _Query(
            self._query.generation + 1, self.filter, self.sort_key, self.descending
        )
        self._wanted.clear()
        self.loading = True
        size = self.page_size

        def work(conn: Database) -> _Page:
            total = count_conversions(conn, query.filter)
            rows = fetch_page(conn, query.filter, query.sort_key, query.descending, limit=size)
            return _Page(query, 0, rows, total)

        self._in_flight = 0
        self.pages_fetched += 1
        self.runner(work, self._arrived, partial(self.fail, query=query))

    def set_filter(self, flt: ConversionFilter) -> None:
        self.filter = flt
        self.reload()

    def _arrived(self, page: _Page) -> None:
        if page.query != self._query:  # an older reload's page: the view has moved on
            return
        self._in_flight = None
        if page.total is not None:
            self.beginResetModel()
            self.total = page.total
            self._pages.clear()
            self._ends.clear()
            self._keep(0, page.rows)
            self.endResetModel()
            self.loading = False
            self.loaded.emit()
        else:
            self._keep(page.number, page.rows)
            first = page.number * self.page_size
            last = min(first + self.page_size, self.total) - 1
            if last >= first and not self._answering:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
        self._next()

    def fail(self, message: str, query: _Query | None = None) -> None:
        """A query failed: nothing is shown as loading. A failure of a query the view has moved
        on from is dropped, as its answer would be: the newer query says how it went."""
        if query is not None and query != self._query:
            return
        self._in_flight = None
        self._wanted.clear()
        self.loading = False
        self.loaded.emit()  # first: the page updates its buttons and count line...
        self.failed.emit(message)  # ...then says what went wrong in that line

    def _keep(self, number: int, rows: list[ConversionListRow]) -> None:
        self._pages[number] = rows
        self._pages.move_to_end(number)
        if rows:
            self._ends[number] = (rows[-1].sort_key, rows[-1].id)
        while len(self._pages) > self.max_pages:
            self._pages.popitem(last=False)

    def _want(self, number: int) -> None:
        """Ask for a page; the last pages asked for come first, old wishes are dropped (a drag
        of the scroll bar passes many pages the view no longer shows)."""
        self._wanted[number] = None
        self._wanted.move_to_end(number)
        while len(self._wanted) > 4:
            self._wanted.popitem(last=False)
        if self._in_flight is None:
            self._next()

    def _next(self) -> None:
        while self._wanted:
            number, _ = self._wanted.popitem(last=True)
            if number not in self._pages and number * self.page_size < self.total:
                self._fetch(number)
                return

    def _fetch(self, number: int) -> None:
        query, size = self._query, self.page_size
        known = self._ends.get(number - 1)

        def work(conn: Database) -> _Page:
            after = known
            if after is None and number > 0:  # a jump: where the page starts, in one narrow query
                after = key_at(conn, query.filter, query.sort_key, query.descending,
                               number * size - 1)  # fmt: skip
                if after is None:
                    return _Page(query, number, [])
            rows = fetch_page(conn, query.filter, query.sort_key, query.descending,
                              after=after, limit=size)  # fmt: skip
            return _Page(query, number, rows)

        self._in_flight = number
        self.pages_fetched += 1
        self.runner(work, self._arrived, partial(self.fail, query=query))

    @property
    def pages_held(self) -> int:
        return len(self._pages)

    def row_at(self, row: int) -> ConversionListRow | None:
        """The row, when its page is in memory (asking for the page when it is not)."""
        if not 0 <= row < self.total:
            return None
        number, at = divmod(row, self.page_size)
        page = self._pages.get(number)
        if page is None:
            self._want(number)
            page = self._pages.get(number)  # a runner on this thread has it already
            if page is None:
                return None
        self._pages.move_to_end(number)
        return page[at] if at < len(page) else None

    def ids_of(self, rows: list[int]) -> list[int]:
        """The conversion ids of these rows, in order; rows whose page is not in memory are read
        at once (a selection of every row of a long list)."""
        ids: dict[int, int] = {}
        missing: list[int] = []
        for row in rows:
            number, at = divmod(row, self.page_size)
            page = self._pages.get(number)
            if page is not None and at < len(page):
                ids[row] = page[at].id
            elif 0 <= row < self.total:
                missing.append(row)
        if missing and self.db is not None:
            q = self._query
            found = fetch_ids(self.db, q.filter, q.sort_key, q.descending, min(missing),
                              max(missing) - min(missing) + 1)  # fmt: skip
            for row in missing:
                at = row - min(missing)
                if at < len(found):
                    ids[row] = found[at]
        return [ids[r] for r in rows if r in ids]

    # -- Qt model API ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else self.total

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

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        col = index.column()
        self._answering = True
        try:
            row = self.row_at(index.row())
        finally:
            self._answering = False
        if row is None:  # its page is on its way: a grey "Loading…" in the first column
            waiting = 0 <= index.row() < self.total and (
                index.row() // self.page_size not in self._pages
            )
            if waiting and role == Qt.ItemDataRole.DisplayRole and col == COL_TIME:
                return LOADING
            if waiting and role == Qt.ItemDataRole.ForegroundRole:
                return QColor("#9AA0A6")
            return None
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
            moment = to_local(row.occurred_at, self.tz)
            # UTC where the business's time is past the calendar (to_local): said so
            return formatting.moment(moment) + (" UTC" if moment.tzinfo is UTC else "")
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
            sent = [PLATFORM_NAMES.get(p, p) for p in row.sent_to.split(",") if p]
            return ", ".join(sent) or "—"
        return row.notes.replace("\n", " ")
