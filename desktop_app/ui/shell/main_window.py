"""The main window: sidebar navigation, pages, menus, status bar; remembers its size and place."""

from __future__ import annotations

import importlib
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME, __version__
from desktop_app.domain import formatting
from desktop_app.store import StoreError
from desktop_app.store.faults import DamagedDatabaseError, DatabaseError, explain
from desktop_app.store.lock import DatabaseLockedError
from desktop_app.store.settings import is_configured
from desktop_app.ui import seams
from desktop_app.ui.folders import DATABASE, remember_folder, start_folder
from desktop_app.ui.import_wizard.launch import install_import
from desktop_app.ui.pages.base import Page
from desktop_app.ui.pages.registry import PAGES, PageEntry
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.shell.export_action import install_export_action
from desktop_app.ui.shell.log_action import install_log_action
from desktop_app.ui.theme import app_icon, page_icon

if TYPE_CHECKING:
    from desktop_app.ui.reporting.loader import ReportLoader

log = logging.getLogger(__name__)

DB_FILTER = "Conversion Tracker databases (*.db *.ctdb *.sqlite);;All files (*)"


def redo_keys() -> list[QKeySequence]:
    """Ctrl+Shift+Z and the platform's own redo keys (Ctrl+Y on Windows), each once: Linux's
    standard redo is Ctrl+Shift+Z already, and a key bound twice does nothing ("ambiguous")."""
    keys = [QKeySequence("Ctrl+Shift+Z"), *QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)]
    unique = dict.fromkeys(k.toString() for k in keys if not k.isEmpty())
    return [QKeySequence(k) for k in unique]


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._opening: Path | None = None  # the file open_path is opening (an upgrade runs events)
        self.health_count = 0  # open tracking findings (the Health page's sidebar badge)
        self._health_loader: ReportLoader | None = None  # runs the checks; made on first use
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.pages: dict[str, Page] = {}
        self.own_database: Path | None = None  # the user's database while the demo is open
        self._entries: dict[str, PageEntry] = {e.key: e for e in PAGES}
        self._build_ui()
        self._build_menus()
        install_export_action(self)
        install_log_action(self)
        self.import_launcher = install_import(self)
        self._restore_geometry()
        ctx.database_opened.connect(self._on_database_opened)
        ctx.data_changed.connect(self._on_data_changed)
        ctx.health_wanted.connect(self._count_health)
        # The time zone list and the pages' modules, loaded in the background (not on the
        # first visit of each page).
        from desktop_app.ui.shell.warmup import start_warmup

        start_warmup(e.module for e in PAGES)

    # -- layout ---------------------------------------------------------------------------
    def _build_ui(self) -> None:
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        side = QWidget()
        side.setObjectName("sidebarBox")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        self.app_title = QLabel(APP_NAME)
        self.app_title.setObjectName("appTitle")
        self.app_title.setWordWrap(True)
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setFixedWidth(210)
        self.sidebar.currentRowChanged.connect(self._on_sidebar_row)
        side_layout.addWidget(self.app_title)
        side_layout.addWidget(self.sidebar, 1)
        side.setFixedWidth(210)
        side.setAutoFillBackground(True)
        self.stack = QStackedWidget()
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self._build_demo_banner())
        self.read_only_banner = QLabel()
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setContentsMargins(16, 8, 16, 8)
        self.read_only_banner.hide()
        column.addWidget(self.read_only_banner)
        column.addWidget(self.stack, 1)
        row.addWidget(side)
        row.addWidget(content, 1)
        self.setCentralWidget(central)
        self.db_label = QLabel()
        self.statusBar().addPermanentWidget(self.db_label)

    def _build_demo_banner(self) -> QFrame:
        """Shown while the demo business is open: what it is, and the way back."""
        self.demo_banner = QFrame()
        self.demo_banner.setObjectName("demoBanner")
        line = QHBoxLayout(self.demo_banner)
        line.setContentsMargins(16, 8, 16, 8)
        line.setSpacing(12)
        badge = QLabel("DEMO")
        badge.setObjectName("demoBadge")
        self.demo_text = QLabel(
            "You are looking at a demo business in a database of its own. Try anything: "
            "your own data is not touched."
        )
        self.demo_text.setWordWrap(True)
        self.back_button = QPushButton("Back to my business")
        self.back_button.setObjectName("primary")
        self.back_button.clicked.connect(self.leave_demo)
        line.addWidget(badge)
        line.addWidget(self.demo_text, 1)
        line.addWidget(self.back_button)
        self.demo_banner.hide()
        return self.demo_banner

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.new_db_action = QAction("&New database…", self)
        self.new_db_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_db_action.triggered.connect(self.new_database)
        self.open_db_action = QAction("&Open database…", self)
        self.open_db_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_db_action.triggered.connect(self.open_database_dialog)
        file_menu.addAction(self.new_db_action)
        file_menu.addAction(self.open_db_action)
        file_menu.addSeparator()
        self.backup_action = QAction("&Back up now", self)
        self.backup_action.triggered.connect(self.backup_now)
        self.restore_action = QAction("&Restore from backup…", self)
        self.restore_action.triggered.connect(self.restore_from_backup)
        self.erase_action = QAction("&Erase a customer…", self)
        self.erase_action.triggered.connect(self.erase_customer)
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.restore_action)
        file_menu.addAction(self.erase_action)
        file_menu.addSeparator()
        self.file_menu = file_menu
        self._file_menu_tail = file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu("&Edit")
        undo = self.ctx.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.ctx.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts(redo_keys())
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        self.edit_menu = edit_menu
        self.undo_action, self.redo_action = undo, redo

        self.go_menu = self.menuBar().addMenu("&Go")
        help_menu = self.menuBar().addMenu("&Help")
        metrics = QAction("&Metrics…", self)
        metrics.setShortcut(QKeySequence.StandardKey.HelpContents)  # F1
        metrics.triggered.connect(self.show_metrics_help)
        help_menu.addAction(metrics)
        self.metrics_action = metrics
        about = QAction(f"&About {APP_NAME}", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def show_metrics_help(self) -> None:
        from desktop_app.ui.dialogs.metrics_help import MetricsHelp

        MetricsHelp(self).exec()

    def add_file_action(self, action: QAction) -> None:
        """Pages and features add their File-menu entries (Import…, Export report…) here."""
        self.file_menu.insertAction(self._file_menu_tail, action)

    # -- pages ----------------------------------------------------------------------------
    def _visible_entries(self) -> list[PageEntry]:
        empty = self.ctx.db is None or self.ctx.is_empty()
        return [e for e in PAGES if not (e.needs_data if empty else e.hide_with_data)]

    def _rebuild_sidebar(self) -> None:
        current = self.current_page_key()
        self.sidebar.blockSignals(True)
        self.sidebar.clear()
        self.go_menu.clear()
        for n, entry in enumerate(self._visible_entries()):
            item = QListWidgetItem(page_icon(entry.icon), entry.title)
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
            item.setSizeHint(QSize(190, 40))
            self.sidebar.addItem(item)
            action = self.go_menu.addAction(page_icon(entry.icon), entry.title)
            action.setShortcut(QKeySequence(f"Ctrl+{n + 1}"))
            action.triggered.connect(lambda _=False, k=entry.key: self.show_page(k))
        self.sidebar.blockSignals(False)
        self._show_health_count()
        if current in {e.key for e in self._visible_entries()}:
            self._select_sidebar(current)
        elif current:  # the page left the sidebar (Home once there is data): go to the first
            self.show_page(self.first_page_key())

    def _select_sidebar(self, key: str) -> None:
        for i in range(self.sidebar.count()):
            if self.sidebar.item(i).data(Qt.ItemDataRole.UserRole) == key:
                self.sidebar.blockSignals(True)
                self.sidebar.setCurrentRow(i)
                self.sidebar.blockSignals(False)
                return

    def _on_sidebar_row(self, row: int) -> None:
        item = self.sidebar.item(row)
        if item is not None:
            self.show_page(item.data(Qt.ItemDataRole.UserRole))

    def page(self, key: str) -> Page:
        """The page called `key`, created on first use."""
        if key not in self.pages:
            entry = self._entries[key]
            cls = getattr(importlib.import_module(entry.module), entry.cls)
            page = cls(self.ctx)
            self.pages[key] = page
            self.stack.addWidget(page)
            self._connect_page(page)
        return self.pages[key]

    def _connect_page(self, page: Page) -> None:
        if page.key == "home":
            page.create_goal_requested.connect(self.create_first_goal)  # type: ignore[attr-defined]
            page.demo_loaded.connect(self._after_demo)  # type: ignore[attr-defined]
            page.goal_button.setVisible("goals" in self._entries)  # type: ignore[attr-defined]

    def show_page(self, key: str) -> Page:
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        self._select_sidebar(key)
        return page

    def current_page_key(self) -> str | None:
        widget = self.stack.currentWidget()
        return widget.key if isinstance(widget, Page) else None

    def first_page_key(self) -> str:
        if self.ctx.db is not None and not self.ctx.is_empty() and "dashboard" in self._entries:
            return "dashboard"
        return "home"

    def create_first_goal(self) -> None:
        page = self.show_page("goals")
        new_goal = getattr(page, "new_goal", None)
        if callable(new_goal):
            new_goal()

    def _after_demo(self) -> None:
        """The demo database was (re)built: open it, remembering the user's own to go back to."""
        from desktop_app.store import demo_database_path

        demo, before = demo_database_path(), self.own_database
        if self.ctx.db_path is not None and self.ctx.db_path != demo:
            self.own_database = self.ctx.db_path
        if self.open_path(demo):
            self.statusBar().showMessage("Demo business loaded.", 5000)
        else:
            self.own_database = before

    def leave_demo(self) -> None:
        """Back to the database that was open before the demo (else the default one)."""
        from desktop_app.store import default_database_path

        self.open_path(self.own_database or default_database_path())

    # -- database -------------------------------------------------------------------------
    def _on_database_opened(self) -> None:
        from desktop_app.services.demo import is_demo_database

        self.health_count = self.ctx.health_count = 0
        self.ctx.health = None
        self.ctx.health_counted.emit(0)
        path = self.ctx.db_path
        demo = self.ctx.db is not None and is_demo_database(self.ctx.db)
        self.db_label.setText(f"Database: {path}" if path else "")
        title = f"{path.name} – {APP_NAME}" if path else APP_NAME
        self.setWindowTitle(f"Demo – {title}" if demo else title)
        name = self.ctx.settings.name if self.ctx.db is not None else ""
        self.app_title.setText(name or APP_NAME)
        self.demo_banner.setVisible(demo)
        read_only = self.ctx.read_only
        self.read_only_banner.setVisible(read_only)
        if read_only and path is not None:
            self.read_only_banner.setText(
                f"<b>Read-only.</b> {path.name} or its folder cannot be written, so changes are "
                "off: reports, charts and the Excel export work. To make changes, make the file "
                f"and its folder ({path.parent}) writable, or copy it somewhere you can write, "
                "and open it again."
            )
        for action in (self.backup_action, self.restore_action, self.erase_action):
            action.setEnabled(not read_only)
        own = self.own_database
        self.back_button.setText(
            f"Back to {own.name}"
            if own is not None and own.name != "business.db"
            else "Back to my business"
        )
        self._rebuild_sidebar()
        self.show_page(self.first_page_key())
        # Counted once the page is built: a worker started earlier shares Python's time with
        # the GUI thread while it builds the page (the open stalled 30 ms longer).
        self._count_health()

    def _count_health(self) -> None:
        """Run the tracking checks off the GUI thread, once per change, for the sidebar's badge,
        the Dashboard's line and the Health page alike (ctx.health_checked)."""
        if self.ctx.db is None:
            return
        # Also on a database "empty" of conversions: a touchpoint log alone can hold findings,
        # and a count from the database open before must not stay.
        if self._health_loader is None:
            from desktop_app.services.health import health_as_of
            from desktop_app.ui.reporting.loader import ReportLoader

            self._health_loader = ReportLoader(
                self.ctx, health_as_of, self, on_failure=self._health_failed
            )
            self._health_loader.loaded.connect(self._health_checked)
            self._health_loader.busy_changed.connect(self._health_busy)
        self.ctx.health_checking = True
        self._health_loader.request(self.ctx.today())

    def _health_busy(self, busy: bool) -> None:
        self.ctx.health_checking = busy

    def _health_checked(self, checked: Any) -> None:
        count = len(checked.findings)
        self.health_count = count
        self._show_health_count()
        self.ctx.health = checked
        self.ctx.health_count = count
        self.ctx.health_counted.emit(count)
        self.ctx.health_checked.emit(checked)

    def _health_failed(self, exc: BaseException, details: str) -> None:
        # The badge stays as it was, but the last result is no longer current: the Health page
        # runs the checks again when shown, and says why when it is the one shown now.
        self.ctx.health = None
        log.warning("tracking checks failed: %s", exc)
        if self.stack.currentWidget() is self.pages.get("health"):
            seams.show_error(self, "The checks could not be run", str(exc), details)

    def _show_health_count(self) -> None:
        for i in range(self.sidebar.count()):
            item = self.sidebar.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == "health":
                count = self.health_count
                item.setText(f"Health  ({count})" if count else "Health")
                item.setToolTip(f"{count} tracking problems to look at" if count else "")

    def _on_data_changed(self, what: str) -> None:
        self._count_health()
        if what in ("all", "settings") and self.ctx.db is not None:
            self.app_title.setText(self.ctx.settings.name or APP_NAME)
        if what in ("all", "imports", "conversions", "goals", "campaigns"):
            before = [e.key for e in self._visible_entries()]
            if before != [
                self.sidebar.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.sidebar.count())
            ]:
                self._rebuild_sidebar()

    def open_path(self, path: Path, offer_restore: bool = True) -> bool:
        """Open a database file; tells the user plainly when it cannot be opened, and offers
        the latest good backup when the file is damaged."""
        if self._opening is not None:  # from a callback run while a file is being upgraded
            log.warning("not opening %s while %s is being opened", path.name, self._opening.name)
            return False
        try:
            self._opening = path
            try:
                self.ctx.open(path, self)
            finally:
                self._opening = None
        except DamagedDatabaseError as exc:
            if offer_restore and self._offer_backup_for_damaged(path, str(exc)):
                return self.ctx.db is not None
            seams.show_error(self, "Cannot open the database", str(exc))
            return False
        except (StoreError, DatabaseLockedError, OSError, DatabaseError) as exc:
            seams.show_error(self, "Cannot open the database", explain(exc, path) or str(exc))
            return False
        from desktop_app.store.cloud import cloud_service, cloud_warning
        from desktop_app.store.settings import adopt_default_currency
        from desktop_app.ui.dialogs.first_start import ask_business_settings, system_defaults

        service = cloud_service(path)
        if service:
            seams.show_error(
                self, "The database is in a synced folder", cloud_warning(path, service)
            )

        try:
            adopted = (
                None
                if self.ctx.read_only
                else adopt_default_currency(self.ctx.require_db(), system_defaults())
            )
        except DatabaseError as exc:
            adopted = None
            log.warning("could not give %s a currency: %s", path.name, exc)
        if adopted:
            self.ctx.notify("settings")
            seams.inform(self, "Currency set", adopted)
        if not is_configured(self.ctx.require_db()) and not self.ctx.read_only:
            ask_business_settings(self, self.ctx)
        self._purge_on_open(path)
        self._daily_upkeep(path)
        return True

    def _daily_upkeep(self, path: Path) -> None:
        """Once a day: the database's check and its automatic backup, on a worker thread (about
        13 s on a million conversions); a damaged file found there is offered a backup."""
        from desktop_app.store import close_database, open_database
        from desktop_app.ui.workers import run_in_background

        if self.ctx.read_only:
            return

        def work(progress: object, cancelled: object) -> None:
            # The window's own connection may be closing or checkpointing the file just now
            # (SQLite then answers "locked" at once, without waiting): try again for a while.
            for attempt in range(20):
                try:
                    close_database(open_database(path, backup=True))
                    return
                except DatabaseError as exc:
                    if "locked" not in str(exc).lower() or attempt == 19:
                        raise
                    time.sleep(0.5)

        def failed(exc: BaseException, details: str) -> None:
            # While another file is being opened (an upgrade runs events), only a log line:
            # the offer would be about a file that is being left.
            if (
                isinstance(exc, DamagedDatabaseError)
                and self.ctx.db_path == path
                and self._opening is None
            ):
                if not self._offer_backup_for_damaged(path, str(exc)):
                    seams.show_error(self, "The database is damaged", str(exc))
            else:
                log.warning("the daily check of %s did not run: %s", path.name, details)

        run_in_background(work, lambda _result: None, failed, parent=self)

    def _purge_on_open(self, path: Path) -> None:
        """Records past `retention_months` go when the database opens; the first time (per
        database) the user is shown what will go and asked."""
        from datetime import datetime

        db = self.ctx.require_db()
        settings = self.ctx.settings
        if settings.retention_months <= 0 or getattr(db, "_ct_read_only", False):
            return
        from desktop_app.store.privacy import purge_old  # (and phonenumbers: 45 ms) only now

        today = datetime.now(settings.tz).date()
        due = purge_old(db, settings.retention_months, today, dry_run=True)
        if not (due.conversions or due.touchpoints) or due.before is None:
            return
        key = f"purge_agreed/{path.resolve()}"
        stored = QSettings()
        if not stored.value(key, False, type=bool):
            if not seams.confirm(
                self,
                "Remove old records",
                f"The retention is {settings.retention_months} months: {formatting.number(due.conversions)} "
                f"conversions and {formatting.number(due.touchpoints)} visits are dated before "
                f"{due.before.isoformat()}. Remove them now? From now on the app removes such "
                "records each time it opens this database (Settings > Business changes the "
                "retention).",
                "Remove them",
            ):
                return
            stored.setValue(key, True)
        try:
            purge_old(db, settings.retention_months, today)
        except DatabaseError as exc:
            seams.show_error(self, "Old records were not removed", explain(exc, path) or str(exc))
            return
        self.ctx.notify("all")

    # -- backups --------------------------------------------------------------------------
    def backup_now(self) -> None:
        """File > Back up now: a copy the daily rotation never deletes."""
        from desktop_app.store.backup import BackupError, backup_database

        db, path = self.ctx.require_db(), self.ctx.db_path
        assert path is not None
        try:
            made = backup_database(db.conn, path, "manual")
        except (OSError, DatabaseError, BackupError) as exc:
            seams.show_error(self, "The backup was not made", explain(exc, path) or str(exc))
            return
        seams.inform(
            self, "Backed up", f"A copy of {path.name} was saved as {made.name} in {made.parent}."
        )

    def erase_customer(self) -> None:
        """File > Erase a customer…: find one person by e-mail, phone, customer or order id."""
        from desktop_app.ui.dialogs.erase_person import ErasePersonDialog

        if self.ctx.db is not None:
            seams.run_dialog(ErasePersonDialog(self.ctx, None, self))

    def restore_from_backup(self) -> None:
        """File > Restore from backup…: choose a copy, confirm, put it back, reopen."""
        from desktop_app.ui.dialogs.restore_backup import RestoreBackupDialog

        path = self.ctx.db_path
        if path is None:
            return
        dialog = RestoreBackupDialog(path, self)
        if seams.run_dialog(dialog) != RestoreBackupDialog.DialogCode.Accepted:
            return
        chosen = dialog.chosen
        if chosen is None:
            return
        made = formatting.moment(chosen.created_at)
        if not seams.confirm(
            self,
            "Restore from backup",
            f"Replace {path.name} with the copy made on {made} ({formatting.count(chosen.conversions)} "
            f"conversions)? What was entered or imported since is replaced; the current file is "
            f"kept as {path.name}.before-restore.",
            "Restore",
        ):
            return
        self._restore(path, chosen.path, made)

    def _restore(self, path: Path, backup: Path, made: str) -> bool:
        from desktop_app.store.backup import BackupError
        from desktop_app.store.restore import restore_backup

        self.ctx.close()
        try:
            kept = restore_backup(backup, path)
        except (BackupError, StoreError, DatabaseLockedError, OSError, DatabaseError) as exc:
            seams.show_error(self, "The backup was not restored", explain(exc, path) or str(exc))
            self.open_path(path, offer_restore=False)
            return False
        if not self.open_path(path, offer_restore=False):
            return False
        self.ctx.notify("all")
        seams.inform(
            self,
            "Backup restored",
            f"{path.name} is back as it was on {made}. The file it replaced is kept as "
            f"{kept.name}.",
        )
        return True

    def _offer_backup_for_damaged(self, path: Path, message: str) -> bool:
        """A damaged file: offer the newest backup SQLite finds whole. True when one was tried."""
        from desktop_app.store.backup import BackupError, list_backups, verify_backup

        for candidate in list_backups(path):
            if candidate.conversions is None:
                continue
            try:
                verify_backup(candidate.path)
            except BackupError:
                continue
            made = formatting.moment(candidate.created_at)
            if not seams.confirm(
                self,
                "The database is damaged",
                f"{message}\n\nRestore the latest good backup, made on {made} "
                f"({formatting.number(candidate.conversions)} conversions)? The damaged file is kept as "
                f"{path.name}.before-restore.",
                "Restore",
            ):
                return False
            self._restore(path, candidate.path, made)
            return True
        return False

    def open_database_dialog(self) -> None:
        path = seams.choose_open_file(self, "Open database", DB_FILTER, str(start_folder(DATABASE)))
        if path:
            remember_folder(DATABASE, path)
            self.open_path(Path(path))

    def new_database(self) -> None:
        path = seams.choose_save_file(
            self, "New database", DB_FILTER, str(start_folder(DATABASE) / "business.db")
        )
        if not path:
            return
        remember_folder(DATABASE, path)
        target = Path(path)
        if target.suffix == "":
            target = target.with_suffix(".db")
        if target.exists():
            seams.show_error(
                self,
                "File exists",
                f"{target.name} already exists. Choose another name, or open it instead.",
            )
            return
        self.open_path(target)

    def show_about(self) -> None:
        seams.inform(
            self,
            f"About {APP_NAME}",
            f"{APP_NAME} {__version__}\n\nWhich marketing channels bring leads and sales, "
            "what they cost and whether the money comes back. Your data stays on this computer.",
        )

    # -- window state ---------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is not None and self.restoreGeometry(geometry):
            self.restoreState(settings.value("window/state"))
            return
        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen else None
        width, height = 1280, 820
        if available is not None:
            width = min(width, int(available.width() * 0.9))
            height = min(height, int(available.height() * 0.9))
        self.resize(width, height)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.import_launcher.drag_enter(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.import_launcher.drop(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        self.ctx.close()
        super().closeEvent(event)
