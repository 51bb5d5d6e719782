"""Dashboard: the key figures of the chosen range against the previous period, two charts, goals and campaigns."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout

from desktop_app.domain import formatting as fmt
from desktop_app.reports.rows import Report
from desktop_app.services.report_data import ReportData, ReportRequest, compute_report
from desktop_app.ui.pages.range_page import RangePage
from desktop_app.ui.reporting.loader import ReportLoader
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.widgets.cards import WidthAware, card, card_scroll
from desktop_app.ui.widgets.dashboard_lists import CampaignRanking, GoalProgressList
from desktop_app.ui.widgets.date_range import format_range
from desktop_app.ui.widgets.kpi import KpiCard


class DashboardPage(RangePage):
    key = "dashboard"
    title = "Dashboard"
    icon = "dashboard"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.data: ReportData | None = None
        self.export_button = QPushButton("Export to Excel…")
        self.export_button.clicked.connect(self.export_report)
        self.header.addSpacing(8)
        self.header.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignVCenter)

        content = WidthAware(self._relayout)
        grid = QVBoxLayout(content)
        grid.setContentsMargins(0, 0, 4, 0)
        grid.setSpacing(12)
        self.kpis = {
            "conversions": KpiCard("Conversions", key="conversions"),
            "value": KpiCard("Conversion value", key="value"),
            # More spend is neither good nor bad by itself: its change is not coloured.
            "spend": KpiCard("Spend", neutral=True, key="spend"),
            "roas": KpiCard("ROAS", key="roas"),
            "cpa": KpiCard("Cost per conversion (CPA)", lower_is_better=True, key="cpa"),
            # Shown once a goal has a margin: gross profit minus spend (PRODUCT.md: Formulas).
            "profit": KpiCard("Profit after ads"),
        }
        self.kpis["profit"].setVisible(False)
        self.profit_note = QLabel()
        self.profit_note.setObjectName("muted")
        self.profit_note.setWordWrap(True)
        self.profit_note.setVisible(False)
        self.health_line = QLabel()
        self.health_line.setWordWrap(True)
        self.health_line.setVisible(False)
        self.health_line.linkActivated.connect(self._open_health)
        # Counted once for the whole window (the sidebar's badge), not again with each report.
        ctx.health_counted.connect(self._show_health)
        self._show_health(ctx.health_count)
        self.kpi_grid = QGridLayout()
        self.kpi_grid.setSpacing(12)
        grid.addLayout(self.kpi_grid)
        grid.addWidget(self.health_line)
        grid.addWidget(self.profit_note)
        self.time_frame, self.time_box = card("")
        self.value_frame, self.value_box = card("")
        goals_frame, goals_box = card("Goals")
        self.goals = GoalProgressList()
        goals_box.addWidget(self.goals)
        goals_box.addStretch(1)
        ranking_frame, ranking_box = card("Campaigns by ROI")
        self.ranking = CampaignRanking()
        ranking_box.addWidget(self.ranking)
        ranking_box.addStretch(1)
        self.panels = [self.time_frame, self.value_frame, goals_frame, ranking_frame]
        self.panel_grid = QGridLayout()
        self.panel_grid.setSpacing(12)
        grid.addLayout(self.panel_grid, 1)
        self._wide: tuple[bool, int] | None = None
        self._profit_shown = False
        self._relayout(1200)

        self.body.addWidget(card_scroll(content), 1)

        self.time_chart: Any = None  # ChartView, made when matplotlib is first needed
        self.value_chart: Any = None
        self.loader = ReportLoader(ctx, compute_report, self)
        self.loader.loaded.connect(self._show)
        self.loader.busy_changed.connect(self.loading.setVisible)

    def _relayout(self, width: int, force: bool = False) -> None:
        """Wide: panels two by two, and the KPIs in one row where they fit (about 185 px each,
        else rows of three); narrow: three KPIs a row, panels stacked."""
        shown = [k for key, k in self.kpis.items() if key != "profit" or self._profit_shown]
        wide = width >= 900
        per_row = len(shown) if wide and width >= 185 * len(shown) else 3
        if (wide, per_row) == self._wide and not force:
            return
        self._wide = (wide, per_row)
        for layout in (self.kpi_grid, self.panel_grid):
            while layout.count():
                layout.takeAt(0)
        for n, kpi in enumerate(shown):
            self.kpi_grid.addWidget(kpi, n // per_row, n % per_row)
        for column in range(6):
            self.kpi_grid.setColumnStretch(column, 1 if column < per_row else 0)
        for n, panel in enumerate(self.panels):
            self.panel_grid.addWidget(panel, *((n // 2, n % 2) if wide else (n, 0)))
        self.panel_grid.setColumnStretch(0, 3)
        self.panel_grid.setColumnStretch(1, 2 if wide else 0)

    def refresh(self) -> None:
        if self.ctx.db is None:
            return
        chosen = self.ctx.report_range
        self.loader.request(ReportRequest(*chosen.dates, model=None, compare=chosen.compare,
                                          today=self.ctx.today()))  # fmt: skip

    def _show(self, data: ReportData) -> None:
        self.data = data
        report = data.report
        self.subtitle_label.setText(
            f"{format_range(report.first, report.last)}, compared with "
            f"{format_range(report.previous_first, report.previous_last)}"
        )
        self._fill_kpis(report)
        self._draw_charts(data)
        self.goals.fill([g for g in report.goals if g.goal is not None], report.currency)
        self.ranking.fill(report.campaigns, report.currency, data.pacing)

    def _show_health(self, count: int) -> None:
        """One line when the tracking checks found something (the Health page says what)."""
        self.health_line.setVisible(count > 0)
        noun = "thing" if count == 1 else "things"
        self.health_line.setText(
            f"⚠ The tracking checks found {count} {noun} to look at. "
            "<a href='health'>Open Health</a>"
        )

    def _open_health(self, _link: str) -> None:
        window = self.window()
        if hasattr(window, "show_page"):
            window.show_page("health")

    def _fill_kpis(self, report: Report) -> None:
        total, currency = report.total, report.currency
        cur, prev = total.current, total.previous
        shown = {
            "conversions": (fmt.count(cur.conversions), fmt.count(prev.conversions)),
            "value": (fmt.money(cur.value, currency), fmt.money(prev.value, currency)),
            "spend": (fmt.money(cur.spend, currency), fmt.money(prev.spend, currency)),
            "roas": (fmt.roas(cur.roas), fmt.roas(prev.roas)),
            "cpa": (fmt.money(cur.cpa, currency), fmt.money(prev.cpa, currency)),
        }
        for kpi in self.kpis.values():
            kpi.earlier = report.earlier
        for key, (now, before) in shown.items():
            self.kpis[key].show_figure(now, total.change(key), before)
            self.kpis[key].set_thin(cur.few(key))
        self._fill_profit(report)

    def _fill_profit(self, report: Report) -> None:
        """'Profit after ads' = gross profit - spend, once any counted conversion has a margin."""
        total, currency = report.total, report.currency
        cur, prev = total.current, total.previous
        show = cur.gross_profit is not None or prev.gross_profit is not None
        if show != self._profit_shown:
            self._profit_shown = show
            self.kpis["profit"].setVisible(show)
            content = self.kpi_grid.parentWidget()
            self._relayout(content.width() if content else 1200, force=True)
        if not show:
            self.profit_note.setVisible(False)
            return

        def after_ads(f: Any) -> Decimal | None:
            return None if f.gross_profit is None else f.gross_profit - f.spend

        now, before = after_ads(cur), after_ads(prev)
        # Changed by an amount: a profit can be a loss, and a percentage of a loss means nothing.
        self.kpis["profit"].show_difference(
            fmt.money(now, currency), now, before, currency, fmt.money(before, currency)
        )
        self.kpis["profit"].setToolTip(
            "Gross profit (value × each goal's margin) minus spend: what the ads left after "
            f"paying for themselves.\n{report.earlier}: {fmt.money(before, currency)}"
        )
        self.profit_note.setVisible(bool(cur.unmargined))
        self.profit_note.setText(
            f"Profit after ads leaves out {fmt.count(cur.unmargined)} conversions whose goal has "
            "no margin; set one on the Goals page."
        )

    def _draw_charts(self, data: ReportData) -> None:
        from desktop_app.ui.theme import colors, is_dark
        from desktop_app.ui.widgets.chart_view import ChartView

        if self.time_chart is None:
            self.time_chart = ChartView(min_height=250)
            self.value_chart = ChartView(min_height=250)
            self.time_box.addWidget(self.time_chart)
            self.value_box.addWidget(self.value_chart)
        dark = is_dark()
        active = [r for r in data.report.channels if r.current.spend or r.current.value]
        card = colors()["card"]

        # Built and drawn on the chart's worker (matplotlib is imported there, too).
        def over_time() -> Any:
            from desktop_app.reports import charts

            return charts.conversions_over_time(data.series, stacked=True, dark=dark)

        def spend_vs_value() -> Any:
            from desktop_app.reports import charts

            return charts.spend_vs_value(active, data.report.currency, dark=dark)

        self.time_chart.show_figure(over_time, card)
        self.value_chart.show_figure(spend_vs_value, card)
