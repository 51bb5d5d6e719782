"""The demo business for tests, built once per test run and copied into each test's database.

`load_demo` takes 2–4 s; SQLite's backup API copies the finished file in a few milliseconds.
A copy is made only into a database that holds no data and has the very settings the template
was built on, so the result is exactly what `load_demo` would store there; any other database
gets a real `load_demo`. tests/unit/test_demo.py checks that a copy equals a real load.
"""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

_templates: dict[tuple[object, ...], Path] = {}
_folder: list[Path] = []


def _settings(db: Any) -> tuple[tuple[str, str], ...]:
    return tuple(db.execute("SELECT key, value FROM settings ORDER BY key").fetchall())


def _template(settings: tuple[tuple[str, str], ...], seed: int, last_day: date) -> Path:
    from desktop_app.services.demo import load_demo
    from desktop_app.store import close_database, open_database

    key = (settings, seed, last_day)
    if key not in _templates:
        if not _folder:
            _folder.append(Path(tempfile.mkdtemp(prefix="demo-template-")))
            atexit.register(shutil.rmtree, _folder[0], True)
        path = _folder[0] / f"demo-{len(_templates)}.db"
        db = open_database(path)
        with db.atomic():
            db.execute("DELETE FROM settings")
            db.conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?)", settings)
        load_demo(db, seed=seed, last_day=last_day)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        close_database(db)
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
