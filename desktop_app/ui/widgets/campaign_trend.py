"""One campaign's trend: its spend, conversions, CPA and ROAS month by month (Campaigns page).
The figure is worked out and drawn only when the tab is on screen (ChartView.show_figure)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from desktop_app.store.campaigns import CampaignRow
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.workers import with_database

MONTHS = 12


class CampaignTrend(QFrame):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.setObjectName("card")
        self.ctx = ctx
        self.campaign: CampaignRow | None = None
        self.points: list[Any] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(14, 10, 14, 10)
        self.note = QLabel("Choose a campaign above to see its last 12 months.")
        self.note.setObjectName("muted")
        self._layout.addWidget(self.note)
        self.chart: Any = None  # ChartView, made when matplotlib is first needed

    def show_campaign(self, campaign: CampaignRow | None) -> None:
        self.campaign = campaign
        self.note.setVisible(campaign is None)
        if campaign is None or self.ctx.db is None:
            if self.chart is not None:
                self.chart.setVisible(False)
            return
        from desktop_app.ui.theme import colors, is_dark
        from desktop_app.ui.widgets.chart_view import ChartView

        if self.chart is None:
            self.chart = ChartView(min_height=220)
            self._layout.addWidget(self.chart, 1)
        self.chart.setVisible(True)
        today, dark = self.ctx.today(), is_dark()
        currency = self.ctx.settings.currency
        campaign_id, name = campaign.id, campaign.name

        def make(db: Any) -> Any:  # on the chart's worker, with a connection of its own
            from desktop_app.services.campaign_trend import trend_figure

            title = f"{name}: the last {MONTHS} months"
            self.points, figure = trend_figure(db, campaign_id, title, today, currency,
                                               dark=dark, months=MONTHS)  # fmt: skip
            return figure

        self.chart.show_figure(with_database(self.ctx, make), colors()["card"])
