"""The channels table of Settings: colour swatch, name (editable), paid, hidden, use and mapped values."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop_app.domain import formatting
from desktop_app.domain.models import Channel
from desktop_app.store import Database
from desktop_app.store.channel_admin import list_aliases
from desktop_app.store.channels import list_channels

Index = QModelIndex | QPersistentModelIndex
COL_NAME, COL_PAID, COL_HIDDEN, COL_KIND, COL_USED, COL_MAPPED = range(6)
HEADERS = ("Channel", "Paid", "Hidden", "Kind", "Conversions", "Source values mapped here")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True, slots=True)
class ChannelItem(Channel):
    """A stored channel, with what the Channels tab shows beside it."""

    conversions: int | None = None  # None until counted (on a worker: 100 ms on 1M conversions)
    mapped: tuple[str, ...] = ()


class ChannelsModel(QAbstractTableModel):
    """Edits are not applied here: they go to `on_rename` / `on_flag`, which push undo steps."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[ChannelItem] = []
        self.on_rename: Callable[[int, str], None] | None = None
        self.on_flag: Callable[[int, str, bool], None] | None = None
        self._last: dict[int, int] = {}  # the counts last brought, shown greyed while recounted
        self._counted_in: weakref.ref[Database] | None = None

    def reload(self, db: Database) -> None:
        """The channels and their mappings. Until `set_counts` brings the new counts, the
        conversions column shows the last ones of this database greyed (a tick of Paid does not
        blank the column), and "…" where there is none."""
        if self._counted_in is None or self._counted_in() is not db:
            self._last = {}  # another database's counts would name other channels
        self._counted_in = weakref.ref(db)
        mapped: dict[int, list[str]] = {}
        for alias in list_aliases(db):
            mapped.setdefault(alias.channel_id, []).append(alias.raw_value)
        self.beginResetModel()
        self.items = [
            ChannelItem(
                c.id,
                c.name,
                c.paid,
                c.offline,
                c.color,
                c.hidden,
                None,
                tuple(mapped.get(c.id, ())),
            )
            for c in list_channels(db)
        ]
        self.endResetModel()

    def set_counts(self, counts: dict[int, int]) -> None:
        """Conversions per channel id (all statuses), as `usage_counts` gives them."""
        self._last = dict(counts)
        self.items = [replace(item, conversions=counts.get(item.id, 0)) for item in self.items]
        if self.items:
            self.dataChanged.emit(
                self.index(0, COL_USED), self.index(len(self.items) - 1, COL_USED)
            )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_NAME:
            return base | Qt.ItemFlag.ItemIsEditable
        if index.column() in (COL_PAID, COL_HIDDEN):
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def item_at(self, row: int) -> ChannelItem | None:
        return self.items[row] if 0 <= row < len(self.items) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item, col = self.items[index.row()], index.column()
        if role == ROW_ROLE:
            return item
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, SORT_ROLE):
            if col == COL_NAME:
                return item.name
            if col == COL_KIND:
                return "Offline" if item.offline else "Online"
            if col == COL_USED:
                count = item.conversions
                if count is None:
                    count = self._last.get(item.id)
                if count is None:
                    return -1 if role == SORT_ROLE else "…"
                return count if role == SORT_ROLE else formatting.number(count)
            if col == COL_MAPPED:
                return ", ".join(item.mapped)
            return None
        if role == Qt.ItemDataRole.CheckStateRole and col in (COL_PAID, COL_HIDDEN):
            on = item.paid if col == COL_PAID else item.hidden
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DecorationRole and col == COL_NAME:
            return QColor(item.color)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_USED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and (
            item.hidden or (col == COL_USED and item.conversions is None)
        ):
            return QColor("#9AA0A6")
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_USED and item.conversions is None:
            return "Being counted…"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        item = self.item_at(index.row()) if index.isValid() else None
        if item is None:
            return False
        if role == Qt.ItemDataRole.EditRole and index.column() == COL_NAME:
            if str(value).strip() and str(value).strip() != item.name and self.on_rename:
                self.on_rename(item.id, str(value))
                return True
            return False
        if role == Qt.ItemDataRole.CheckStateRole and index.column() in (COL_PAID, COL_HIDDEN):
            checked = (
                Qt.CheckState(value) == Qt.CheckState.Checked
                if not isinstance(value, bool)
                else value
            )
            if self.on_flag:
                self.on_flag(item.id, "paid" if index.column() == COL_PAID else "hidden", checked)
                return True
        return False
