"""File > Export upload file…: an ad platform's offline-conversion file. Choose the platform, the
goal and the period; the pre-flight shows at once what goes in and what is left out and why (copy
it, or save it as CSV); Save writes the file and says what to do next on that platform. The
folder is remembered per platform, and the dialog lists the earlier uploads."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import formatting
from desktop_app.domain.timeutil import UTC_FORMAT
from desktop_app.exporting.csv_safety import safe_text
from desktop_app.exporting.export_log import list_uploads
from desktop_app.exporting.files import ExportError
from desktop_app.exporting.uploads import Preflight, UploadResult, preflight, write_upload
from desktop_app.store.faults import explain
from desktop_app.store.lookups import goal_choices
from desktop_app.ui import seams
from desktop_app.ui.folders import remember_folder, start_folder
from desktop_app.ui.reporting.loader import ReportLoader
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.widgets.date_edit import date_edit, day_of
from desktop_app.ui.workers import run_with_database

PLATFORMS = (
    ("google-ads", "Google Ads: click conversions"),
    ("google-ads-ecl", "Google Ads: enhanced conversions for leads"),
    ("google-ads-adjustments", "Google Ads: conversion adjustments"),
    ("meta", "Meta: offline events"),
    ("microsoft", "Microsoft Advertising: offline conversions"),
)
NEXT_STEP = {
    "google-ads": "In Google Ads, open Goals > Conversions > Uploads, click +, choose the file "
    "and apply. Google matches the click ids within a few hours.",
    "google-ads-ecl": "In Google Ads, open Goals > Conversions > Uploads, click +, choose the "
    "file (enhanced conversions for leads) and apply.",
    "google-ads-adjustments": "In Google Ads, open Goals > Conversions > Uploads, click +, "
    "choose the file as conversion adjustments and apply.",
    "meta": "In Meta Events Manager, open your dataset, choose Upload events (offline events), "
    "and upload the file; map the columns if it asks.",
    "microsoft": "In Microsoft Advertising, open Conversions > Offline conversions, choose "
    "Import, and upload the file.",
}
CSV_FILTER = "CSV files (*.csv)"


def _preflight(db: Any, params: tuple[Any, ...]) -> Preflight:
    """The pre-flight of the dialog's choices, on a worker with a connection of its own."""
    target, first, last, goal_ids, again, conversion_ids = params
    return preflight(db, target, first, last, goal_ids, again=again,
                     conversion_ids=conversion_ids)  # fmt: skip


class ExportUploadDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        conversion_ids: list[int] | None = None,
    ) -> None:
        """`conversion_ids`: send these (the Conversions page's selection) instead of a goal's
        conversions over a period."""
        super().__init__(parent)
        self.ctx = ctx
        self.conversion_ids = conversion_ids
        self.plan: Preflight | None = None
        self.saved: Path | None = None
        self.setWindowTitle("Export upload file")
        self.setMinimumWidth(620)
        self.resize(680, 760)  # room for the left-out list and the earlier uploads
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        intro = QLabel(
            "A file for an ad platform's offline-conversion import, so its bidding learns which "
            "clicks became sales. Nothing already sent is sent again."
        )
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.platform_combo = QComboBox()
        self.platform_combo.setAccessibleName("Platform")
        for key, label in PLATFORMS:
            self.platform_combo.addItem(label, key)
        form.addRow("Platform:", self.platform_combo)
        # The goals whose conversions go in: every one ticked to start with.
        self.goal_list = QListWidget()
        self.goal_list.setAccessibleName("Goals")
        self.goal_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        for gid, name in goal_choices(ctx.require_db()):
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, gid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.goal_list.addItem(item)
        shown = min(max(self.goal_list.count(), 1), 4)  # four rows, then it scrolls
        row_height = self.goal_list.sizeHintForRow(0) if self.goal_list.count() else 20
        self.goal_list.setFixedHeight(shown * row_height + 2 * self.goal_list.frameWidth() + 4)
        self.all_goals_button = QPushButton("All")
        self.no_goals_button = QPushButton("None")
        for button, state in ((self.all_goals_button, Qt.CheckState.Checked),
                              (self.no_goals_button, Qt.CheckState.Unchecked)):  # fmt: skip
            button.setToolTip(f"Tick {button.text().lower()} of the goals")
            button.clicked.connect(lambda _=False, state=state: self._tick_all(state))
        goals = QHBoxLayout()
        goals.addWidget(self.goal_list, 1)
        goal_buttons = QVBoxLayout()
        goal_buttons.addWidget(self.all_goals_button)
        goal_buttons.addWidget(self.no_goals_button)
        goal_buttons.addStretch(1)
        goals.addLayout(goal_buttons)
        form.addRow("Goals:", goals)
        first, last = ctx.report_range.dates
        self.from_edit, self.to_edit = (
            date_edit(first, tip="First day"),
            date_edit(last, tip="Last day"),
        )
        dates = QHBoxLayout()
        dates.addWidget(self.from_edit)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.to_edit)
        dates.addStretch(1)
        form.addRow("Period:", dates)
        if conversion_ids is not None:  # the selection decides: no goal or period to choose
            n = formatting.count(len(conversion_ids))
            chosen = QLabel(f"The {n} conversions selected on the Conversions page")
            form.addRow("Sending:", chosen)
            for widget in (self.goal_list, self.all_goals_button, self.no_goals_button,
                           self.from_edit, self.to_edit):  # fmt: skip
                widget.setEnabled(False)
            self.from_edit.setDate(self.from_edit.minimumDate())
            self.to_edit.setDate(self.to_edit.maximumDate())
        self.again_box = QCheckBox("Send again what was sent before")
        form.addRow("", self.again_box)
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("File")
        choose = QPushButton("Choose…")
        choose.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(choose)
        form.addRow("File:", row)
        layout.addLayout(form)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.left_table = QTableWidget(0, 4)
        self.left_table.setHorizontalHeaderLabels(["Order id", "Goal", "Time", "Left out because"])
        self.left_table.verticalHeader().setVisible(False)
        self.left_table.horizontalHeader().setStretchLastSection(True)
        self.left_table.setMinimumHeight(140)
        layout.addWidget(self.left_table, 1)
        tools = QHBoxLayout()
        self.copy_button = QPushButton("Copy list")
        self.copy_button.clicked.connect(self.copy_left_out)
        self.save_list_button = QPushButton("Save list as CSV…")
        self.save_list_button.clicked.connect(self.save_left_out)
        tools.addWidget(self.copy_button)
        tools.addWidget(self.save_list_button)
        tools.addStretch(1)
        layout.addLayout(tools)
        self.history = QLabel()
        self.history.setObjectName("muted")
        self.history.setWordWrap(True)
        layout.addWidget(self.history)
        # The files sent to this platform before: when, which, what they held.
        self.history_table = QTableWidget(0, 6)
        self.history_table.setHorizontalHeaderLabels(
            ["Saved", "File", "Period", "Goals", "Rows", "Value"]
        )
        self.history_table.verticalHeader().setVisible(False)
        self.history_table.horizontalHeader().setStretchLastSection(True)
        self.history_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_table.setMaximumHeight(120)
        layout.addWidget(self.history_table)
        self.next_step = QLabel()
        self.next_step.setWordWrap(True)
        self.next_step.setVisible(False)
        layout.addWidget(self.next_step)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.close_button = QPushButton("Cancel")
        self.close_button.clicked.connect(self.reject)
        self.save_button = QPushButton("Save upload file")
        self.save_button.setObjectName("primary")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        for signal in (self.platform_combo.currentIndexChanged, self.from_edit.dateChanged,
                       self.to_edit.dateChanged, self.again_box.toggled):  # fmt: skip
            signal.connect(lambda *_args: self.refresh())  # not the signal's value as a note
        self.goal_list.itemChanged.connect(lambda _item: self.refresh())
        self._suggested = ""
        self._note = ""
        self.saving = False
        self.loader = ReportLoader(ctx, _preflight, self)
        self.loader.loaded.connect(self._show_plan)
        for changed in (self.platform_combo.currentIndexChanged, self.from_edit.dateChanged,
                        self.to_edit.dateChanged):  # fmt: skip
            changed.connect(self._follow_choice)
        self._suggest_path()
        self.refresh()

    # -- choices ------------------------------------------------------------------------------
    @property
    def platform(self) -> str:
        return str(self.platform_combo.currentData())

    @property
    def first(self) -> date:
        return day_of(self.from_edit)

    @property
    def last(self) -> date:
        return day_of(self.to_edit)

    def _ticked(self) -> list[QListWidgetItem]:
        items = [self.goal_list.item(i) for i in range(self.goal_list.count())]
        return [item for item in items if item.checkState() == Qt.CheckState.Checked]

    def _goal_ids(self) -> list[int]:
        """The ticked goals' ids; [] when every goal is ticked (every goal, as the CLI's
        export without --goal)."""
        ticked = self._ticked()
        if len(ticked) == self.goal_list.count():
            return []
        return [int(item.data(Qt.ItemDataRole.UserRole)) for item in ticked]

    def _goal_names(self) -> str | None:
        """What the upload history says was sent: None for every goal."""
        ticked = self._ticked()
        if len(ticked) == self.goal_list.count():
            return None
        return ", ".join(item.text() for item in ticked)

    def _tick_all(self, state: Qt.CheckState) -> None:
        self.goal_list.blockSignals(True)  # one pre-flight, not one per goal
        for i in range(self.goal_list.count()):
            self.goal_list.item(i).setCheckState(state)
        self.goal_list.blockSignals(False)
        self.refresh()

    def _suggest_path(self) -> None:
        name = f"{self.platform} upload {self.first.isoformat()} to {self.last.isoformat()}.csv"
        self._suggested = str(start_folder(f"upload-{self.platform}") / name)
        self.path_edit.setText(self._suggested)

    def _follow_choice(self) -> None:
        """A new platform or period renames the suggested file (in the platform's remembered
        folder); a name the user typed or chose stays as it is."""
        if self.path_edit.text() == self._suggested:
            self._suggest_path()

    def choose_file(self) -> None:
        path = seams.choose_save_file(self, "Save upload file", CSV_FILTER, self.path_edit.text())
        if path:
            self.path_edit.setText(path if path.lower().endswith(".csv") else path + ".csv")

    # -- pre-flight ---------------------------------------------------------------------------
    def refresh(self, note: str = "") -> None:
        """Run the pre-flight for the current choices and show it (`note`: said instead of the
        counts, after a save)."""
        self._note = note
        if not note:
            self.next_step.setVisible(False)
        if self.conversion_ids is None and self.goal_list.count() and not self._ticked():
            self.plan = None
            self.summary.setText("Tick at least one goal.")
            self.save_button.setEnabled(False)
            return
        if self.last < self.first:
            self.plan = None
            self.summary.setText("The period ends before it starts.")
            self.save_button.setEnabled(False)
            return
        # On a worker: over a month of a large business the pre-flight reads tens of thousands
        # of conversions (a second); the window stays free meanwhile.
        self.plan = None
        self.save_button.setEnabled(False)
        if not self._note:
            self.summary.setText("Checking which conversions go in…")
        self.loader.request((self.platform, self.first, self.last, self._goal_ids(),
                             self.again_box.isChecked(), self.conversion_ids))  # fmt: skip

    def _show_plan(self, plan: Preflight) -> None:
        self.plan = plan
        counts = plan.counts()
        parts = [f"{formatting.count(n)} {reason}" for reason, n in sorted(counts.items())]
        going = formatting.count(len(plan.rows))
        text = f"{going} conversions go into the file."
        if parts:
            text += " Left out: " + ", ".join(parts) + "."
        if not plan.rows:
            text += " Nothing qualifies, so no file would be written."
        self.summary.setText(self._note or text)
        self._note = ""
        self.save_button.setEnabled(bool(plan.rows))
        self.left_table.setRowCount(len(plan.left_out))
        for n, item in enumerate(plan.left_out):
            for col, value in enumerate((item.order_id or "", item.goal, item.time, item.reason)):
                self.left_table.setItem(n, col, QTableWidgetItem(value))
        self.left_table.resizeColumnsToContents()
        self._show_history()

    def _show_history(self) -> None:
        db = self.ctx.require_db()
        uploads = list_uploads(db, self.platform)
        self.history_table.setVisible(bool(uploads))
        if not uploads:
            self.history.setText("Nothing has been uploaded to this platform yet.")
            return
        self.history.setText(f"Earlier uploads of this file kind ({len(uploads)}):")
        tz = self.ctx.settings.tz
        self.history_table.setRowCount(len(uploads))
        for n, e in enumerate(uploads):
            saved = datetime.strptime(e["exported_at"], UTC_FORMAT).replace(tzinfo=UTC)
            first, last = e["period_from"], e["period_to"]
            period = (formatting.date_range(date.fromisoformat(first), date.fromisoformat(last))
                      if first and last else "selected conversions")  # fmt: skip
            value = ", ".join(formatting.money_minor(v, c) for c, v in e["values"].items())
            cells = (formatting.moment(saved.astimezone(tz)), e["file_name"], period,
                     e["goal"] or "every goal", formatting.count(e["rows"]), value or "—")  # fmt: skip
            for col, text in enumerate(cells):
                self.history_table.setItem(n, col, QTableWidgetItem(text))
        self.history_table.resizeColumnsToContents()

    def left_out_csv(self, delimiter: str = ",") -> str:
        """The rows left out, as CSV (or, with a tab, as a spreadsheet pastes them). A text that
        a spreadsheet would run as a formula (an order id `=HYPERLINK(…)` from a file) gets a
        leading apostrophe, as every other CSV the app writes."""
        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
        writer.writerow(["order_id", "goal", "time", "reason"])
        for item in self.plan.left_out if self.plan else []:
            writer.writerow([safe_text(item.order_id or ""), safe_text(item.goal), item.time,
                             item.reason])  # fmt: skip
        return out.getvalue()

    def copy_left_out(self) -> None:
        # Tabs between the cells, quoted where a cell holds one: a comma in a goal's name stays
        # in its cell (replacing commas by tabs split it).
        QGuiApplication.clipboard().setText(self.left_out_csv("\t"))

    def save_left_out(self) -> None:
        path = seams.choose_save_file(self, "Save the list", CSV_FILTER, "left out.csv")
        if path:
            Path(path).write_text(self.left_out_csv(), encoding="utf-8")

    # -- save ---------------------------------------------------------------------------------
    def save(self) -> None:
        path = Path(self.path_edit.text().strip()).expanduser()
        if not path.name.lower().endswith(".csv"):
            self.summary.setText("Choose a file name ending in .csv.")
            return
        db_path, target, first, last = self.ctx.db_path, self.platform, self.first, self.last
        goal_ids, goal, again = self._goal_ids(), self._goal_names(), self.again_box.isChecked()
        chosen = self.conversion_ids

        def work(db: Any, _progress: object, _cancelled: object) -> UploadResult:
            return write_upload(db, target, path, first, last, goal_ids, again=again,
                                goal_name=goal, conversion_ids=chosen)  # fmt: skip

        def failed(exc: BaseException, _details: str) -> None:
            self.saving = False
            self.save_button.setEnabled(True)
            if isinstance(exc, ExportError):
                seams.show_error(self, "Cannot save the upload file", str(exc))
                return
            fault = explain(exc, db_path)  # a database or disk fault: a sentence, not a trace
            if fault is None:
                raise exc
            seams.show_error(self, "Cannot save the upload file", fault)

        self.saving = True
        self.save_button.setEnabled(False)
        self.summary.setText(f"Saving {path.name}…")
        run_with_database(self.ctx, work, self._saved_file, failed, parent=self,
                          cancellable=False, writes=True)  # fmt: skip

    def _saved_file(self, result: UploadResult) -> None:
        self.saving = False
        if result.path is None:
            self.refresh()
            return
        self.saved = result.path
        remember_folder(f"upload-{self.platform}", result.path)
        rows = formatting.count(len(result.preflight.rows))
        # What was just sent now counts as already exported: the pre-flight runs again.
        self.refresh(note=f"Saved {result.path.name} with {rows} conversions.")
        self.next_step.setText("What to do next: " + NEXT_STEP[self.platform])
        self.next_step.setVisible(True)
        self.close_button.setText("Close")
        self.ctx.notify("uploads")


def open_upload_dialog(
    parent: QWidget | None, ctx: AppContext, conversion_ids: list[int] | None = None
) -> ExportUploadDialog | None:
    if ctx.db is None:
        seams.show_error(parent, "No database open", "Open or create a database first.")
        return None
    if ctx.read_only:
        seams.show_error(parent, "This database is read-only",
                         "An upload file records what it sent, so it needs a database that can "
                         "be written. Make the file and its folder writable and open it again.")  # fmt: skip
        return None
    dialog = ExportUploadDialog(ctx, parent, conversion_ids)
    seams.run_dialog(dialog)
    return dialog
