"""The "Log conversion…" action: a toolbar button, a File-menu entry and Ctrl+N from any page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar, QWidget

from desktop_app.ui import seams
from desktop_app.ui.theme import page_icon

if TYPE_CHECKING:
    from desktop_app.ui.shell.context import AppContext
    from desktop_app.ui.shell.main_window import MainWindow


def install_log_action(window: MainWindow) -> QAction:
    """Add the action to the window (toolbar and File menu); returns it."""
    action = QAction(page_icon("plus"), "&Log conversion…", window)
    action.setShortcut(QKeySequence("Ctrl+N"))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setToolTip("Log a phone call, walk-in or closed deal (Ctrl+N)")
    action.triggered.connect(lambda: open_log_form(window))
    toolbar = window.findChild(QToolBar, "mainToolbar")
    if toolbar is None:
        toolbar = QToolBar("Main toolbar", window)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(18, 18))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    toolbar.addAction(action)
    window.add_file_action(action)
    return action


def open_log_form(window: MainWindow, conversion_id: int | None = None) -> None:
    """Open the form (to log a new conversion, or edit one) over the window."""
    if window.ctx.db is None:
        return
    show_log_form(window.ctx, window, conversion_id)


def show_log_form(ctx: AppContext, parent: QWidget, conversion_id: int | None = None) -> None:
    """Run the log form over `parent` until it closes (a new conversion, or `conversion_id`)."""
    from desktop_app.ui.dialogs.log_conversion import LogConversionDialog, cannot_edit

    if conversion_id is not None:
        problem = cannot_edit(ctx.require_db(), ctx.settings.tz, conversion_id)
        if problem:
            seams.show_error(parent, "This conversion cannot be edited here", problem)
            return
    dialog = LogConversionDialog(ctx, parent, conversion_id)
    seams.run_dialog(dialog)
    dialog.deleteLater()
