"""Python's garbage collector runs on the GUI thread only, from a timer.

Left to itself, the collector runs in whichever thread happens to allocate when a generation
fills up: often a background worker (a report, the health checks, an import). If that
collection frees a cycle holding a Qt object made on the GUI thread, the object's destructor
runs in the worker: it takes Qt's connection lock, then waits for the GIL, while the GUI thread
holds the GIL and waits for that same lock to connect a signal. The window freezes for good
(seen while the Dashboard was built during the health checks). So the app turns automatic
collection off and collects here, on the GUI thread, every half second: the youngest
generations as Python would, the oldest at most every half minute, so a large heap held by a
worker (an attribution run) is not walked again and again under the user's hands.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 500
FULL_EVERY_S = 30.0


class GuiThreadCollector(QObject):
    """Owned by the application: collects what the generations' counts call for, on a timer."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.setObjectName("gui_thread_collector")
        self._thresholds = gc.get_threshold()
        self._last_full = time.monotonic()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(INTERVAL_MS)

    def collect(self) -> int:
        """Collect the oldest generation whose count is over its threshold; returns how many
        objects were freed. The oldest generation waits FULL_EVERY_S since the last time."""
        counts = gc.get_count()
        generation = -1
        for level in range(3):
            if counts[level] <= self._thresholds[level]:
                break
            generation = level
        if generation == 2 and time.monotonic() - self._last_full < FULL_EVERY_S:
            generation = 1
        if generation < 0:
            return 0
        if generation == 2:
            self._last_full = time.monotonic()
        return gc.collect(generation)

    def stop(self) -> None:
        """Hand collection back to Python (once no worker runs: the tests, between two)."""
        self._timer.stop()
        if self._was_enabled:
            gc.enable()
        self.setParent(None)
        self.deleteLater()


def collect_on_gui_thread(app: QCoreApplication) -> GuiThreadCollector:
    """Turn automatic collection off and collect on `app`'s thread (once per application)."""
    found = app.findChild(GuiThreadCollector, "gui_thread_collector")
    return found if isinstance(found, GuiThreadCollector) else GuiThreadCollector(app)
