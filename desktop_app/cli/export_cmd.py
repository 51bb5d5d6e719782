"""`conversion-tracker export`: the Excel report workbook (upload files come in a later version)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app.cli.common import CliError, note, opened_database, parse_date_arg
from desktop_app.cli.report_cmd import report_range
from desktop_app.exporting.files import ExportError
from desktop_app.exporting.workbook import export_workbook
from desktop_app.reports.conversions import find_goal, load_goals


def run(args: argparse.Namespace) -> int:
    if args.target != "xlsx":
        raise CliError(
            f"export {args.target} is not available yet in this version; "
            "use 'conversion-tracker export xlsx OUT.xlsx' for the Excel report.",
            2,
        )
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise CliError(f"{out} does not end in .xlsx; name the workbook like report.xlsx")
    with opened_database(args, must_exist=True) as db:
        first, last = report_range(
            db, parse_date_arg(args.date_from, "--from"), parse_date_arg(args.date_to, "--to")
        )
        goal_id = None
        if args.goal is not None:
            goal = find_goal(db, args.goal)
            if goal is None:
                known = ", ".join(g.name for g in load_goals(db)) or "none yet"
                raise CliError(f"there is no goal named '{args.goal}' (goals: {known})", 2)
            goal_id = goal.id
        try:
            result = export_workbook(db, out, first, last, goal_id=goal_id)
        except ExportError as exc:
            raise CliError(str(exc), 2) from exc
    note(f"Report {first} to {last}: sheets {', '.join(result.sheets)}.")
    print(f"Wrote {out} ({result.conversions} conversions).")
    return 0
