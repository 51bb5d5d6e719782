"""Runs a page's report off the GUI thread: the newest request wins, at most one runs at a time."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from desktop_app.store import Database
from desktop_app.ui import seams
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.workers import run_with_database

# compute(db, request) -> result, on a worker thread with its own connection.
Compute = Callable[[Database, Any], Any]


class ReportLoader(QObject):
    """`request(params)` schedules `compute` (debounced, so typing a date runs it once);
    `loaded(result)` fires on the GUI thread with the result of the newest request only."""

    loaded = Signal(object)
    busy_changed = Signal(bool)

    def __init__(
        self,
        ctx: AppContext,
        compute: Compute,
        parent: QWidget,
        on_failure: Callable[[BaseException, str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.compute = compute
        self._parent = parent
        self._on_failure = on_failure  # None: the user is told the report could not be made
        self._pending: object | None = None
        self._has_pending = False
        self._running = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self._start)

    @property
    def busy(self) -> bool:
        """A report is running or about to run."""
        return self._running or self._has_pending

    def request(self, params: object) -> None:
        was_busy = self.busy
        self._pending, self._has_pending = params, True
        if not was_busy:
            self.busy_changed.emit(True)
        if not self._running:
            self._timer.start()

    def _start(self) -> None:
        if self._running or not self._has_pending or self.ctx.db_path is None:
            return
        params, self._pending, self._has_pending = self._pending, None, False
        self._running = True
        ctx, compute = self.ctx, self.compute

        def work(
            db: Any, _progress: Callable[[int, int], None], _cancel: threading.Event
        ) -> object:
            return compute(db, params)

        run_with_database(ctx, work, self._done, self._failed, parent=self._parent)

    def _done(self, result: object) -> None:
        self._running = False
        if self._has_pending:  # the range changed meanwhile: this result is already old
            self._start()
            return
        self.loaded.emit(result)
        self.busy_changed.emit(False)

    def _failed(self, exc: BaseException, details: str) -> None:
        self._running = False
        if self._has_pending:
            self._start()
            return
        self.busy_changed.emit(False)
        if self._on_failure is not None:
            self._on_failure(exc, details)
            return
        seams.show_error(self._parent, "The report could not be made", str(exc), details)
