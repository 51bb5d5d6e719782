"""`conversion-tracker demo [--db PATH]`: the demo business, in the separate demo database unless
`--db` names another (which must hold no data)."""

from __future__ import annotations

import argparse
import sys

from desktop_app.cli.common import CliError, note, opened_database
from desktop_app.services.demo import (
    DemoError,
    build_demo_database,
    demo_summary_text,
    load_demo,
)


def run(args: argparse.Namespace) -> int:
    if args.db:
        with opened_database(args) as db:
            try:
                summary = load_demo(db, seed=args.seed)
            except DemoError as exc:
                raise CliError(str(exc)) from exc
        print(demo_summary_text(summary))
        return 0
    from desktop_app.store import StoreError, demo_database_path
    from desktop_app.store.lock import DatabaseLockedError

    path = demo_database_path()
    try:
        summary = build_demo_database(path, seed=args.seed)
    except DatabaseLockedError as exc:
        raise CliError(
            f"The demo database ({path}) is open in Conversion Tracker. Switch the app back to "
            "your own database (the DEMO bar's 'Back to …' button), then run this again."
        ) from exc
    except (StoreError, OSError) as exc:
        raise CliError(f"The demo database ({path}) could not be written: {exc}") from exc
    print(demo_summary_text(summary))
    print(path)
    if sys.stdout.isatty():
        note(
            "This is the separate demo database; your own database is unchanged. Open it with: "
            f'conversion-tracker --db "{path}"'
        )
    return 0
