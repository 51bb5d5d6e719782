"""Cards for the report pages: a titled panel, and a scrolled column of them that reflows with its width."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget


def card(title: str) -> tuple[QFrame, QVBoxLayout]:
    """A white (dark: grey) panel with a small heading."""
    frame = QFrame()
    frame.setObjectName("card")
    lay = QVBoxLayout(frame)
    lay.setContentsMargins(16, 12, 16, 12)
    lay.setSpacing(8)
    if title:
        heading = QLabel(title)
        heading.setObjectName("sectionTitle")
        lay.addWidget(heading)
    return frame, lay


class WidthAware(QWidget):
    """Scrolled content that tells the page its width, so the page can reflow its cards."""

    def __init__(self, on_width: Callable[[int], None]) -> None:
        super().__init__()
        self.on_width = on_width

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.on_width(event.size().width())
        super().resizeEvent(event)


def card_scroll(content: QWidget) -> QScrollArea:
    """A frameless area that scrolls `content` up and down (never sideways) over the page."""
    scroll = QScrollArea()
    scroll.setWidget(content)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.viewport().setAutoFillBackground(False)
    content.setAutoFillBackground(False)
    return scroll
