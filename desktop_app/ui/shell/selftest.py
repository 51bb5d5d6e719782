"""`conversion-tracker --self-test`: proves a build works (resources, window, demo, every page, the
dashboard, an Excel report read back) on a throwaway database; and the start-up timing hook."""

from __future__ import annotations

import importlib.util
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QMessageLogContext,
    QObject,
    QSettings,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QIcon, QImage
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.ui import workers

EXIT_AFTER_SHOW = "CONVERSION_TRACKER_EXIT_AFTER_SHOW"


class SelfTestError(Exception):
    """A step of the self-test failed; the message names the step and what went wrong."""


class _Steps:
    """Runs named steps, timing each; any exception (also one raised inside a Qt slot) fails it."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.done: list[str] = []
        self.slot_errors: list[BaseException] = []

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
            self.settle()
        except SelfTestError:
            raise
        except Exception as exc:
            raise SelfTestError(f"{name}: {type(exc).__name__}: {exc}") from exc
        if self.slot_errors:
            first = self.slot_errors[0]
            raise SelfTestError(f"{name}: error in the window: {type(first).__name__}: {first}")
        self.done.append(f"{name} ({time.perf_counter() - started:.2f} s)")

    def settle(self, limit: float = 30.0) -> None:
        """Process events until background work has finished (at most `limit` seconds)."""
        deadline = time.monotonic() + limit
        self.app.processEvents()
        while workers.busy() and time.monotonic() < deadline:
            workers.wait_for_all(50)
            self.app.processEvents()
        self.app.processEvents()

    def hook(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        self.slot_errors.append(exc)
        sys.__excepthook__(kind, exc, tb)


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    # The offscreen platform warns about every window it cannot resize like a real one.
    if "propagateSizeHints" not in message:
        print(f"Qt: {message}", file=sys.stderr)


def run_self_test(app: QApplication, isolate_settings: bool = True) -> int:
    """Run every check; print what passed or what failed to stderr; 0 when all passed, else 1."""
    started = time.perf_counter()
    steps = _Steps(app)
    previous_hook = sys.excepthook
    sys.excepthook = steps.hook
    previous_handler = qInstallMessageHandler(_qt_message) if isolate_settings else None
    try:
        with tempfile.TemporaryDirectory(prefix="conversion-tracker-self-test-") as name:
            folder = Path(name)
            if isolate_settings:  # window geometry and choices go to the temporary folder
                QSettings.setDefaultFormat(QSettings.Format.IniFormat)
                QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, name)
            _run_steps(steps, folder)
    except SelfTestError as exc:
        print(f"self-test FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        sys.excepthook = previous_hook
        if isolate_settings:
            qInstallMessageHandler(previous_handler)
    lines = "\n  ".join(steps.done)
    took = time.perf_counter() - started
    print(f"self-test passed in {took:.1f} s:\n  {lines}", file=sys.stderr)
    return 0


def _run_steps(steps: _Steps, folder: Path) -> None:
    from desktop_app.domain.channels import source_categories
    from desktop_app.resources import resource_path
    from desktop_app.services.demo import load_demo
    from desktop_app.store import close_database, open_database
    from desktop_app.store.settings import save_settings
    from desktop_app.ui.pages.registry import PAGES
    from desktop_app.ui.shell.context import AppContext
    from desktop_app.ui.shell.main_window import MainWindow

    with steps.step("resources and the SVG icon plugin"):
        svg = resource_path("icons", "conversion-tracker.svg")
        _check(svg.is_file(), f"{svg} is missing")
        _check(not QIcon(str(svg)).pixmap(64, 64).isNull(), "the SVG app icon does not render")
    with steps.step("GA4 source categories (package data)"):
        _check(len(source_categories()["search"]) > 10, "the search source list is empty")
    with steps.step("first-start choices (countries, currencies, time zones)"):
        from desktop_app.ui.dialogs.first_start import FirstStartDialog

        dialog = FirstStartDialog()
        dialog.country_combo.set_code("DE")
        _check(dialog.country_combo.currentText() == "Germany (DE)", "country names are missing")
        _check(dialog.currency_combo.code() == "EUR", "the currency of a country is unknown")
        dialog.tz_combo.set_zone("Europe/Berlin")
        _check(dialog.tz_combo.zone() == "Europe/Berlin", "the time-zone database is missing")
        dialog.deleteLater()

    path = folder / "self-test.db"
    with steps.step("new database"):
        db = open_database(path)
        save_settings(
            db, {"name": "Self-test shop", "currency": "EUR", "timezone": "Europe/Berlin"}
        )
        close_database(db)
    ctx = AppContext()
    window = MainWindow(ctx)
    try:
        with steps.step("main window"):
            _check(window.open_path(path), "the database did not open")
            window.show()
        with steps.step("demo business"):
            summary = load_demo(ctx.require_db(), seed=7)
            ctx.notify("all")
            _check(summary.conversions > 0, "the demo has no conversions")
        for entry in PAGES:
            with steps.step(f"page {entry.key}"):
                window.show_page(entry.key)
                steps.settle()
                _check(not window.grab().isNull(), "the page did not render")
        if any(entry.key == "dashboard" for entry in PAGES):
            with steps.step("dashboard drawn"):
                page = window.show_page("dashboard")
                steps.settle()
                _check(_distinct_colours(page) >= 8, "the dashboard is blank")
        if importlib.util.find_spec("desktop_app.exporting.workbook") is not None:
            xlsx = folder / "self-test report.xlsx"
            with steps.step("Excel report written and read back"):
                _excel_report(ctx.require_db(), xlsx, summary.first_day, summary.last_day)
            if importlib.util.find_spec("desktop_app.importing.isolated") is not None:
                with steps.step("workbook read in a child process"):
                    _read_in_child(xlsx)
    finally:
        window.close()
        ctx.close()
        steps.settle()


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise SelfTestError(message)


def _distinct_colours(widget: QWidget) -> int:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    seen = set()
    for y in range(0, image.height(), 7):
        for x in range(0, image.width(), 7):
            seen.add(image.pixel(x, y))
    return len(seen)


def _excel_report(db: Any, xlsx: Path, first: Any, last: Any) -> None:
    import openpyxl

    from desktop_app.exporting.workbook import export_workbook

    result = export_workbook(db, xlsx, first, last)
    book = openpyxl.load_workbook(xlsx, read_only=True)
    try:
        _check(book.sheetnames == list(result.sheets), f"sheets are {book.sheetnames}")
        summary = book[book.sheetnames[0]]
        values = [c for row in summary.iter_rows(max_row=20, values_only=True) for c in row if c]
        _check(len(values) > 3, "the first sheet is empty")
    finally:
        book.close()


def _read_in_child(xlsx: Path) -> None:
    # A frozen app must turn the spawned child back into a worker (multiprocessing.freeze_support).
    from desktop_app.importing.isolated import run_isolated

    sheets = run_isolated("sheets", str(xlsx), None, xlsx.name)
    _check(len(sheets) > 1, f"the child process read {sheets!r}")


class _QuitOnFirstPaint(QObject):
    def __init__(self, app: QApplication, report: Callable[[float], None]) -> None:
        super().__init__(app)
        self.app, self.report, self.seen = app, report, False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            # Runs after this paint (the whole window is painted in one pass) has finished.
            QTimer.singleShot(0, self._finish)
        return False

    def _finish(self) -> None:
        self.report(time.time())
        self.app.quit()


def quit_after_first_paint(app: QApplication, window: QWidget) -> QObject:
    """For start-up timing: print the wall-clock time of the first painted frame, then quit."""

    def report(now: float) -> None:
        print(f"first-paint {now:.3f}", file=sys.stderr, flush=True)

    watcher = _QuitOnFirstPaint(app, report)
    window.installEventFilter(watcher)
    return watcher
