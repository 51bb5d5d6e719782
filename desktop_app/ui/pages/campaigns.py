"""Campaigns: each marketing effort with its channel, tags and budget, and the spend recorded for it."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
)

from desktop_app.domain import formatting
from desktop_app.services.campaign_figures import CampaignFigures, campaign_figures
from desktop_app.store import Database
from desktop_app.store.campaigns import (
    CampaignRow,
    campaign_uses,
    create_campaign,
    delete_campaign,
    list_campaigns,
    set_campaign_archived,
    update_campaign,
)
from desktop_app.ui.dialogs.campaign_form import CampaignForm
from desktop_app.ui.models.campaign_models import SORT_ROLE, CampaignsModel
from desktop_app.ui.pages.base import Page
from desktop_app.ui.pages.record_actions import (
    Record,
    RecordKind,
    add_record,
    delete_record,
    edit_record,
    toggle_archived,
)
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.widgets.campaign_trend import CampaignTrend
from desktop_app.ui.widgets.record_table import RecordTable, empty_state
from desktop_app.ui.widgets.spend_panel import SpendPanel

log = logging.getLogger(__name__)


class CampaignsPage(Page):
    key = "campaigns"
    title = "Campaigns"
    icon = "campaigns"
    subtitle = "Your marketing efforts, the tags their links carry, and what they cost."

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.figures_loading = False  # ROI and pacing are on their way from a worker
        self._figures_asked = 0
        self.new_button = QPushButton("New campaign")
        self.new_button.setObjectName("primary")
        self.new_button.clicked.connect(self.new_campaign)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(self.edit_campaign)
        self.archive_button = QPushButton("Archive")
        self.archive_button.clicked.connect(self.toggle_archived)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete_campaign)
        for button in (self.edit_button, self.archive_button, self.delete_button, self.new_button):
            self.header.addWidget(button)
        self.model = CampaignsModel()
        self.table = RecordTable(self.model, SORT_ROLE)
        self.table.open_requested.connect(self.edit_campaign)
        self.table.delete_requested.connect(self.delete_campaign)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.resized.connect(self.table.fit_width)
        # Too narrow for all ten (a 1280-wide window): the platform, the dates, then the tags
        # step aside; the name's tooltip still gives them.
        self.table.set_optional_columns(
            (CampaignsModel.PLATFORM, CampaignsModel.DATES, CampaignsModel.TAGS), "campaigns"
        )
        card = QFrame()
        card.setObjectName("card")
        lay = QVBoxLayout(card)
        lay.setContentsMargins(1, 1, 1, 1)
        lay.addWidget(self.table)
        self.spend = SpendPanel(ctx)
        self.trend = CampaignTrend(ctx)
        self.details = QTabWidget()
        self.details.setDocumentMode(True)
        self.details.addTab(self.spend, "Spend records")
        self.details.addTab(self.trend, "Trend")
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(card)
        self.splitter.addWidget(self.details)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([360, 300])
        first = QPushButton("Create a campaign")
        first.setObjectName("primary")
        first.clicked.connect(self.new_campaign)
        self.empty = empty_state(
            "campaigns",
            "No campaigns yet",
            "A campaign is one marketing effort inside a channel:\n"
            "a Google Ads search campaign, a newsletter, a trade-show stand.\n"
            "Add one to record its spend and build tagged links.",
            first,
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.splitter)
        self.stack.setCurrentWidget(self.splitter)  # not "No campaigns yet" before the first read
        self.body.addWidget(self.stack, 1)
        ctx.data_changed.connect(self._spend_changed)
        ctx.database_opened.connect(self._new_database)
        self._selection_changed()
        # The first visit paints the page at once and reads its rows a moment later: building
        # and painting the page, then reading, measuring and painting the rows, each took
        # 40-80 ms on the machine the benchmarks ran on; in one go the window could not answer
        # for 100-200 ms (tests/benchmarks/bench_gui_stalls.py).
        self.filled = False
        self._fill_timer = QTimer(self)
        self._fill_timer.setSingleShot(True)
        self._fill_timer.setInterval(1)  # a timer, so the window's own timers and input go first
        self._fill_timer.timeout.connect(self._first_fill)

    def showEvent(self, event: object) -> None:
        if not self.filled and self.ctx.db is not None:
            self._stale = False  # read by _first_fill, after the page is painted
            self._fill_timer.start()
        super().showEvent(event)

    def _new_database(self) -> None:
        if not self.isVisible():  # its first visit is a first visit too
            self.filled = False
            # Nothing of the last database stays to be seen or acted on before the first read.
            self.model.load_figures([], self.model.currency, {})
            self.stack.setCurrentWidget(self.splitter)
            self._selection_changed()

    def _first_fill(self) -> None:
        if not self.filled and self.ctx.db is not None:
            self.refresh()

    def refresh(self) -> None:
        if self.ctx.db is None:
            return
        self.filled = True
        selected = self.selected_campaign()
        rows = list_campaigns(self.ctx.db)
        # The figures of the last load stay until the new ones arrive from the worker (ROI over
        # everything recorded is a full report: 90 ms on a million conversions).
        self.model.load_figures(rows, self.ctx.settings.currency, self.model.figures)
        self._load_figures(rows)
        self.stack.setCurrentIndex(1 if rows else 0)
        for button in (self.edit_button, self.archive_button, self.delete_button):
            button.setVisible(bool(rows))  # nothing to edit in the empty state
        self._fit()
        if selected is not None:
            self.select_campaign(selected.id)
        self._selection_changed()

    def _load_figures(self, rows: list[CampaignRow]) -> None:
        from desktop_app.ui.workers import run_with_database

        today = self.ctx.today()
        self.figures_loading = True
        self._figures_asked += 1
        asked = self._figures_asked

        def work(db: Database, _progress: object, _cancelled: object) -> object:
            return campaign_figures(db, rows, today)

        def done(figures: dict[int, CampaignFigures]) -> None:
            if asked == self._figures_asked:  # else a newer load is on its way
                self.figures_loading = False
                self.model.set_figures(figures)
                self._fit()  # ROI and pacing were "—" when the columns were measured

        def failed(exc: BaseException, _details: str) -> None:
            if asked == self._figures_asked:
                self.figures_loading = False
                log.warning("campaign figures not loaded: %s", exc)

        run_with_database(self.ctx, work, done, failed, parent=self, cancellable=False)

    def _fit(self) -> None:
        self.table.fit_columns(squeeze=CampaignsModel.TAGS)

    def _spend_changed(self, what: str) -> None:
        if what == "spend" and self.isVisible():
            self.spend.reload()

    def selected_campaign(self) -> CampaignRow | None:
        rows = self.table.selected_rows()
        return self.model.row_at(rows[0]) if rows else None

    def show_records(self, campaigns: list[str] | None = None) -> None:
        """Select the campaigns a finding is about (the Health page's "Show records"), the
        first of them current."""
        self.refresh()
        wanted = set(campaigns or [])
        rows = [n for n, row in enumerate(self.model.rows) if row.name in wanted]
        if rows:
            self.table.select_source_rows(rows)

    def select_campaign(self, campaign_id: int) -> None:
        for n, row in enumerate(self.model.rows):
            if row.id == campaign_id:
                self.table.select_source_row(n)

    def _selection_changed(self) -> None:
        campaign = self.selected_campaign()
        for button in (self.edit_button, self.archive_button, self.delete_button):
            button.setEnabled(campaign is not None)
        self.archive_button.setText("Restore" if campaign and campaign.archived else "Archive")
        if campaign is None or self.spend.campaign is None or campaign.id != self.spend.campaign.id:
            self.spend.show_campaign(campaign)
            self.trend.show_campaign(campaign)
        else:
            self.spend.campaign = campaign
            self.spend.reload()

    def new_campaign(self) -> None:
        campaign_id = add_record(self, self.ctx, CAMPAIGNS)
        if campaign_id is not None:
            self.refresh()
            self.select_campaign(campaign_id)

    def edit_campaign(self) -> None:
        edit_record(self, self.ctx, CAMPAIGNS, self.selected_campaign())

    def toggle_archived(self) -> None:
        toggle_archived(self.ctx, CAMPAIGNS, self.selected_campaign())

    def delete_campaign(self) -> None:
        delete_record(self, self.ctx, CAMPAIGNS, self.selected_campaign())


def _campaign_in_use(db: Database, campaign: Record) -> str | None:
    uses = {k: v for k, v in campaign_uses(db, campaign.id).items() if v}
    if not uses:
        return None
    what = ", ".join(f"{formatting.number(n)} {k} records" for k, n in uses.items())
    return f"'{campaign.name}' has {what}. Deleting it would lose them; archive it instead."


CAMPAIGNS = RecordKind(
    "campaign", "campaigns", CampaignForm, create_campaign, update_campaign,
    set_campaign_archived, delete_campaign, _campaign_in_use,
    lambda campaign: f"Delete the campaign '{campaign.name}'?",
)  # fmt: skip
