"""Run the workbook reader in a child process, so a reader that aborts cannot take the app down.

Every workbook (xlsx, xlsm, xlsb, xls, ods) is parsed here: a file built to make the reader
allocate without end (a shared-text table claiming four billion entries, a cell at the far corner
written in a form a pre-scan missed) ends the child, never the app, and becomes the same clear
message as any damaged file. The child's memory is capped where the system allows (Linux and
other systems with RLIMIT_AS); there is no time limit, because a real million-row sheet takes
minutes. Measured with tests/benchmarks/bench_import.py: the child costs about 0.1 s per file and
the rows cross the pipe in chunks, so a large workbook is not held twice in the parent.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
from collections.abc import Callable
from contextvars import ContextVar
from multiprocessing.connection import Connection
from typing import Any

from desktop_app.importing.errors import ImportRefused

CHUNK_ROWS = 20_000
MIN_CAP_BYTES = 2 << 30  # a child never gets less address space than this
CAP_SHARE = 0.6  # of the computer's memory; a real 1M-row sheet needs about 1.5 GB in the child


def memory_cap() -> int | None:
    """Bytes of address space the reader child may use, or None where it cannot be told."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None
    return max(MIN_CAP_BYTES, int(total * CAP_SHARE))


def _cap_memory(limit: int | None) -> None:
    if limit is None:
        return
    try:
        import resource
    except ImportError:  # Windows: the child still protects the app, only without a cap
        return
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):  # macOS refuses some values; the child still isolates
        pass


def _send_grid(conn: Connection, grid: list[Any]) -> None:
    for start in range(0, len(grid), CHUNK_ROWS):
        conn.send(("rows", grid[start : start + CHUNK_ROWS]))
    conn.send(("grid", getattr(grid, "merged", 0)))


def _child(
    conn: Connection, what: str, path: str, sheet: str | None, file: str, cap: int | None
) -> None:
    _cap_memory(cap)
    from desktop_app.importing import workbook

    try:
        if what == "sheets":
            kept: dict[str | None, Any] = {}
            listed = workbook.workbook_sheets(path, file, keep=kept)
            conn.send(("sheets", listed))
            for name, parsed in kept.items():  # the only visible sheet: its rows come along
                conn.send(("sheet", name))
                _send_grid(conn, workbook.to_grid(parsed, name, file))
        else:
            conn.send(("sheet", sheet))
            _send_grid(conn, workbook.workbook_grid(path, sheet, file))
        conn.send(("done", None))
    except ImportRefused as exc:
        conn.send(("refused", str(exc)))
    except MemoryError:
        conn.send(("refused", _too_big(file)))
    except BaseException as exc:  # anything else is reported, never re-raised in the child
        conn.send(("refused", f"{file} cannot be read: {type(exc).__name__}: {exc}"))
    finally:
        conn.close()


# The reading of a workbook stops (and its child is ended) when this event is set: the wizard
# sets it for the planning task it runs, so "Cancel" works while a large sheet is read.
cancel_reading: ContextVar[threading.Event | None] = ContextVar("cancel_reading", default=None)


def read_isolated(
    what: str,
    path: str,
    sheet: str | None,
    file: str,
    meanwhile: Callable[[], None] | None = None,
) -> tuple[Any, dict[str | None, list[Any]]]:
    """Run the reader in a spawned child: ("sheets", ...) lists the sheets (and brings the only
    visible one's rows), ("grid", sheet) reads one sheet. Returns (sheet list or None, grids).
    The child's death, whatever the cause, becomes an ImportRefused; a set `cancel_reading`
    ends the child and raises ImportCancelled.

    `meanwhile` runs here while the child reads (the pre-scan of a workbook: on two cores the two
    overlap, so isolation costs no time); when it raises, the child is ended at once."""
    from desktop_app.importing.errors import ImportCancelled
    from desktop_app.importing.workbook import Grid

    cancel = cancel_reading.get()
    ctx = mp.get_context("spawn")  # never fork a process that may hold Qt or SQLite state
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(
        target=_child, args=(child, what, path, sheet, file, memory_cap()), daemon=True
    )
    listed: Any = None
    grids: dict[str | None, list[Any]] = {}
    current: Grid | None = None
    finished = False
    try:
        proc.start()
        child.close()
        if meanwhile is not None:
            meanwhile()
        while True:
            # No time limit (a real million-row sheet takes minutes), but a cancel is heard.
            while True:
                if cancel is not None and cancel.is_set():
                    raise ImportCancelled(f"reading {file} was cancelled; nothing was changed")
                if parent.poll(0.25):
                    break
                if not proc.is_alive() and not parent.poll(0):
                    raise EOFError
            status, payload = parent.recv()  # EOF when the child died
            if status == "sheets":
                listed = payload
            elif status == "sheet":
                current = Grid()
                grids[payload] = current
            elif status == "rows" and current is not None:
                current.extend(payload)
            elif status == "grid" and current is not None:
                current.merged = payload
            elif status == "done":
                finished = True
                break
            else:
                raise ImportRefused(str(payload), file=file, sheet=sheet)
    except EOFError:
        proc.join(5)
        raise ImportRefused(_died(file, proc.exitcode), file=file) from None
    finally:
        parent.close()
        child.close()
        if proc.pid is not None:
            if finished:
                proc.join(5)  # it has sent everything and is ending by itself
            if proc.is_alive():
                proc.kill()
                proc.join(5)
            proc.close()
    return listed, grids


def run_isolated(what: str, path: str, sheet: str | None, file: str) -> Any:
    """The sheet list ("sheets") or one sheet's rows ("grid"), read in a child process."""
    listed, grids = read_isolated(what, path, sheet, file)
    return listed if what == "sheets" else grids.get(sheet, [])


def _died(file: str, exitcode: int | None) -> str:
    return (
        f"{file} could not be read: the spreadsheet reader stopped on it (exit code {exitcode}). "
        "The file is damaged, or built to exhaust the computer's memory. Open it in Excel or "
        "LibreOffice, save it again as .xlsx or .csv, and import the new copy."
    )


def _too_big(file: str) -> str:
    return (
        f"{file} needs more memory to read than this computer allows for one file. Save only "
        "the sheet you need (or split it) as .csv, and import that."
    )
