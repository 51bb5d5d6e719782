"""Python's garbage collector runs on the GUI thread only, from a timer.

Left to itself, the collector runs in whichever thread happens to allocate when a generation
fills up: often a background worker (a report, the health checks, an import). If that
collection frees a cycle holding a Qt object made on the GUI thread, the object's destructor
runs in the worker: it takes Qt's connection lock, then waits for the GIL, while the GUI thread
holds the GIL and waits for that same lock to connect a signal. The window freezes for good
(seen while the Dashboard was built during the health checks). So the app turns automatic
collection off and collects here, on the GUI thread, every half second, each generation when
Python itself would: the youngest by their counts, the oldest only once the objects waiting for
it are a quarter of those it already holds (CPython's own rule). A full collection walks every
object, so what the start-up built (modules, the window, its first pages) is frozen out of it
a few seconds after start: on a 1M-conversion database it took 90–100 ms, a stall the user
feels, and nearly nothing after.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 500
FREEZE_AFTER_MS = 10_000  # the window is built and its first page shown by then


class GuiThreadCollector(QObject):
    """Owned by the application: collects what the generations' counts call for, on a timer."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.setObjectName("gui_thread_collector")
        self._thresholds = gc.get_threshold()
        self._long_lived = len(gc.get_objects(2))  # the oldest generation after its last run
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(INTERVAL_MS)
        self._freeze = QTimer(self)
        self._freeze.setSingleShot(True)
        self._freeze.timeout.connect(self.freeze_start_up)
        self._freeze.start(FREEZE_AFTER_MS)

    def collect(self) -> int:
        """Collect the oldest generation whose count is over its threshold (the oldest only when
        a quarter more objects wait for it than it held after its last run); returns how many
        objects were freed."""
        counts = gc.get_count()
        generation = -1
        for level in range(3):
            if counts[level] <= self._thresholds[level]:
                break
            generation = level
        if generation == 2 and len(gc.get_objects(2)) <= self._long_lived * 5 // 4:
            generation = 1
        if generation < 0:
            return 0
        freed = gc.collect(generation)
        if generation == 2:
            self._long_lived = len(gc.get_objects(2))
        return freed

    def freeze_start_up(self) -> None:
        """Leave what exists now out of every later collection: it lives as long as the app
        (collected first, so no garbage waiting now is kept for good)."""
        gc.collect()
        gc.freeze()
        self._long_lived = 0

    def stop(self) -> None:
        """Hand collection back to Python (once no worker runs: the tests, between two)."""
        self._timer.stop()
        self._freeze.stop()
        if self._was_enabled:
            gc.enable()
        self.setParent(None)
        self.deleteLater()


def collect_on_gui_thread(app: QCoreApplication) -> GuiThreadCollector:
    """Turn automatic collection off and collect on `app`'s thread (once per application)."""
    found = app.findChild(GuiThreadCollector, "gui_thread_collector")
    return found if isinstance(found, GuiThreadCollector) else GuiThreadCollector(app)
