"""What every page shares: the open database, its settings, the undo stack and change signals."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from desktop_app.domain.settings_values import BusinessSettings
from desktop_app.domain.timeutil import zone
from desktop_app.store import Database, close_database, open_database
from desktop_app.store.connection import can_write, is_read_only, needs_upgrade, open_read_only

if TYPE_CHECKING:
    from desktop_app.services.health import Checked
from desktop_app.store.lookups import has_rows
from desktop_app.store.settings import load_settings
from desktop_app.ui.reporting.model_choice import ReportModel
from desktop_app.ui.reporting.range import ReportRange


def _read_only_file(path: Path) -> bool:
    return path.exists() and path.stat().st_size > 0 and not can_write(path)


class AppContext(QObject):
    """The open business database and the signals pages listen to."""

    database_opened = Signal()
    # What changed: "goals", "campaigns", "spend", "conversions", "touchpoints", "settings",
    # "channels", "imports", or "all".
    data_changed = Signal(str)
    # The open tracking findings, counted once on a worker after every change (the sidebar's
    # badge and the Dashboard's line both show it).
    health_counted = Signal(int)
    # The checks themselves (services.health.Checked), run once after every change by the
    # window, whatever shows them (the Health page); `health_wanted` asks for a run.
    health_checked = Signal(object)
    health_wanted = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.db: Database | None = None
        self.db_path: Path | None = None
        self.health_count = 0  # the last count health_counted gave
        self.health: Checked | None = None  # the last Checked health_checked gave (None: none yet)
        self.health_checking = False  # a run of the checks is under way or about to start
        self._upgrading: tuple[Path, threading.Event] | None = None  # the file open() upgrades
        self.undo_stack = QUndoStack(self)
        # The date range all report pages share (ui/widgets/date_range.py edits it).
        self.report_range = ReportRange(self, today=self.today, first_data=self.first_data_day)
        # The attribution model the report pages credit with (None: each conversion's own channel).
        self.report_model = ReportModel(self)
        self.database_opened.connect(self.report_range.reresolve)
        self.data_changed.connect(lambda _what: self.report_range.reresolve())  # "All time"

    def open(self, path: Path, parent: QWidget | None = None) -> None:
        """Open `path` (raising the store's errors unchanged); closes the previous database. A
        file that cannot be written (a read-only file or folder) is opened for reading only. A
        file of an earlier version is upgraded first on a thread of its own, behind a progress
        note over `parent` (ui/shell/upgrade.py)."""
        if not _read_only_file(path) and needs_upgrade(path):
            from desktop_app.ui.shell.upgrade import upgrade_with_progress

            # Events run meanwhile (the note paints, timers tick): a worker that opens this
            # file waits for the upgrade instead of upgrading it a second time beside it.
            done = threading.Event()
            self._upgrading = (path, done)
            try:
                upgrade_with_progress(path, parent)
            finally:
                self._upgrading = None
                done.set()
        # The day's check and backup run in the background afterwards (MainWindow._daily_upkeep):
        # on a million conversions they take about 13 s. Report summaries left out of date by an
        # upgrade are summed by the first worker that opens the file (1.9 s on a million).
        new_db = (
            open_read_only(path)
            if _read_only_file(path)
            else open_database(path, backup=False, summary=False)  # summed on a worker
        )
        self.close()
        self.db, self.db_path = new_db, path
        self.undo_stack.clear()
        self.database_opened.emit()

    def close(self) -> None:
        if self.db is not None:
            close_database(self.db)
            self.db = None

    @property
    def settings(self) -> BusinessSettings:
        assert self.db is not None
        return load_settings(self.db)

    def require_db(self) -> Database:
        if self.db is None:
            raise RuntimeError("no database is open")
        return self.db

    def worker_opener(self) -> Callable[[], Database]:
        """Opens a new connection to the database open now, even if the user has opened another
        one by the time it is called (work queued behind others acts on the file it was for)."""
        path, read_only = self.db_path, self.read_only
        assert path is not None
        if read_only:
            return lambda: open_read_only(path)
        upgrading = self._upgrading
        if upgrading is not None and upgrading[0] == path:
            done = upgrading[1]
            return lambda: (done.wait(), open_database(path, backup=False))[1]
        return lambda: open_database(path, backup=False)

    @property
    def read_only(self) -> bool:
        """The open database cannot be written: edits are off (the window says why)."""
        return self.db is not None and is_read_only(self.db)

    def is_empty(self) -> bool:
        db = self.require_db()
        return not has_rows(db, "goals", "campaigns", "conversions", "spend")

    def today(self) -> date:
        """Today's date in the business's time zone (the computer's when none is set)."""
        tz = load_settings(self.db).timezone if self.db is not None else ""
        return datetime.now(zone(tz)).date() if tz else date.today()

    def first_data_day(self) -> date | None:
        """The first day anything was recorded (None: nothing yet, or no database)."""
        from desktop_app.reports.conversions import data_span

        span = data_span(self.db) if self.db is not None else None
        return span[0] if span else None

    def notify(self, what: str) -> None:
        """Tell the pages what changed (the write has already summed it for reports)."""
        self.data_changed.emit(what)
