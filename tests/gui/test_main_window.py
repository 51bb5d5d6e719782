"""The main window: empty state, demo on click, first-start questions, reopening, database errors."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog

from desktop_app.store.settings import load_settings
from desktop_app.ui import seams
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.shell.main_window import MainWindow


def test_empty_database_shows_the_welcome(main_window) -> None:
    page = main_window.page("home")
    assert main_window.stack.currentWidget() is page
    assert page.empty.isVisible() and not page.overview.isVisible()
    assert page.hero_title.text() == "Welcome to Conversion Tracker"
    assert page.demo_button.isEnabled()
    assert "shop.db" in main_window.db_label.text()
    assert main_window.windowTitle().startswith("shop.db")


@pytest.mark.slow  # 2-3 s: builds the whole demo for real; run by .ci/run's slow step
def test_load_demo_on_click_opens_the_separate_demo(main_window, qtbot, configured_db_path) -> None:
    """Was: the furniture shop was written into the owner's own database, under their name."""
    from desktop_app.store import demo_database_path

    page = main_window.page("home")
    qtbot.mouseClick(page.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: main_window.ctx.db_path == demo_database_path(), timeout=30000)
    assert not main_window.ctx.is_empty()
    # The dashboard takes over from the welcome page once there is data.
    qtbot.waitUntil(lambda: main_window.current_page_key() == "dashboard", timeout=10000)
    keys = [main_window.sidebar.item(i).data(Qt.ItemDataRole.UserRole) for i in range(3)]
    assert keys[:2] == ["dashboard", "reports"] and "home" not in keys
    db = main_window.ctx.require_db()
    conversions = db.execute("SELECT COUNT(*) FROM conversions WHERE status='active'").fetchone()[0]
    dashboard = main_window.page("dashboard")
    qtbot.waitUntil(lambda: dashboard.data is not None, timeout=20000)
    assert conversions > 1000
    assert load_settings(db).name == "Harbor & Pine Furniture"
    assert main_window.demo_banner.isVisible() and main_window.windowTitle().startswith("Demo")
    own = sqlite3.connect(configured_db_path)
    assert [own.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("goals", "campaigns", "spend", "conversions", "touchpoints")] == [0] * 5  # fmt: skip
    assert own.execute("SELECT value FROM settings WHERE key = 'name'").fetchone() == ("Test shop",)
    own.close()
    # The way back: the owner's own, still empty database, without the badge.
    qtbot.mouseClick(main_window.back_button, Qt.MouseButton.LeftButton)
    assert main_window.ctx.db_path == configured_db_path
    assert not main_window.demo_banner.isVisible()
    assert main_window.ctx.is_empty() and main_window.current_page_key() == "home"
    assert load_settings(main_window.ctx.require_db()).name == "Test shop"


def test_window_survives_reopening(main_window, qtbot, configured_db_path: Path) -> None:
    main_window.resize(790, 600)
    qtbot.waitUntil(lambda: main_window.width() == 790)
    size = main_window.size()
    main_window.close()
    ctx = AppContext()
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    assert again.open_path(configured_db_path)
    again.show()
    qtbot.waitExposed(again)
    assert again.size() == size
    assert again.page("home").empty.isVisible()
    again.close()
    assert QSettings().value("window/geometry") is not None


def test_first_start_asks_for_the_business(qtbot, tmp_path: Path, monkeypatch, dialogs) -> None:
    answered = []

    def answer(dialog: QDialog) -> int:
        assert not dialog.ok_button.isEnabled()  # a name is required
        dialog.name_edit.setText("Lakeside Dental")
        dialog.currency_combo.set_code("CHF")
        dialog.tz_combo.set_zone("Europe/Zurich")
        assert dialog.ok_button.isEnabled()
        answered.append(dialog.values())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(seams, "run_dialog", answer)
    window = MainWindow(AppContext())
    qtbot.addWidget(window)
    assert window.open_path(tmp_path / "new.db")
    settings = load_settings(window.ctx.require_db())
    assert (settings.name, settings.currency, settings.timezone) == (
        "Lakeside Dental",
        "CHF",
        "Europe/Zurich",
    )
    assert window.app_title.text() == "Lakeside Dental"
    window.close()


def test_a_bad_file_is_explained_and_the_open_database_kept(
    main_window, tmp_path: Path, dialogs
) -> None:
    bad = tmp_path / "letter.db"
    bad.write_text("Dear customer")
    before = main_window.ctx.db_path
    assert not main_window.open_path(bad)
    assert dialogs[-1][0] == "Cannot open the database"
    assert "not a Conversion Tracker database" in dialogs[-1][1]
    assert main_window.ctx.db_path == before and main_window.ctx.db is not None


def test_new_database_from_the_menu(main_window, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "second"
    monkeypatch.setattr(seams, "choose_save_file", lambda *a, **k: str(target))
    monkeypatch.setattr(seams, "run_dialog", lambda d: QDialog.DialogCode.Rejected)
    main_window.new_db_action.trigger()
    assert main_window.ctx.db_path == target.with_suffix(".db")
    assert main_window.page("home").empty.isVisible()


def test_f1_opens_the_metrics_help_and_figures_carry_their_definitions(
    main_window, qtbot, monkeypatch
) -> None:
    from desktop_app.domain.definitions import definition
    from desktop_app.ui.dialogs.metrics_help import MetricsHelp

    shown: dict[str, str] = {}

    def look(dialog: MetricsHelp) -> int:
        shown["text"] = dialog.text.toPlainText()
        dialog.reject()
        return 0

    monkeypatch.setattr(MetricsHelp, "exec", look)
    main_window.activateWindow()
    qtbot.keyClick(main_window, Qt.Key.Key_F1)
    assert "Break-even ROAS = value ÷ gross profit" in shown["text"]
    assert "Profit ROI = (gross profit − spend) ÷ spend" in shown["text"]
    dashboard = main_window.page("dashboard")
    dashboard.kpis["cpa"].show_figure("€10.00", None, "—")
    assert dashboard.kpis["cpa"].toolTip().startswith(definition("cpa"))
    reports = main_window.show_page("reports")
    roas = next(c for c in range(reports.model.columnCount())
                if reports.model.columns[c].key == "roas")  # fmt: skip
    assert reports.model.headerData(roas, Qt.Orientation.Horizontal,
                                    Qt.ItemDataRole.ToolTipRole) == definition("roas")  # fmt: skip


@pytest.mark.slow
def test_stale_summaries_are_summed_again_off_the_gui_thread(
    qtbot, tmp_path: Path, dialogs, monkeypatch
) -> None:
    """A database whose monthly summaries are out of date (after an upgrade) opens at once:
    the window's own open leaves them to a worker, the Dashboard's figures are right meanwhile
    (stale months are read from the conversions), and the summaries end up right."""
    from tests.demo_copy import load_demo_copy

    path = tmp_path / "shop.db"
    from desktop_app.store import close_database, open_database

    db = open_database(path)
    load_demo_copy(db, seed=7)
    right = db.execute("SELECT * FROM conversion_months ORDER BY 1, 2").fetchall()
    db.execute("DELETE FROM conversion_months")
    db.execute("INSERT INTO conversion_months_stale (month, goal_id) SELECT DISTINCT"
               " substr(local_date, 1, 7), goal_id FROM conversions")  # fmt: skip
    close_database(db)
    from desktop_app.store import report_summary

    summed_on: list[str] = []
    rebuild = report_summary._rebuild

    def watched(db: object) -> int:
        summed_on.append(threading.current_thread().name)
        return rebuild(db)

    monkeypatch.setattr(report_summary, "_rebuild", watched)
    window = MainWindow(AppContext())
    qtbot.addWidget(window)
    assert window.open_path(path)
    own = window.ctx.require_db()
    window.show()
    qtbot.waitUntil(
        lambda: own.execute("SELECT COUNT(*) FROM conversion_months_stale").fetchone()[0] == 0,
        timeout=20_000,
    )
    assert own.execute("SELECT * FROM conversion_months ORDER BY 1, 2").fetchall() == right
    # Summed once, on a worker: never on the GUI thread (1.9 s there on a million rows).
    assert summed_on and threading.main_thread().name not in summed_on
    window.close()


def test_an_upgrade_runs_off_the_gui_thread_behind_a_note(
    main_window, qtbot, tmp_path: Path, monkeypatch, dialogs
) -> None:
    """An upgrade copies the whole file first (9 s on a million conversions): the window keeps
    answering and says what is happening, and the upgraded file opens as usual."""
    import sqlite3
    import time as clock

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QProgressDialog
    from sqlite_utils import Database

    from desktop_app.store import connection, schema, schema_version
    from desktop_app.store.settings import save_settings

    old = tmp_path / "old.db"
    conn = sqlite3.connect(old, isolation_level=None)
    schema.migrations.apply(Database(conn), stop_before=schema.migrations._migrations[-1].name)
    conn.execute(f"PRAGMA user_version={schema_version.SCHEMA_VERSION - 1}")
    save_settings(Database(conn), {"name": "Old", "currency": "EUR", "timezone": "Europe/Berlin"})
    conn.execute(
        "INSERT INTO goals (name, category, level) VALUES ('Sale', 'transaction', 'macro')"
    )
    conn.close()
    assert connection.needs_upgrade(old)
    copy_first = connection.backup_database

    def slow_copy(*args, **kwargs):  # type: ignore[no-untyped-def]
        clock.sleep(0.6)  # a large file's copy
        return copy_first(*args, **kwargs)

    monkeypatch.setattr(connection, "backup_database", slow_copy)
    beats: list[bool] = []

    def beat() -> None:  # the window's own timers keep running, and the note is up
        notes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
        up = [n for n in notes if n.isVisible() and "Upgrading old.db" in n.labelText()]
        beats.append(bool(up))
        for note in up:  # Escape and the title bar's close leave it up (found in review)
            QTest.keyClick(note, Qt.Key.Key_Escape)
            note.close()

    timer = QTimer()
    timer.timeout.connect(beat)
    timer.start(50)
    try:
        assert main_window.open_path(old)
    finally:
        timer.stop()
    assert sum(beats) >= 5 and beats[-1]  # 0.6 s of copying: a dozen beats, the note up in each
    db = main_window.ctx.require_db()
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema_version.SCHEMA_VERSION
    assert db.execute("SELECT name FROM goals").fetchall() == [("Sale",)]
    assert not connection.needs_upgrade(old)
    assert not [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QProgressDialog) and w.isVisible()
    ]


def test_a_worker_opening_a_file_under_upgrade_waits_for_it(main_window, qtbot) -> None:
    """Found in review: while a restored backup of an earlier version is upgraded (events run
    meanwhile), a worker that opens the file must not upgrade it a second time beside it."""
    import threading

    ctx = main_window.ctx
    path = ctx.db_path
    done = threading.Event()
    ctx._upgrading = (path, done)  # as AppContext.open sets it while upgrading `path`
    try:
        opener = ctx.worker_opener()
    finally:
        ctx._upgrading = None
    opened: list[object] = []
    thread = threading.Thread(target=lambda: opened.append(opener()))
    thread.start()
    thread.join(0.3)
    assert thread.is_alive() and not opened  # waits ...
    done.set()
    thread.join(10)
    assert opened  # ... and opens once the upgrade is over
    from desktop_app.store import close_database

    close_database(opened[0])  # type: ignore[arg-type]
