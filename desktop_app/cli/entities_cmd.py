"""`goals`, `campaigns` and `channels`: list them, and `set` (`map`, `reclassify`) from scripts."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from desktop_app.cli.common import CliError, note, opened_database, print_json, print_table
from desktop_app.domain.key_values import KeyValueError


def run(args: argparse.Namespace) -> int:
    from desktop_app.store.entity_keys import campaign_documents, channel_documents, goal_documents

    action = getattr(args, "action", None)
    try:
        if args.command == "goals":
            return (
                _set_goal(args) if action == "set" else _list(args, goal_documents, _GOAL_COLUMNS)
            )
        if args.command == "campaigns":
            if action == "set":
                return _set_campaign(args)
            return _list(args, campaign_documents, _CAMPAIGN_COLUMNS)
        if action == "map":
            return _map(args)
        if action == "reclassify":
            return _reclassify(args)
        return _list(args, channel_documents, _CHANNEL_COLUMNS)
    except KeyValueError as exc:
        raise CliError(str(exc)) from exc


_GOAL_COLUMNS = ("name", "category", "level", "value", "counting", "lookback_days",
                 "target_per_month", "target_cpa", "margin", "archived")  # fmt: skip
_CAMPAIGN_COLUMNS = ("name", "channel", "channel_source", "goal", "platform", "start", "end",
                     "budget", "budget_period", "archived")  # fmt: skip
_CHANNEL_COLUMNS = ("name", "paid", "hidden", "mappings")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


def _list(args: argparse.Namespace, documents: Callable[..., list[dict[str, Any]]],
          columns: tuple[str, ...]) -> int:  # fmt: skip
    with opened_database(args) as db:
        docs = documents(db)
    if args.format == "json":
        print_json(docs)
        return 0
    if not docs:
        print(f"No {args.command} yet.")
        return 0
    print_table(
        [c.replace("_", " ") for c in columns], [[_cell(d[c]) for c in columns] for d in docs]
    )
    return 0


def _show_one(args: argparse.Namespace, doc: dict[str, Any], created: bool) -> None:
    if args.format == "json":
        print_json(doc)
        return
    print(f"{'Created' if created else 'Changed'} {args.command[:-1]} '{doc['name']}':")
    for key, value in doc.items():
        if key != "name":
            print(f"  {key} = {_cell(value)}")


def _currency_for_amounts(db: Any) -> None:
    """A goal's or campaign's amounts need the business's currency: a new database takes the
    computer's (PRODUCT.md, Business defaults), and says so."""
    from desktop_app.store.settings import load_settings, save_settings
    from desktop_app.system_locale import computer_defaults

    if not load_settings(db).currency:
        defaults = computer_defaults()
        save_settings(db, {"currency": defaults.currency})
        where = "this computer's settings" if defaults.country_named else "the default"
        note(f"note: The business currency was not set; it is now {defaults.currency} ({where}).")


def _set_goal(args: argparse.Namespace) -> int:
    from desktop_app.store.entity_keys import goal_documents, set_goal

    with opened_database(args) as db:
        _currency_for_amounts(db)
        name, created = set_goal(db, args.name, args.assignments)
        doc = next(d for d in goal_documents(db) if d["name"].lower() == name.lower())
    _show_one(args, doc, created)
    return 0


def _set_campaign(args: argparse.Namespace) -> int:
    from desktop_app.store.entity_keys import campaign_documents, set_campaign

    with opened_database(args) as db:
        _currency_for_amounts(db)
        name, created, made = set_campaign(db, args.name, args.assignments)
        doc = next(d for d in campaign_documents(db) if d["name"].lower() == name.lower())
    for line in made:
        note(f"note: {line}")
    _show_one(args, doc, created)
    return 0


def _map(args: argparse.Namespace) -> int:
    from desktop_app.store.entity_keys import map_source

    with opened_database(args) as db:
        mapping, channel, created = map_source(db, args.mapping)
    if created:
        note(f"note: created the channel '{channel}'")
    if args.format == "json":
        print_json({"mapping": mapping, "channel": channel})
    else:
        print(f"Mapped {mapping} to {channel}. Move the stored records it concerns with: "
              "conversion-tracker channels reclassify")  # fmt: skip
    return 0


def _reclassify(args: argparse.Namespace) -> int:
    from desktop_app.store.reclassify import preview_reclassify, reclassify

    with opened_database(args) as db:
        result = preview_reclassify(db) if args.dry_run else reclassify(db)
    if args.format == "json":
        print_json([m.as_json() for m in result.moves])
        return 0
    verb = "would move" if args.dry_run else "moved"
    if not result.moves:
        print("Every record is already in the channel the rules give it; nothing moved.")
        return 0
    print_table(
        ["from", "to", "conversions", "touchpoints"],
        [
            [m.from_channel, m.to_channel, str(m.conversions), str(m.touchpoints)]
            for m in result.moves
        ],
        right={2, 3},
    )
    print(f"{verb} {result.records:,} records.")
    return 0
