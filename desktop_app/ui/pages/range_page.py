"""The base of the report pages: the shared date range in the header, figures reloaded when it changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop_app.ui.pages.base import Page
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.widgets.date_range import DateRangePicker


class RangePage(Page):
    """'Updating…' and the date-range picker at the right of the header; the subtitle line is
    kept (blank) from the start, so the header does not jump when the range is written there."""

    subtitle = " "
    compares = True  # the page shows changes against a comparison period

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.loading = QLabel("Updating…")
        self.loading.setObjectName("muted")
        self.loading.setVisible(False)
        self.picker = DateRangePicker(ctx.report_range, compare=self.compares)
        self.header.addWidget(self.loading, 0, Qt.AlignmentFlag.AlignVCenter)
        self.header.addSpacing(12)
        self.header.addWidget(self.picker, 0, Qt.AlignmentFlag.AlignVCenter)
        if self.compares:  # "compared with" belongs beside the dates the subtitle names
            self.subtitle_row.insertWidget(1, self.picker.compare_combo)
        ctx.report_range.changed.connect(lambda *_: self.refresh_when_shown())

    def refresh_when_shown(self) -> None:
        """Reload now if the page is on screen, else when it is next shown."""
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def export_report(self) -> None:
        from desktop_app.ui.dialogs.export_report import open_export_dialog

        open_export_dialog(self, self.ctx, *self.ctx.report_range.dates)
