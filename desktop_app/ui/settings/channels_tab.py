"""Settings > Channels: add, rename, merge, hide, paid flag, colour, and source values mapped to channels."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import formatting
from desktop_app.store import Database
from desktop_app.store.channel_admin import (
    ChannelAdminError,
    channel_conversions,
    list_aliases,
    usage_counts,
)
from desktop_app.store.channels import list_channels
from desktop_app.ui import seams
from desktop_app.ui.commands import channels as commands
from desktop_app.ui.models.channels_model import COL_MAPPED, COL_NAME, ChannelItem, ChannelsModel
from desktop_app.ui.reporting.loader import ReportLoader
from desktop_app.ui.shell.context import AppContext

log = logging.getLogger(__name__)


def _count_uses(db: Database, _params: Any) -> dict[int, int]:
    return usage_counts(db)


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


class ChannelsTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 16, 18, 16)
        outer.setSpacing(8)
        hint = QLabel(
            "Double-click a name to rename it; tick Paid or Hidden. Merging moves every conversion, "
            "touchpoint, campaign and mapping of a channel into another one."
        )
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        outer.addWidget(hint)
        self.model = ChannelsModel()
        self.model.on_rename = lambda cid, name: self._later(lambda: self.rename(cid, name))
        self.model.on_flag = lambda cid, flag, on: self._later(
            lambda: self._run(lambda: commands.set_channel_flag(self.ctx, cid, flag, on))
        )
        # Counting every conversion per channel reads the whole table (100 ms on a million):
        # a worker does it, and the column shows "…" meanwhile.
        self.counter = ReportLoader(ctx, _count_uses, self, on_failure=self._not_counted)
        self.counter.loaded.connect(self._counted)
        self._count_failed = False
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = self.table.horizontalHeader()
        header.resizeSection(COL_NAME, 220)
        header.setSectionResizeMode(COL_MAPPED, QHeaderView.ResizeMode.Stretch)
        outer.addWidget(self.table, 3)
        row = QHBoxLayout()
        self.new_name_edit = QLineEdit()
        self.new_name_edit.setPlaceholderText("New channel name, e.g. Radio")
        self.add_button = QPushButton("Add channel")
        self.color_button = QPushButton("Colour…")
        self.merge_combo = QComboBox()
        self.merge_button = QPushButton("Merge into")
        row.addWidget(self.new_name_edit, 1)
        row.addWidget(self.add_button)
        row.addSpacing(18)
        row.addWidget(self.color_button)
        row.addSpacing(18)
        row.addWidget(self.merge_button)
        row.addWidget(self.merge_combo, 1)
        outer.addLayout(row)
        self.error_label = QLabel()
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        outer.addWidget(self.error_label)
        outer.addSpacing(6)
        outer.addWidget(_section("Source mappings"))
        explain = QLabel(
            "How your data names a channel: a source value such as google, Google or "
            "Pay per Click Ads, or another tool's channel name. Imports and reports use these."
        )
        explain.setObjectName("muted")
        explain.setWordWrap(True)
        outer.addWidget(explain)
        self.alias_table = QTableWidget(0, 2)
        self.alias_table.setHorizontalHeaderLabels(["Source value", "Channel"])
        self.alias_table.verticalHeader().hide()
        self.alias_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.alias_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.alias_table.setShowGrid(False)
        self.alias_table.setAlternatingRowColors(True)
        self.alias_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.alias_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        outer.addWidget(self.alias_table, 2)
        row = QHBoxLayout()
        self.alias_edit = QLineEdit()
        self.alias_edit.setPlaceholderText("Source as in your data: google, google/cpc or */flyer")
        self.alias_channel = QComboBox()
        self.map_button = QPushButton("Map")
        self.unmap_button = QPushButton("Remove mapping")
        row.addWidget(self.alias_edit, 2)
        row.addWidget(QLabel("→"))
        row.addWidget(self.alias_channel, 2)
        row.addWidget(self.map_button)
        row.addStretch(0)
        row.addWidget(self.unmap_button)
        outer.addLayout(row)
        self.add_button.clicked.connect(self.add)
        self.new_name_edit.returnPressed.connect(self.add)
        self.color_button.clicked.connect(self.pick_color)
        self.merge_button.clicked.connect(self.merge)
        self.map_button.clicked.connect(self.map_source)
        self.alias_edit.returnPressed.connect(self.map_source)
        self.unmap_button.clicked.connect(self.unmap)

    def _later(self, action: Callable[[], object]) -> None:
        # Edits arrive from inside the view's setData; change the model after it returns.
        QTimer.singleShot(0, action)

    def _run(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except ChannelAdminError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return False
        self.error_label.hide()
        return True

    def refresh(self) -> None:
        db = self.ctx.require_db()
        selected = self.selected()
        self.model.reload(db)
        self.counter.request(None)
        if selected is not None:
            self.select(selected.id)
        channels = list_channels(db)
        for combo in (self.merge_combo, self.alias_channel):
            current = combo.currentData()
            combo.clear()
            for channel in channels:
                combo.addItem(channel.name, channel.id)
            combo.setCurrentIndex(max(combo.findData(current), 0))
        aliases = list_aliases(db)
        self.alias_table.setRowCount(len(aliases))
        for n, alias in enumerate(aliases):
            self.alias_table.setItem(n, 0, QTableWidgetItem(alias.raw_value))
            self.alias_table.setItem(n, 1, QTableWidgetItem(alias.channel))

    def _not_counted(self, exc: BaseException, _details: str) -> None:
        log.warning("conversions per channel not counted: %s", exc)
        self.error_label.setText(
            f"The conversions per channel could not be counted ({exc}). They are counted "
            "again after the next change."
        )
        self.error_label.show()
        self._count_failed = True

    def _counted(self, counts: dict[int, int]) -> None:
        self.model.set_counts(counts)
        if self._count_failed:  # the message was about the counts: they are in now
            self._count_failed = False
            self.error_label.hide()

    def selected(self) -> ChannelItem | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.item_at(rows[0].row()) if rows else None

    def select(self, channel_id: int) -> None:
        for n, item in enumerate(self.model.items):
            if item.id == channel_id:
                self.table.selectRow(n)
                return

    def add(self) -> None:
        name = self.new_name_edit.text()
        if self._run(lambda: commands.add_channel(self.ctx, name)):
            self.new_name_edit.clear()

    def rename(self, channel_id: int, name: str) -> None:
        self._run(lambda: commands.rename_channel(self.ctx, channel_id, name))

    def pick_color(self) -> None:
        item = self.selected()
        if item is None:
            return
        dialog = QColorDialog(QColor(item.color), self)
        dialog.setWindowTitle(f"Colour of {item.name}")
        if seams.run_dialog(dialog):
            color = dialog.currentColor().name().upper()
            if color != item.color.upper():
                self._run(lambda: commands.set_channel_flag(self.ctx, item.id, "color", color))
        dialog.deleteLater()

    def merge(self) -> None:
        item = self.selected()
        target = self.merge_combo.currentData()
        if item is None or target is None:
            return
        moved = channel_conversions(self.ctx.require_db(), item.id)  # one channel: indexed
        question = (
            f"Move all {formatting.number(moved)} conversions, the touchpoints, campaigns and mappings of "
            f"'{item.name}' into '{self.merge_combo.currentText()}', and remove '{item.name}'? "
            "Edit > Undo brings it back."
        )
        if seams.confirm(self, "Merge channels", question, "Merge"):
            self._run(lambda: commands.merge_channels(self.ctx, item.id, target))

    def map_source(self) -> None:
        raw = self.alias_edit.text()
        channel = self.alias_channel.currentData()
        if channel is not None and self._run(lambda: commands.map_source(self.ctx, raw, channel)):
            self.alias_edit.clear()
            self.offer_reclassify()

    def unmap(self) -> None:
        rows = self.alias_table.selectionModel().selectedRows()
        items = [self.alias_table.item(i.row(), 0) for i in rows]
        for raw in [item.text() for item in items if item is not None]:
            self._unmap_one(raw)

    def _unmap_one(self, raw: str) -> None:
        if self._run(lambda: commands.map_source(self.ctx, raw, None)):
            self.offer_reclassify()

    def offer_reclassify(self) -> None:
        """After a mapping changed: offer to move the stored records it concerns, as one
        undoable step (records whose channel was given explicitly never move)."""
        from desktop_app.store.reclassify import preview_reclassify

        preview = preview_reclassify(self.ctx.require_db())
        if not preview.moves:
            return
        lines = "\n".join(
            f"  {m.from_channel} → {m.to_channel}: " + ", ".join(
                part for part in (
                    f"{formatting.number(m.conversions)} conversion{'s' if m.conversions != 1 else ''}" if m.conversions else "",
                    f"{formatting.number(m.touchpoints)} touchpoint{'s' if m.touchpoints != 1 else ''}" if m.touchpoints else "",
                ) if part
            )
            for m in preview.moves[:12]
        )  # fmt: skip
        more = f"\n  … and {len(preview.moves) - 12} more" if len(preview.moves) > 12 else ""
        question = (
            f"With this mapping, {formatting.number(preview.records)} stored records would be in another channel:"
            f"\n\n{lines}{more}\n\nRe-classify them now? Records whose channel was given "
            "explicitly stay where they are. Edit > Undo puts them back."
        )
        if seams.confirm(self, "Re-classify stored records", question, "Re-classify"):
            commands.reclassify_records(self.ctx)
