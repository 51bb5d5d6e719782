"""The one database-aware background API: its own connection, writes one at a time, and bugs
logged with their traceback while expected faults are not."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from desktop_app.store.connection import held_connections
from desktop_app.ui.workers import run_in_background, run_with_database


def test_work_gets_its_own_connection_and_it_is_closed(main_window, qtbot) -> None:
    from desktop_app.ui.workers import wait_for_all

    ctx = main_window.ctx
    # What opening the database started (the day's check and backup, the health count) holds
    # connections of its own while it runs: counted before it ended, it made this test flaky.
    wait_for_all(10_000)
    before = held_connections(ctx.db_path)
    seen: list[Any] = []

    def work(db: Any, progress: Any, cancelled: Any) -> int:
        seen.append(db)
        assert held_connections(ctx.db_path) == before + 1
        return int(db.execute("SELECT COUNT(*) FROM channels").fetchone()[0])

    results: list[int] = []
    run_with_database(ctx, work, results.append, lambda exc, details: None)
    qtbot.waitUntil(lambda: bool(results), timeout=10_000)
    assert results[0] > 5 and seen[0] is not ctx.db
    assert held_connections(ctx.db_path) == before


def test_the_apps_background_writes_run_one_at_a_time(main_window, qtbot) -> None:
    ctx = main_window.ctx
    running, overlaps, finished = [0], [], []
    guard = threading.Lock()

    def work(db: Any, progress: Any, cancelled: Any) -> None:
        with guard:
            running[0] += 1
            overlaps.append(running[0])
        time.sleep(0.2)
        with guard:
            running[0] -= 1

    for _ in range(3):
        run_with_database(ctx, work, finished.append, lambda exc, d: None, writes=True)
    qtbot.waitUntil(lambda: len(finished) == 3, timeout=10_000)
    assert overlaps == [1, 1, 1]


def test_a_bug_is_logged_with_its_traceback_and_a_fault_briefly(qtbot, caplog) -> None:
    errors: list[BaseException] = []

    def bug(progress: Any, cancelled: Any) -> None:
        raise KeyError("no such column")

    def fault(progress: Any, cancelled: Any) -> None:
        raise OSError(28, "No space left on device")

    with caplog.at_level(logging.INFO, logger="desktop_app.ui.workers"):
        for work in (bug, fault):
            run_in_background(work, lambda r: None, lambda exc, d: errors.append(exc))
        qtbot.waitUntil(lambda: len(errors) == 2, timeout=10_000)
    records = {r.levelno: r.getMessage() for r in caplog.records}
    assert "Traceback" in records[logging.ERROR] and "KeyError" in records[logging.ERROR]
    assert "No space left" in records[logging.INFO] and "Traceback" not in records[logging.INFO]


def test_a_result_for_a_closed_window_is_dropped(qtbot) -> None:
    """A closure's result (not a bound method) arriving after its window was deleted must not
    reach the window's deleted widgets (CI saw the Health badge touch a deleted sidebar)."""
    from PySide6.QtWidgets import QLabel, QWidget

    window = QWidget()
    label = QLabel(window)
    release = threading.Event()
    called: list[object] = []

    def done(result: object) -> None:
        called.append(result)
        label.setText(str(result))  # raises RuntimeError once the window is deleted

    task = run_in_background(lambda p, c: release.wait(5), done, lambda e, d: None, parent=window)
    window.deleteLater()
    qtbot.waitUntil(lambda: not _alive(label), timeout=5_000)
    release.set()
    qtbot.waitUntil(lambda: task not in type(task)._running, timeout=5_000)
    assert called == []


def _alive(widget: Any) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)


def test_at_quit_running_work_ends_and_reads_not_started_are_dropped(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Python must not shut down with a worker still running its code; a read nobody will
    see is not started."""
    from PySide6.QtCore import QThreadPool

    from desktop_app.ui.workers import busy, finish_at_quit

    pool = QThreadPool.globalInstance()
    slots = pool.maxThreadCount()
    release = threading.Event()
    ran: list[int] = []

    def slow(n: int):  # type: ignore[no-untyped-def]
        def work(_progress: object, _cancel: object) -> None:
            release.wait(5)
            ran.append(n)

        return work

    for n in range(slots + 2):  # every thread busy, two more waiting in the queue
        run_in_background(slow(n), lambda _r: None, lambda _e, _d: None)
    threading.Timer(0.3, release.set).start()  # the running ones end only after the quit began
    finish_at_quit()
    assert not busy()
    assert sorted(ran) == list(range(slots))  # those running finished; the queued never ran
