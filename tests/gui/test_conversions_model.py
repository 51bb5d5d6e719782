"""The conversions table model: Qt's model checks, and lazy fetching page by page.

The same scroll over 200,000 rows, with its time and memory, is tests/benchmarks/bench_table_scroll.py."""

from __future__ import annotations

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


def test_model_passes_qt_checks(db, qtmodeltester) -> None:
    fill_conversions(db, 1200)
    model = ConversionsModel(db, page_size=500)
    model.reload()
    qtmodeltester.check(model)
    model.sort(2, __import__("PySide6.QtCore").QtCore.Qt.SortOrder.AscendingOrder)
    assert [model.row_at(n).value_minor for n in range(3)] == [0, 1, 2]
    qtmodeltester.check(model)


def test_scrolling_to_the_end_fetches_page_by_page(db, qtbot) -> None:
    fill_conversions(db, 6_000)
    model = ConversionsModel(db, page_size=40)
    model.reload()
    assert (model.total, model.rowCount(), model.pages_fetched) == (6_000, 40, 1)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(600, 400)
    view.show()
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 80)  # one more page, not everything
    assert model.pages_fetched == 2
    while model.canFetchMore():
        view.scrollToBottom()
        qtbot.wait(0)
    # 6,000 rows / 40 per page = 150 pages, each asked for once (keyset paging: no page skipped
    # nor fetched twice, however many there are).
    assert (model.rowCount(), model.pages_fetched) == (6_000, 150)
    ids = {model.row_at(n).id for n in range(model.rowCount())}
    assert len(ids) == 6_000
