"""What the window will soon need, loaded on a background thread once it exists.

The first visit of a page imports its module (the Campaigns page 90 ms, the Dashboard 50 ms on
the machine the benchmarks ran on), the first business date lists the time zone database
(40 ms) and the Settings page's pickers load babel's currency and country names (55 ms); on the
GUI thread each was a freeze the user could feel (tests/benchmarks/bench_gui_stalls.py). A plain
daemon thread does all three while the user looks at the window: it holds Python's lock only in
short slices, so the window keeps answering. Nothing here touches a widget or a database.
Module-level import cycles between page modules would make two threads' imports wait on each
other; there are none (the pages import the layers below them only).
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Iterable

log = logging.getLogger(__name__)

_started = threading.Event()
_stop = threading.Event()  # the app is quitting: no further imports
_threads: list[threading.Thread] = []


def start_warmup(modules: Iterable[str], pause: float = 1.5) -> threading.Thread | None:
    """Fill the time zone list at once, then after `pause` seconds import `modules` (in order),
    once per process. The pause leaves the start's own work (opening the last database and
    showing its first page) the whole of Python's time: sharing it would slow that down."""
    if _started.is_set():
        return None
    _started.set()
    names = list(modules)
    thread = threading.Thread(target=_warm, args=(names, pause), name="warm-up", daemon=True)
    _threads.append(thread)
    thread.start()
    return thread


def stop_warmup(timeout: float = 5.0) -> None:
    """At quit: stop between two imports and wait for the thread to end, so no import is half
    done while Python and Qt shut down (a thread left running then can crash the exit)."""
    _stop.set()
    for thread in _threads:
        thread.join(timeout)


def _warm(modules: list[str], pause: float) -> None:
    from desktop_app.domain.business_defaults import country_choices, currency_choices
    from desktop_app.domain.timeutil import is_time_zone

    is_time_zone("UTC")  # lists the zone database once (cached)
    if _stop.wait(pause):
        return
    for name in modules:
        if _stop.is_set():
            return
        try:
            importlib.import_module(name)
        except Exception as exc:  # the page says what is wrong when it is opened
            log.debug("warm-up could not import %s: %s", name, exc)
    # The pickers of the Settings page and the first-run dialog: babel's names of currencies
    # and countries, 55 ms on the GUI thread otherwise (cached once made).
    for choices in (currency_choices, country_choices):
        if _stop.is_set():
            return
        try:
            choices()
        except Exception as exc:  # pragma: no cover - the picker says so when it is built
            log.debug("warm-up could not list %s: %s", choices.__name__, exc)
