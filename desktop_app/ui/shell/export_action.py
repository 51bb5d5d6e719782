"""The File > Export report… menu entry (Ctrl+E), added to the main window's File menu."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence


def install_export_action(window: Any) -> QAction:
    """Add `Export report…` to the window's File menu; it opens the export dialog."""
    action = QAction("&Export report…", window)
    action.setShortcut(QKeySequence("Ctrl+E"))
    action.setStatusTip("Write the report as an Excel workbook")

    def trigger() -> None:
        from desktop_app.ui.dialogs.export_report import open_export_dialog

        open_export_dialog(window, window.ctx)

    action.triggered.connect(trigger)
    window.add_file_action(action)
    return action
