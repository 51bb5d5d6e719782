"""Pieces every command shares: opening the database, dates, output."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the store is imported only when a command opens a database
    from desktop_app.store.handle import Database


class CliError(Exception):
    """An expected failure: printed as one clear line on standard error, with an exit status.

    With `--format json` standard output also gets `{"error": message, **known}`: `known` holds
    the command's usual keys where they are known when it fails."""

    def __init__(self, message: str, status: int = 2, known: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.known = known or {}


def db_file(args: argparse.Namespace) -> Path:
    """The database a command works on: `--db`, else the app's own."""
    from desktop_app.store import default_database_path

    return Path(args.db) if getattr(args, "db", None) else default_database_path()


def fail(message: str, status: int = 2) -> int:
    print(f"conversion-tracker: {message}", file=sys.stderr)
    return status


# What a shell reports for a program stopped by SIGPIPE (128 + 13), e.g. `report | head`.
OUTPUT_CLOSED_STATUS = 141


def flush_output() -> None:
    """Write out what is still buffered, so a closed pipe shows up while the command can react."""
    sys.stdout.flush()


def output_closed() -> int:
    """The reader of standard output went away: stop quietly, like tools stopped by SIGPIPE.

    Standard output is pointed at the null device so Python's own flush at exit does not
    complain about the closed pipe a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass  # no real file descriptor behind sys.stdout (captured in tests): nothing to redirect
    return OUTPUT_CLOSED_STATUS


def note(message: str) -> None:
    """Progress and remarks go to standard error, so standard output stays clean."""
    print(message, file=sys.stderr)


# Commands that only read: a mistyped --db must not leave a new empty database behind.
_READ_ONLY_COMMANDS = frozenset({"report", "attribution", "batches", "export", "backup", "health"})


def reads_only(args: argparse.Namespace) -> bool:
    """Whether this command line only reads the database (`settings` without KEY=VALUE too)."""
    command = getattr(args, "command", None)
    if command == "settings":
        return not getattr(args, "assignments", None)
    if command == "rates":
        return not getattr(args, "rates_action", None)
    if command in ("goals", "campaigns", "channels"):
        return not getattr(args, "action", None) or getattr(args, "dry_run", False)
    if command == "export":  # an upload file records what it sent; the workbook only reads
        return getattr(args, "target", "xlsx") == "xlsx"
    return command in _READ_ONLY_COMMANDS


@contextmanager
def opened_database(args: argparse.Namespace, must_exist: bool = False) -> Iterator[Database]:
    """The database of --db (or the default one); a read-only command never creates it."""
    from desktop_app.store import (
        StoreError,
        close_database,
        open_database,
    )
    from desktop_app.store.connection import can_write, open_read_only, wait_for_write_lock
    from desktop_app.store.faults import DatabaseFault
    from desktop_app.store.lock import DatabaseLockedError

    path = db_file(args)
    existed = path.exists()
    is_new = not existed or path.stat().st_size == 0
    if (must_exist or reads_only(args)) and is_new:
        raise CliError(
            f"{path} does not exist. Create it with: conversion-tracker demo --db {path}, "
            "or import a file into it."
        )
    read_only = reads_only(args) and not is_new and not can_write(path)
    try:
        # A read-only file or folder: reports still work, nothing is written. Otherwise reports
        # and exports may run while the app has the file open; imports may not.
        db = (
            open_read_only(path)
            if read_only
            else open_database(path, alongside=reads_only(args), backup=not reads_only(args))
        )
    except (StoreError, DatabaseLockedError, DatabaseFault) as exc:
        raise CliError(str(exc)) from exc
    from desktop_app.store.cloud import cloud_service, cloud_warning

    service = cloud_service(path)
    if service:
        note(f"Warning: {cloud_warning(path, service)}")
    keep = True
    try:
        if not reads_only(args):
            # Another program writing: say so at once (not after 30 silent seconds); Ctrl+C
            # cancels the wait.
            wait_for_write_lock(
                db,
                lambda: note(f"Waiting for another program to finish writing to {path.name}… "
                             "(Ctrl+C cancels)"),
            )  # fmt: skip
        if not read_only:
            _business_defaults(db, is_new, _sets_currency(args))
        yield db
        keep = not getattr(args, "dry_run", False)
    except BaseException:
        keep = False
        raise
    finally:
        close_database(db)
        if not existed and not keep:  # a refused command or a dry run leaves no new file
            _remove_database_files(path)


def _sets_currency(args: argparse.Namespace) -> bool:
    """`settings currency=...`: the user's own answer wins over any default."""
    return getattr(args, "command", None) == "settings" and any(
        a.strip().lower().startswith("currency=") for a in getattr(args, "assignments", [])
    )


def _remove_database_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
        with contextlib.suppress(OSError):
            path.with_name(path.name + suffix).unlink()


def _business_defaults(db: Database, is_new: bool, currency_given: bool = False) -> None:
    """A new database takes the computer's time zone and country; an older one that holds data
    but no currency gets the computer's currency, with a note (PRODUCT.md, Business defaults)."""
    import sqlite3

    from desktop_app.store.settings import (
        adopt_default_currency,
        load_settings,
        settle_new_database,
    )
    from desktop_app.system_locale import computer_defaults

    try:
        if not is_new and load_settings(db).currency:
            return  # nothing to settle: the computer is not asked (tzlocal costs 15 ms a start)
        defaults = computer_defaults()
        if is_new:
            settle_new_database(db, defaults)
        adopted = None if currency_given else adopt_default_currency(db, defaults)
    except sqlite3.OperationalError:  # a read-only file or folder: reports still run
        return
    if adopted:
        note(f"note: {adopted}")


def parse_date_arg(text: str | None, option: str, *, bounded: bool = True) -> date | None:
    """The day an option gives; `bounded`: one a range may name (`within_calendar`). A day that
    only finds something stored (`rates remove --from`) is not bounded: an older version
    stored such days."""
    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise CliError(f"{option} {text!r} is not a date in the form YYYY-MM-DD") from exc
    return within_calendar(day, option, text) if bounded else day


def within_calendar(day: date, option: str, text: str) -> date:
    """`day`, or an error when it lies outside the days a range may name (domain/timeutil)."""
    from desktop_app.domain.timeutil import EARLIEST_DAY, LATEST_DAY, outside_reportable

    if outside_reportable(day):
        raise CliError(
            f"{option} {text!r}: give a day between {EARLIEST_DAY} and {LATEST_DAY} (no record "
            "is older than 1900)"
        )
    return day


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def print_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, default=_json_default, ensure_ascii=False, indent=2))
    sys.stdout.write("\n")


def print_table(headers: list[str], rows: list[list[str]], right: set[int] | None = None) -> None:
    """A plain aligned text table on standard output."""
    right = right or set()
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(cells)
        ).rstrip()

    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))
