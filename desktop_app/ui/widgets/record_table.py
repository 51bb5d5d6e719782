"""A sortable, row-selecting table view over one of the page models, and a friendly empty state."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.models.row_table import RowTableModel
from desktop_app.ui.theme import page_icon
from desktop_app.ui.widgets.step_aside import StepAside

FIT_ROWS = 200


class RecordTable(QTableView):
    """Whole-row selection, sorting by the model's sort role; Enter opens, Delete deletes, Ctrl+V pastes."""

    open_requested = Signal()
    delete_requested = Signal()
    paste_requested = Signal()
    resized = Signal()

    def __init__(self, model: QAbstractTableModel, sort_role: int) -> None:
        super().__init__()
        self.source = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(sort_role)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(30)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        # Column widths from the first 200 rows, not Qt's 1,000: fitting the columns of a
        # spend table of 50,000 days then costs about a tenth (the widths are capped anyway).
        header.setResizeContentsPrecision(FIT_ROWS)
        self._squeeze: int | None = None  # the column fit_columns squeezes, and its own width
        self._natural = 0
        self.step_aside = StepAside(self)  # columns that hide while there is no room
        # Flat headers and no frame: the card around the table draws the border (the app's
        # style sheet, theme.py; one of the table's own cost ~4 ms at each level it was added to).
        self.setObjectName("recordTable")
        self.doubleClicked.connect(lambda _index: self.open_requested.emit())

    def fit_columns(self, squeeze: int | None = None) -> None:
        """Columns as wide as their contents (with air); the last one takes the room left.

        `squeeze` names a column of long text that gives up width (elided) so the rest fit.
        """
        count = self.source.columnCount()
        widths = [min(width + 16, 360) for width in self._measured_widths()]
        self.step_aside.widths, self.step_aside.squeeze = widths, squeeze
        for col, width in enumerate(widths):
            if col < count - 1:
                self.setColumnWidth(col, width)
        self.horizontalHeader().setStretchLastSection(True)
        self._squeeze = squeeze
        self._natural = self.columnWidth(squeeze) if squeeze is not None else 0
        self.fit_width()

    def _measured_widths(self) -> list[int]:
        """Each column's width for its header and the text of its first FIT_ROWS rows, as the
        view would draw them: Qt's own resizeColumnsToContents asks every cell for ten roles
        through Python (115 ms for 50 campaigns); this asks for the text and, in the first row,
        the font and the swatch."""
        metrics = self.fontMetrics()
        margin = 2 * (
            self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1
        )
        icon = self.iconSize().width() if self.iconSize().isValid() else 16
        header = self.horizontalHeader()
        rows = min(self.proxy.rowCount(), FIT_ROWS)
        display, decoration = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole
        # A row table's text comes from its Python `display` directly: through Qt's index and
        # data() each cell cost about 25 µs more (45 ms for the Campaigns page's tables).
        table = self.source if isinstance(self.source, RowTableModel) else None
        if table is not None and type(table).data is not RowTableModel.data:
            table = None  # its data() says more than display(): ask it the usual way
        shown = []
        if table is not None:
            first = (self.proxy.mapToSource(self.proxy.index(r, 0)).row() for r in range(rows))
            shown = [table.rows[i] for i in first]
        widths = []
        for col in range(self.source.columnCount()):
            # A column whose first cell has a font of its own (a bold name) is measured in it:
            # wider than the plain rows, so never too narrow for them.
            font = self.proxy.index(0, col).data(Qt.ItemDataRole.FontRole) if rows else None
            measure = QFontMetrics(font) if isinstance(font, QFont) else metrics
            widest = 0
            texts = (
                (table.display(row, col) for row in shown)
                if table is not None
                else (self.proxy.index(row, col).data(display) for row in range(rows))
            )
            for text in texts:
                if text:
                    widest = max(widest, measure.horizontalAdvance(str(text)))
            if rows and self.proxy.index(0, col).data(decoration) is not None:
                widest += icon + 4
            widths.append(max(widest + margin, header.sectionSizeHint(col)))
        return widths

    def fit_width(self) -> None:
        """After a resize: the optional columns step aside or come back, and the squeezed
        column takes the room left (the contents were measured by the last fit_columns;
        measuring them again on every resize step cost 40 ms a time)."""
        self.step_aside.place()
        squeeze = self._squeeze
        if squeeze is None:
            return
        count = self.source.columnCount()
        others = sum(self.columnWidth(c) for c in range(count)
                     if c != squeeze and not self.isColumnHidden(c))  # fmt: skip
        room = self.viewport().width() - others
        self.setColumnWidth(squeeze, max(120, min(self._natural, room)))

    # -- columns that step aside ------------------------------------------------------------
    def set_optional_columns(self, columns: Sequence[int], key: str) -> None:
        """`columns` hide themselves, the first first, while the table is too narrow for all
        (each cell's tooltip should then carry what they show); the header's right-click menu
        lets the user choose the columns instead, remembered under `key`."""
        self.step_aside.configure(columns, key)

    def column_menu(self) -> QMenu:
        return self.step_aside.menu()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self.resized.emit()

    def selected_rows(self) -> list[int]:
        """Source-model rows of the selection, top to bottom as shown."""
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        return [self.proxy.mapToSource(self.proxy.index(r, 0)).row() for r in rows]

    def current_source_row(self) -> int:
        index = self.currentIndex()
        return self.proxy.mapToSource(index).row() if index.isValid() else -1

    def select_source_row(self, row: int) -> None:
        index = self.proxy.mapFromSource(self.source.index(row, 0))
        if index.isValid():
            # Straight to the selection model: the view's own commands would toggle the row
            # when a modifier is held (Ctrl+V, Ctrl+Z reloading the page).
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
            self.selectionModel().setCurrentIndex(index, flags)
            self.scrollTo(index)

    def select_source_rows(self, rows: list[int]) -> None:
        """Select these source-model rows (the first current and scrolled to)."""
        self.select_source_row(rows[0])
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in rows[1:]:
            index = self.proxy.mapFromSource(self.source.index(row, 0))
            if index.isValid():
                self.selectionModel().select(index, flags)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_requested.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit()
            return
        if event.key() == Qt.Key.Key_Delete and self.selectionModel().hasSelection():
            self.delete_requested.emit()
            return
        super().keyPressEvent(event)


def empty_state(icon: str, title: str, text: str, button: QPushButton) -> QWidget:
    """A centred picture, a title, a sentence and the one button that gets the user going."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.addStretch(1)
    picture = QLabel()
    picture.setPixmap(page_icon(icon, size=56).pixmap(56, 56))
    picture.setAlignment(Qt.AlignmentFlag.AlignHCenter)
    heading = QLabel(title)
    heading.setObjectName("heroTitle")
    heading.setAlignment(Qt.AlignmentFlag.AlignHCenter)
    sentence = QLabel(text)
    sentence.setObjectName("heroText")
    # Lines are broken by the caller: a wrapped label in a centred column loses its last line.
    sentence.setAlignment(Qt.AlignmentFlag.AlignHCenter)
    for widget in (picture, heading, sentence):
        column.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
    column.addSpacing(14)
    button.setMinimumHeight(38)
    column.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
    column.addStretch(2)
    return box
