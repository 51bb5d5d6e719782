"""Import history: cancelling a long import, undoing a batch and undoing that undo, the batch table."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QPushButton

from desktop_app.importing import engine
from desktop_app.ui import seams
from desktop_app.ui.models.batches_model import BatchesModel
from tests.gui.import_helpers import (
    dump,
    full_dump,
    import_through_the_wizard,
    open_wizard,
    press_continue,
    wizards_deleted,  # noqa: F401 - an autouse fixture
)


def _big_file(tmp_path: Path, rows: int = 200_000) -> Path:
    path = tmp_path / "big.csv"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("Date,Campaign,Cost\n")
        for n in range(rows):
            fh.write(f"2025-{1 + n % 12:02d}-{1 + n % 28:02d},Campaign {n % 40},1.25\n")
    return path


@pytest.mark.slow  # over 8 s: run by .ci/run's slow step
def test_cancel_a_long_import_changes_nothing_and_the_window_stays_responsive(
    main_window, qtbot, monkeypatch, dialogs, tmp_path: Path
) -> None:
    db = main_window.ctx.require_db()
    wizard = open_wizard(main_window, qtbot, monkeypatch, _big_file(tmp_path))
    for _ in range(4):  # file, kind, columns, choices -> preview (a dry run over every row)
        press_continue(wizard, qtbot, timeout=120_000)
    assert wizard.preview_step.dry.inserted > 0
    before = full_dump(db)

    # However fast this machine imports, the import must still be running while the test
    # watches the window and presses Cancel: each progress report (every 2,000 rows) waits 30 ms.
    real_run_import = engine.run_import

    def slowed_run_import(*args, progress=None, **kwargs):  # type: ignore[no-untyped-def]
        def slow_progress(done: int, total: int) -> None:
            time.sleep(0.03)
            if progress is not None:
                progress(done, total)

        return real_run_import(*args, progress=slow_progress, **kwargs)

    monkeypatch.setattr(engine, "run_import", slowed_run_import)
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    qtbot.mouseClick(wizard.button(wizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.busy
    task = wizard.task
    qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.isVisible(), timeout=20_000)
    ticks.clear()
    qtbot.wait(1500)  # the import runs on; the event loop keeps turning
    assert wizard.busy, "the import finished before it could be cancelled"
    # A 20 ms timer would fire about 75 times in 1.5 s; a frozen window fires it once or not
    # at all. 15 leaves room for a machine busy with other work.
    assert len(ticks) >= 15
    cancel = next(b for b in task.dialog.findChildren(QPushButton) if b.text() == "Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.busy, timeout=60_000)
    timer.stop()

    assert ("Import cancelled", "The import of big.csv was cancelled; nothing was changed.") in [
        (t, x[0].upper() + x[1:]) for t, x in dialogs
    ]
    assert full_dump(db) == before
    assert db.execute("SELECT COUNT(*) FROM spend").fetchone() == (0,)
    assert wizard.currentPage() is wizard.preview_step  # still there, ready to try again
    wizard.reject()


def _import_spend(main_window, qtbot, monkeypatch, tmp_path: Path, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    import_through_the_wizard(main_window, qtbot, monkeypatch, path)


@pytest.mark.slow
def test_undo_import_restores_the_exact_previous_state_and_is_itself_undoable(
    main_window, qtbot, monkeypatch, tmp_path: Path
) -> None:
    db = main_window.ctx.require_db()
    _import_spend(main_window, qtbot, monkeypatch, tmp_path, "january.csv",
                  "Date,Campaign,Cost\n2026-01-02,Brand,10.00\n2026-01-03,Brand,5.50\n")  # fmt: skip
    before_second = dump(db)
    # The second file adds a campaign and changes the cost of 3 January (an update).
    _import_spend(main_window, qtbot, monkeypatch, tmp_path, "february.csv",
                  "Date,Campaign,Cost\n2026-01-03,Brand,7.25\n2026-02-01,Search,20.00\n")  # fmt: skip
    after_second = full_dump(db)
    assert db.execute("SELECT SUM(cost_minor) FROM spend").fetchone() == (1000 + 725 + 2000,)

    page = main_window.show_page("import")
    assert [r.file for r in page.model.rows] == ["february.csv", "january.csv"]
    page.table.selectRow(0)
    assert page.batch_title.text().startswith("Batch 2 · february.csv")
    assert page.tabs.tabText(0) == "Rows (2)"
    asked: list[str] = []
    monkeypatch.setattr(
        seams, "confirm", lambda parent, title, text, ok="OK": asked.append(text) or True
    )
    import threading

    from desktop_app.ui.commands import imports as undo_command

    threads: list[bool] = []
    real = undo_command.undo_batch_restorable

    def recorded(*args):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args)

    monkeypatch.setattr(undo_command, "undo_batch_restorable", recorded)
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rows[0].undone is not None)  # done in the background
    assert threads == [False]  # not on the GUI thread
    assert asked == [
        "Remove what the import of february.csv added (1 row) and restore the 1 row it "
        "changed?\n\nYou can bring it back with Edit > Undo."
    ]
    # Exactly the state before the second import: Search gone, 3 January back at 5.50.
    assert dump(db) == before_second
    assert db.execute("SELECT SUM(cost_minor) FROM spend").fetchone() == (1000 + 550,)
    assert page.model.rows[0].undone and not page.undo_button.isEnabled()

    main_window.undo_action.trigger()  # Edit > Undo brings the batch back, row for row
    qtbot.waitUntil(lambda: not page.model.rows[0].undone)
    assert full_dump(db) == after_second
    assert not page.model.rows[0].undone

    main_window.redo_action.trigger()  # Edit > Redo undoes the import again
    qtbot.waitUntil(lambda: bool(page.model.rows[0].undone))
    assert dump(db) == before_second


def test_batches_model(qtmodeltester, db, tmp_path: Path) -> None:
    from desktop_app.importing.batches import list_batches
    from desktop_app.importing.engine import ImportOptions, plan_import, run_import

    path = tmp_path / "spend.csv"
    path.write_text(
        "Date,Campaign,Cost\n2026-01-02,Brand,x\n2026-01-03,Brand,2\n", encoding="utf-8"
    )
    run_import(db, plan_import(path, ImportOptions(), db))
    model = BatchesModel()
    model.load(list_batches(db))
    qtmodeltester.check(model)
    texts = [model.index(0, c).data() for c in range(model.columnCount())]
    assert texts[0:2] == ["spend.csv", "Spend"] and texts[3:] == [
        "2",
        "1",
        "0",
        "0",
        "1",
        "Imported",
    ]


def test_times_are_shown_in_the_business_time_zone(
    main_window, qtbot, monkeypatch, tmp_path: Path
) -> None:
    from zoneinfo import ZoneInfo

    from desktop_app.importing.batches import BatchRow

    berlin = ZoneInfo("Europe/Berlin")  # the main_window fixture's business time zone
    model = BatchesModel(berlin)
    row = BatchRow(1, "a.csv", "h", "spend", "2026-04-02T22:00:00Z", 1, 1, 0, 0, 0, None)
    model.load([row])
    assert model.index(0, 2).data() == "2026-04-03 00:00"  # 22:00 UTC is midnight in Berlin (CEST)

    path = tmp_path / "orders.csv"
    path.write_text("Order ID,Created at,Total\nA1,2026-04-02T22:00:00Z,10.00\n", encoding="utf-8")
    wizard = open_wizard(main_window, qtbot, monkeypatch, path)
    for _ in range(4):
        press_continue(wizard, qtbot)
    table = wizard.preview_step.rows_table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert table.item(0, headers.index("Occurred")).text() == "2026-04-03 00:00"
    press_continue(wizard, qtbot)
    wizard.accept()
    qtbot.waitUntil(lambda: main_window.import_launcher.wizard is None)
    page = main_window.show_page("import")
    page.table.selectRow(0)
    rows = page.rows_table
    headers = [rows.horizontalHeaderItem(c).text() for c in range(rows.columnCount())]
    assert rows.item(0, headers.index("Occurred")).text() == "2026-04-03 00:00"
    imported_at = (
        main_window.ctx.require_db().execute("SELECT imported_at FROM import_batches").fetchone()[0]
    )
    local = __import__("datetime").datetime.strptime(imported_at, "%Y-%m-%dT%H:%M:%SZ")
    local = local.replace(tzinfo=ZoneInfo("UTC")).astimezone(berlin).strftime("%Y-%m-%d %H:%M")
    assert page.model.index(0, 2).data() == local and local in page.batch_title.text()
