"""`conversion-tracker --self-test`: proves a build works (window, demo, pages) on a throwaway database."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication


def run_self_test(app: QApplication) -> int:
    from desktop_app.services.demo import load_demo
    from desktop_app.store.settings import save_settings
    from desktop_app.ui.context import AppContext
    from desktop_app.ui.main_window import MainWindow

    steps: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "self-test.db"
        ctx = AppContext()
        ctx.open(path)
        db = ctx.require_db()
        save_settings(
            db, {"name": "Self-test shop", "currency": "EUR", "timezone": "Europe/Berlin"}
        )
        window = MainWindow(ctx)
        window._on_database_opened()
        window.show()
        app.processEvents()
        steps.append("window opened")
        summary = load_demo(db)
        ctx.notify("all")
        steps.append(f"demo loaded ({summary.conversions} conversions)")
        for key in list(window._entries):
            window.show_page(key)
            app.processEvents()
            window.grab()
            steps.append(f"page {key} rendered")
        window.close()
        ctx.close()
    print("self-test passed: " + "; ".join(steps), file=sys.stderr)
    return 0
