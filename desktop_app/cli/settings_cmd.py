"""`conversion-tracker settings [KEY=VALUE ...]`."""

from __future__ import annotations

import argparse

from desktop_app.cli.common import CliError, note, opened_database, print_json
from desktop_app.domain.settings_values import SettingError, normalise_setting
from desktop_app.store.privacy import clear_stored_contacts
from desktop_app.store.settings import load_settings, save_settings


def run(args: argparse.Namespace) -> int:
    changes: dict[str, str] = {}
    for item in args.assignments:
        key, sep, value = item.partition("=")
        if not sep:
            raise CliError(f"'{item}' is not KEY=VALUE (for example currency=EUR)")
        changes[key] = value
    # A refused value creates nothing: every one is checked before the database is opened.
    for key, value in changes.items():
        try:
            normalise_setting(key, value)
        except SettingError as exc:
            raise CliError(str(exc)) from exc
    # Only showing the settings reads; a mistyped --db must not create an empty database.
    cleared = 0
    with opened_database(args, must_exist=not changes) as db:
        before = load_settings(db)
        try:
            current = save_settings(db, changes) if changes else before
        except SettingError as exc:
            raise CliError(str(exc)) from exc
        if before.keep_contacts and not current.keep_contacts:
            # Contacts kept in clear until now go too (their hashes stay for matching); if that
            # fails, the setting goes back on, so the clearing is tried again next time.
            try:
                cleared = clear_stored_contacts(db)
            except BaseException:
                save_settings(db, {"keep_contacts": "true"})
                raise
    if cleared:
        note(f"keep_contacts is off: cleared the e-mail address or phone number of "
             f"{cleared:,} {'record' if cleared == 1 else 'records'} (their hashes are kept).")  # fmt: skip
    if args.format == "json":
        print_json(current.as_dict())
    else:
        for key, value in current.as_dict().items():
            shown = str(value).lower() if isinstance(value, bool) else value
            if key == "currency" and not value:
                shown = "(not set yet: the first import that names one sets it)"
            print(f"{key} = {shown}")
    return 0
