"""Opening a business database: lock, pragmas, version check, backup, migrations."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.store import report_summary
from desktop_app.store.backup import (
    BackupError,
    backup_database,
    backup_due,
    daily_backup,
    restrict_permissions,
)
from desktop_app.store.faults import DamagedDatabaseError, damaged_message, is_damage
from desktop_app.store.handle import Database, PlainDatabase
from desktop_app.store.integrity import check_database
from desktop_app.store.lock import DatabaseLockedError, ProcessLock
from desktop_app.store.schema_version import (
    MIGRATION_NAMES,
    MIGRATION_SET,
    MIGRATIONS_TABLE,
    SCHEMA_VERSION,
)

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

__all__ = [
    "DatabaseLockedError",
    "FutureDatabaseError",
    "StoreError",
    "close_database",
    "default_database_path",
    "demo_database_path",
    "open_database",
]


class StoreError(RuntimeError):
    """A database that cannot be opened; the message says why and what to do."""


class FutureDatabaseError(StoreError):
    """The file was written by a newer version of the app."""


def data_folder() -> Path:
    import platformdirs

    folder = Path(platformdirs.user_data_dir("Conversion Tracker", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def default_database_path() -> Path:
    return data_folder() / "business.db"


def demo_database_path() -> Path:
    """The demo business lives in a database of its own, never in the user's."""
    return data_folder() / "demo.db"


# Connections this process holds, per database file: while one is open, the file is never opened
# with plain open() again. On POSIX, closing any descriptor of a file drops every lock the process
# holds on it, SQLite's included: another process could then checkpoint and delete the WAL under
# the app's connections (a "disk I/O error" on the app's next write).
_OPEN: dict[Path, int] = {}
BUSY_SECONDS = 30.0  # how long a write waits for another program's write to finish
_OPEN_GUARD = threading.Lock()


def wait_for_write_lock(
    db: Database,
    on_wait: Callable[[], None],
    cancelled: Callable[[], bool] = lambda: False,
    seconds: float | None = None,
) -> None:
    """Wait until no other program holds the database's write lock, calling `on_wait` once when
    it has to wait (so the user hears why nothing happens) and checking `cancelled` twice a
    second. Raises sqlite3.OperationalError ("database is locked") after `seconds` (default
    BUSY_SECONDS)."""
    deadline = time.monotonic() + (BUSY_SECONDS if seconds is None else seconds)
    previous = db.execute("PRAGMA busy_timeout").fetchone()[0]
    db.execute("PRAGMA busy_timeout = 500")
    told = False
    try:
        while True:
            try:
                db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise
                if not told:
                    on_wait()
                    told = True
                if cancelled():
                    raise KeyboardInterrupt from exc
                continue
            db.execute("ROLLBACK")
            return
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(previous)}")


def held_connections(path: Path) -> int:
    """How many connections this process holds open to the database at `path`."""
    with _OPEN_GUARD:
        return _OPEN.get(Path(path).resolve(), 0)


def can_write(path: Path) -> bool:
    """Whether the app may write the database file and create files beside it (WAL, lock)."""
    folder_ok = os.access(path.parent, os.W_OK)
    return folder_ok and (not path.exists() or os.access(path, os.W_OK))


def open_read_only(path: str | Path) -> Database:
    """Open a database that cannot be written (a read-only file or folder) for reading only
    (through a `PlainDatabase` when it is current).

    Nothing is written to it or beside it: no lock file, no journal change, no upgrade. SQLite's
    read-only mode needs to create the WAL index beside a WAL database; where the folder forbids
    that and no unsaved WAL is left, the file is opened as immutable."""
    db_path = Path(path)
    if not db_path.exists():
        raise StoreError(f"{db_path} does not exist.")
    key = _checked_key(db_path)
    uri = "file:" + urllib.parse.quote(str(key)) + "?mode=ro"
    wal = db_path.with_name(db_path.name + "-wal")
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        if wal.exists() and wal.stat().st_size > 0:
            raise StoreError(
                f"{db_path.name} cannot be read: its folder is read-only and it holds changes "
                "not yet saved into the file (in its -wal file). Copy the database and its -wal "
                "file to a folder you can write, and open the copy."
            ) from None
        conn = sqlite3.connect(
            uri + "&immutable=1", uri=True, isolation_level=None, check_same_thread=False
        )
    try:
        db: Database = PlainDatabase(conn) if _is_current(conn) else _sqlite_utils(conn)
        _refuse_newer_or_foreign(db, db_path)
        if _pending(db):
            raise StoreError(
                f"{db_path.name} needs an upgrade to this version, but it is read-only. Make it "
                "and its folder writable, then open it again."
            )
    except BaseException:
        conn.close()
        raise
    with _OPEN_GUARD:
        _OPEN[key] = _OPEN.get(key, 0) + 1
    db._ct_lock = None  # type: ignore[attr-defined]
    db._ct_key = key  # type: ignore[attr-defined]
    db._ct_read_only = True  # type: ignore[attr-defined]
    return db


def is_read_only(db: Database) -> bool:
    return bool(getattr(db, "_ct_read_only", False))


def open_database(
    path: str | Path,
    *,
    lock: bool = True,
    alongside: bool = False,
    backup: bool = True,
    summary: bool = True,
) -> Database:
    """Open (creating if needed) and migrate a database; returns sqlite-utils' `Database`, or
    a `PlainDatabase` for the command line's reads (`alongside`) of a file that is current.

    Each thread opens its own; all of one process share the lock on the file. With
    `alongside`, a file that the app has open is still opened (for the command line's reports
    and exports: SQLite's WAL lets readers and short writes work beside the app), but only when
    it needs no upgrade. A newer or foreign file is refused before anything is written to it or
    beside it (no journal-mode change, no permission change, no lock file).
    """
    db_path = Path(path)
    if db_path.is_dir():
        raise StoreError(f"{db_path} is a folder, not a database file.")
    if not db_path.parent.exists():
        raise StoreError(f"The folder {db_path.parent} does not exist.")
    key = _checked_key(db_path)
    conn = sqlite3.connect(
        db_path, isolation_level=None, check_same_thread=False, timeout=BUSY_SECONDS
    )
    process_lock: ProcessLock | None = None
    try:
        # The command line's reads of a current file do without sqlite-utils (see handle.py).
        db: Database = (
            PlainDatabase(conn) if alongside and _is_current(conn) else _sqlite_utils(conn)
        )
        _refuse_newer_or_foreign(db, db_path)  # reads only
        process_lock = ProcessLock(db_path) if lock else None
        if process_lock:
            try:
                process_lock.acquire()
            except DatabaseLockedError:
                if not alongside or not db_path.exists():
                    raise
                process_lock = None
                lock = False
        db.conn.execute("PRAGMA foreign_keys=ON")
        # Deleted content is overwritten, not left in free pages (an erased person stays
        # erased); set here because SQLite's default depends on how it was built.
        db.conn.execute("PRAGMA secure_delete=ON")
        db.conn.execute("PRAGMA journal_mode=WAL")
        db.conn.execute("PRAGMA synchronous=NORMAL")
        restrict_permissions(db_path)
        if not lock and _pending(db):
            raise DatabaseLockedError(
                f"{db_path.name} is open in Conversion Tracker and needs an upgrade first. "
                "Close the app, then try again."
            )
        _migrate(db, db_path)
        if lock and summary:  # bring the report summary up to date (after an upgrade)
            report_summary.refresh(db)
        if lock and backup:
            _daily_check_and_backup(db, db_path)
    except BaseException as exc:
        conn.close()
        if process_lock:
            process_lock.release()
        if is_damage(exc):  # the file itself: say so, and how to restore a backup
            raise DamagedDatabaseError(damaged_message(db_path, str(exc)), db_path) from exc
        raise
    with _OPEN_GUARD:
        _OPEN[key] = _OPEN.get(key, 0) + 1
    db._ct_lock = process_lock  # type: ignore[attr-defined]
    db._ct_key = key  # type: ignore[attr-defined]
    return db


def _daily_check_and_backup(db: Database, db_path: Path) -> None:
    """Once a day, when the database is opened for writing: the check (store/integrity.py: a
    damaged file raises DamagedDatabaseError, so a damaged copy never rotates good ones away),
    then the automatic copy (store/backup.py). A failed copy is logged, never fatal: the
    database itself is fine, and the next open tries again."""
    try:
        due = backup_due(db.conn, db_path)
    except OSError as exc:  # an unreadable backups folder never keeps the database closed
        log.warning("cannot look at the backups of %s: %s", db_path.name, exc)
        return
    if not due:
        return
    found = check_database(db, db_path)
    for note in found.notes():
        log.warning("%s: %s", db_path.name, note)
    db._ct_check_notes = found.notes()  # type: ignore[attr-defined]
    made = None
    for attempt in range(4):
        try:
            made = daily_backup(db.conn, db_path)
            break
        except sqlite3.OperationalError as exc:
            # Another connection closing the file (its checkpoint) holds it for a moment: the
            # copy waits and tries again rather than skip the day's backup.
            if "locked" in str(exc).lower() and attempt < 3:
                time.sleep(0.5 * (attempt + 1))
                continue
            log.warning("could not back up %s today: %s", db_path.name, exc)
            return
        except (OSError, sqlite3.Error, BackupError) as exc:
            log.warning("could not back up %s today: %s", db_path.name, exc)
            return
    if made is not None:
        log.info("backed up %s to %s", db_path.name, made.name)


def close_database(db: Database) -> None:
    try:
        db.conn.close()
    finally:
        key = getattr(db, "_ct_key", None)
        if key is not None:
            db._ct_key = None  # type: ignore[attr-defined]
            with _OPEN_GUARD:
                left = _OPEN.get(key, 0) - 1
                if left > 0:
                    _OPEN[key] = left
                else:
                    _OPEN.pop(key, None)
        lock = getattr(db, "_ct_lock", None)
        if lock is not None:
            lock.release()


def _checked_key(db_path: Path) -> Path:
    """The file's key in _OPEN, after the header check (made only while this process holds no
    connection to it: closing a descriptor would drop the process's SQLite locks)."""
    key = db_path.resolve()
    with _OPEN_GUARD:
        held = _OPEN.get(key, 0)
    if not held:
        _check_is_sqlite(db_path)
    return key


def _check_is_sqlite(db_path: Path) -> None:
    """Refuse a file that is not SQLite, reading its first bytes (only while this process holds
    no connection to it: see _OPEN)."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return
    with open(db_path, "rb") as fh:
        header = fh.read(16)
    if header != b"SQLite format 3\x00":
        raise StoreError(
            f"{db_path.name} is not a Conversion Tracker database (it is not an SQLite file). "
            "Choose another file, or create a new database."
        )


def _refuse_newer_or_foreign(db: Database, db_path: Path) -> None:
    """A file from a newer version, or another program's SQLite file, is refused by reading it
    only: nothing has been written to it or beside it yet, so "not changed" is true."""
    version = user_version(db)
    if version > SCHEMA_VERSION:
        raise FutureDatabaseError(
            f"{db_path.name} was written by a newer version of Conversion Tracker "
            f"(data version {version}; this version knows up to {SCHEMA_VERSION}). "
            "It has not been changed. Install the newer version to open it."
        )
    tables = [
        r[0]
        for r in db.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        if r[0] != MIGRATIONS_TABLE
    ]
    if tables and "settings" not in tables:
        raise StoreError(
            f"{db_path.name} is an SQLite file, but not a Conversion Tracker database. "
            "It has not been changed. Choose another file, or create a new database."
        )


def needs_upgrade(path: str | Path) -> bool:
    """Whether opening `path` will upgrade it to this version (copying it first: seconds on a
    large file). Reads the file only, as an immutable one: nothing is written beside it (a
    read-only connection to a WAL file would leave -shm and -wal files). A version still in
    the -wal file is not seen, so a file just upgraded may answer yes once: opening it then
    finds nothing to do. A file that cannot be read says no, and opening it says what is wrong."""
    try:
        uri = f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1"
        conn = sqlite3.connect(uri, uri=True, timeout=1)
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        finally:
            conn.close()
    except (sqlite3.Error, OSError, ValueError):
        return False
    return 0 < version < SCHEMA_VERSION


def user_version(db: Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _sqlite_utils(conn: sqlite3.Connection) -> sqlite_utils.Database:
    from sqlite_utils import Database as SqliteUtilsDatabase

    return SqliteUtilsDatabase(conn, execute_plugins=False)  # no third-party sqlite-utils plugins


def _is_current(conn: sqlite3.Connection) -> bool:
    """Whether the file is at this version with every migration of this version recorded as
    applied, by name: nothing to upgrade (what sqlite-utils' `pending` answers, read without
    it). A file without the migrations table (new, or another program's) is not; an error
    reading the file (locked, damaged) is raised as opening it would raise it."""
    if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        return False
    if not conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MIGRATIONS_TABLE,)
    ).fetchone():
        return False
    applied = {
        row[0]
        for row in conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", (MIGRATION_SET,)
        )
    }
    return applied.issuperset(MIGRATION_NAMES)


def _pending(db: Database) -> bool:
    """Whether migrations are still to be applied (a PlainDatabase is made for a current file
    only)."""
    if isinstance(db, PlainDatabase):
        return False
    from desktop_app.store.schema import migrations

    return bool(migrations.pending(_as_sqlite_utils(db)))


def _as_sqlite_utils(db: Database) -> sqlite_utils.Database:
    from sqlite_utils import Database as SqliteUtilsDatabase

    return db if isinstance(db, SqliteUtilsDatabase) else _sqlite_utils(db.conn)


def _migrate(db: Database, db_path: Path) -> None:
    version = user_version(db)
    if not _pending(db):
        return
    target = None
    if version > 0:
        try:
            target = backup_database(db.conn, db_path, f"before-v{SCHEMA_VERSION}")
        except (BackupError, OSError) as exc:
            raise StoreError(
                f"{db_path.name} needs an upgrade, and the copy made before every upgrade could "
                f"not be written ({exc}). Nothing was changed. Free some space or make the "
                "folder writable, then open it again."
            ) from exc
        log.info("backed up %s to %s before upgrading", db_path.name, target.name)
    db.conn.execute("PRAGMA synchronous=FULL")
    try:
        from desktop_app.store.schema import migrations

        # Each step in its own transaction: a failed one leaves no trace.
        migrations.apply(_as_sqlite_utils(db))
    except sqlite3.Error as exc:
        kept = f" A copy from before the upgrade is {target}." if target else ""
        raise StoreError(
            f"{db_path.name} could not be upgraded to this version ({exc}). The failed step "
            f"was undone, so the file is as the last step left it.{kept} Try again; if it "
            "fails again, keep the file and report the problem."
        ) from exc
    db.conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    db.conn.execute("PRAGMA synchronous=NORMAL")
