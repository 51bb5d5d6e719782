"""A tab whose content is built the first time it is shown or asked for.

Building a widget tree costs more under the app's style sheet than it looks: every level it is
added to polishes the whole tree again. A tab nobody opened costs nothing this way (the Settings
page's Exchange rates and Channels tabs); one that is opened is built in place, below its final
parent, and reads the database then (its `refresh`, when it has one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

T = TypeVar("T", bound=QWidget)


class LazyTab(QWidget, Generic[T]):
    """Holds the place of `build()`'s widget in a tab widget until it is needed; `refreshed()`
    says whether the content should read the database when built (not before one is open)."""

    def __init__(self, build: Callable[[], T], refreshed: Callable[[], bool]) -> None:
        super().__init__()
        self._build = build
        self._refreshed = refreshed
        self._content: T | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._content is not None

    def content(self) -> T:
        if self._content is None:
            self._content = self._build()
            layout = self.layout()
            assert layout is not None
            layout.addWidget(self._content)
            if self.isVisible():  # else the layout shows it one event later
                self._content.show()
            refresh = getattr(self._content, "refresh", None)
            if callable(refresh) and self._refreshed():
                refresh()
        return self._content

    def showEvent(self, event: QShowEvent) -> None:
        self.content()
        super().showEvent(event)
