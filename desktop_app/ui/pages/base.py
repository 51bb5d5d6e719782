"""The base of every page: a title header, a body, and a refresh when data changes."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.ui.shell.context import AppContext


class Page(QWidget):
    """A page of the main window. Subclasses set `key`, `title`, `icon` and fill `self.body`."""

    key = "page"
    title = "Page"
    icon = "home"
    subtitle = ""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._stale = True
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 22, 28, 20)
        outer.setSpacing(14)
        self.header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        self.title_label = QLabel(self.title)
        self.title_label.setObjectName("pageTitle")
        titles.addWidget(self.title_label)
        self.subtitle_label = QLabel(self.subtitle)
        self.subtitle_label.setObjectName("pageSubtitle")
        self.subtitle_label.setVisible(bool(self.subtitle))
        self.subtitle_row = QHBoxLayout()  # the subtitle, and what a page puts beside it
        self.subtitle_row.setSpacing(8)
        self.subtitle_row.addWidget(self.subtitle_label)
        self.subtitle_row.addStretch(1)
        titles.addLayout(self.subtitle_row)
        self.header.addLayout(titles, 1)
        outer.addLayout(self.header)
        self.body = QVBoxLayout()
        self.body.setSpacing(12)
        outer.addLayout(self.body, 1)
        ctx.data_changed.connect(self._on_data_changed)
        ctx.database_opened.connect(lambda: self._on_data_changed("all"))

    def _on_data_changed(self, what: str) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()
            self._stale = False

    def showEvent(self, event: object) -> None:
        if self._stale:
            self.refresh()
            self._stale = False
        super().showEvent(event)  # type: ignore[arg-type]

    def refresh(self) -> None:
        """Reload what the page shows from the database."""
