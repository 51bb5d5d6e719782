"""Background work: runs off the GUI thread, reports progress, can be cancelled; results come back on the GUI thread."""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)

# The app's own background writes run one at a time, in the order they were asked for, on a
# pool of their own (so a long import never holds up report loads on the shared pool).
_write_pool: list[QThreadPool] = []


def busy() -> bool:
    """Whether any background work is still running or queued."""
    return any(p.activeThreadCount() for p in (QThreadPool.globalInstance(), *_write_pool))


def wait_for_all(msecs: int) -> None:
    """Wait (up to `msecs` for each pool) until the background work has finished."""
    for pool in (*_write_pool, QThreadPool.globalInstance()):
        pool.waitForDone(msecs)


def finish_at_quit(msecs: int = 60_000) -> None:
    """The app is quitting: reads not yet started are dropped (no window waits for them), work
    already running and queued writes are let finish (a backup or an import cut off halfway
    helps nobody; SQLite would roll it back, but the user asked for it), up to `msecs` each.
    Python then shuts down with no worker thread still running its code."""
    QThreadPool.globalInstance().clear()
    wait_for_all(msecs)


def _writes() -> QThreadPool:
    if not _write_pool:
        pool = QThreadPool()
        pool.setMaxThreadCount(1)
        _write_pool.append(pool)
    return _write_pool[0]


# fn(progress, cancelled) -> result; progress(done, total) may be called from the worker thread.
# progress(0, WAITING) says the work waits for another program (the dialog says so, Cancel works).
WAITING = -1
Work = Callable[[Callable[[int, int], None], threading.Event], Any]


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object, str)
    progress = Signal(int, int)


class _Task(QRunnable):
    def __init__(self, work: Work, cancel: threading.Event) -> None:
        super().__init__()
        self.work = work
        self.cancel = cancel
        self.signals = _Signals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.work(self._report_progress, self.cancel)
        except BaseException as exc:  # every failure must reach the GUI thread
            self._emit(self.signals.failed, exc, traceback.format_exc())
        else:
            self._emit(self.signals.done, result)

    def _report_progress(self, done: int, total: int) -> None:
        self._emit(self.signals.progress, int(done), int(total))

    def _emit(self, signal: Any, *args: object) -> None:
        # The window (and with it the receiver) may be gone when the app closes mid-task;
        # the result has nowhere to go then, which is fine: the work's own transaction decided.
        try:
            signal.emit(*args)
        except RuntimeError:
            log.info("background result dropped: its receiver was closed")


class BackgroundTask(QObject):
    """One running piece of work; keeps itself alive until its callbacks have run."""

    _running: set[BackgroundTask] = set()  # noqa: RUF012 - registry of live tasks

    finished = Signal()

    def __init__(
        self,
        work: Work,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException, str], None],
        parent: QWidget | None = None,
        label: str | None = None,
        cancellable: bool = True,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__()
        self.cancel_event = threading.Event()
        self._task = _Task(work, self.cancel_event)
        self._on_done, self._on_error = on_done, on_error
        self._owner = parent  # once it is deleted, the results have nowhere to go
        self.dialog: QProgressDialog | None = None
        self._label = ""  # the dialog's own text while it says the work is waiting
        if label is not None:
            self.dialog = QProgressDialog(label, "Cancel" if cancellable else "", 0, 0, parent)
            self.dialog.setWindowTitle("Working…")
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(500)  # appears only if the work lasts
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            if not cancellable:
                self.dialog.setCancelButton(None)
            self.dialog.canceled.connect(self.cancel)
        sig = self._task.signals
        sig.done.connect(self._done, Qt.ConnectionType.QueuedConnection)
        sig.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        sig.progress.connect(self._progress, Qt.ConnectionType.QueuedConnection)
        BackgroundTask._running.add(self)
        (pool or QThreadPool.globalInstance()).start(self._task)

    def cancel(self) -> None:
        self.cancel_event.set()
        if self.dialog:
            self.dialog.setLabelText("Cancelling…")

    def _progress(self, done: int, total: int) -> None:
        if self.dialog and not self.cancel_event.is_set():
            if total == WAITING:  # the work waits for another program's write lock
                self._label = self._label or self.dialog.labelText()
                self.dialog.setLabelText(
                    "Waiting for another program to finish writing to the database…"
                )
                self.dialog.setMaximum(0)
                return
            if self._label:  # the wait is over
                self.dialog.setLabelText(self._label)
                self._label = ""
            self.dialog.setMaximum(max(total, 0))
            self.dialog.setValue(min(done, total) if total else 0)

    def _finish(self) -> None:
        if self.dialog:
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        BackgroundTask._running.discard(self)
        self.finished.emit()

    def _done(self, result: object) -> None:
        self._finish()
        if self._owner_alive() and _receiver_alive(self._on_done):
            self._on_done(result)

    def _failed(self, exc: BaseException, details: str) -> None:
        if is_expected(exc):
            log.info("background work refused: %s", exc)
        else:  # a bug: the traceback is what a report needs
            log.error("background work failed: %r\n%s", exc, details)
        self._finish()
        if self._owner_alive() and _receiver_alive(self._on_error):
            self._on_error(exc, details)

    def _owner_alive(self) -> bool:
        return self._owner is None or shiboken6.isValid(self._owner)


def _receiver_alive(callback: Callable[..., Any]) -> bool:
    """False when the callback is a method of a Qt object that was deleted (its page closed)."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


def run_in_background(
    work: Work,
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException, str], None],
    parent: QWidget | None = None,
    label: str | None = None,
    cancellable: bool = True,
) -> BackgroundTask:
    """Run `work(progress, cancelled)` on the thread pool; `on_done`/`on_error` run on the GUI thread.

    With a `label`, a progress dialog appears after about half a second, with Cancel.
    Work opens its own database connection and never touches widgets.
    """
    return BackgroundTask(work, on_done, on_error, parent, label, cancellable)


def is_expected(exc: BaseException) -> bool:
    """A fault the user is told about in a sentence (the database, its disk, a refused file,
    a cancelled task), not a bug."""
    from desktop_app.exporting.files import ExportCancelled, ExportError
    from desktop_app.importing.batches import UndoError
    from desktop_app.importing.errors import ImportCancelled, ImportRefused
    from desktop_app.store.backup import BackupError
    from desktop_app.store.connection import DatabaseLockedError, StoreError
    from desktop_app.store.faults import DatabaseError, DatabaseFault

    expected = (DatabaseError, DatabaseFault, OSError, StoreError, DatabaseLockedError,
                BackupError, ImportRefused, ImportCancelled, UndoError, ExportError,
                ExportCancelled)  # fmt: skip
    return isinstance(exc, expected)


DbWork = Callable[[Any, Callable[[int, int], None], threading.Event], Any]
R = TypeVar("R")


def with_database(ctx: Any, work: Callable[..., R]) -> Callable[..., R]:
    """`work(db, *args)` as a call for another thread: `call(*args)` opens a connection of its
    own to the database open now (whatever is opened meanwhile) and closes it afterwards. A
    chart's figure is built so, and every run_with_database task."""
    opener = ctx.worker_opener()

    def call(*args: Any) -> R:
        from desktop_app.store import close_database

        db = opener()
        try:
            return work(db, *args)
        finally:
            close_database(db)

    return call


def run_with_database(
    ctx: Any,
    work: DbWork,
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException, str], None],
    parent: QWidget | None = None,
    label: str | None = None,
    cancellable: bool = True,
    writes: bool = False,
) -> BackgroundTask:
    """Run `work(db, progress, cancelled)` on the thread pool with a connection of its own to the
    database open when it is asked for (closed afterwards); `writes=True` queues it behind the
    app's other background writes, first come first served. Otherwise as `run_in_background`."""

    return BackgroundTask(
        with_database(ctx, work),
        on_done,
        on_error,
        parent,
        label,
        cancellable,
        pool=_writes() if writes else None,
    )
