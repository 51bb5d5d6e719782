"""Attribution: every model's credit per channel side by side, how journeys look, and how far to trust it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
)

from desktop_app.domain import formatting
from desktop_app.services.attribution_data import (
    AttributionData,
    AttributionRequest,
    compute_attribution,
)
from desktop_app.ui.models.attribution_table import (
    ConfidenceTableModel,
    CreditTableModel,
    PathsTableModel,
)
from desktop_app.ui.pages.range_page import RangePage
from desktop_app.ui.pages.reports import OWN_CHANNEL
from desktop_app.ui.reporting.loader import ReportLoader
from desktop_app.ui.reporting.model_choice import MODEL_LABELS
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.widgets.attribution_view import Banner, SpreadTable, fit_height, plain_table
from desktop_app.ui.widgets.cards import WidthAware, card, card_scroll
from desktop_app.ui.widgets.date_range import format_range
from desktop_app.ui.widgets.segmented import segmented_switch

# The goal's own name on each goal choice (the shown text may add "(micro)").
_GOAL_NAME_ROLE = Qt.ItemDataRole.UserRole + 1

MARKOV_NOTE = (
    "Based on {n} conversions with touchpoints — fewer than {limit}, so the data-driven "
    "model is a rough guide only."
)
FOOTNOTE = (
    "★ the default model.  Data-driven: ± is half the range that 95% of resamples of the "
    "journeys give.  Conversions without touchpoints keep their own channel under every model."
)


class AttributionPage(RangePage):
    key = "attribution"
    title = "Attribution"
    icon = "attribution"
    compares = False  # models side by side, not periods

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.data: AttributionData | None = None
        self.body.addLayout(self._build_toolbar())
        self.banner = Banner()
        self.banner.setVisible(False)
        self.body.addWidget(self.banner)

        content = WidthAware(self._relayout)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 4, 0)
        column.setSpacing(12)
        column.addWidget(self._build_credit_card())
        self.chart_frame, self.chart_box = card("")
        column.addWidget(self.chart_frame)
        small = QHBoxLayout()
        small.setSpacing(12)
        self.lengths_frame, self.lengths_box = card("")
        self.days_frame, self.days_box = card("")
        small.addWidget(self.lengths_frame, 1)
        small.addWidget(self.days_frame, 1)
        column.addLayout(small)
        self.lists = QGridLayout()
        self.lists.setSpacing(12)
        self.list_cards = (self._build_paths_card(), self._build_confidence_card())
        self._wide: bool | None = None
        self._relayout(1200)
        column.addLayout(self.lists)
        column.addStretch(1)
        self.body.addWidget(card_scroll(content), 1)

        self.chart: Any = None  # ChartViews, made when matplotlib is first needed
        self.lengths_chart: Any = None
        self.days_chart: Any = None
        self.loader = ReportLoader(ctx, compute_attribution, self)
        self.loader.loaded.connect(self._show)
        self.loader.busy_changed.connect(self.loading.setVisible)
        ctx.report_model.changed.connect(lambda _m: self._sync_reports_combo())

    # -- building -------------------------------------------------------------------------
    def _build_toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(6)
        goal = QLabel("Goal:")
        goal.setObjectName("muted")
        row.addWidget(goal)
        self.goal_combo = QComboBox()
        self.goal_combo.setAccessibleName("Goal")
        self.goal_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.goal_combo.setToolTip("Whose conversions to attribute")
        self.goal_combo.currentIndexChanged.connect(lambda _i: self.refresh_when_shown())
        row.addWidget(self.goal_combo)
        row.addSpacing(16)
        self.metric_group, self.metric_buttons = segmented_switch(
            (("conversions", "Conversions"), ("value", "Value")), self.set_metric
        )
        for button in self.metric_buttons.values():
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _build_credit_card(self) -> QFrame:
        frame, box = card("")
        top = QHBoxLayout()
        title = QLabel("Credit by model")
        title.setObjectName("sectionTitle")
        top.addWidget(title)
        top.addStretch(1)
        use = QLabel("Use in reports:")
        use.setObjectName("muted")
        top.addWidget(use)
        self.reports_combo = QComboBox()
        self.reports_combo.setAccessibleName("Use this model in reports")
        self.reports_combo.setToolTip(
            "The model the Reports page credits channels and campaigns with"
        )
        self.reports_combo.addItem(OWN_CHANNEL, None)
        for key, label in MODEL_LABELS.items():
            self.reports_combo.addItem(label, key)
        self._sync_reports_combo()
        self.reports_combo.currentIndexChanged.connect(
            lambda _i: self.ctx.report_model.set_model(self.reports_combo.currentData())
        )
        top.addWidget(self.reports_combo)
        box.addLayout(top)
        self.credit_model = CreditTableModel()
        # Not sortable: rows keep the default model's order, so the headers stay narrow
        # (no room kept for a sort arrow) and seven models fit beside the channel names.
        self.table = SpreadTable()
        plain_table(self.credit_model, "Credit by model", self.table)
        box.addWidget(self.table)
        self.empty_label = QLabel("No conversions of this goal in the range.")
        self.empty_label.setObjectName("muted")
        self.empty_label.setVisible(False)
        box.addWidget(self.empty_label)
        note = QLabel(FOOTNOTE)
        note.setObjectName("mutedNote")
        note.setWordWrap(True)
        box.addWidget(note)
        return frame

    def _build_paths_card(self) -> QFrame:
        frame, box = card("Most common paths")
        self.paths_model = PathsTableModel()
        self.paths_table = plain_table(self.paths_model, "Most common paths")
        self.paths_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.paths_table)
        return frame

    def _build_confidence_card(self) -> QFrame:
        frame, box = card("What each model rests on")
        self.confidence_model = ConfidenceTableModel()
        self.confidence_table = plain_table(self.confidence_model, "Confidence per model")
        self.confidence_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )
        box.addWidget(self.confidence_table)
        box.addStretch(1)
        return frame

    def _relayout(self, width: int) -> None:
        """Wide: common paths beside the confidence table; narrow: one above the other."""
        wide = width >= 960
        if wide == self._wide:
            return
        self._wide = wide
        while self.lists.count():
            self.lists.takeAt(0)
        paths, confidence = self.list_cards
        self.lists.addWidget(paths, 0, 0)
        self.lists.addWidget(confidence, *((0, 1) if wide else (1, 0)))
        self.lists.setColumnStretch(0, 1)
        self.lists.setColumnStretch(1, 1 if wide else 0)

    # -- data -----------------------------------------------------------------------------
    def _sync_reports_combo(self) -> None:
        self.reports_combo.blockSignals(True)
        index = self.reports_combo.findData(self.ctx.report_model.model)
        self.reports_combo.setCurrentIndex(max(index, 0))
        self.reports_combo.blockSignals(False)

    def _fill_goals(self) -> None:
        from desktop_app.reports.conversions import load_goals

        goals = load_goals(self.ctx.require_db())
        chosen = self.goal_combo.currentData()
        macro = [g.name for g in goals if g.level == "macro"]
        self.goal_combo.blockSignals(True)
        self.goal_combo.clear()
        self.goal_combo.addItem(f"Macro goals ({', '.join(macro) or 'none yet'})", None)
        self.goal_combo.setItemData(0, "Macro goals", _GOAL_NAME_ROLE)
        for g in goals:
            self.goal_combo.addItem(g.name + (" (micro)" if g.level == "micro" else ""), g.id)
            self.goal_combo.setItemData(self.goal_combo.count() - 1, g.name, _GOAL_NAME_ROLE)
        self.goal_combo.setCurrentIndex(max(self.goal_combo.findData(chosen), 0))
        self.goal_combo.blockSignals(False)

    def refresh(self) -> None:
        if self.ctx.db is None:
            return
        self._fill_goals()
        first, last = self.ctx.report_range.dates
        self.loader.request(AttributionRequest(first, last, self.goal_combo.currentData()))

    def choose_goal(self, goal_id: int | None) -> None:
        """Attribute the macro goals together (None) or one goal."""
        self.goal_combo.setCurrentIndex(max(self.goal_combo.findData(goal_id), 0))

    def set_metric(self, metric: str) -> None:
        """Show credited 'conversions' or 'value' in the table and the chart."""
        self.metric_buttons[metric].setChecked(True)
        self.credit_model.set_metric(metric)
        self.table.fit_columns()  # and fits its height
        self._draw_comparison()

    def _show(self, data: AttributionData) -> None:
        self.data = data
        result = data.result
        request = data.request
        index = max(self.goal_combo.findData(request.goal_id), 0)
        goal = self.goal_combo.itemData(index, _GOAL_NAME_ROLE)
        count = (
            f"{formatting.number(result.models[next(iter(result.models))].conversions)} conversions"
            if result
            else "no conversions"
        )
        self.subtitle_label.setText(
            f"{format_range(request.first, request.last)}  ·  {goal}  ·  {count}"
        )
        models = list(result.models) if result else []
        self.credit_model.load(data.rows, models, data.currency)
        self.table.setVisible(bool(data.rows))
        self.empty_label.setVisible(not data.rows)
        self.table.fit_columns()  # and fits its height
        self.paths_model.load(result, data.currency)
        self.paths_table.resizeColumnsToContents()
        self.paths_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        fit_height(self.paths_table)
        self.confidence_model.load(result)
        fit_height(self.confidence_table)
        warn = result is not None and "markov" in result.confidence and not result.markov_reliable
        if warn and result is not None:
            from desktop_app.attribution.compare import MARKOV_MIN_CONVERSIONS

            n = result.confidence["markov"].conversions
            self.banner.set_text(
                MARKOV_NOTE.format(
                    n=formatting.number(n), limit=formatting.number(MARKOV_MIN_CONVERSIONS)
                )
            )
        self.banner.setVisible(warn)
        self._draw_comparison()
        self._draw_distributions()

    # -- charts ---------------------------------------------------------------------------
    def _charts(self) -> None:
        from desktop_app.ui.widgets.chart_view import ChartView

        if self.chart is None:
            self.chart = ChartView(min_height=330)
            self.lengths_chart = ChartView(min_height=210)
            self.days_chart = ChartView(min_height=210)
            self.chart_box.addWidget(self.chart)
            self.lengths_box.addWidget(self.lengths_chart)
            self.days_box.addWidget(self.days_chart)

    def _draw_comparison(self) -> None:
        if self.data is None:
            return
        from desktop_app.services.attribution_data import comparison_figure
        from desktop_app.ui.theme import colors, is_dark

        self._charts()
        data, metric, dark = self.data, self.credit_model.metric, is_dark()
        self.chart.show_figure(lambda: comparison_figure(data, metric, dark=dark), colors()["card"])

    def _draw_distributions(self) -> None:
        if self.data is None:
            return
        from desktop_app.services.attribution_data import (
            days_to_conversion_figure,
            path_lengths_figure,
        )
        from desktop_app.ui.theme import colors, is_dark

        self._charts()
        data, dark, card = self.data, is_dark(), colors()["card"]
        self.lengths_chart.show_figure(lambda: path_lengths_figure(data, dark=dark), card)
        self.days_chart.show_figure(lambda: days_to_conversion_figure(data, dark=dark), card)
