"""The parsers of the commands whose modules are large: built for every command line (`--help`
lists them all), so this module imports argparse and nothing heavy; each command's module, with
its `run`, is imported only when that command runs (tests/benchmarks/bench_startup.py)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias

from desktop_app.domain.key_names import CAMPAIGN_KEYS, GOAL_KEYS

if TYPE_CHECKING:  # argparse's class is generic to the type checker only
    Sub: TypeAlias = argparse._SubParsersAction[Any]  # the command line's sub-parsers
Option = Callable[..., None]  # adds an option (--db, --format) to a parser


def add_rates(sub: Sub, db_option: Option, format_option: Option) -> None:
    p = sub.add_parser(
        "rates",
        help="list, add or remove exchange rates",
        description="Exchange rates: 1 unit of a currency = RATE units of the business's "
        "currency, valid from a date until the next rate of that currency (the earliest rate "
        "also covers every earlier date). Adding, changing or removing a rate re-prices the "
        "stored amounts it covers.",
    )
    db_option(p)
    format_option(p)
    actions = p.add_subparsers(dest="rates_action", metavar="ACTION")
    a = actions.add_parser(
        "add",
        help="add a rate, or replace the one of that currency and day",
        description="Example: conversion-tracker rates add USD 0.92 --from 2025-01-01 "
        "(1 USD = 0.92 in the business's currency from that day on).",
    )
    a.add_argument("currency", metavar="CUR", help="ISO 4217 code, e.g. USD")
    a.add_argument("rate", metavar="RATE", help="units of the business's currency, e.g. 0.92")
    a.add_argument(
        "--from", dest="valid_from", metavar="DATE", help="first day, YYYY-MM-DD (default: today)"
    )
    db_option(a)
    format_option(a, nested=True)
    r = actions.add_parser(
        "remove",
        help="remove a rate (refused when stored amounts depend on it alone)",
    )
    r.add_argument("currency", metavar="CUR")
    r.add_argument("--from", dest="valid_from", metavar="DATE", required=True,
                   help="the day the rate is valid from, YYYY-MM-DD")  # fmt: skip
    db_option(r)
    format_option(r, nested=True)


def add_entities(sub: Sub, db_option: Option, format_option: Option) -> None:
    for what, keys, example in (
        ("goals", GOAL_KEYS, "goals set 'Quote request' category=lead margin=100%"),
        (
            "campaigns",
            CAMPAIGN_KEYS,
            "campaigns set 'Spring sale' channel='Paid Social' budget=500",
        ),
    ):
        p = sub.add_parser(what, help=f"list {what}, or create or change one with 'set'")
        db_option(p)
        format_option(p)
        actions = p.add_subparsers(dest="action", metavar="ACTION")
        s = actions.add_parser(
            "set",
            help=f"create or change one ({what[:-1]} keys: {', '.join(keys)})",
            description=f"Keys: {', '.join(keys)}. Example: conversion-tracker {example}",
        )
        s.add_argument("name", metavar="NAME")
        s.add_argument("assignments", nargs="*", metavar="KEY=VALUE")
        db_option(s)
        format_option(s, nested=True)
    p = sub.add_parser("channels", help="list channels; map tagged traffic; re-classify records")
    db_option(p)
    format_option(p)
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    m = actions.add_parser(
        "map",
        help="map tagged traffic to a channel: SOURCE/MEDIUM=CHANNEL (either side may be *)",
        description="Example: conversion-tracker channels map 'newsletter/*=Email'. Then "
        "'channels reclassify' moves the stored records the mapping concerns.",
    )
    m.add_argument("mapping", metavar="SOURCE/MEDIUM=CHANNEL")
    db_option(m)
    format_option(m, nested=True)
    r = actions.add_parser(
        "reclassify",
        help="re-apply the rules and campaign channels to records whose channel came from rules",
    )
    r.add_argument("--dry-run", action="store_true", help="say what would move, change nothing")
    db_option(r)
    format_option(r, nested=True)


def add_backups(sub: Sub, db_option: Option) -> None:
    p = sub.add_parser("backup", help="write a consistent copy of the database")
    p.add_argument("out", nargs="?", metavar="OUT", help="where (default: backups/ beside it)")
    db_option(p)
    p = sub.add_parser("backups", help="list the database's backups")
    db_option(p)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p = sub.add_parser("restore", help="replace the database with a backup")
    p.add_argument("backup", metavar="BACKUP")
    db_option(p)


def add_privacy(sub: Sub, db_option: Option) -> None:
    p = sub.add_parser("erase", help="erase one person: their records, contacts and hashes")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--email", metavar="ADDRESS")
    who.add_argument("--phone", metavar="NUMBER")
    who.add_argument("--customer-id", metavar="ID")
    who.add_argument("--order-id", metavar="ID")
    db_option(p)
    p.add_argument("--dry-run", action="store_true", help="count what would go, erase nothing")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p = sub.add_parser("purge", help="remove records older than retention_months")
    db_option(p)
    p.add_argument("--dry-run", action="store_true", help="count what would go, remove nothing")
    p.add_argument("--format", choices=("text", "json"), default="text")
