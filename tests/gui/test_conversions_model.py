"""The conversions table model: Qt's model checks, and lazy fetching over 200,000 rows."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView

from desktop_app.ui.models.conversions_model import ConversionsModel


def _fill(db, count: int) -> None:
    goal = db.execute("INSERT INTO goals (name) VALUES ('Lead')").lastrowid
    channel = db.execute("SELECT id FROM channels WHERE name = 'Phone'").fetchone()[0]
    db.conn.executemany(
        "INSERT INTO conversions (goal_id, occurred_at, local_date, value_minor, currency,"
        " original_value_minor, original_currency, channel_id, notes)"
        " VALUES (?, ?, '2026-05-01', ?, 'EUR', ?, 'EUR', ?, ?)",
        (
            (
                goal,
                f"2026-05-01T{n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}Z",
                n,
                n,
                channel,
                f"n{n}",
            )
            for n in range(count)
        ),
    )


def test_model_passes_qt_checks(db, qtmodeltester) -> None:
    _fill(db, 1200)
    model = ConversionsModel(db, page_size=500)
    model.reload()
    qtmodeltester.check(model)
    model.sort(2, __import__("PySide6.QtCore").QtCore.Qt.SortOrder.AscendingOrder)
    assert [model.row_at(n).value_minor for n in range(3)] == [0, 1, 2]
    qtmodeltester.check(model)


def test_scrolling_to_the_end_fetches_page_by_page(db, qtbot) -> None:
    _fill(db, 200_000)
    model = ConversionsModel(db, page_size=500)
    model.reload()
    assert (model.total, model.rowCount(), model.pages_fetched) == (200_000, 500, 1)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(600, 400)
    view.show()
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 1000)  # one more page, not everything
    assert model.pages_fetched == 2
    while model.canFetchMore():
        view.scrollToBottom()
        qtbot.wait(0)
    # 200,000 rows / 500 per page = 400 pages, each asked for once.
    assert (model.rowCount(), model.pages_fetched) == (200_000, 400)
    ids = {model.row_at(n).id for n in range(model.rowCount())}
    assert len(ids) == 200_000
