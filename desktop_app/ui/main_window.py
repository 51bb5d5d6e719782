"""The main window: sidebar navigation, pages, menus, status bar; remembers its size and place."""

from __future__ import annotations

import importlib
import logging
import sqlite3
from pathlib import Path

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
from desktop_app.store import StoreError
from desktop_app.store.lock import DatabaseLockedError
from desktop_app.store.settings import is_configured
from desktop_app.ui import seams
from desktop_app.ui.context import AppContext
from desktop_app.ui.export_action import install_export_action
from desktop_app.ui.folders import DATABASE, remember_folder, start_folder
from desktop_app.ui.import_wizard.launch import install_import
from desktop_app.ui.log_action import install_log_action
from desktop_app.ui.pages.base import Page
from desktop_app.ui.pages.registry import PAGES, PageEntry
from desktop_app.ui.theme import app_icon, page_icon

log = logging.getLogger(__name__)

DB_FILTER = "Conversion Tracker databases (*.db *.ctdb *.sqlite);;All files (*)"


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
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
        redo.setShortcuts(
            [QKeySequence("Ctrl+Shift+Z"), QKeySequence(QKeySequence.StandardKey.Redo)]
        )
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        self.edit_menu = edit_menu
        self.undo_action, self.redo_action = undo, redo

        self.go_menu = self.menuBar().addMenu("&Go")
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction(f"&About {APP_NAME}", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

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

        path = self.ctx.db_path
        demo = self.ctx.db is not None and is_demo_database(self.ctx.db)
        self.db_label.setText(f"Database: {path}" if path else "")
        title = f"{path.name} – {APP_NAME}" if path else APP_NAME
        self.setWindowTitle(f"Demo – {title}" if demo else title)
        name = self.ctx.settings.name if self.ctx.db is not None else ""
        self.app_title.setText(name or APP_NAME)
        self.demo_banner.setVisible(demo)
        own = self.own_database
        self.back_button.setText(
            f"Back to {own.name}"
            if own is not None and own.name != "business.db"
            else "Back to my business"
        )
        self._rebuild_sidebar()
        self.show_page(self.first_page_key())

    def _on_data_changed(self, what: str) -> None:
        if what in ("all", "settings") and self.ctx.db is not None:
            self.app_title.setText(self.ctx.settings.name or APP_NAME)
        if what in ("all", "imports", "conversions", "goals", "campaigns"):
            before = [e.key for e in self._visible_entries()]
            if before != [
                self.sidebar.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.sidebar.count())
            ]:
                self._rebuild_sidebar()

    def open_path(self, path: Path) -> bool:
        """Open a database file; tells the user plainly when it cannot be opened."""
        try:
            self.ctx.open(path)
        except (StoreError, DatabaseLockedError, OSError) as exc:
            seams.show_error(self, "Cannot open the database", str(exc))
            return False
        from desktop_app.store.settings import adopt_default_currency
        from desktop_app.ui.dialogs.first_start import ask_business_settings, system_defaults

        try:
            adopted = adopt_default_currency(self.ctx.require_db(), system_defaults())
        except sqlite3.Error as exc:
            adopted = None
            log.warning("could not give %s a currency: %s", path.name, exc)
        if adopted:
            self.ctx.notify("settings")
            seams.inform(self, "Currency set", adopted)
        if not is_configured(self.ctx.require_db()):
            ask_business_settings(self, self.ctx)
        return True

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
