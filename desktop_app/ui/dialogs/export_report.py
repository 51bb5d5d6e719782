"""Export report dialog: date range, goal, sheets and file; writes the workbook in the background
and then offers to open the file or its folder."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import formatting
from desktop_app.exporting.files import ExportCancelled, ExportError
from desktop_app.exporting.workbook import (
    SHEETS,
    ExportResult,
    export_workbook,
    suggested_file_name,
)
from desktop_app.store.faults import explain
from desktop_app.store.lookups import goal_choices
from desktop_app.ui import seams
from desktop_app.ui.folders import EXPORT, remember_folder, start_folder
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.widgets.date_edit import date_edit, day_of
from desktop_app.ui.workers import BackgroundTask, run_with_database

XLSX_FILTER = "Excel workbooks (*.xlsx)"


def open_url(url: QUrl) -> bool:
    """Open a file or folder with the system's application (tests replace this)."""
    return QDesktopServices.openUrl(url)


class ExportReportDialog(QDialog):
    """Choose what to export; Export runs in the background; the dialog then shows Open buttons."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        first: date | None = None,
        last: date | None = None,
        goal_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_path: Path | None = None
        self.task: BackgroundTask | None = None
        self.setWindowTitle("Export report")
        self.setMinimumWidth(520)
        if first is None or last is None:
            first, last = _screen_range(ctx)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        intro = QLabel("An Excel workbook with the figures of the Reports page, for sharing.")
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.setSpacing(8)
        self.from_edit = self._date_edit(first, "First day")
        self.to_edit = self._date_edit(last, "Last day")
        dates = QHBoxLayout()
        dates.addWidget(self.from_edit)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.to_edit)
        dates.addStretch(1)
        form.addRow("Period:", dates)
        self.goal_combo = QComboBox()
        self.goal_combo.setAccessibleName("Goal")
        self.goal_combo.addItem("All macro goals", None)
        for gid, name in goal_choices(ctx.require_db()):
            self.goal_combo.addItem(name, gid)
        if goal_id is not None:
            self.goal_combo.setCurrentIndex(max(0, self.goal_combo.findData(goal_id)))
        form.addRow("Goal:", self.goal_combo)
        grid = QGridLayout()
        self.sheet_boxes: dict[str, QCheckBox] = {}
        for n, name in enumerate(SHEETS):
            box = QCheckBox(name)
            box.setChecked(True)
            self.sheet_boxes[name] = box
            grid.addWidget(box, n // 3, n % 3)
        form.addRow("Sheets:", grid)
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("File")
        self.path_edit.setText(str(start_folder(EXPORT) / suggested_file_name(first, last)))
        self.choose_button = choose = QPushButton("Choose…")
        choose.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(choose)
        form.addRow("File:", file_row)
        layout.addLayout(form)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.open_button = QPushButton("Open report")
        self.folder_button = QPushButton("Show in folder")
        self.open_button.clicked.connect(lambda: self._open(folder=False))
        self.folder_button.clicked.connect(lambda: self._open(folder=True))
        for b in (self.open_button, self.folder_button):
            b.setVisible(False)
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.close_button = QPushButton("Cancel")
        self.close_button.clicked.connect(self.reject)
        self.export_button = QPushButton("Export")
        self.export_button.setObjectName("primary")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.export_button)
        layout.addLayout(buttons)
        self.from_edit.dateChanged.connect(self._suggest_name)
        self.to_edit.dateChanged.connect(self._suggest_name)

    def _date_edit(self, day: date, name: str) -> QDateEdit:
        return date_edit(day, tip=name)

    @property
    def first(self) -> date:
        return day_of(self.from_edit)

    @property
    def last(self) -> date:
        return day_of(self.to_edit)

    def _suggest_name(self) -> None:
        current = Path(self.path_edit.text())
        if current.name.startswith("Conversion report "):  # only replace our own suggestion
            name = suggested_file_name(self.first, max(self.first, self.last))
            self.path_edit.setText(str(current.with_name(name)))

    def choose_file(self) -> None:
        path = seams.choose_save_file(self, "Export report", XLSX_FILTER, self.path_edit.text())
        if path:
            remember_folder(EXPORT, path)
            self.path_edit.setText(path if path.lower().endswith(".xlsx") else path + ".xlsx")

    def chosen_sheets(self) -> list[str]:
        return [name for name, box in self.sheet_boxes.items() if box.isChecked()]

    def start_export(self) -> None:
        problem = self._problem()
        if problem:
            self.status.setText(problem)
            self.status.setObjectName("fieldError")
            self.status.setStyleSheet("")
            return
        path = Path(self.path_edit.text()).expanduser()
        first, last, goal_id = self.first, self.last, self.goal_combo.currentData()
        sheets = self.chosen_sheets()
        ctx = self.ctx
        compare = ctx.report_range.compare  # as on the Reports page and the Dashboard

        def work(
            db: Any, progress: Callable[[int, int], None], cancelled: threading.Event
        ) -> object:
            return export_workbook(db, path, first, last, goal_id=goal_id, sheets=sheets,
                                   progress=progress, cancelled=cancelled,
                                   compare=compare)  # fmt: skip

        self.export_button.setEnabled(False)
        self.status.setObjectName("muted")
        self.status.setText("Exporting…")
        self.task = run_with_database(
            ctx, work, self._done, self._failed, parent=self, label="Exporting the report…"
        )

    def _problem(self) -> str:
        text = self.path_edit.text().strip()
        if self.last < self.first:
            return "The period ends before it starts. Choose a last day on or after the first."
        if not self.chosen_sheets():
            return "Choose at least one sheet."
        if not text or not text.lower().endswith(".xlsx"):
            return "Choose a file name ending in .xlsx."
        return ""

    def _done(self, result: ExportResult) -> None:
        self.task = None
        self.result_path = result.path
        remember_folder(EXPORT, result.path)  # the next export starts where this one went
        self.export_button.setEnabled(True)
        self.status.setObjectName("muted")
        # Counted as the Dashboard counts (macro goals, or the chosen goal); the Conversions
        # sheet lists every record of the period, micro goals too, and says so.
        text = (f"Saved {result.path.name}: {formatting.count(result.counted)} conversions, "
                f"{len(result.sheets)} sheets.")  # fmt: skip
        if "Conversions" in result.sheets and result.conversions != result.counted:
            text += (f" The Conversions sheet lists all {formatting.number(result.conversions)} "
                     "records of the period, micro goals included.")  # fmt: skip
        self.status.setText(text)
        self.open_button.setVisible(True)
        self.folder_button.setVisible(True)
        self.close_button.setText("Close")

    def _failed(self, exc: BaseException, details: str) -> None:
        self.task = None
        self.export_button.setEnabled(True)
        if isinstance(exc, ExportCancelled):
            self.status.setText("Export cancelled; no file was written.")
        elif isinstance(exc, ExportError):
            self.status.setText("")
            seams.show_error(self, "Cannot export the report", str(exc))
        elif (fault := explain(exc, self.ctx.db_path)) is not None:
            self.status.setText("")
            seams.show_error(self, "Cannot export the report", fault)
        else:
            self.status.setText("")
            seams.show_error(self, "Cannot export the report", f"The export failed: {exc}", details)

    def _open(self, folder: bool) -> None:
        if self.result_path is not None:
            target = self.result_path.parent if folder else self.result_path
            open_url(QUrl.fromLocalFile(str(target)))


def _screen_range(ctx: AppContext) -> tuple[date, date]:
    """The range the report pages show, else the last 30 days."""
    shared = getattr(ctx, "report_range", None)
    if shared is not None:
        first, last = shared.dates
        return first, last
    today = date.today()
    return today - timedelta(days=29), today


def open_export_dialog(
    parent: QWidget | None,
    ctx: AppContext,
    first: date | None = None,
    last: date | None = None,
    goal_id: int | None = None,
) -> ExportReportDialog | None:
    """Show the Export report dialog (report pages call this with the range on screen)."""
    if ctx.db is None:
        seams.show_error(parent, "No database open", "Open or create a database first.")
        return None
    dialog = ExportReportDialog(ctx, parent, first, last, goal_id)
    seams.run_dialog(dialog)
    return dialog
