"""`conversion-tracker health`: the tracking checks (PRODUCT.md job 10). Exit 0 when nothing is
found, 1 when any problem or warning is (so a scheduled task can alert)."""

from __future__ import annotations

import argparse

from desktop_app.cli.common import opened_database, parse_date_arg, print_json
from desktop_app.services.health import INFO, open_findings, run_checks, today_of


def run(args: argparse.Namespace) -> int:
    with opened_database(args, must_exist=True) as db:
        since = parse_date_arg(args.date_from, "--from")
        today = parse_date_arg(args.date_to, "--to") or today_of(db)
        findings = run_checks(db, today, since)
        if not args.all:  # dismissed or snoozed in the app
            findings = open_findings(db, findings, today)
    if args.format == "json":
        print_json([f.as_json() for f in findings])
    elif not findings:
        print(f"No tracking problems found (checked as of {today}).")
    else:
        print(f"Tracking health as of {today}: {len(findings)} findings")
        for f in findings:
            print()
            print(f"[{f.severity}] {f.title} ({f.count}) — {f.check}")
            for example in f.examples:
                print(f"  - {example}")
            print(f"  What to do: {f.fix}")
    return 1 if any(f.severity != INFO for f in findings) else 0
