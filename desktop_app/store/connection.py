"""Opening a business database: lock, pragmas, version check, backup, migrations."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from desktop_app.store import report_summary
from desktop_app.store.backup import backup_database, restrict_permissions
from desktop_app.store.lock import DatabaseLockedError, ProcessLock
from desktop_app.store.schema import SCHEMA_VERSION, migrations

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


def open_database(path: str | Path, *, lock: bool = True, alongside: bool = False) -> Database:
    """Open (creating if needed) and migrate a database; returns a sqlite-utils `Database`.

    Each thread opens its own; all of one process share the lock on the file. With
    `alongside`, a file that the app has open is still opened (for the command line's reports
    and exports: SQLite's WAL lets readers and short writes work beside the app), but only when
    it needs no upgrade.
    """
    db_path = Path(path)
    if db_path.is_dir():
        raise StoreError(f"{db_path} is a folder, not a database file.")
    if not db_path.parent.exists():
        raise StoreError(f"The folder {db_path.parent} does not exist.")
    _check_is_sqlite(db_path)
    process_lock = ProcessLock(db_path) if lock else None
    if process_lock:
        try:
            process_lock.acquire()
        except DatabaseLockedError:
            if not alongside or not db_path.exists():
                raise
            process_lock = None
            lock = False
    try:
        conn = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False, timeout=30)
        db = Database(conn)
        db.conn.execute("PRAGMA foreign_keys=ON")
        db.conn.execute("PRAGMA journal_mode=WAL")
        db.conn.execute("PRAGMA synchronous=NORMAL")
        restrict_permissions(db_path)
        if not lock and migrations.pending(db):
            raise DatabaseLockedError(
                f"{db_path.name} is open in Conversion Tracker and needs an upgrade first. "
                "Close the app, then try again."
            )
        _migrate(db, db_path)
        if lock:  # bring the report summary up to date (after an upgrade, or a crash mid-write)
            report_summary.refresh(db)
    except BaseException:
        if process_lock:
            process_lock.release()
        raise
    db._ct_lock = process_lock  # type: ignore[attr-defined]
    return db


def close_database(db: Database) -> None:
    try:
        db.conn.close()
    finally:
        lock = getattr(db, "_ct_lock", None)
        if lock is not None:
            lock.release()


def _check_is_sqlite(db_path: Path) -> None:
    if not db_path.exists() or db_path.stat().st_size == 0:
        return
    with open(db_path, "rb") as fh:
        header = fh.read(16)
    if header != b"SQLite format 3\x00":
        raise StoreError(
            f"{db_path.name} is not a Conversion Tracker database (it is not an SQLite file). "
            "Choose another file, or create a new database."
        )


def user_version(db: Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _migrate(db: Database, db_path: Path) -> None:
    version = user_version(db)
    if version > SCHEMA_VERSION:
        raise FutureDatabaseError(
            f"{db_path.name} was written by a newer version of Conversion Tracker "
            f"(data version {version}; this version knows up to {SCHEMA_VERSION}). "
            "It has not been changed. Install the newer version to open it."
        )
    pending = migrations.pending(db)
    if not pending:
        return
    existing_tables = [t for t in db.table_names() if t != migrations.migrations_table]
    if existing_tables and "settings" not in existing_tables:
        raise StoreError(
            f"{db_path.name} is an SQLite file, but not a Conversion Tracker database. "
            "It has not been changed."
        )
    if version > 0:
        target = backup_database(db.conn, db_path, f"before-v{SCHEMA_VERSION}")
        log.info("backed up %s to %s before upgrading", db_path.name, target.name)
    db.conn.execute("PRAGMA synchronous=FULL")
    migrations.apply(db)
    db.conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    db.conn.execute("PRAGMA synchronous=NORMAL")
