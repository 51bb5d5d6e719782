"""Starting the GUI: the QApplication (once), appearance, logging, the database and the main window."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication

from desktop_app import APP_NAME, ORG_NAME, __version__

if TYPE_CHECKING:
    from desktop_app.ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, named so QSettings and folders are the app's own."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QApplication.setApplicationName(APP_NAME)
    QApplication.setOrganizationName(ORG_NAME)
    QApplication.setApplicationVersion(__version__)
    QApplication.setDesktopFileName("conversion-tracker")
    app = QApplication(argv if argv is not None else sys.argv[:1])
    from desktop_app.ui.shell.collector import collect_on_gui_thread

    collect_on_gui_thread(app)  # never in a worker: see the module
    from desktop_app.ui.theme import app_icon, apply_theme

    app.setWindowIcon(app_icon())
    apply_theme(app)
    from desktop_app.ui.locale_numbers import apply_locale

    apply_locale()  # every figure in the user's locale: 1.234,50 € in Germany
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme(app))
    return app


def build_main_window(db_path: Path) -> MainWindow:
    from desktop_app.ui.shell.context import AppContext
    from desktop_app.ui.shell.main_window import MainWindow

    ctx = AppContext()
    window = MainWindow(ctx)
    window.open_path(db_path)
    return window


def run_gui(db_path: str | None = None, self_test: bool = False) -> int:
    from desktop_app.logsetup import setup_logging

    setup_logging()
    app = create_application()
    if self_test:
        from desktop_app.ui.shell.selftest import run_self_test

        return run_self_test(app)
    from desktop_app.store import default_database_path
    from desktop_app.ui.shell.errors import install_excepthook

    path = Path(db_path) if db_path else default_database_path()
    opened: list[Any] = []  # the window, once built: the database it has open may change
    install_excepthook(lambda: opened[0].ctx.db_path if opened else path)
    window = build_main_window(path)
    opened.append(window)
    if window.ctx.db is None:
        return 2
    window.show()
    log.info("started on %s", path.name)
    if os.environ.get("CONVERSION_TRACKER_EXIT_AFTER_SHOW"):  # start-up timing (installer/)
        from desktop_app.ui.shell.selftest import quit_after_first_paint

        quit_after_first_paint(app, window)
    status = int(app.exec())
    from desktop_app.ui.shell.warmup import stop_warmup
    from desktop_app.ui.workers import finish_at_quit

    stop_warmup()
    finish_at_quit()
    return status
