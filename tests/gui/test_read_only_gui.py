"""The window on a database it cannot write: said in a banner, every page shown, nothing written.

The file is opened with SQLite's read-only mode (`open_read_only`), so any write the window
tried would fail; the check of whether the file can be written is made to answer no, since
file permissions do not stop the root user these tests may run as.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlite_utils import Database as SqliteUtilsDatabase

from desktop_app.main import main
from desktop_app.store import close_database, open_database
from desktop_app.store.handle import PlainDatabase
from desktop_app.store.settings import save_settings
from tests.demo_copy import load_demo_copy
from tests.gui.report_helpers import LAST_DAY

PAGES = ("home", "dashboard", "reports", "attribution", "conversions", "goals", "campaigns",
         "import", "health", "settings")  # fmt: skip


def _fingerprint(path: Path) -> list[tuple[str, str]]:
    """The file and its unsaved changes (an empty -wal, which SQLite's read-only mode may make
    where the folder allows it, holds none)."""
    files = [path, path.with_name(path.name + "-wal")]
    return [(p.name, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in files if p.exists() and p.stat().st_size]  # fmt: skip


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    path = tmp_path / "shop.db"
    db = open_database(path)
    save_settings(db, {"name": "Test shop", "currency": "EUR", "timezone": "Europe/Berlin"})
    load_demo_copy(db, seed=7, last_day=LAST_DAY)
    assert isinstance(db, SqliteUtilsDatabase)  # the app itself writes through sqlite-utils
    close_database(db)
    return path


def test_a_read_only_database_shows_every_page_and_writes_nothing(
    shop: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch, dialogs: Any, capsys: Any
) -> None:
    from desktop_app.ui.shell import context
    from desktop_app.ui.shell.context import AppContext
    from desktop_app.ui.shell.main_window import MainWindow
    from desktop_app.ui.workers import wait_for_all

    before = _fingerprint(shop)
    monkeypatch.setattr(context, "can_write", lambda path: False)
    ctx = AppContext()
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.open_path(shop)
    window.show()
    qtbot.waitExposed(window)
    assert isinstance(ctx.db, PlainDatabase) and ctx.read_only
    assert window.read_only_banner.isVisible()
    assert window.read_only_banner.text().startswith("<b>Read-only.</b> shop.db")
    assert not window.backup_action.isEnabled() and not window.erase_action.isEnabled()

    ctx.report_range.today = lambda: LAST_DAY + timedelta(days=1)
    ctx.report_range.set_custom(LAST_DAY.replace(day=1), LAST_DAY)
    for key in PAGES:
        page = window.show_page(key)
        assert window.current_page_key() == key
        wait_for_all(20_000)
        qtbot.wait(20)
        assert page.isVisible(), key
    assert dialogs == []

    reports = window.show_page("reports")
    qtbot.waitUntil(lambda: reports.data is not None and not reports.loader.busy, timeout=20000)
    shown = reports.proxy.index(reports.proxy.rowCount() - 1, 0).data()
    assert shown == "Total"
    status = main(["report", "--db", str(shop), "--from", LAST_DAY.replace(day=1).isoformat(),
                   "--to", LAST_DAY.isoformat(), "--format", "json"])  # fmt: skip
    assert status == 0
    rows = json.loads(capsys.readouterr().out, parse_float=Decimal)
    conversions = sum(int(r["conversions"]) for r in rows)
    assert conversions > 0
    headers = [
        reports.proxy.headerData(c, Qt.Orientation.Horizontal)
        for c in range(reports.proxy.columnCount())
    ]
    total = reports.proxy.index(reports.proxy.rowCount() - 1, headers.index("Conversions"))
    assert total.data() == f"{conversions:,}"

    window.close()
    wait_for_all(20_000)
    assert _fingerprint(shop) == before
