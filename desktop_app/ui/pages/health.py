"""Health: the tracking checks (services/health.py) as cards, problems first, each with what to do
and buttons to dismiss it (until it changes) or snooze it for a week. The checks run on a worker
(half a second on a million conversions): the page says "Checking…" meanwhile."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.domain import formatting
from desktop_app.services.health import (
    CHECKED,
    PROBLEM,
    Checked,
    Finding,
    bring_back_dismissed,
    dismiss,
)
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
        self.checking = QLabel("Checking your data…")
        self.checking.setObjectName("muted")
        self.column.addWidget(self.checking)
        self.empty = self._all_clear()
        self.empty.hide()
        self.column.addWidget(self.empty)
        hidden_row = QHBoxLayout()
        self.hidden_label = QLabel()
        self.hidden_label.setObjectName("muted")
        self.bring_back_button = QPushButton("Show them again")
        self.bring_back_button.setToolTip("Undo every Dismiss and Snooze on this page")
        self.bring_back_button.clicked.connect(self._bring_back)
        hidden_row.addWidget(self.hidden_label)
        hidden_row.addWidget(self.bring_back_button)
        hidden_row.addStretch(1)
        self.hidden_bar = QWidget()
        self.hidden_bar.setLayout(hidden_row)
        hidden_row.setContentsMargins(0, 0, 0, 0)
        self.hidden_bar.hide()
        self.column.addWidget(self.hidden_bar)
        self.column.addStretch(1)
        self.body.addWidget(card_scroll(self.content), 1)
        # The window runs the checks once after every change, for its badge and this page.
        ctx.health_checked.connect(self._show)

    @property
    def busy(self) -> bool:
        """The checks are running (or about to): what the page shows may change."""
        return self.ctx.health_checking

    def _all_clear(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("card")
        lay = QVBoxLayout(frame)
        lay.setContentsMargins(16, 14, 16, 14)
        self.empty_title = QLabel()
        self.empty_title.setObjectName("sectionTitle")
        lay.addWidget(self.empty_title)
        text = QLabel(
            f"The {len(CHECKED)} checks looked for {', '.join(CHECKED[:-1])} and {CHECKED[-1]}, "
            "and found nothing. They run again whenever your data changes."
        )
        text.setObjectName("muted")
        text.setWordWrap(True)
        lay.addWidget(text)
        return frame

    def refresh(self) -> None:
        """Show the window's last checks; while new ones run, they replace them on arrival."""
        if self.ctx.db is None:
            return
        if self.ctx.health is not None and not self.ctx.health_checking:
            self._show(self.ctx.health)  # current: nothing changed since they ran
        waiting = self.ctx.health is None or self.ctx.health_checking
        if waiting and not self.findings and not self.empty.isVisible():
            self.checking.show()
        if self.ctx.health is None and not self.ctx.health_checking:
            self.ctx.health_wanted.emit()

    def _show(self, checked: Checked) -> None:
        self.checking.hide()
        self.findings = checked.findings
        for card in self.cards.values():
            card.setParent(None)
            card.deleteLater()
        self.cards = {}
        for n, finding in enumerate(self.findings):
            card = self._card(finding)
            self.cards[finding.check] = card
            self.column.insertWidget(n, card)
        c = colors()
        self.empty_title.setText(
            f"<span style='color: {c['good']}'>✓</span>&nbsp; All clear as of "
            f"{formatting.day(checked.today)}"
        )
        self.empty.setVisible(not self.findings)
        n = checked.hidden
        self.hidden_label.setText(
            f"{formatting.count(n)} finding{'s' if n != 1 else ''} dismissed or snoozed."
        )
        self.hidden_bar.setVisible(n > 0)

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
        title.setObjectName("sectionTitle")
        title.setWordWrap(True)
        head.addWidget(badge)
        head.addWidget(title, 1)
        dismiss_button = QPushButton("Dismiss")
        dismiss_button.setToolTip("Hide it until something new is flagged")
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
        card = self.cards.pop(finding.check, None)  # gone at once; the checks confirm it
        if card is not None:
            card.setParent(None)
            card.deleteLater()
        self.findings = [f for f in self.findings if f.check != finding.check]
        self.ctx.notify("health")

    def _bring_back(self) -> None:
        bring_back_dismissed(self.ctx.require_db())
        self.ctx.notify("health")
