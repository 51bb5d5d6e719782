"""The demo business for tests, built once per test run and copied into each test's database.

`load_demo` takes 2–4 s; SQLite's backup API copies the finished file in a few milliseconds.
The templates live in one folder for the whole run, so the test workers build each one once.
A copy is made only into a database that holds no data and has the very settings the template
was built on, so the result is exactly what `load_demo` would store there; any other database
gets a real `load_demo`. tests/unit/test_demo.py checks that a copy equals a real load.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

_templates: dict[tuple[object, ...], Path] = {}
_folder: list[Path] = []
SHARED_FOLDER = "CT_TEST_DEMO_TEMPLATES"  # set by tests/conftest.py for all test workers


def _settings(db: Any) -> tuple[tuple[str, str], ...]:
    return tuple(db.execute("SELECT key, value FROM settings ORDER BY key").fetchall())


def shared_folder() -> Path:
    """Where templates are kept: one folder for the whole run (the test workers share it, so
    each template is built once, not once per worker), or this process's own."""
    if not _folder:
        shared = os.environ.get(SHARED_FOLDER)
        if shared:
            _folder.append(Path(shared))
        else:
            _folder.append(Path(tempfile.mkdtemp(prefix="demo-template-")))
            atexit.register(shutil.rmtree, _folder[0], True)
    return _folder[0]


@contextmanager
def _locked(lock: Path) -> Iterator[None]:
    """One worker builds a template while the others wait for it (no lock where fcntl is not)."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _template(settings: tuple[tuple[str, str], ...], seed: int, last_day: date) -> Path:
    from desktop_app.store import close_database, open_database

    key = (settings, seed, last_day)
    if key not in _templates:
        name = hashlib.sha256(repr(key).encode()).hexdigest()[:16]
        path = shared_folder() / f"demo-{name}.db"
        with _locked(path.with_suffix(".lock")):
            if not path.exists():
                building = path.with_suffix(".building")
                building.unlink(missing_ok=True)
                db = open_database(building)
                with db.atomic():
                    db.execute("DELETE FROM settings")
                    db.conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?)", settings)
                from desktop_app.services.demo import load_demo

                load_demo(db, seed=seed, last_day=last_day)
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                close_database(db)
                os.replace(building, path)
        _templates[key] = path
    return _templates[key]


def load_demo_copy(db: Any, seed: int = 7, last_day: date | None = None) -> None:
    """What `load_demo(db, seed=seed, last_day=last_day)` stores, copied from a template."""
    from desktop_app.services.demo import load_demo
    from desktop_app.store.settings import holds_data

    if last_day is None or holds_data(db):
        load_demo(db, seed=seed, last_day=last_day)  # it says why it refuses, or uses today
        return
    template = _template(_settings(db), seed, last_day)
    source = sqlite3.connect(template)
    try:
        source.backup(db.conn)
    finally:
        source.close()
