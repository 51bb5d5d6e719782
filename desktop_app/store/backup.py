"""Copies of the database made with SQLite's backup API (safe while the file is open).

Backups live in `backups/` beside the database, named `<stem>-<YYYYmmdd-HHMMSS>-<kind>.db`:
`auto` (made when the app or the command line opens the database for writing, at most once a
day; 7 daily and 4 weekly ones are kept), `manual` (the `backup` command and File > Back up now;
never deleted by the rotation) and `before-vN` (before an upgrade). A copy counts only once
SQLite's quick_check has found it whole; a damaged copy is deleted at once.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

DAILY_KEPT = 7
WEEKLY_KEPT = 4
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<kind>[a-z0-9-]+?)(?:-\d+)?\.db$")


class BackupError(RuntimeError):
    """A backup that could not be written or is not whole; the message says what to do."""


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup file as the list shows it."""

    path: Path
    created_at: datetime  # local time, from the name
    kind: str  # auto, manual, before-vN
    size: int  # bytes
    conversions: int | None  # None when the copy cannot be read

    @property
    def file(self) -> str:
        return self.path.name


def backups_folder(db_path: Path) -> Path:
    return db_path.resolve().parent / "backups"


def read_only_uri(path: Path) -> str:
    """A read-only SQLite URI for any file name (`#`, `?` and `%` are quoted)."""
    return Path(path).resolve().as_uri() + "?mode=ro"


def backup_prefix(db_path: Path) -> str:
    """`business` for business.db, `shop.sqlite` for shop.sqlite: two databases beside each
    other never share (or rotate away) each other's copies."""
    return db_path.stem if db_path.suffix.lower() == ".db" else db_path.name


def backup_database(
    conn: sqlite3.Connection, db_path: Path, reason: str, target: Path | None = None
) -> Path:
    """Write a timestamped (or `target`) copy of the open database, owner-only, and verify it."""
    if target is None:
        folder = backups_folder(db_path)
        folder.mkdir(parents=True, exist_ok=True)
        restrict_permissions(folder, folder=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = folder / f"{backup_prefix(db_path)}-{stamp}-{reason}.db"
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{backup_prefix(db_path)}-{stamp}-{reason}-{n}.db"
    # Never over an existing file (another database, its WAL, an earlier copy).
    if target.exists():
        raise BackupError(f"{target} already exists; name a new file for the copy.")
    # Written under a hidden name and published whole once verified, so nothing (the restore
    # list, a rotation) ever sees a half-written or failed copy. Owner-only from the first byte:
    # the copy holds the same personal data as the database.
    partial = target.with_name(f".{target.name}.partial")
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    try:
        dest = sqlite3.connect(partial)
        try:
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            dest.close()
        verify_backup(partial)
        _publish(partial, target)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()
    restrict_permissions(target)
    return target


def _publish(partial: Path, target: Path) -> None:
    """Give the finished copy its name, never replacing a file that appeared there meanwhile."""
    try:
        os.link(partial, target)
    except FileExistsError as exc:
        raise BackupError(f"{target} already exists; name a new file for the copy.") from exc
    except OSError:  # a file system without hard links (a FAT-formatted stick)
        if target.exists():
            raise BackupError(f"{target} already exists; name a new file for the copy.") from None
        os.replace(partial, target)


def verify_backup(path: Path) -> None:
    """Raise BackupError unless SQLite's quick_check finds the copy whole."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupError(f"The backup {path.name} cannot be read ({exc}).") from exc
    if result != ("ok",):
        raise BackupError(f"The backup {path.name} is damaged ({result[0]}).")


def list_backups(db_path: Path, count: bool = True) -> list[BackupInfo]:
    """This database's backups, newest first (`count`: open each to count its conversions)."""
    folder = backups_folder(db_path)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        m = _NAME.match(path.name)
        if not m or m.group("stem") != backup_prefix(db_path) or not path.is_file():
            continue
        created = datetime.strptime(m.group("stamp"), "%Y%m%d-%H%M%S")
        found.append(BackupInfo(path, created, m.group("kind"), path.stat().st_size,
                                _conversions(path) if count else None))  # fmt: skip
    return sorted(found, key=lambda b: (b.created_at, b.path.name), reverse=True)


def _conversions(path: Path) -> int | None:
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM conversions").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def backup_due(conn: sqlite3.Connection, db_path: Path, today: date | None = None) -> bool:
    """Whether today's automatic copy is still to be made (a new, empty database needs none)."""
    today = today or date.today()
    autos = [b for b in list_backups(db_path, count=False) if b.kind == "auto"]
    if any(b.created_at.date() == today for b in autos):
        return False
    return any(
        conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone()
        for table in ("goals", "campaigns", "spend", "conversions", "touchpoints")
    )


def daily_backup(conn: sqlite3.Connection, db_path: Path, today: date | None = None) -> Path | None:
    """The automatic copy: made when none was made today, then the rotation. None when skipped."""
    if not backup_due(conn, db_path, today):
        return None
    target = backup_database(conn, db_path, "auto")
    rotate(db_path)
    return target


def rotate(db_path: Path) -> list[Path]:
    """Keep the newest automatic copy of each of the last 7 days that have one and of each of
    the last 4 weeks; delete the other automatic copies. Manual copies are never touched."""
    autos = [b for b in list_backups(db_path, count=False) if b.kind == "auto"]  # newest first
    keep: set[Path] = set()
    days: list[date] = []
    weeks: list[tuple[int, int]] = []
    for b in autos:
        day = b.created_at.date()
        if day not in days and len(days) < DAILY_KEPT:
            days.append(day)
            keep.add(b.path)
        week = day.isocalendar()[:2]
        if week not in weeks and len(weeks) < WEEKLY_KEPT:
            weeks.append((week[0], week[1]))
            keep.add(b.path)
    removed = []
    for b in autos:
        if b.path not in keep:
            with contextlib.suppress(OSError):
                b.path.unlink()
                removed.append(b.path)
    return removed


def restrict_permissions(path: Path, folder: bool = False) -> None:
    if os.name == "posix" and path.exists():
        with contextlib.suppress(OSError):
            os.chmod(path, 0o700 if folder else 0o600)


def copy_private(source: Path, target: Path) -> None:
    """Copy a file owner-only (it holds personal data), replacing `target`."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
        while chunk := src.read(1 << 20):
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    restrict_permissions(target)
