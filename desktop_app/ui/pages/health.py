"""Health: the tracking checks (services/health.py) as cards, problems first, each with what to do
and buttons to dismiss it (until it changes) or snooze it for a week."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.domain import formatting
from desktop_app.services.health import PROBLEM, Finding, dismiss, open_findings, run_checks
from desktop_app.ui.pages.base import Page
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.theme import colors
from desktop_app.ui.widgets.cards import card_scroll

SNOOZE = timedelta(days=7)


class HealthPage(Page):
    key = "health"
    title = "Health"
    icon = "health"
    subtitle = "Common tracking mistakes, found before they cost a month of data."

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.findings: list[Finding] = []
        self.cards: dict[str, QFrame] = {}
        self.content = QWidget()
        self.column = QVBoxLayout(self.content)
        self.column.setContentsMargins(0, 0, 4, 0)
        self.column.setSpacing(10)
        self.empty = QLabel("No tracking problems found. The checks run again whenever your data "
                            "changes.")  # fmt: skip
        self.empty.setObjectName("muted")
        self.empty.setWordWrap(True)
        self.column.addWidget(self.empty)
        self.column.addStretch(1)
        self.body.addWidget(card_scroll(self.content), 1)

    def refresh(self) -> None:
        db = self.ctx.db
        if db is None:
            return
        today = self.ctx.today()
        self.findings = open_findings(db, run_checks(db, today), today)
        for card in self.cards.values():
            card.setParent(None)
            card.deleteLater()
        self.cards = {}
        for n, finding in enumerate(self.findings):
            card = self._card(finding)
            self.cards[finding.check] = card
            self.column.insertWidget(n, card)
        self.empty.setVisible(not self.findings)

    def _card(self, f: Finding) -> QFrame:
        c = colors()
        frame = QFrame()
        frame.setObjectName("card")
        lay = QVBoxLayout(frame)
        lay.setContentsMargins(16, 12, 16, 12)
        head = QHBoxLayout()
        tint = c["bad"] if f.severity == PROBLEM else c["accent"]
        badge = QLabel(f.severity.capitalize())
        badge.setStyleSheet(f"color: {tint}; font-weight: 700;")
        title = QLabel(f"{f.title} ({formatting.count(f.count)})")
        title.setStyleSheet("font-size: 14px; font-weight: 600;")
        title.setWordWrap(True)
        head.addWidget(badge)
        head.addWidget(title, 1)
        dismiss_button = QPushButton("Dismiss")
        dismiss_button.setToolTip("Hide it until it changes (new records, or the count)")
        dismiss_button.clicked.connect(lambda _=False, f=f: self._dismiss(f, snooze=False))
        snooze_button = QPushButton("Snooze a week")
        snooze_button.clicked.connect(lambda _=False, f=f: self._dismiss(f, snooze=True))
        if f.opens:
            if f.opens == "settings":  # only visits carry the tags: the mapping that fixes them
                show = QPushButton("Map the tags…")
                show.setToolTip("Open Settings > Channels with these tags ready to map")
            else:
                show = QPushButton("Show records")
                show.setToolTip(f"Open the {f.opens.capitalize()} page on the records behind it")
            show.clicked.connect(lambda _=False, f=f: self._show_records(f))
            head.addWidget(show, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(snooze_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(head)
        for example in f.examples:
            line = QLabel(f"• {example}")
            line.setObjectName("muted")
            line.setWordWrap(True)
            lay.addWidget(line)
        fix = QLabel(f"What to do: {f.fix}")
        fix.setWordWrap(True)
        lay.addWidget(fix)
        frame.setProperty("check", f.check)
        return frame

    def _show_records(self, finding: Finding) -> None:
        window = self.window()
        if hasattr(window, "show_page"):
            page = window.show_page(finding.opens)
            page.show_records(**finding.show)

    def _dismiss(self, finding: Finding, snooze: bool) -> None:
        until = self.ctx.today() + SNOOZE if snooze else None
        dismiss(self.ctx.require_db(), finding, until)
        self.ctx.notify("health")
