"""Garbage made by a worker is collected on the GUI thread, never in the worker.

A collection in a worker that frees a Qt object runs its destructor there, and that deadlocked
the window against the GUI thread (a Dashboard being built while the health checks ran)."""

from __future__ import annotations

import gc
import threading


class Cycle:
    """An object only a collection can free (it refers to itself); `freed` hears in which
    thread that happened."""

    def __init__(self, freed: list[str]) -> None:
        self.me = self
        self.freed = freed

    def __del__(self) -> None:
        self.freed.append(threading.current_thread().name)


def test_a_cycle_dropped_by_a_worker_is_freed_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    freed_on: list[str] = []

    def work() -> None:
        Cycle(freed_on)
        # Enough allocations to fill the youngest generation many times over: with Python's own
        # collector the cycle would be freed here, in this thread.
        kept = [[] for _ in range(50_000)]
        del kept

    worker = threading.Thread(target=work, name="worker")
    worker.start()
    worker.join()
    assert not gc.isenabled()
    assert freed_on == []  # not in the worker
    # Objects kept alive fill the youngest generation, so the timer's next look collects it.
    kept = [[] for _ in range(gc.get_threshold()[0] * 2)]
    qtbot.waitUntil(lambda: bool(freed_on), timeout=5000)
    assert freed_on == [threading.main_thread().name]
    del kept


def test_the_collector_runs_the_generations_the_counts_call_for(qapp) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.shell.collector import collect_on_gui_thread

    collector = collect_on_gui_thread(qapp)
    assert collect_on_gui_thread(qapp) is collector  # one per application
    gc.collect()
    assert gc.get_count()[0] < gc.get_threshold()[0]
    assert collector.collect() == 0  # nothing due: nothing walked
    kept = [[] for _ in range(gc.get_threshold()[0] * 2)]
    assert gc.get_count()[0] > gc.get_threshold()[0]
    collector.collect()
    assert gc.get_count()[0] < gc.get_threshold()[0]  # the youngest generation was collected
    del kept


def test_what_the_start_up_built_is_left_out_of_later_collections(qapp) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.shell.collector import collect_on_gui_thread

    collector = collect_on_gui_thread(qapp)
    main = threading.main_thread().name
    waiting: list[str] = []
    Cycle(waiting)  # garbage already, waiting for a collection when the start-up is frozen
    try:
        before = gc.get_freeze_count()
        collector.freeze_start_up()
        assert gc.get_freeze_count() > before
        assert waiting == [main]  # collected first, not frozen for good
        # Made later, a cycle is still found: only what existed at the freeze is left out.
        freed: list[str] = []
        Cycle(freed)
        gc.collect()
        assert freed == [main]
    finally:
        gc.unfreeze()
