"""Small pieces of the Attribution page: a warning banner and tables sized to their rows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
)

from desktop_app.ui.theme import is_dark


class Banner(QFrame):
    """An amber strip with a warning sign and a sentence, for results to read with care."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("warningBanner")
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 10, 14, 10)
        row.setSpacing(10)
        self.icon = QLabel("⚠")
        self.icon.setStyleSheet("font-size: 16px; background: transparent; border: none;")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Warning")
        row.addWidget(self.icon)
        row.addWidget(self.label, 1)
        self.restyle()

    def restyle(self) -> None:
        # Amber reads as "careful" in both appearances; the text keeps full contrast.
        if is_dark():
            background, border, text = "#3A3020", "#8A6D2B", "#F3DDA6"
        else:
            background, border, text = "#FFF4DB", "#E8C36A", "#5C4300"
        self.setStyleSheet(
            f"QFrame#warningBanner {{ background: {background}; border: 1px solid {border};"
            f" border-radius: 8px; }} QFrame#warningBanner QLabel {{ color: {text}; }}"
        )

    def set_text(self, text: str) -> None:
        self.restyle()
        self.label.setText(text)

    def text(self) -> str:
        return self.label.text()


def fit_height(table: QTableView, scrolls: bool | None = None) -> None:
    """Make `table` exactly as tall as its header and rows, so the page scrolls, not the table
    (plus the sideways scroll bar when it `scrolls`; by default when it has one right now)."""
    header = table.horizontalHeader()
    rows = table.verticalHeader().length()
    bar = table.horizontalScrollBar()
    if scrolls is None:
        scrolls = bar.maximum() > 0
    extra = bar.sizeHint().height() if scrolls else 0
    table.setFixedHeight(header.sizeHint().height() + rows + 2 * table.frameWidth() + extra + 1)


class SpreadTable(QTableView):
    """A table whose columns are as wide as their contents, the spare width shared out equally
    among all but the first; when the window is too narrow it scrolls sideways, never clips."""

    def __init__(self) -> None:
        super().__init__()
        self.natural: list[int] = []
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

    def fit_columns(self, first_min: int = 130, first_max: int = 220) -> None:
        header = self.horizontalHeader()
        header.setMinimumSectionSize(40)
        self.resizeColumnsToContents()
        self.natural = [header.sectionSize(s) + 2 for s in range(header.count())]
        if self.natural:
            self.natural[0] = min(max(self.natural[0], first_min), first_max)
        self.spread()

    def spread(self) -> None:
        header = self.horizontalHeader()
        if len(self.natural) != header.count() or not self.natural:
            return
        spare = max(self.viewport().width() - sum(self.natural), 0)
        others = len(self.natural) - 1
        for section, width in enumerate(self.natural):
            share = spare // others + (1 if section <= spare % others else 0) if others else spare
            header.resizeSection(section, width + (share if section else 0))
        fit_height(self, scrolls=sum(self.natural) > self.viewport().width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.spread()


def plain_table(model: Any, name: str, table: QTableView | None = None) -> QTableView:
    """A read-only looking table: whole rows selected, no row numbers, rows 28 px high."""
    table = table or QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(28)
    table.horizontalHeader().setHighlightSections(False)
    table.setWordWrap(False)
    table.setAccessibleName(name)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return table
