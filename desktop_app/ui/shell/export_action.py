"""The File menu's Export report… (Ctrl+E) and Export upload file… entries."""

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
    upload = QAction("Export &upload file…", window)
    upload.setStatusTip("Write an offline-conversion file for Google Ads, Meta or Microsoft")

    def trigger_upload() -> None:
        from desktop_app.ui.dialogs.export_upload import open_upload_dialog

        open_upload_dialog(window, window.ctx)

    upload.triggered.connect(trigger_upload)
    window.add_file_action(upload)
    window.upload_action = upload
    return action
