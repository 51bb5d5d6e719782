"""The template every flat table model follows: a list of row objects shown one per line."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # a value to sort by (a number, or a lower-case name)
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the row object of the line

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root every flat table hangs from


def aligned(right: bool) -> int:
    """Figures right, text left, both centred vertically."""
    side = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
    return int(side | Qt.AlignmentFlag.AlignVCenter)


class RowTableModel(QAbstractTableModel):
    """Headers, alignment and the Display / sort / row-object / foreground roles for `self.rows`.

    A table names its columns in HEADERS (or overrides `column_count` and `header`), lists its
    right-aligned figures in RIGHT_ALIGNED, and says what a cell shows in `display`; the other
    hooks have defaults. Roles no hook answers go to `extra`.
    """

    HEADERS: tuple[str, ...] = ()
    HEADER_TIPS: Mapping[int, str] = {}
    RIGHT_ALIGNED: frozenset[int] = frozenset()

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Any] = []

    @contextmanager
    def resetting(self) -> Iterator[None]:
        """Wraps a reload, so views drop everything they knew about the rows."""
        self.beginResetModel()
        try:
            yield
        finally:
            self.endResetModel()

    # -- hooks ------------------------------------------------------------------------------
    def column_count(self) -> int:
        return len(self.HEADERS)

    def header(self, section: int) -> str:
        return self.HEADERS[section]

    def header_tip(self, section: int) -> str | None:
        return self.HEADER_TIPS.get(section)

    def alignment(self, col: int) -> Any:
        return aligned(col in self.RIGHT_ALIGNED)

    def display(self, row: Any, col: int) -> Any:
        raise NotImplementedError

    def sort_key(self, row: Any, col: int) -> Any:
        return self.display(row, col).lower()

    def foreground(self, row: Any, col: int) -> Any:
        return None

    def extra(self, row: Any, col: int, role: int) -> Any:
        return None

    # -- Qt model API -----------------------------------------------------------------------
    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else self.column_count()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.column_count():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.header(section)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tip(section)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(section)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, col)
        if role == SORT_ROLE:
            return self.sort_key(row, col)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(col)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row, col)
        return self.extra(row, col, role)

    def row_at(self, row: int) -> Any:
        return self.rows[row] if 0 <= row < len(self.rows) else None
