"""Home: a welcoming empty state that offers the demo business and the first goal; an overview once there is data."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import formatting
from desktop_app.store.lookups import totals
from desktop_app.ui import seams
from desktop_app.ui.pages.base import Page
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.theme import app_icon
from desktop_app.ui.workers import BackgroundTask, run_in_background

log = logging.getLogger(__name__)


class WelcomePage(Page):
    key = "home"
    title = "Home"
    icon = "home"

    create_goal_requested = Signal()
    demo_loaded = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.title_label.hide()
        self.empty = self._build_empty_state()
        self.overview = _Overview()
        self.body.addWidget(self.empty, 1)
        self.body.addWidget(self.overview, 1)
        self.task: BackgroundTask | None = None

    def _build_empty_state(self) -> QWidget:
        box = QWidget()
        outer = QVBoxLayout(box)
        outer.addStretch(1)
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(96, 96))
        logo.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        outer.addWidget(logo)
        self.hero_title = QLabel("Welcome to Conversion Tracker")
        self.hero_title.setObjectName("heroTitle")
        self.hero_title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        outer.addWidget(self.hero_title)
        text = QLabel(
            "See which channels and campaigns bring you leads and sales, what each one costs,\n"
            "and whether the money you spend comes back. Everything stays on this computer."
        )
        text.setObjectName("heroText")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        outer.addWidget(text)
        outer.addSpacing(18)
        row = QHBoxLayout()
        row.addStretch(1)
        self.demo_button = QPushButton("Load demo business")
        self.demo_button.setToolTip(
            "A furniture shop with a year of campaigns, spend and conversions, in a database of "
            "its own: yours stays empty, and one click brings you back to it"
        )
        self.demo_button.setMinimumHeight(38)
        self.demo_button.clicked.connect(self.load_demo)
        self.goal_button = QPushButton("Create your first goal")
        self.goal_button.setObjectName("primary")
        self.goal_button.setMinimumHeight(38)
        self.goal_button.setToolTip(
            "A goal says what counts as a conversion: a sale, a lead, a sign-up"
        )
        self.goal_button.clicked.connect(self.create_goal_requested)
        self.goal_button.setDefault(True)
        row.addWidget(self.demo_button)
        row.addSpacing(10)
        row.addWidget(self.goal_button)
        row.addStretch(1)
        outer.addLayout(row)
        hint = QLabel(
            "You can also import a spreadsheet from Google Ads, Meta, Shopify or GA4 later."
        )
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        outer.addSpacing(8)
        outer.addWidget(hint)
        outer.addStretch(2)
        return box

    def refresh(self) -> None:
        if self.ctx.db is None:
            return
        empty = self.ctx.is_empty()
        self.empty.setVisible(empty)
        self.overview.setVisible(not empty)
        self.title_label.setVisible(not empty)
        if not empty:
            name = self.ctx.settings.name
            self.title_label.setText(name or "Home")
            self.overview.fill(self.ctx)

    def load_demo(self) -> None:
        """Build the demo business in its own database in the background (a second or two);
        the window then opens it (demo_loaded), and the user's own database stays untouched."""
        self.demo_button.setEnabled(False)
        self.goal_button.setEnabled(False)

        def work(progress: Callable[[int, int], None], cancelled: object) -> object:
            from desktop_app.services.demo import build_demo_database
            from desktop_app.store import demo_database_path

            return build_demo_database(demo_database_path(), progress=progress)

        def done(summary: object) -> None:
            self.demo_button.setEnabled(True)
            self.goal_button.setEnabled(True)
            self.demo_loaded.emit()

        def failed(exc: BaseException, details: str) -> None:
            self.demo_button.setEnabled(True)
            self.goal_button.setEnabled(True)
            seams.show_error(self, "Demo not loaded", str(exc), details)

        self.task = run_in_background(
            work, done, failed, parent=self, label="Loading the demo business…", cancellable=False
        )


class _Overview(QWidget):
    """Counts of what the database holds, until the dashboard takes over."""

    def __init__(self) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setSpacing(12)
        self.cards: dict[str, QLabel] = {}
        for i, (key, label) in enumerate(
            (("conversions", "Conversions"), ("value", "Conversion value"), ("spend", "Spend"),
             ("campaigns", "Campaigns"), ("goals", "Goals"), ("touchpoints", "Touchpoints"))
        ):  # fmt: skip
            card = QFrame()
            card.setObjectName("card")
            lay = QVBoxLayout(card)
            lay.setContentsMargins(16, 14, 16, 14)
            title = QLabel(label)
            title.setObjectName("kpiLabel")
            value = QLabel("—")
            value.setObjectName("kpiValue")
            lay.addWidget(title)
            lay.addWidget(value)
            grid.addWidget(card, i // 3, i % 3)
            self.cards[key] = value
        grid.setRowStretch(2, 1)

    def fill(self, ctx: AppContext) -> None:
        db = ctx.require_db()
        currency = ctx.settings.currency or "EUR"

        found = totals(db)
        self.cards["conversions"].setText(formatting.number(found["conversions"]))
        self.cards["value"].setText(formatting.money_minor(found["value"], currency))
        self.cards["spend"].setText(formatting.money_minor(found["spend"], currency))
        for key in ("campaigns", "goals", "touchpoints"):
            self.cards[key].setText(f"{formatting.number(found[key])}")
