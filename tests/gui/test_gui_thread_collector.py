"""Garbage made by a worker is collected on the GUI thread, never in the worker.

A collection in a worker that frees a Qt object runs its destructor there, and that deadlocked
the window against the GUI thread (a Dashboard being built while the health checks ran)."""

from __future__ import annotations

import gc
import threading


def test_a_cycle_dropped_by_a_worker_is_freed_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    freed_on: list[str] = []

    class Cycle:
        def __init__(self) -> None:
            self.me = self  # only a collection can free it

        def __del__(self) -> None:
            freed_on.append(threading.current_thread().name)

    def work() -> None:
        Cycle()
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
    waiting: list[bool] = []

    class Early:
        def __init__(self) -> None:
            self.me = self

        def __del__(self) -> None:
            waiting.append(True)

    Early()  # garbage already, waiting for a collection when the start-up is frozen
    try:
        before = gc.get_freeze_count()
        collector.freeze_start_up()
        assert gc.get_freeze_count() > before
        assert waiting == [True]  # collected first, not frozen for good
        # Made later, a cycle is still found: only what existed at the freeze is left out.
        freed: list[bool] = []

        class Late:
            def __init__(self) -> None:
                self.me = self

            def __del__(self) -> None:
                freed.append(True)

        Late()
        gc.collect()
        assert freed == [True]
    finally:
        gc.unfreeze()
