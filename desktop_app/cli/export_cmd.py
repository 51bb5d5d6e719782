"""`conversion-tracker export`: the Excel report workbook, or an upload file for an ad platform
(PRODUCT.md: offline conversion upload formats, and `export` under Command line)."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

from desktop_app.cli.common import CliError, note, opened_database, print_json
from desktop_app.cli.report_cmd import report_scope
from desktop_app.exporting.files import ExportError
from desktop_app.exporting.workbook import export_workbook
from desktop_app.reports.conversions import find_goal


def run(args: argparse.Namespace) -> int:
    if args.target != "xlsx":
        return _upload(args)
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise CliError(f"{out} does not end in .xlsx; name the workbook like report.xlsx")
    known: dict[str, object] = {"file": None, "target": "xlsx"}
    with opened_database(args, must_exist=True) as db:
        first, last, goal_id = report_scope(db, args)
        found = find_goal(db, args.goal) if goal_id is not None else None
        goal = found.name if found else None
        try:
            result = export_workbook(db, out, first, last, goal_id=goal_id)
        except ExportError as exc:
            raise CliError(str(exc), 2, known) from exc
    if getattr(args, "format", "text") == "json":  # one document and nothing else
        print_json({"file": str(out), "target": "xlsx", "from": first.isoformat(),
                    "to": last.isoformat(), "goal": goal, "conversions": result.conversions,
                    "sheets": list(result.sheets)})  # fmt: skip
        return 0
    note(f"Report {first} to {last}: sheets {', '.join(result.sheets)}.")
    print(f"Wrote {out} ({result.conversions} conversions).")
    return 0


def _upload(args: argparse.Namespace) -> int:

    out = Path(args.out)
    known = {"file": None, "target": args.target}
    try:
        return _write_upload(args, out, known)
    except CliError as exc:  # the JSON of a failure still says which file and target
        exc.known = {**known, **exc.known}
        raise
    except (sqlite3.Error, OSError) as exc:  # e.g. a read-only file: it cannot record the upload
        from desktop_app.cli.common import db_file
        from desktop_app.store.faults import explain

        message = explain(exc, db_file(args)) or f"{out.name} was not written: {exc}."
        raise CliError(message, 2, known) from exc


def _write_upload(args: argparse.Namespace, out: Path, known: dict[str, object]) -> int:
    from desktop_app.exporting.uploads import write_upload
    from desktop_app.store.connection import is_read_only

    with opened_database(args, must_exist=True) as db:
        if is_read_only(db):
            raise CliError(
                f"{out.name} was not written: an upload file records what it sent, and the "
                "database cannot be written (a read-only file or folder).", 2, known,
            )  # fmt: skip
        first, last, goal_id = report_scope(db, args)
        goal_name = args.goal.strip() if args.goal else None
        try:
            result = write_upload(db, args.target, out, first, last,
                                  [goal_id] if goal_id is not None else [], again=args.again,
                                  goal_name=goal_name)  # fmt: skip
        except ExportError as exc:
            raise CliError(str(exc), 2, known) from exc
    plan = result.preflight
    document = {
        "file": str(result.path) if result.path else None,
        "target": args.target,
        "rows": len(plan.rows),
        "left_out": [item.as_json() for item in plan.left_out],
        "already_exported": plan.already_exported,
    }
    if args.format == "json":
        print_json(document)
    else:
        for reason, count in sorted(plan.counts().items()):
            note(f"Left out: {count} ({reason}).")
        if result.path:
            print(f"Wrote {out} ({len(plan.rows)} rows) for {args.target}.")
        else:
            print(_nothing(plan.already_exported))
    if result.path is None:
        if args.format == "json":
            note(_nothing(plan.already_exported))
        return 1
    return 0


def _nothing(already: int) -> str:
    if already:
        return (f"Nothing new to upload: {already} already exported (--again sends them "
                "again); no file was written.")  # fmt: skip
    return "Nothing to upload: no conversion in the range qualifies; no file was written."
