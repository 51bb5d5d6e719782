"""Writing an export file safely: checks that say what to do, a temp file renamed into place."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path


class ExportError(Exception):
    """An export that cannot be written; the message names the file and says what to do."""


class ExportCancelled(Exception):
    """The user cancelled the export; nothing was written."""


def check_target(path: Path) -> None:
    """Refuse, with a clear message, a target that cannot be replaced: a read-only file, a
    file open in Excel (its `~$` owner file exists, or Windows keeps it locked), a folder that
    does not exist or cannot be written."""
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(
            f"The folder {folder} does not exist. Choose an existing folder for {path.name}."
        )
    if path.is_dir():
        raise ExportError(f"{path} is a folder. Choose a file name ending in .xlsx.")
    if path.exists():
        if not path.stat().st_mode & stat.S_IWUSR:
            raise ExportError(
                f"{path.name} is read-only, so it cannot be replaced. Choose another file name, "
                "or clear the file's read-only setting and export again."
            )
        if (folder / f"~${path.name}").exists() or _locked(path):
            raise ExportError(
                f"{path.name} is open in another program (Excel?). Close it there and export "
                "again, or choose another file name."
            )
    if not os.access(folder, os.W_OK):
        raise ExportError(
            f"Cannot write to the folder {folder}. Choose a folder you can save files in."
        )


def _locked(path: Path) -> bool:
    """True when another program holds the file open exclusively (Windows and Excel do)."""
    try:
        with open(path, "r+b"):
            return False
    except PermissionError:
        return True
    except OSError:
        return False


@contextlib.contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """Yield a temp file beside `path`; when the block ends without error it replaces `path`.

    On any error (or a cancel) the temp file is removed and an earlier file at `path` is left
    exactly as it was.
    """
    check_target(path)
    fd, tmp_name = tempfile.mkstemp(prefix=_prefix(path), suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        try:
            os.replace(tmp, path)
        except PermissionError as exc:
            raise ExportError(
                f"{path.name} could not be replaced: it is open in another program or "
                "read-only. Close it and export again, or choose another file name."
            ) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


# Temporary files of an export sit beside its target, named `.<stem>.<host>-<pid>.<random>.tmp`:
# a failed export removes its own, and one that was killed leaves them where the next export to
# that folder finds them and removes them (never in the system's temporary folder, out of sight).
_SHEET_FILES_LOCK = threading.Lock()
STALE_SECONDS = 12 * 3600  # where a process cannot be asked whether it lives (Windows)


def _host() -> str:
    """This computer's name as it may stand in a file name (a shared folder may hold files of
    exports running on other computers: only this computer's are judged by process id)."""
    return re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:32] or "host"


def _prefix(path: Path) -> str:
    return f".{path.stem}.{_host()}-{os.getpid()}."


def remove_leftovers(path: Path) -> list[Path]:
    """Remove the temporary files that killed exports to `path` left beside it; returns them."""
    removed: list[Path] = []
    pattern = re.compile(rf"^\.{re.escape(path.stem)}\.{_host()}-(\d+)\.[^.]+\.tmp$")
    try:
        candidates = list(path.parent.iterdir())
    except OSError:
        return removed
    for item in candidates:
        m = pattern.match(item.name)
        if not m or int(m.group(1)) == os.getpid() or _alive(int(m.group(1)), item):
            continue
        with contextlib.suppress(OSError):
            item.unlink()
            removed.append(item)
    return removed


def _alive(pid: int, item: Path) -> bool:
    if os.name == "nt":  # os.kill would end the process there: judge by age instead
        try:
            return time.time() - item.stat().st_mtime < STALE_SECONDS
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # alive, owned by someone else
        return True
    return True


@contextlib.contextmanager
def sheet_files_beside(path: Path) -> Iterator[None]:
    """openpyxl writes each sheet of a large workbook to a temporary file first: put those beside
    `path` (see remove_leftovers) instead of the system's temporary folder."""
    from openpyxl.worksheet import _writer

    def create(suffix: str = "") -> str:
        fd, name = tempfile.mkstemp(prefix=_prefix(path), suffix=".tmp", dir=path.parent)
        os.close(fd)
        _writer.ALL_TEMP_FILES.append(name)  # openpyxl's own clean-up at exit knows it too
        return name

    with _SHEET_FILES_LOCK:
        saved = _writer.create_temporary_file
        _writer.create_temporary_file = create
        try:
            yield
        finally:
            _writer.create_temporary_file = saved
