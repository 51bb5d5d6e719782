"""`import`, `batches` and `undo-import`: spreadsheets in as undoable batches."""

from __future__ import annotations

import argparse
import sys
import threading
import time
from datetime import date

from desktop_app.cli.common import (
    CliError,
    note,
    opened_database,
    print_json,
    print_table,
    within_calendar,
)
from desktop_app.importing.batches import UndoError, earlier_import, list_batches, undo_batch
from desktop_app.importing.engine import (
    ImportCancelled,
    ImportOptions,
    ImportRefused,
    ImportResult,
    plan_import,
    run_import,
)
from desktop_app.importing.errors import Problem
from desktop_app.importing.wording import plural
from desktop_app.system_locale import computer_defaults


def run(args: argparse.Namespace) -> int:
    if args.command == "batches":
        return _batches(args)
    if args.command == "undo-import":
        return _undo(args)
    return _import(args)


def _options(args: argparse.Namespace) -> ImportOptions:
    mapping: dict[str, str] = {}
    for item in args.map:
        header, sep, target = item.rpartition("=")
        if not sep or not header.strip():
            raise CliError(f'--map {item!r} must look like "Header=field"')
        mapping[header.strip()] = target.strip()
    return ImportOptions(
        kind=args.kind,
        preset=args.preset,
        sheet=args.sheet,
        mapping=mapping,
        date_order=args.date_order,
        period=_period(args.period),
        goal=args.goal,
        blank_cost=args.blank_cost,
    )


def _period(text: str | None) -> tuple[date, date] | None:
    if not text:
        return None
    first, sep, last = text.partition(":")
    try:
        start, end = date.fromisoformat(first.strip()), date.fromisoformat(last.strip())
    except ValueError:
        raise CliError(f"--period {text!r} must look like 2026-01-01:2026-01-31") from None
    if not sep or end < start:
        raise CliError(f"--period {text!r}: the last day must not be before the first")
    return within_calendar(start, "--period", text), within_calendar(end, "--period", text)


class _Bar:
    """A progress bar on standard error, only when it is a terminal and the file is big."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.started < 0.5 or not total:
            return
        width = 30
        filled = int(width * min(done, total) / total)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} rows")
        sys.stderr.flush()
        if done >= total:
            sys.stderr.write("\n")


def _import(args: argparse.Namespace) -> int:
    options = _options(args)
    with opened_database(args) as db:
        try:
            plan = plan_import(args.file, options, db)
        except ImportRefused as exc:
            from desktop_app.importing.engine import audit_refusal

            audit_refusal(db, args.file, str(exc))
            raise CliError(_with_file(args.file, str(exc)), 2, _known(args)) from exc
        earlier = earlier_import(db, plan.file_hash)
        if earlier is not None and not args.again:
            raise CliError(
                f"{plan.file} was imported before, as batch {earlier.batch} on "
                f"{earlier.imported_at[:10]} ({earlier.file}). To import it again (after adding "
                "an exchange rate, with another mapping or --blank-cost), add --again: records "
                "already there are skipped, or updated where a figure changed, never doubled.",
                2,
                _known(args, plan.kind),
            )
        try:
            result = run_import(
                db,
                plan,
                dry_run=args.dry_run,
                progress=_Bar(),
                cancel=threading.Event(),
                defaults=computer_defaults(),
            )
        except (ImportRefused, ImportCancelled) as exc:  # run_import logged the refusal
            raise CliError(_with_file(args.file, str(exc)), 2, _known(args, plan.kind)) from exc
    if args.format == "json":
        print_json(result.as_json())
    else:
        _print_summary(result)
    if result.exit_status == 2 and result.nothing_reason:
        note(f"{result.file}: nothing could be imported: {result.nothing_reason}")
    return result.exit_status


def _known(args: argparse.Namespace, kind: str | None = None) -> dict[str, object]:
    """The summary's keys that are known when an import fails as a whole (JSON on exit 2)."""
    from pathlib import Path

    return {"file": Path(args.file).name, "kind": kind or args.kind}


def _with_file(path: str, message: str) -> str:
    from pathlib import Path

    name = Path(path).name
    return message if name in message else f"{name}: {message}"


def _print_summary(result: ImportResult) -> None:
    verb = "would import" if result.dry_run else "imported"
    sheet = f", sheet {result.sheet}" if result.sheet else ""
    print(
        f"{result.file}{sheet}: {result.kind}, {verb} as batch {result.batch}"
        if result.batch
        else f"{result.file}{sheet}: {result.kind} ({'dry run, nothing stored' if result.dry_run else 'nothing stored, no batch written'})"
    )
    if not result.stored and result.duplicates and not result.dry_run:
        print("  nothing new: every record is already in the database")
    print(
        f"  rows read:  {result.rows_read}"
        + (
            f" ({result.total_rows_skipped} total rows skipped)"
            if result.total_rows_skipped
            else ""
        )
    )
    print(f"  inserted:   {result.inserted}")
    print(f"  updated:    {result.updated}")
    print(f"  duplicates: {result.duplicates} (already there, skipped)")
    print(f"  rejected:   {len(result.rejected)}")
    for line in result.explained:
        print(f"  {line}")
    if result.conversions_from_touchpoints:
        print(
            f"  conversions from rows marked as conversions: {result.conversions_from_touchpoints}"
        )
    for what in ("campaigns", "channels", "goals"):
        names = result.created.get(what) or []
        if names:
            print(f"  created {plural(len(names), what[:-1], what)}: {', '.join(names)}")
    for a, b in result.merge_suggestions:
        print(
            f"  campaigns '{a}' and '{b}' look alike; merge them in the app if they are one campaign"
        )
    for line in result.notes:
        print(f"  note: {line}")
    for line in grouped_problems(result.rejected, result.file):
        print(f"  rejected: {line}")
    for line in grouped_problems(result.warnings, result.file):
        print(f"  warning: {line}")


def grouped_problems(problems: list[Problem], file: str, shown_rows: int = 3) -> list[str]:
    """One line per problem, except that problems with the same sheet, column and reason share
    a line that counts them and names their first rows (values differ, so they are left out)."""
    groups: dict[tuple[str | None, str | None, str], list[Problem]] = {}
    for p in problems:
        groups.setdefault((p.sheet, p.column, p.reason), []).append(p)
    lines = []
    for (sheet, column, reason), members in groups.items():
        if len(members) == 1:
            lines.append(members[0].describe(file))
            continue
        where = [file] + ([f"sheet {sheet}"] if sheet else [])
        where.append(f"{len(members):,} rows")
        if column:
            where.append(f"column {column!r}")
        rows = [
            f"{p.row:,}" + (f" (line {p.line:,})" if p.line is not None else "")
            for p in members
            if p.row is not None
        ][:shown_rows]
        rest = len(members) - len(rows)
        listed = ", ".join(rows) if not rest else f"{', '.join(rows)} and {rest:,} more"
        lines.append(f"{', '.join(where)}: {reason}" + (f" (rows {listed})" if rows else ""))
    return lines


def _batches(args: argparse.Namespace) -> int:
    with opened_database(args) as db:
        rows = list_batches(db)
    if args.format == "json":
        print_json([r.as_json() for r in rows])
        return 0
    print_table(
        [
            "batch",
            "file",
            "kind",
            "imported at",
            "read",
            "inserted",
            "updated",
            "duplicates",
            "rejected",
            "undone",
        ],
        [
            [
                str(r.batch),
                r.file,
                r.kind,
                r.imported_at,
                str(r.rows_read),
                str(r.inserted),
                str(r.updated),
                str(r.duplicates),
                str(r.rejected),
                r.undone or "",
            ]
            for r in rows
        ],
        right={0, 4, 5, 6, 7, 8},
    )
    return 0


def _undo(args: argparse.Namespace) -> int:
    with opened_database(args, must_exist=True) as db:
        try:
            result = undo_batch(db, args.batch)
        except UndoError as exc:
            raise CliError(str(exc), 2) from exc
    removed = ", ".join(f"{n} {t}" for t, n in result.removed.items() if n)
    print(
        f"Undid import batch {result.batch}: removed {removed or 'nothing'}"
        + (f"; restored {plural(result.restored, 'updated row')}." if result.restored else ".")
    )
    if result.kept:
        note(f"kept (still used by other data): {', '.join(result.kept)}")
    return 0
