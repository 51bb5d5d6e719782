"""`conversion-tracker export`: the Excel report workbook (upload files come in a later version)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app.cli.common import CliError, note, opened_database
from desktop_app.cli.report_cmd import report_scope
from desktop_app.exporting.files import ExportError
from desktop_app.exporting.workbook import export_workbook


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
        first, last, goal_id = report_scope(db, args)
        try:
            result = export_workbook(db, out, first, last, goal_id=goal_id)
        except ExportError as exc:
            raise CliError(str(exc), 2) from exc
    note(f"Report {first} to {last}: sheets {', '.join(result.sheets)}.")
    print(f"Wrote {out} ({result.conversions} conversions).")
    return 0
