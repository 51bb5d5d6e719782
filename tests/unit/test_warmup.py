"""The window's warm-up: page modules and the zone list loaded off the GUI thread, once."""

from __future__ import annotations

import sys
import threading
import time

import pytest

from desktop_app.domain import timeutil
from desktop_app.ui.shell import warmup


def test_the_warm_up_imports_the_modules_it_is_given_on_a_thread_of_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(warmup, "_started", threading.Event())
    name = "desktop_app.ui.pages.health"
    monkeypatch.delitem(sys.modules, name, raising=False)
    thread = warmup.start_warmup([name, "desktop_app.no_such_page"], pause=0)
    assert thread is not None and thread is not threading.current_thread()
    thread.join(30)
    assert name in sys.modules  # and the missing one was skipped quietly
    assert warmup.start_warmup([name], pause=0) is None  # once per process


def test_two_threads_asking_for_the_zone_list_list_the_database_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    listed: list[str] = []
    real = timeutil.available_timezones

    def slow_listing() -> set[str]:
        listed.append(threading.current_thread().name)
        time.sleep(0.2)  # long enough for the other thread to ask meanwhile
        return real()

    monkeypatch.setattr(timeutil, "available_timezones", slow_listing)
    monkeypatch.setattr(timeutil, "_zones", [])
    other = threading.Thread(target=timeutil.all_time_zones)
    other.start()
    assert timeutil.is_time_zone("Europe/Berlin")
    other.join(30)
    assert len(listed) == 1
    assert "Europe/Berlin" in timeutil.all_time_zones()


def test_quitting_stops_the_warm_up_at_once_even_in_its_pause(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No import may be half done while Python and Qt shut down."""
    monkeypatch.setattr(warmup, "_started", threading.Event())
    monkeypatch.setattr(warmup, "_stop", threading.Event())
    monkeypatch.setattr(warmup, "_threads", [])
    name = "desktop_app.ui.pages.settings"
    monkeypatch.delitem(sys.modules, name, raising=False)
    thread = warmup.start_warmup([name], pause=60)
    assert thread is not None
    started = time.monotonic()
    warmup.stop_warmup()
    assert not thread.is_alive() and time.monotonic() - started < 5
    assert name not in sys.modules  # stopped before importing anything
