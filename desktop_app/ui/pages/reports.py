"""Reports: the ROI table by channel, campaign or goal beside its chart; copy the table, save the chart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import formatting
from desktop_app.exporting.csv_safety import safe_text
from desktop_app.services.report_data import ReportData, ReportRequest, compute_report
from desktop_app.ui import seams
from desktop_app.ui.folders import CHART, remember_folder, start_folder
from desktop_app.ui.models.report_table import (
    ROW_ROLE,
    PinnedTotalProxy,
    ReportTableModel,
    cell_value,
    plain,
)
from desktop_app.ui.pages.range_page import RangePage
from desktop_app.ui.reporting.loader import ReportLoader
from desktop_app.ui.reporting.model_choice import MODEL_LABELS
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.theme import colors
from desktop_app.ui.widgets.date_range import format_range
from desktop_app.ui.widgets.segmented import segmented_switch
from desktop_app.ui.widgets.step_aside import StepAside

VIEWS = (("channel", "By channel"), ("campaign", "By campaign"), ("goal", "By goal"))
CHARTS = (
    ("roi", "ROI"),
    ("profit_roi", "Profit ROI"),
    ("profit_after_ads", "Profit after ads"),
    ("roas_break_even", "ROAS vs break-even"),
    ("spend_value", "Spend vs value"),
    ("over_time", "Conversions over time"),
    ("funnel", "Micro → macro funnel"),
    ("trend", "Selected campaign by month"),
)
_PER_ROW = (
    "roi",
    "profit_roi",
    "profit_after_ads",
    "roas_break_even",
    "spend_value",
)  # charts of the table's rows: "… by goal"
OWN_CHANNEL = "Conversion's own channel"
# The columns that step aside on a narrow window, the first first: the traffic behind the
# figures, then the campaign view's channel, the goal view's target CPA (the Goals page has it).
STEP_ASIDE = ("conversion_rate", "ctr", "impressions", "clicks", "micro_conversions", "channel",
              "target_cpa")  # fmt: skip
IMAGE_FILTER = "PNG image (*.png);;SVG image (*.svg)"
SPLITTER_KEY = "reports/splitter"  # the table/chart split, remembered between runs
NAME_WIDTH = (120, 200)  # the name column's narrowest and widest (long names get a tooltip)


class ReportsPage(RangePage):
    key = "reports"
    title = "Reports"
    icon = "reports"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.data: ReportData | None = None
        self.view = "channel"
        self.body.addLayout(self._build_toolbar())

        self.model = ReportTableModel()
        self.proxy = PinnedTotalProxy()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # On a narrow window the traffic figures step aside, then the campaign view's channel
        # (its swatch keeps the colour) or the goal view's target CPA, so money, returns and
        # profit show without scrolling.
        self.step_aside = StepAside(self.table)
        self.table.setWordWrap(False)
        self.table.setAccessibleName("Report table")

        chart_box = QFrame()
        chart_box.setObjectName("card")
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(12, 10, 12, 10)
        chart_row = QHBoxLayout()
        self.chart_combo = QComboBox()
        self.chart_combo.setAccessibleName("Chart")
        for key, label in CHARTS:  # "ROI by channel": the chart names what its bars are
            self.chart_combo.addItem(f"{label} by {self.view}" if key in _PER_ROW else label, key)
        self.chart_combo.currentIndexChanged.connect(lambda _i: self._draw_chart())
        self.save_button = QPushButton("Save chart…")
        self.save_button.clicked.connect(self.save_chart)
        self.chart_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        chart_row.addWidget(self.chart_combo)
        chart_row.addStretch(1)
        chart_row.addWidget(self.save_button)
        chart_layout.addLayout(chart_row)
        self.chart_layout = chart_layout
        self.chart: Any = None  # ChartView, made when matplotlib is first needed
        self.trend_points: list[Any] = []
        # Selecting a campaign shows its trend (spend, conversions, CPA, ROAS by month).
        self.table.selectionModel().selectionChanged.connect(self._campaign_selected)

        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.table, 1)
        below = QHBoxLayout()
        self.empty_check = QCheckBox("Show rows without activity")
        self.empty_check.toggled.connect(self.proxy_show_empty)
        self.copy_button = QPushButton("Copy table")
        self.copy_button.setToolTip("Copy the table with its total as tab-separated text")
        self.copy_button.clicked.connect(self.copy_table)
        below.addWidget(self.empty_check)
        below.addStretch(1)
        below.addWidget(self.copy_button)
        self.export_button = QPushButton("Export to Excel…")
        self.export_button.clicked.connect(self.export_report)
        below.addWidget(self.export_button)
        table_layout.addLayout(below)

        # The table gets the full width (its key figures fit at 1280 wide without a sideways
        # scroll); the chart sits below it and can be dragged smaller or folded away.
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(table_box)
        self.splitter.addWidget(chart_box)
        # The chart gets at least a third of the height (a squeezed one reads nothing).
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([380, 300])
        self.splitter.setCollapsible(0, False)
        self.splitter.setCollapsible(1, True)
        stored = QSettings().value(SPLITTER_KEY)
        if isinstance(stored, QByteArray):
            self.splitter.restoreState(stored)
        self.splitter.splitterMoved.connect(
            lambda *_: QSettings().setValue(SPLITTER_KEY, self.splitter.saveState())
        )
        self.body.addWidget(self.splitter, 1)

        self.loader = ReportLoader(ctx, compute_report, self)
        self.loader.loaded.connect(self._show)
        self.loader.busy_changed.connect(self.loading.setVisible)

    def _build_toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(0)
        self.view_group, self.view_buttons = segmented_switch(VIEWS, self.set_view, self)
        for button in self.view_buttons.values():
            row.addWidget(button)
        row.addSpacing(16)
        credit = QLabel("Credit:")
        credit.setObjectName("muted")
        row.addWidget(credit)
        row.addSpacing(6)
        self.model_combo = QComboBox()
        self.model_combo.setAccessibleName("Attribution model")
        self.model_combo.setToolTip(
            "Which touchpoints get the credit for a conversion (channel and campaign views)"
        )
        self.model_combo.addItem(OWN_CHANNEL, None)
        for key, label in MODEL_LABELS.items():
            self.model_combo.addItem(label, key)
        # The choice is shared with the Attribution page ("Use this model in reports").
        self.model_combo.setCurrentIndex(
            max(self.model_combo.findData(self.ctx.report_model.model), 0)
        )
        self.model_combo.currentIndexChanged.connect(
            lambda _i: self.ctx.report_model.set_model(self.model_combo.currentData())
        )
        self.ctx.report_model.changed.connect(self._on_model)
        row.addWidget(self.model_combo)
        row.addStretch(1)
        return row

    # -- data -----------------------------------------------------------------------------
    def _on_model(self, model: str | None) -> None:
        self.model_combo.blockSignals(True)
        self.model_combo.setCurrentIndex(max(self.model_combo.findData(model), 0))
        self.model_combo.blockSignals(False)
        self.refresh_when_shown()

    def refresh(self) -> None:
        if self.ctx.db is None:
            return
        first, last = self.ctx.report_range.dates
        compare = self.ctx.report_range.compare
        self.loader.request(ReportRequest(first, last, self.model_combo.currentData(), compare))

    def _show(self, data: ReportData) -> None:
        self.data = data
        report = data.report
        model = MODEL_LABELS.get(report.model or "", "")
        self.subtitle_label.setText(
            f"{format_range(report.first, report.last)}"
            + (f"  ·  credit: {model.lower()}" if model else "")
        )
        self._fill_table()
        self._draw_chart()

    def set_view(self, view: str) -> None:
        """Show the rows by 'channel', 'campaign' or 'goal'."""
        self.view = view
        self.view_buttons[view].setChecked(True)
        # Columns differ per view: start from spend, largest first (goals: in their own order).
        if view == "goal":
            self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        else:
            spend = 2 if view == "campaign" else 1
            self.table.sortByColumn(spend, Qt.SortOrder.DescendingOrder)
        for index, (key, label) in enumerate(CHARTS):  # "ROI by goal": what the chart shows
            self.chart_combo.setItemText(index, f"{label} by {view}" if key in _PER_ROW else label)
        self._fill_table()
        self._draw_chart()

    def proxy_show_empty(self, show: bool) -> None:
        self.proxy.set_show_empty(show)  # the table only: no chart reads the proxy

    def _fill_table(self) -> None:
        self.model.load(self.data.report if self.data else None, self.view)
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        widths = []
        for section, column in enumerate(self.model.columns):
            # As wide as the widest cell or header line and no wider: Qt's own fit leaves
            # room for a sort arrow on every column, which pushed ROI off a 1280-wide window.
            label = max(metrics.horizontalAdvance(line) for line in column.shown.split("\n"))
            width = max(self.table.sizeHintForColumn(section), label + 14)
            if section == 0:
                width = min(max(width, NAME_WIDTH[0]), NAME_WIDTH[1])
            header.resizeSection(section, width)
            widths.append(width)
        keys = [column.key for column in self.model.columns]
        self.step_aside.widths = widths
        self.step_aside.configure(
            [keys.index(k) for k in STEP_ASIDE if k in keys], f"reports/{self.view}"
        )

    def shown_rows(self) -> list[Any]:
        """The table's rows in their shown order, total last."""
        return [self.proxy.index(r, 0).data(ROW_ROLE) for r in range(self.proxy.rowCount())]

    def selected_campaign(self) -> Any:
        """The campaign row selected in the campaign view (None: none, or another view)."""
        if self.view != "campaign":
            return None
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].data(ROW_ROLE) if rows else None
        return row if row is not None and row.kind == "campaign" and row.id is not None else None

    def _campaign_selected(self, *_args: object) -> None:
        if self.selected_campaign() is None:
            return
        index = self.chart_combo.findData("trend")
        if self.chart_combo.currentIndex() != index:
            self.chart_combo.setCurrentIndex(index)  # draws it
        else:
            self._draw_chart()

    # -- chart ----------------------------------------------------------------------------
    def _draw_chart(self) -> None:
        if self.data is None:
            return
        from desktop_app.reports.series import funnel_steps
        from desktop_app.ui.theme import is_dark
        from desktop_app.ui.widgets.chart_view import ChartView

        if self.chart is None:
            self.chart = ChartView(min_height=200)
            self.chart_layout.addWidget(self.chart, 1)
        report, dark = self.data.report, is_dark()
        # The goal view charts its goals (not the unlinked spend, which has no return).
        rows = [r for r in report.rows(self.view) if r.kind != "goal" or r.id is not None]
        active = [r for r in rows if r.current.spend or r.current.value]
        kind = self.chart_combo.currentData()
        title = self.chart_combo.currentText()
        series = self.data.series
        trend = self._trend_maker(report.last, report.currency, dark) if kind == "trend" else None

        def make() -> Any:  # on the chart's worker (matplotlib is imported there, too)
            from desktop_app.reports import charts

            if kind in ("roi", "profit_roi"):
                spent = [r for r in active if r.current.get(kind) is not None]
                spent.sort(key=lambda r: r.current.get(kind) or 0, reverse=True)  # best first
                empty = ("Give a goal its margin (Goals page) to see profit ROI"
                         if kind == "profit_roi" else "Nothing to show")  # fmt: skip
                return charts.roi_by_channel(spent, dark=dark, wide=True, metric=kind,
                                             title=title, empty=empty)  # fmt: skip
            margin_hint = "Give a goal its margin (Goals page) to see profit after ads"
            if kind == "profit_after_ads":
                kept = [r for r in active if r.current.gross_profit is not None]
                kept.sort(key=lambda r: (r.current.gross_profit or 0) - r.current.spend,
                          reverse=True)  # fmt: skip
                return charts.profit_after_ads(kept, report.currency, dark=dark, wide=True,
                                               title=title, empty=margin_hint)  # fmt: skip
            if kind == "roas_break_even":
                kept = [
                    r
                    for r in active
                    if r.current.roas is not None and r.current.break_even_roas is not None
                ]
                kept.sort(key=lambda r: r.current.roas or 0, reverse=True)  # fmt: skip
                return charts.roas_vs_break_even(kept, dark=dark, wide=True, title=title,
                                                 empty=margin_hint)  # fmt: skip
            if kind == "spend_value":
                return charts.spend_vs_value(active, report.currency, dark=dark, wide=True,
                                             title=title)  # fmt: skip
            if kind == "over_time":
                return charts.conversions_over_time(series, dark=dark)
            if trend is not None:
                return trend()
            return charts.funnel(funnel_steps(report), dark=dark)

        self.chart.show_figure(make, colors()["card"])

    def _trend_maker(self, last: Any, currency: str, dark: bool) -> Callable[[], Any]:
        """What draws the selected campaign's last 12 months up to the range's last day: the
        campaign is read here, the figure is built on the chart's worker with a connection of
        its own."""
        from desktop_app.ui.workers import with_database

        campaign = self.selected_campaign()
        if campaign is None or self.ctx.db is None:
            self.trend_points = []

            def nothing() -> Any:
                from desktop_app.reports import charts

                return charts.campaign_trend([], [], [], [], [], currency, dark=dark,
                                             title="Select a campaign in the table")  # fmt: skip

            return nothing
        title = f"{campaign.name}: the 12 months to {formatting.month(last)}"
        campaign_id = campaign.id

        def make(db: Any) -> Any:  # on the chart's worker, with a connection of its own
            from desktop_app.services.campaign_trend import trend_figure

            self.trend_points, figure = trend_figure(db, campaign_id, title, last, currency,
                                                     dark=dark)  # fmt: skip
            return figure

        return with_database(self.ctx, make)

    def save_chart(self) -> None:
        if self.chart is None or not self.chart.has_figure:
            return
        name = self.chart_combo.currentText().lower().replace(" ", "-").replace("→", "to")
        suggested = str(start_folder(CHART) / f"{name}.png")
        path = seams.choose_save_file(self, "Save chart", IMAGE_FILTER, suggested)
        if not path:
            return
        remember_folder(CHART, path)
        target = Path(path)
        if target.suffix.lower() not in (".png", ".svg"):
            target = target.with_suffix(".png")
        try:
            self.chart.save(target)
        except OSError as exc:
            seams.show_error(self, "Chart not saved", f"Could not write {target}: {exc}")

    # -- clipboard ------------------------------------------------------------------------
    def table_text(self) -> str:
        """The shown table as tab-separated text: header, rows in their order, the total."""
        columns = self.model.columns
        lines = ["\t".join(c.header for c in columns)]
        for row in self.shown_rows():
            cells = []
            for column in columns:
                blank = self.model.is_blank(row, column)
                text = "" if blank else plain(cell_value(row, column), column.kind)
                # A name that a spreadsheet would run as a formula is pasted as text.
                cells.append(safe_text(text) if column.kind == "text" else text)
            lines.append("\t".join(cells))
        return "\n".join(lines) + "\n"

    def copy_table(self) -> None:
        QGuiApplication.clipboard().setText(self.table_text())
        status = getattr(self.window(), "statusBar", None)
        if callable(status):
            status().showMessage("Table copied.", 3000)
