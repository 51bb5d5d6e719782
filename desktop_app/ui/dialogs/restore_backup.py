"""File > Restore from backup…: the database's backups, newest first, and putting one back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import formatting
from desktop_app.store.backup import BackupInfo, backups_folder, list_backups

KIND_NAMES = {"auto": "Automatic (daily)", "manual": "Made by you"}
HEADERS = ["Made on", "Kind", "Conversions", "Size"]


def kind_name(kind: str) -> str:
    if kind.startswith("before-v"):
        return "Before an upgrade"
    return KIND_NAMES.get(kind, kind)


class RestoreBackupDialog(QDialog):
    """Lists the backups of `db_path`; `chosen` is the one to restore after Accept."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.setMinimumSize(620, 380)
        self.db_path = db_path
        self.backups: list[BackupInfo] = list_backups(db_path)
        self.chosen: BackupInfo | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        intro = QLabel(
            f"Choose the copy of <b>{db_path.name}</b> to go back to. Everything entered or "
            "imported after it was made is replaced; the current file is kept beside it as "
            f"<b>{db_path.name}.before-restore</b>, so nothing is lost."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(self.backups), len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, b in enumerate(self.backups):
            conversions = (
                "damaged" if b.conversions is None else f"{formatting.number(b.conversions)}"
            )
            cells = [
                formatting.moment(b.created_at),
                kind_name(b.kind),
                conversions,
                f"{formatting.number(b.size / 1_048_576, 1)} MB",
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if b.conversions is None:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                    item.setToolTip("This copy cannot be read; it cannot be restored.")
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(HEADERS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        where = QLabel(f"Backups are kept in {backups_folder(db_path)}")
        where.setObjectName("muted")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(where)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            "Restore", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setObjectName("primary")
        self.restore_button.setEnabled(False)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(lambda _: self._accept())
        if not self.backups:
            self.table.hide()
            intro.setText(
                f"There are no backups of <b>{db_path.name}</b> yet. The app makes one each day "
                "it opens the database with data in it."
            )
        else:
            usable = next((i for i, b in enumerate(self.backups) if b.conversions is not None), -1)
            if usable >= 0:
                self.table.selectRow(usable)

    def _selected(self) -> None:
        rows = {i.row() for i in self.table.selectedItems()}
        self.chosen = self.backups[rows.pop()] if len(rows) == 1 else None
        self.restore_button.setEnabled(self.chosen is not None)

    def _accept(self) -> None:
        if self.chosen is not None:
            self.accept()
