"""`conversion-tracker rates [add CUR RATE [--from DATE] | remove CUR --from DATE]`."""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from desktop_app.cli.common import (
    CliError,
    opened_database,
    parse_date_arg,
    print_json,
    print_table,
)

if TYPE_CHECKING:
    from desktop_app.store.handle import Database


def _plain() -> Any:
    """Rates on the command line are written with a dot, whatever the locale."""
    from desktop_app.domain.money import NumberStyle

    return NumberStyle.for_decimal(".")


def run(args: argparse.Namespace) -> int:
    action = getattr(args, "rates_action", None)
    if action == "add":
        return _add(args)
    if action == "remove":
        return _remove(args)
    return _list(args)


def _list(args: argparse.Namespace) -> int:
    with opened_database(args) as db:
        from desktop_app.store.rate_list import list_rates as stored_rates

        uses = stored_rates(db)
        from desktop_app.store.settings import load_settings

        base = load_settings(db).currency
    if args.format == "json":
        print_json(
            [{"currency": u.currency, "rate": u.rate, "valid_from": u.valid_from} for u in uses]
        )
        return 0
    if not uses:
        print(
            "No exchange rates. Add one with: conversion-tracker rates add USD 0.92 --from 2025-01-01"
        )
        return 0
    print_table(
        ["currency", f"rate ({base})", "valid from", "covers", "amounts"],
        [[u.currency, str(u.rate), u.valid_from, u.covers_text(), str(u.amounts)] for u in uses],
        right={1, 4},
    )
    return 0


def _rate(text: str, known: dict[str, object]) -> Decimal:
    """The rate as written on the command line: a plain number with a dot for decimals."""
    cleaned = text.strip()
    if "," in cleaned:
        raise CliError(
            f"RATE {text!r}: write the rate with a dot for decimals, e.g. 0.92", known=known
        )
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise CliError(
            f"RATE {text!r} is not a number; write how many units of the business's currency one "
            "unit is worth, e.g. 0.92",
            known=known,
        ) from None
    if not value.is_finite():
        raise CliError(f"RATE {text!r} is not a number", known=known)
    return value


def _add(args: argparse.Namespace) -> int:
    day = parse_date_arg(args.valid_from, "--from")
    known: dict[str, object] = {
        "currency": args.currency.strip().upper(),
        "rate": None,
        "valid_from": day.isoformat() if day else None,
    }
    known["rate"] = _rate(args.rate, known)
    with opened_database(args, must_exist=True) as db:
        valid_from = day or _today(db)
        known["valid_from"] = valid_from.isoformat()
        from desktop_app.store.rate_list import RateError, add_rate, check_rate

        try:
            code, rate = check_rate(db, args.currency, args.rate, _plain())
            change = add_rate(db, code, rate, valid_from)
        except RateError as exc:
            raise CliError(str(exc), known=known) from exc
        from desktop_app.store.settings import load_settings

        base = load_settings(db).currency
    if args.format == "json":
        print_json(
            {"currency": code, "rate": rate, "valid_from": valid_from, "repriced": change.repriced}
        )
        return 0
    what = "replaces" if change.replaced is not None else "added"
    print(
        f"1 {code} = {rate} {base} from {valid_from.isoformat()} ({what}"
        + (f" the rate {change.replaced}" if change.replaced is not None else "")
        + f"); re-priced {_amounts(change.repriced)}."
    )
    return 0


def _remove(args: argparse.Namespace) -> int:
    day = parse_date_arg(args.valid_from, "--from", bounded=False)  # finds one stored
    assert day is not None
    known = {"currency": args.currency.strip().upper(), "valid_from": day.isoformat()}
    with opened_database(args, must_exist=True) as db:
        from desktop_app.store.rate_list import RateError, delete_rate, find_rate

        try:
            change = delete_rate(db, find_rate(db, args.currency, day))
        except RateError as exc:
            raise CliError(str(exc), known=known) from exc
    if args.format == "json":
        print_json({**known, "repriced": change.repriced})
        return 0
    print(
        f"Removed the {known['currency']} rate valid from {day.isoformat()}; "
        f"re-priced {_amounts(change.repriced)}."
    )
    return 0


def _today(db: Database) -> date:
    from datetime import datetime

    from desktop_app.store.settings import load_settings

    return datetime.now(load_settings(db).tz).date()


def _amounts(n: int) -> str:
    return f"{n:,} stored {'amount' if n == 1 else 'amounts'}"
