"""The window on a big business, offscreen: the longest stall of the GUI thread per action.

Opens a copy of the database of bench_reports.py (1M conversions, 5M touchpoints, three years of
daily spend for 50 campaigns) in the real main window and drives it as a user would: the
Conversions page, a search, a channel filter, sorts, a drag of the scroll bar to the end and
back, every other page's first visit, and opening a database again (File > Open). The start
runs as the app's does: open the database, then show the window (create_application: theme,
locale, garbage collected on the GUI thread; BENCH_PYTHON_GC=1 for Python's own collector). A 20 ms heartbeat timer runs on the GUI thread throughout; the longest gap
between two beats, less the 20 ms, is how long the window could not answer. Each action ends
when the window is idle (no background work, the table loaded). Peak memory is the process's
maximum resident size.

Run: `python tests/benchmarks/bench_gui_stalls.py` (the first run generates the database).
"""

from __future__ import annotations

import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.bench_reports import DB_FILE, generate

BEAT_MS = 20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Heartbeat:
    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(BEAT_MS)
        self.timer.timeout.connect(self._beat)
        self.last = time.perf_counter()
        self.worst = 0.0

    def _beat(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last - BEAT_MS / 1000)
        self.last = now

    def start(self) -> None:
        self.last, self.worst = time.perf_counter(), 0.0
        self.timer.start()

    def stop(self) -> float:
        self._beat()
        self.timer.stop()
        return self.worst


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractSlider

    from desktop_app.ui import seams
    from desktop_app.ui.shell.context import AppContext
    from desktop_app.ui.shell.main_window import MainWindow
    from desktop_app.ui.workers import busy

    if not DB_FILE.exists():
        print(f"Generating {DB_FILE.name} (once; a few minutes) ...", file=sys.stderr)
        generate(DB_FILE)
    seams.inform = lambda *a, **k: None  # type: ignore[assignment]
    from desktop_app.ui.shell.app import create_application

    # The app's own start (theme, locale, garbage collected on the GUI thread); with
    # BENCH_PYTHON_GC=1, Python's own collector instead, for a baseline in the same conditions.
    app = create_application([])
    if os.environ.get("BENCH_PYTHON_GC"):
        from desktop_app.ui.shell.collector import collect_on_gui_thread

        collect_on_gui_thread(app).stop()
    beat = Heartbeat()
    results: list[tuple[str, float, float]] = []

    def idle(window: MainWindow) -> bool:
        page = window.pages.get("conversions") if hasattr(window, "pages") else None
        loading = bool(page is not None and getattr(page.model, "loading", False))
        return not busy() and not loading

    def measure(name: str, action: Callable[[], object], window: MainWindow | None) -> None:
        app.processEvents()
        beat.start()
        start = time.perf_counter()
        action()
        deadline = start + 120
        while time.perf_counter() < deadline:
            app.processEvents()
            if window is None or idle(window):
                # settle: one more round of events posted by the results
                app.processEvents()
                if window is None or idle(window):
                    break
            time.sleep(0.005)
        elapsed = time.perf_counter() - start
        results.append((name, beat.stop() * 1000, elapsed))

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.db"
        shutil.copyfile(DB_FILE, path)
        ctx = AppContext()
        window = MainWindow(ctx)
        window.resize(1280, 800)

        def start() -> None:  # as the app's start does (run_gui): open, then show
            window.open_path(path)
            window.show()

        # Before the window shows, a stall is start-up time, not a freeze the user sees.
        measure("start: open, first page, show", start, window)
        measure("Conversions page", lambda: window.show_page("conversions"), window)
        page: Any = window.page("conversions")
        measure("search 'n12345'", lambda: (page.search_edit.setText("12345"),
                                            page.apply_filter()), window)  # fmt: skip
        measure("clear the search", lambda: (page.search_edit.setText(""),
                                             page.apply_filter()), window)  # fmt: skip
        measure("channel filter", lambda: page.channel_filter.setCurrentIndex(2), window)
        measure("all channels", lambda: page.channel_filter.setCurrentIndex(0), window)
        header = page.table.horizontalHeader()
        measure("sort by channel", lambda: header.setSortIndicator(3, Qt.SortOrder.AscendingOrder),
                window)  # fmt: skip
        measure("sort by value", lambda: header.setSortIndicator(2, Qt.SortOrder.DescendingOrder),
                window)  # fmt: skip
        measure("sort by time", lambda: header.setSortIndicator(0, Qt.SortOrder.DescendingOrder),
                window)  # fmt: skip
        bar = page.table.verticalScrollBar()
        measure("drag the scroll bar to the end",
                lambda: bar.triggerAction(QAbstractSlider.SliderAction.SliderToMaximum), window)  # fmt: skip
        measure("drag to the middle", lambda: bar.setValue(bar.maximum() // 2), window)

        def page_down_50() -> None:
            for _ in range(50):
                bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
                app.processEvents()

        measure("page down 50 times", page_down_50, window)
        for key in ("reports", "campaigns", "attribution", "goals", "import", "health",
                    "settings", "dashboard"):  # fmt: skip
            measure(f"{key.title()} page", lambda key=key: window.show_page(key), window)
        copy = Path(tmp) / "big_again.db"
        shutil.copyfile(DB_FILE, copy)
        measure("open a database (File > Open)", lambda: window.open_path(copy), window)
        window.close()
        ctx.close()
    print(
        f"\nGUI thread on {DB_FILE.name} (1M conversions, 5M touchpoints), heartbeat {BEAT_MS} ms"
    )
    print(f"{'action':34s} {'longest stall':>14s} {'until idle':>11s}")
    for name, stall, elapsed in results:
        print(f"{name:34s} {stall:11.0f} ms {elapsed:9.2f} s")
    print(f"peak memory (max RSS): {_peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
