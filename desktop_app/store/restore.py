"""Restoring a backup over a database file: checked first, the replaced file always kept.

Apart from backup.py because it needs the connection registry (no file may be open while it is
replaced), and connection.py itself makes the daily backups.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from desktop_app.store.backup import BackupError, copy_private, read_only_uri, verify_backup
from desktop_app.store.connection import StoreError, held_connections
from desktop_app.store.lock import ProcessLock
from desktop_app.store.schema_version import SCHEMA_VERSION


def restore_backup(backup: Path, db_path: Path) -> Path:
    """Replace the database at `db_path` with `backup`; the current file is kept beside it as
    `NAME.before-restore` (its unsaved WAL, if any, as `NAME.before-restore-wal`). Returns that
    kept file. No connection of this process may be open to `db_path`, and no other app may
    have it open (DatabaseLockedError)."""
    backup = Path(backup)
    if not backup.is_file():
        raise BackupError(f"{backup} does not exist. List the backups with 'conversion-tracker "
                          "backups'.")  # fmt: skip
    verify_backup(backup)
    conn = sqlite3.connect(read_only_uri(backup), uri=True)
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()
    if "settings" not in tables:
        raise BackupError(f"{backup.name} is not a Conversion Tracker database.")
    if version > SCHEMA_VERSION:
        raise BackupError(f"{backup.name} was written by a newer version of Conversion Tracker.")
    db_path = Path(db_path).resolve()  # a link is followed: the real file is replaced
    if held_connections(db_path):
        raise StoreError(f"Close {db_path.name} before restoring a backup over it.")
    lock = ProcessLock(db_path)
    lock.acquire()
    try:
        kept = db_path.with_name(db_path.name + ".before-restore")
        kept_wal = kept.with_name(kept.name + "-wal")
        if kept.exists():  # an earlier restore's kept file is kept too, under its date
            stamp = datetime.fromtimestamp(kept.stat().st_mtime).strftime("%Y%m%d-%H%M%S")
            older = kept.with_name(f"{kept.name}-{stamp}")
            os.replace(kept, older)
            if kept_wal.exists():
                os.replace(kept_wal, older.with_name(older.name + "-wal"))
        kept_wal.unlink(missing_ok=True)
        wal = db_path.with_name(db_path.name + "-wal")
        if db_path.exists():
            with contextlib.suppress(sqlite3.Error):
                live = sqlite3.connect(db_path)
                try:
                    live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                finally:
                    live.close()
            copy_private(db_path, kept)
            if wal.exists() and wal.stat().st_size:
                copy_private(wal, kept_wal)
        # The old WAL and its index must go before the new file arrives, or SQLite would apply
        # the old changes to the restored database.
        for suffix in ("-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                db_path.with_name(db_path.name + suffix).unlink()
        incoming = db_path.with_name(f".{db_path.name}.restoring")
        copy_private(backup, incoming)
        os.replace(incoming, db_path)
    finally:
        lock.release()
    return kept
