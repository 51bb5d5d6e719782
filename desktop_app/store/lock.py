"""A lock file beside the database so a second app instance cannot write the same file."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from pathlib import Path
from typing import IO, ClassVar


class DatabaseLockedError(RuntimeError):
    """Another Conversion Tracker process has the database open."""


class ProcessLock:
    """An exclusive OS lock on `<db>.lock`, shared by every connection of this process."""

    _held: ClassVar[dict[Path, tuple[IO[str], int]]] = {}
    _guard = threading.Lock()

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path.resolve()
        self.path = self.db_path.with_name(self.db_path.name + ".lock")
        self._acquired = False

    def acquire(self) -> None:
        with self._guard:
            held = self._held.get(self.path)
            if held:
                self._held[self.path] = (held[0], held[1] + 1)
                self._acquired = True
                return
            fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the process
            try:
                _lock_file(fh)
            except OSError as exc:
                fh.seek(0)
                other = fh.read().strip() or "another program"
                fh.close()
                raise DatabaseLockedError(
                    f"{self.db_path.name} is already open in Conversion Tracker ({other}). "
                    "Close the other window first, or open a different database."
                ) from exc
            fh.seek(0)
            fh.truncate()
            fh.write(f"process {os.getpid()}")
            fh.flush()
            if os.name == "posix":
                os.chmod(self.path, 0o600)
            self._held[self.path] = (fh, 1)
            self._acquired = True

    def release(self) -> None:
        if not self._acquired:
            return
        self._acquired = False
        with self._guard:
            fh, count = self._held[self.path]
            if count > 1:
                self._held[self.path] = (fh, count - 1)
                return
            del self._held[self.path]
            _unlock_file(fh)
            fh.close()
            # Another process may hold it already; the lock, not the file, matters.
            with contextlib.suppress(OSError):
                self.path.unlink()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock_file(fh: IO[str]) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock_file(fh: IO[str]) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock_file(fh: IO[str]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock_file(fh: IO[str]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
