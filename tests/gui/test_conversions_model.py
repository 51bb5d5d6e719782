"""The conversions table model: Qt's model checks, and lazy fetching page by page.

The same scroll over 200,000 rows, with its time and memory, is tests/benchmarks/bench_table_scroll.py."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTableView

from desktop_app.ui.models.conversions_model import ConversionsModel


def fill_conversions(db, count: int) -> None:
    goal = db.execute("INSERT INTO goals (name) VALUES ('Lead')").lastrowid
    channel = db.execute("SELECT id FROM channels WHERE name = 'Phone'").fetchone()[0]
    db.conn.executemany(
        "INSERT INTO conversions (goal_id, occurred_at, local_date, value_minor, currency,"
        " original_value_minor, original_currency, channel_id, notes)"
        " VALUES (?, ?, '2026-05-01', ?, 'EUR', ?, 'EUR', ?, ?)",
        (
            (
                goal,
                # Times repeat every 997 rows, so pages must break ties by id.
                f"2026-05-01T{n % 997 // 3600:02d}:{n % 997 // 60 % 60:02d}:{n % 997 % 60:02d}Z",
                n,
                n,
                channel,
                f"n{n}",
            )
            for n in range(count)
        ),
    )


@pytest.mark.slow
def test_model_passes_qt_checks(db, qtmodeltester) -> None:
    fill_conversions(db, 1200)
    model = ConversionsModel(db, page_size=500)
    model.reload()
    qtmodeltester.check(model)
    model.sort(2, __import__("PySide6.QtCore").QtCore.Qt.SortOrder.AscendingOrder)
    assert [model.row_at(n).value_minor for n in range(3)] == [0, 1, 2]
    qtmodeltester.check(model)


@pytest.mark.slow  # 2 s: scrolls 6,000 rows end to end; run by .ci/run's slow step
def test_scrolling_to_the_end_holds_only_a_window_of_pages(db, qtbot) -> None:
    fill_conversions(db, 6_000)
    model = ConversionsModel(db, page_size=40, max_pages=5)
    model.reload()
    # Every row counted at once (a true scroll bar); one page read.
    assert (model.total, model.rowCount(), model.pages_fetched, model.pages_held) == (
        6_000,
        6_000,
        1,
        1,
    )
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(600, 400)
    view.show()
    seen: set[int] = set()
    for row in range(0, 2_000, 40):  # scroll down a page at a time, as a reader would
        view.scrollTo(model.index(row, 0))
        qtbot.wait(0)
        seen.update(model.row_at(n).id for n in range(row, min(row + 40, 2_000)))
        assert model.pages_held <= 5
    # 2,000 rows / 40 per page = 50 pages, each read once (keyset paging from the page before:
    # none skipped, none read twice), every row seen once, never more than 5 pages in memory.
    # (Times repeat every 997 rows, so the pages must break ties by id.)
    assert (len(seen), model.pages_fetched) == (2_000, 50)
    assert model.row_at(0) is not None  # scrolling back reads the first page again
    assert model.pages_fetched == 51


def test_a_jump_to_the_middle_reads_that_page_and_rows_in_sort_order(db) -> None:
    fill_conversions(db, 3_000)
    model = ConversionsModel(db, page_size=100)
    model.sort(2, __import__("PySide6.QtCore").QtCore.Qt.SortOrder.AscendingOrder)
    # Values are 0..2999: the row at position n holds the value n, whichever way it is reached.
    assert [model.row_at(n).value_minor for n in (2_150, 2_151, 0, 2_999, 1_000)] == [
        2_150,
        2_151,
        0,
        2_999,
        1_000,
    ]
    assert model.ids_of([5, 2_998]) == [
        db.execute("SELECT id FROM conversions WHERE value_minor = ?", [v]).fetchone()[0]
        for v in (5, 2_998)
    ]


def test_on_a_worker_the_rows_arrive_by_signal_and_old_answers_are_dropped(db, qtbot) -> None:
    """The page's runner: queries run elsewhere and their rows come back later; a reload asked
    for before an earlier one answered wins, and the view is told when a page arrives."""
    fill_conversions(db, 1_000)
    jobs: list[tuple] = []
    model = ConversionsModel(
        page_size=100, runner=lambda work, done, _failed: jobs.append((work, done))
    )
    model.reload(db)
    assert model.loading and model.rowCount() == 0 and len(jobs) == 1
    model.sort(2, __import__("PySide6.QtCore").QtCore.Qt.SortOrder.AscendingOrder)
    assert len(jobs) == 2
    late = jobs.pop(0)
    work, done = jobs.pop(0)
    with qtbot.waitSignal(model.loaded):
        done(work(db))
    late[1](late[0](db))  # the first reload's answer, arriving last: dropped
    assert not model.loading and model.rowCount() == 1_000
    assert model.row_at(0).value_minor == 0
    assert model.index(550, 0).data() == "Loading…" and len(jobs) == 1  # its page is asked for
    work, done = jobs.pop()
    with qtbot.waitSignal(model.dataChanged) as changed:
        done(work(db))
    assert changed.args[0].row() == 500 and changed.args[1].row() == 599
    assert model.row_at(550).value_minor == 550


def test_a_failure_of_a_query_the_view_moved_on_from_is_dropped(db, qtbot) -> None:
    """A search typed while the previous one still ran: if the older one then fails, the table
    still shows the newer one loading (not an error and an idle table), and its answer lands."""
    fill_conversions(db, 300)
    jobs: list[tuple] = []
    model = ConversionsModel(
        page_size=100, runner=lambda work, done, failed: jobs.append((work, done, failed))
    )
    told: list[str] = []
    model.failed.connect(told.append)
    model.reload(db)
    model.sort(2, __import__("PySide6.QtCore").QtCore.Qt.SortOrder.AscendingOrder)
    (_w, _d, old_failed), (work, done, _f) = jobs
    old_failed("disk I/O error")  # the first reload's failure, arriving late
    assert model.loading and told == []
    with qtbot.waitSignal(model.loaded):
        done(work(db))
    assert not model.loading and model.rowCount() == 300 and told == []
    jobs.clear()
    model.reload(db)
    jobs[0][2]("disk I/O error")  # the current query's failure is told
    assert not model.loading and told == ["disk I/O error"]


def test_a_failed_read_is_told_under_the_table(main_window, qtbot, monkeypatch) -> None:
    """A query that fails on the worker (a disk error) says so in the count line; the line
    must not be overwritten by the count a moment later."""
    import sqlite3

    from desktop_app.ui.models import conversions_model

    def broken(*_args: object) -> int:
        raise sqlite3.OperationalError("disk I/O error")

    page = main_window.show_page("conversions")
    qtbot.waitUntil(lambda: not page.model.loading, timeout=10_000)
    monkeypatch.setattr(conversions_model, "count_conversions", broken)
    page.apply_filter()
    qtbot.waitUntil(lambda: not page.model.loading, timeout=10_000)
    qtbot.wait(50)
    text = page.count_label.text()
    assert text.startswith("The conversions could not be read:") and "disk" in text.lower(), text


def test_a_time_past_the_calendar_in_the_business_zone_is_shown_in_utc_and_says_so(db) -> None:
    """Another program's 9999-12-31 23:30 UTC is already year 10000 in Berlin: the time cell
    was an OverflowError inside the model; it shows the UTC time, marked."""
    from zoneinfo import ZoneInfo

    from PySide6.QtCore import Qt

    from desktop_app.ui.models.conversions_model import COL_TIME

    fill_conversions(db, 2)
    db.execute("UPDATE conversions SET occurred_at = '9999-12-31T23:30:00Z', local_date ="
               " '9999-12-31' WHERE id = 1")  # fmt: skip
    model = ConversionsModel(db, page_size=50)
    model.tz = ZoneInfo("Europe/Berlin")
    model.reload()
    texts = {model.row_at(n).id: model.data(model.index(n, COL_TIME), Qt.ItemDataRole.DisplayRole)
             for n in range(2)}  # fmt: skip
    assert texts[1].endswith(" UTC") and "9999" in texts[1]
    assert not texts[2].endswith("UTC")
