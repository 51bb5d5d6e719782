"""`conversion-tracker demo [--db PATH]`."""

from __future__ import annotations

import argparse

from desktop_app.cli.common import CliError, opened_database
from desktop_app.services.demo import DemoError, demo_summary_text, load_demo


def run(args: argparse.Namespace) -> int:
    with opened_database(args) as db:
        try:
            summary = load_demo(db, seed=args.seed)
        except DemoError as exc:
            raise CliError(str(exc)) from exc
    print(demo_summary_text(summary))
    return 0
