"""Run a workbook reader in a child process, so a reader that aborts cannot take the app down."""

from __future__ import annotations

import multiprocessing as mp
from multiprocessing.connection import Connection
from typing import Any

from desktop_app.importing.errors import ImportRefused

TIMEOUT_SECONDS = 300


def _child(conn: Connection, what: str, path: str, sheet: str | None, file: str) -> None:
    from desktop_app.importing import readers

    try:
        if what == "sheets":
            result: Any = readers.workbook_sheets(path, file)
        else:
            result = readers.workbook_grid(path, sheet, file)
        conn.send(("ok", result))
    except ImportRefused as exc:
        conn.send(("refused", str(exc)))
    except BaseException as exc:  # anything else is reported, never re-raised in the child
        conn.send(("refused", f"{file} cannot be read: {type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def run_isolated(what: str, path: str, sheet: str | None, file: str) -> Any:
    """`readers.workbook_sheets` / `workbook_grid` in a spawned child; its death becomes a refusal."""
    ctx = mp.get_context("spawn")  # never fork a process that may hold Qt or SQLite state
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, what, path, sheet, file), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(TIMEOUT_SECONDS):
            proc.kill()
            raise ImportRefused(
                f"{file} took longer than {TIMEOUT_SECONDS} s to read and was given up. "
                "Save the sheet you need as CSV and import that.",
                file=file,
            )
        status, payload = parent.recv()
    except EOFError:
        proc.join(5)
        raise ImportRefused(
            f"{file} made the spreadsheet reader fail (exit code {proc.exitcode}); the file is "
            "damaged or built to attack spreadsheet programs. Open it in Excel or LibreOffice, "
            "save it as .xlsx or .csv, and import the new copy.",
            file=file,
        ) from None
    finally:
        parent.close()
        proc.join(5)
        if proc.is_alive():
            proc.kill()
    if status != "ok":
        raise ImportRefused(str(payload), file=file, sheet=sheet)
    return payload
