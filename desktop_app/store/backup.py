"""Copies of the database made with SQLite's backup API (safe while the file is open)."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path


def backups_folder(db_path: Path) -> Path:
    return db_path.resolve().parent / "backups"


def backup_database(conn: sqlite3.Connection, db_path: Path, reason: str) -> Path:
    """Write a timestamped copy of the open database; owner-only permissions."""
    folder = backups_folder(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{db_path.stem}-{stamp}-{reason}.db"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{db_path.stem}-{stamp}-{reason}-{n}.db"
    dest = sqlite3.connect(target)
    try:
        conn.execute("PRAGMA synchronous=FULL")
        conn.backup(dest)
    finally:
        dest.close()
        conn.execute("PRAGMA synchronous=NORMAL")
    restrict_permissions(target)
    return target


def restrict_permissions(path: Path) -> None:
    if os.name == "posix" and path.exists():
        os.chmod(path, 0o600)
