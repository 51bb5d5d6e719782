"""Conversions: every recorded conversion in a lazily loaded table, with filters, editing and undoable delete."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop_app.domain import formatting
from desktop_app.exporting.uploads import PLATFORM_NAMES
from desktop_app.store.conversion_query import ConversionFilter, choices
from desktop_app.store.conversions import sent_to
from desktop_app.store.faults import explain
from desktop_app.ui import seams
from desktop_app.ui.commands.conversions import cancel_conversions, delete_conversions
from desktop_app.ui.locale_numbers import number_style
from desktop_app.ui.models.conversions_model import COL_NOTES, ConversionsModel
from desktop_app.ui.pages.base import Page
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.shell.log_action import show_log_form
from desktop_app.ui.widgets.date_edit import date_edit, day_of
from desktop_app.ui.workers import run_with_database

if TYPE_CHECKING:
    from desktop_app.store import Database

PERIODS = (
    ("Any time", None),
    ("Today", 0),
    ("Last 7 days", 6),
    ("Last 30 days", 29),
    ("Last 90 days", 89),
    ("Last 12 months", 364),
    ("Custom range", -1),
)


class ConversionsPage(Page):
    key = "conversions"
    title = "Conversions"
    icon = "conversions"
    subtitle = "Every sale, lead and sign-up recorded: imported or logged by hand."

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.model = ConversionsModel(runner=self._in_background)
        self.model.loaded.connect(self._update_buttons)
        self.model.failed.connect(self._load_failed)
        self.log_button = QPushButton("Log conversion…")
        self.log_button.setObjectName("primary")
        self.log_button.setToolTip("Ctrl+N")
        self.log_button.clicked.connect(self.log_new)
        self.header.addWidget(self.log_button, 0, Qt.AlignmentFlag.AlignTop)
        self._build_filters()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        # When, goal, value, channel, why this channel, campaign, order, source (notes stretch).
        for col, width in enumerate((130, 130, 100, 130, 230, 150, 110, 100)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(COL_NOTES, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _index: self.edit_current())
        delete = QAction("Delete", self.table)
        delete.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.Delete), QKeySequence("Backspace")]
        )
        delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        delete.triggered.connect(self.delete_selected)
        self.table.addAction(delete)
        self.body.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        actions.addWidget(self.count_label, 1)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete_selected)
        self.cancel_button = QPushButton("Mark cancelled")
        self.cancel_button.setToolTip(
            "A refund or an order called off: it leaves the reports, and the next adjustments "
            "upload retracts it where it was sent (Ctrl+Z undoes it)"
        )
        self.cancel_button.clicked.connect(self.toggle_cancelled)
        self.erase_button = QPushButton("Erase customer…")
        self.erase_button.setToolTip(
            "Erase the person of the selected conversion: all their records, contacts and hashes"
        )
        self.erase_button.clicked.connect(self.erase_customer)
        self.send_button = QPushButton("Send to ad platform…")
        self.send_button.setToolTip("Write an upload file for Google Ads, Meta or Microsoft with "
                                    "the selected conversions")  # fmt: skip
        self.send_button.clicked.connect(self.send_selected)
        actions.addWidget(self.send_button)
        actions.addWidget(self.erase_button)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.delete_button)
        self.body.addLayout(actions)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(250)
        self.search_timer.timeout.connect(self.apply_filter)

    def _build_filters(self) -> None:
        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.period_combo = QComboBox()
        for text, days in PERIODS:
            self.period_combo.addItem(text, days)
        self.from_edit, self.to_edit = date_edit(tip="First day"), date_edit(tip="Last day")
        for edit in (self.from_edit, self.to_edit):
            edit.setVisible(False)
            edit.dateChanged.connect(self.apply_filter)
        self.goal_filter, self.channel_filter, self.campaign_filter = (
            QComboBox(),
            QComboBox(),
            QComboBox(),
        )
        self.origin_filter = QComboBox()
        for text, value in (
            ("Any source", None),
            ("Logged by hand", "manual"),
            ("Imported", "import"),
        ):
            self.origin_filter.addItem(text, value)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search notes and order ids")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(lambda _t: self.search_timer.start())
        for widget in (self.period_combo, self.from_edit, self.to_edit, self.goal_filter,
                       self.channel_filter, self.campaign_filter, self.origin_filter):  # fmt: skip
            bar.addWidget(widget)
        bar.addWidget(self.search_edit, 1)
        self.period_combo.currentIndexChanged.connect(self._period_changed)
        for combo in (
            self.goal_filter,
            self.channel_filter,
            self.campaign_filter,
            self.origin_filter,
        ):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.body.addLayout(bar)
        # A Health finding's records (its "Show records"): only those, until "Show all".
        self._only: tuple[int, ...] | None = None
        self.only_bar = QWidget()
        only = QHBoxLayout(self.only_bar)
        only.setContentsMargins(0, 0, 0, 0)
        self.only_label = QLabel()
        self.show_all_button = QPushButton("Show all conversions")
        self.show_all_button.clicked.connect(self.show_all)
        only.addWidget(self.only_label, 1)
        only.addWidget(self.show_all_button)
        self.only_bar.setVisible(False)
        self.body.addWidget(self.only_bar)

    def show_records(
        self, goal: str = "", channel: str = "", text: str = "", ids: list[int] | None = None
    ) -> None:
        """Show the records a finding is about: any time, the goal or channel named (by name),
        a search text, or the records themselves by id (the Health page's "Show records")."""
        self._only = tuple(ids) if ids else None
        if self._only is not None:
            n = len(self._only)
            self.only_label.setText(
                f"Showing the {formatting.number(n)} record{'s' if n != 1 else ''} of a "
                "tracking health finding."
            )
        self.only_bar.setVisible(self._only is not None)
        self.refresh()
        self.period_combo.setCurrentIndex(0)  # any time
        for combo, name in ((self.goal_filter, goal), (self.channel_filter, channel)):
            found = combo.findText(name) if name else 0
            combo.setCurrentIndex(max(found, 0))
        self.campaign_filter.setCurrentIndex(0)
        self.origin_filter.setCurrentIndex(0)
        self.search_edit.setText(text)
        self.apply_filter()

    # -- data -----------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.ctx.db is None:
            return
        db = self.ctx.db
        for combo, table, everything in (
            (self.goal_filter, "goals", "All goals"),
            (self.channel_filter, "channels", "All channels"),
            (self.campaign_filter, "campaigns", "All campaigns"),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for item_id, name in choices(db, table):
                combo.addItem(name, item_id)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)
        self.model.tz = self.ctx.settings.tz
        self.model.style = number_style()
        self.model.filter = self.current_filter()
        self.model.reload(db)
        self._update_buttons()

    def _in_background(
        self,
        work: Callable[[Database], Any],
        done: Callable[[Any], None],
        fail: Callable[[str], None],
    ) -> None:
        """The table's queries run on a worker with a connection of their own: a search, sort or
        scroll over a million rows never holds up the window."""
        if self.ctx.db is None:
            return

        def failed(exc: BaseException, _details: str) -> None:
            fail(explain(exc, self.ctx.db_path) or str(exc))

        run_with_database(self.ctx, lambda db, _p, _c: work(db), done, failed, parent=self,
                          cancellable=False)  # fmt: skip

    def _load_failed(self, message: str) -> None:
        self.count_label.setText(f"The conversions could not be read: {message}")

    def current_filter(self) -> ConversionFilter:
        days = self.period_combo.currentData()
        first = last = None
        if days == -1:
            first, last = day_of(self.from_edit), day_of(self.to_edit)
        elif days is not None and self.ctx.db is not None:
            last = self.ctx.today()
            first = last - timedelta(days=days)
        return ConversionFilter(
            first=first,
            last=last,
            goal_id=self.goal_filter.currentData(),
            channel_id=self.channel_filter.currentData(),
            campaign_id=self.campaign_filter.currentData(),
            origin=self.origin_filter.currentData(),
            text=self.search_edit.text(),
            ids=self._only,
        )

    def show_all(self) -> None:
        """Leave a finding's records: the filters above apply to every conversion again."""
        self._only = None
        self.only_bar.setVisible(False)
        self.apply_filter()

    def _period_changed(self) -> None:
        custom = self.period_combo.currentData() == -1
        if custom and self.ctx.db is not None:
            today = self.ctx.today()
            for edit, day in ((self.from_edit, today - timedelta(days=29)), (self.to_edit, today)):
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day))
                edit.blockSignals(False)
        self.from_edit.setVisible(custom)
        self.to_edit.setVisible(custom)
        self.apply_filter()

    def apply_filter(self) -> None:
        if self.ctx.db is None:
            return
        self.model.set_filter(self.current_filter())
        self._update_buttons()

    def _update_buttons(self) -> None:
        total = self.model.total
        self.count_label.setText(
            "Loading…"
            if self.model.loading
            else f"{formatting.number(total)} conversion{'s' if total != 1 else ''}"
        )
        selected = len(self.table.selectionModel().selectedRows())
        self.edit_button.setEnabled(selected == 1)
        self.delete_button.setEnabled(selected > 0)
        self.erase_button.setEnabled(selected == 1)
        self.send_button.setEnabled(selected > 0)
        self.cancel_button.setEnabled(selected > 0)
        self.cancel_button.setText("Reinstate" if self._all_cancelled() else "Mark cancelled")

    # -- actions --------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return self.model.ids_of(rows)

    def erase_customer(self) -> None:
        from desktop_app.ui.dialogs.erase_person import ErasePersonDialog

        ids = self.selected_ids()
        seams.run_dialog(ErasePersonDialog(self.ctx, ids[0] if len(ids) == 1 else None, self))

    def send_selected(self) -> None:
        from desktop_app.ui.dialogs.export_upload import open_upload_dialog

        ids = self.selected_ids()
        if ids:
            open_upload_dialog(self, self.ctx, ids)

    def log_new(self) -> None:
        show_log_form(self.ctx, self)

    def edit_current(self) -> None:
        row = self.model.row_at(self.table.currentIndex().row())
        if row is not None:
            show_log_form(self.ctx, self, row.id)

    def _all_cancelled(self) -> bool:
        rows = [self.model.row_at(i.row()) for i in self.table.selectionModel().selectedRows()]
        return bool(rows) and all(r is not None and r.status == "cancelled" for r in rows)

    def toggle_cancelled(self) -> None:
        ids = self.selected_ids()
        if ids:
            cancel_conversions(self.ctx, ids, cancelled=not self._all_cancelled())

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        platforms = sent_to(self.ctx.require_db(), ids) if ids else []
        if platforms and not seams.confirm(
            self, "Delete conversions sent to an ad platform",
            f"{'This conversion was' if len(ids) == 1 else 'Some of these were'} sent to "
            f"{', '.join(PLATFORM_NAMES.get(p, p) for p in platforms)}. Deleting forgets that, "
            "so no later adjustments file can take it back there. To take back a refund or a "
            "cancelled order, use Mark cancelled instead.",
            "Delete anyway",
        ):  # fmt: skip
            return
        if ids:
            delete_conversions(self.ctx, ids)
            window = self.window()
            if isinstance(window, QMainWindow):
                what = (
                    "conversion" if len(ids) == 1 else f"{formatting.number(len(ids))} conversions"
                )
                window.statusBar().showMessage(f"Deleted {what}. Ctrl+Z brings it back.", 6000)
