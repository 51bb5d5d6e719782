"""`erase` (one person, everywhere in the database) and `purge` (records past the retention)."""

from __future__ import annotations

import argparse
from datetime import datetime

from desktop_app.cli.common import CliError, db_file, note, opened_database, print_json


def run(args: argparse.Namespace) -> int:
    return _erase(args) if args.command == "erase" else _purge(args)


def _erase(args: argparse.Namespace) -> int:
    from desktop_app.store.privacy import EraseError, erase_person, find_person, older_backups
    from desktop_app.store.settings import load_settings

    with opened_database(args, must_exist=True) as db:
        settings = load_settings(db)
        try:
            person = find_person(
                db,
                email=args.email,
                phone=args.phone,
                customer_id=args.customer_id,
                order_id=args.order_id,
                country=settings.country or "US",
            )
        except EraseError as exc:
            raise CliError(str(exc), known={"conversions": 0, "touchpoints": 0}) from exc
        erased = erase_person(db, person, dry_run=args.dry_run)
        path = db_file(args)
    backups = [] if args.dry_run else older_backups(path)
    if args.format == "json":
        print_json({"conversions": erased.conversions, "touchpoints": erased.touchpoints})
    else:
        verb = "Would erase" if args.dry_run else "Erased"
        print(f"{verb} {erased.conversions:,} conversions and {erased.touchpoints:,} touchpoints "
              "of that person, with their contacts and every hash of them.")  # fmt: skip
    if not args.dry_run and not erased.complete:
        note("Another program was reading the database, so its old pages may still hold this "
             "person: close it and run erase again to finish.")  # fmt: skip
    if backups:
        listed = ", ".join(b.name for b in backups[:3]) + (" …" if len(backups) > 3 else "")
        note(f"{len(backups)} copies made before now still hold this person ({listed}, in "
             f"{backups[0].parent}); delete them if the person must be gone from those too.")  # fmt: skip
    return 0


def _purge(args: argparse.Namespace) -> int:
    from desktop_app.domain.timeutil import zone
    from desktop_app.store.privacy import purge_old
    from desktop_app.store.settings import load_settings

    with opened_database(args, must_exist=True) as db:
        settings = load_settings(db)
        today = datetime.now(zone(settings.timezone or "UTC")).date()
        purged = purge_old(db, settings.retention_months, today, dry_run=args.dry_run)
    before = purged.before.isoformat() if purged.before else None
    if args.format == "json":
        print_json({"conversions": purged.conversions, "touchpoints": purged.touchpoints,
                    "before": before})  # fmt: skip
    elif before is None:
        print("retention_months is 0: records are kept for ever, nothing was removed.")
    else:
        verb = "Would remove" if args.dry_run else "Removed"
        print(f"{verb} {purged.conversions:,} conversions and {purged.touchpoints:,} touchpoints "
              f"dated before {before}.")  # fmt: skip
    return 0
