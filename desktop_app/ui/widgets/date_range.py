"""The date-range picker of the report pages: a preset menu, and two calendar fields for a custom range.

Every picker edits the one shared `ReportRange` (`ctx.report_range`), so all report pages show the
same dates; pages listen to `ctx.report_range.changed(first, last)`.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from desktop_app.domain import formatting
from desktop_app.reports.date_presets import COMPARISONS, PRESETS
from desktop_app.ui.reporting.range import ReportRange
from desktop_app.ui.widgets.date_edit import READABLE, date_edit, day_of, qdate


def format_range(first: date, last: date) -> str:
    """ "1 – 30 Jun 2026", "28 May – 3 Jun 2026", "1 Dec 2025 – 15 Jan 2026"."""
    return formatting.date_range(first, last)


class DateRangePicker(QWidget):
    """Two editable date fields for a custom range, and the preset combo box; the page's
    subtitle shows the dates a preset resolves to, and holds `compare_combo`."""

    def __init__(
        self, shared: ReportRange, parent: QWidget | None = None, compare: bool = True
    ) -> None:
        """`compare`: also offer what the range is compared with (previous period, a year
        earlier)."""
        super().__init__(parent)
        self.shared = shared
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.preset_combo = QComboBox()
        self.preset_combo.setAccessibleName("Date range")
        for key, label in PRESETS:
            self.preset_combo.addItem(label, key)
        self.preset_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.from_edit = self._date_edit("First day of the range")
        self.dash = QLabel("–")
        self.to_edit = self._date_edit("Last day of the range")
        row.addWidget(self.from_edit)
        row.addWidget(self.dash)
        row.addWidget(self.to_edit)
        row.addWidget(self.preset_combo)
        self.compare_combo = QComboBox()
        self.compare_combo.setAccessibleName("Compare with")
        self.compare_combo.setToolTip("What the changes (▲ ▼) compare the range with")
        for key, label in COMPARISONS:
            self.compare_combo.addItem(label, key)
        self.compare_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.compare_combo.setVisible(compare)  # the page places it (beside its subtitle)
        self.compare_combo.activated.connect(
            lambda i: self.shared.set_compare(str(self.compare_combo.itemData(i)))
        )
        self.preset_combo.activated.connect(self._on_preset)
        self.from_edit.dateChanged.connect(self._on_dates)
        self.to_edit.dateChanged.connect(self._on_dates)
        shared.changed.connect(lambda *_: self.sync())
        self.sync()

    def _date_edit(self, tip: str) -> QDateEdit:
        return date_edit(tip=tip, shown_as=READABLE)

    def sync(self) -> None:
        """Show the shared range (another picker or a new day may have changed it)."""
        custom = self.shared.preset == "custom"
        index = self.preset_combo.findData(self.shared.preset)
        self.preset_combo.setCurrentIndex(index)
        self.compare_combo.setCurrentIndex(self.compare_combo.findData(self.shared.compare))
        for edit, day in ((self.from_edit, self.shared.first), (self.to_edit, self.shared.last)):
            edit.blockSignals(True)
            edit.setDate(qdate(day))
            edit.blockSignals(False)
        for widget in (self.from_edit, self.dash, self.to_edit):
            widget.setVisible(custom)

    def _on_preset(self, index: int) -> None:
        self.shared.set_preset(str(self.preset_combo.itemData(index)))
        self.sync()

    def _on_dates(self, _day: QDate) -> None:
        self.shared.set_custom(day_of(self.from_edit), day_of(self.to_edit))
        self.sync()
