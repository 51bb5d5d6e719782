"""Scrolling the Conversions table end to end over a million rows: time, pages and peak memory.

The GUI test (tests/gui/test_conversions_model.py) proves the paging with 6,000 rows; this is its
large form. The view is scrolled from the first row to the last a page (500 rows) at a time, so
every page is read and shown; the model keeps a window of pages, so memory stays flat however
far it goes. (A screen at a time, 50,000 steps of painting, takes minutes and reads the same.)
The baseline, measured in the same run, is one plain SELECT of the same table for all rows into
a list, which is what a table without paging would do up front; it runs after the scroll, so
the peak memory printed for the table is the table's own.

Run: `python tests/benchmarks/bench_table_scroll.py` (BENCH_SCROLL_ROWS changes the size).
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROWS = int(os.environ.get("BENCH_SCROLL_ROWS", "1000000"))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QTableView

    from desktop_app.store import close_database, open_database
    from desktop_app.store.settings import save_settings
    from desktop_app.ui.models.conversions_model import ConversionsModel
    from tests.gui.test_conversions_model import fill_conversions

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "scroll.db")
        save_settings(db, {"currency": "EUR", "timezone": "Europe/Berlin"})
        with db.atomic():
            fill_conversions(db, ROWS)
        before = _peak_mb()
        model = ConversionsModel(db, page_size=500)
        view = QTableView()
        view.setModel(model)
        view.resize(900, 600)
        view.show()
        start = time.perf_counter()
        model.reload()
        bar = view.verticalScrollBar()
        seen = 0
        while True:
            app.processEvents()
            last = view.rowAt(view.viewport().height() - 1)
            seen = max(seen, model.rowCount() if last < 0 else last + 1)
            if bar.value() >= bar.maximum():
                break
            bar.setValue(min(bar.value() + model.page_size, bar.maximum()))
        elapsed = time.perf_counter() - start
        assert seen == ROWS and model.row_at(ROWS - 1) is not None, seen
        table_peak = _peak_mb()
        start = time.perf_counter()
        everything = db.execute(
            "SELECT * FROM conversions ORDER BY occurred_at DESC, id DESC"
        ).fetchall()
        baseline = time.perf_counter() - start
        del everything
        print(f"\nscroll to the end: {ROWS:,} rows in {model.pages_fetched} pages,"
              f" {model.pages_held} pages held at the end")  # fmt: skip
        print(f"  paged table   {elapsed:7.2f} s  {ROWS / elapsed:10,.0f} rows/s")
        print(f"  plain SELECT  {baseline:7.2f} s  (all rows at once, the baseline)")
        print(f"  ratio {elapsed / baseline:.1f}x; peak memory while scrolling {table_peak:.0f} MB"
              f" (before the table: {before:.0f} MB; after the plain SELECT: {_peak_mb():.0f} MB)")  # fmt: skip
        view.close()
        close_database(db)


def test_table_scroll_benchmark() -> None:
    main()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    main()
