"""`backup`, `backups` and `restore`: consistent copies of the database, and putting one back."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app.cli.common import CliError, db_file, note, opened_database, print_json, print_table


def run(args: argparse.Namespace) -> int:
    if args.command == "backup":
        return _backup(args)
    if args.command == "backups":
        return _list(args)
    return _restore(args)


def _backup(args: argparse.Namespace) -> int:
    from desktop_app.store.backup import BackupError, backup_database

    path = db_file(args)
    target = Path(args.out) if args.out else None
    if target is not None and target.exists():
        raise CliError(f"{target} already exists; name a new file for the copy.")
    with opened_database(args, must_exist=True) as db:
        try:
            made = backup_database(db.conn, path, "manual", target)
        except BackupError as exc:
            raise CliError(str(exc)) from exc
    print(f"Backed up {path.name} to {made}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from desktop_app.store.backup import list_backups

    path = db_file(args)
    if not path.exists():
        raise CliError(f"{path} does not exist.")
    found = list_backups(path)
    if args.format == "json":
        print_json(
            [
                {
                    "file": str(b.path),
                    "created_at": b.created_at.strftime("%Y-%m-%d %H:%M:%S"),
                    "size": b.size,
                    "conversions": b.conversions,
                }
                for b in found
            ]
        )
        return 0
    if not found:
        print(f"No backups of {path.name} yet (they go to {path.parent / 'backups'}).")
        return 0
    print_table(
        ["file", "created at", "kind", "size", "conversions"],
        [
            [
                b.file,
                b.created_at.strftime("%Y-%m-%d %H:%M"),
                b.kind,
                f"{b.size / 1_048_576:,.1f} MB",
                "damaged" if b.conversions is None else f"{b.conversions:,}",
            ]
            for b in found
        ],
        right={3, 4},
    )
    return 0


def _restore(args: argparse.Namespace) -> int:
    from desktop_app.store import DatabaseLockedError, StoreError, close_database, open_database
    from desktop_app.store.backup import BackupError
    from desktop_app.store.faults import DatabaseFault
    from desktop_app.store.restore import restore_backup

    path = db_file(args)
    backup = Path(args.backup)
    if not backup.exists() and not backup.is_absolute():
        beside = path.resolve().parent / "backups" / backup
        backup = beside if beside.exists() else backup
    try:
        kept = restore_backup(backup, path)
        db = open_database(path, backup=False)  # an older backup is upgraded here
        close_database(db)
    except (BackupError, StoreError, DatabaseLockedError, DatabaseFault) as exc:
        raise CliError(str(exc)) from exc
    note(f"The file it replaced is kept as {kept.name}.")
    print(f"Restored {path.name} from {backup.name}")
    return 0
