"""Changing the exchange-rate table as the Settings page and `conversion-tracker rates` do: each
change re-prices the stored amounts it covers in the same transaction, and can be put back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from desktop_app.domain.money import MoneyParseError, NumberStyle, is_currency_code, parse_amount
from desktop_app.store.audit import record
from desktop_app.store.exchange import (
    PriceChange,
    RateUse,
    priced_day_counts,
    priced_records,
    put_back_prices,
    rate_uses,
    reprice,
    repriced_count,
    set_rate,
)
from desktop_app.store.handle import Database
from desktop_app.store.settings import load_settings
from desktop_app.store.transactions import writing


class RateError(ValueError):
    """A rate that cannot be stored or removed; the message says what to do."""


# A currency's rates as (id, rate text, valid_from), to put them back exactly.
Snapshot = tuple[tuple[int, str, str], ...]


@dataclass(frozen=True, slots=True)
class RateChange:
    """What one change did: the currency's rates before it, and how many amounts it re-priced."""

    currency: str
    before: Snapshot
    prices: tuple[PriceChange, ...]  # the base amounts it changed, with their old values
    rate_id: int | None = None  # the rate added or changed (None for a removal)
    replaced: str | None = None  # the rate text it replaced on that day, if any

    @property
    def repriced(self) -> int:
        """How many stored records (conversions, spend records) it re-priced."""
        return repriced_count(list(self.prices))


def list_rates(db: Database) -> list[RateUse]:
    return rate_uses(db)


def check_rate(
    db: Database, currency: str, rate_text: str, style: NumberStyle | None
) -> tuple[str, Decimal]:
    """(currency code, exact rate) or RateError naming the problem."""
    code = currency.strip().upper()
    base = load_settings(db).currency
    if not base:
        raise RateError(
            "The business has no currency yet, so a rate would have nothing to convert into; "
            "set it first (Settings > Business, or: conversion-tracker settings currency=EUR)."
        )
    if not is_currency_code(code):
        raise RateError(f"'{currency.strip()}' is not a currency code such as USD or GBP.")
    if code == base:
        raise RateError(f"{code} is the business's own currency; it needs no rate.")
    try:
        rate = parse_amount(rate_text, style).amount
    except MoneyParseError as exc:
        raise RateError(f"{exc}; type how many {base} one {code} is worth, e.g. 0.92.") from exc
    if rate <= 0:
        raise RateError("A rate must be greater than zero.")
    if rate.as_tuple().exponent < -10 or rate > 10**9:  # type: ignore[operator]
        raise RateError("A rate has at most 10 decimals and is below 1,000,000,000.")
    return code, rate


def _snapshot(db: Database, currency: str) -> Snapshot:
    return tuple(
        (int(r[0]), str(r[1]), str(r[2]))
        for r in db.execute(
            "SELECT id, rate, valid_from FROM exchange_rates WHERE currency = ? ORDER BY id",
            [currency],
        )
    )


def add_rate(db: Database, currency: str, rate: Decimal, valid_from: date) -> RateChange:
    """Store a rate (replacing that day's rate of the currency) and re-price what it covers."""
    code = currency.upper()
    with writing(db):
        before = _snapshot(db, code)
        old = db.execute(
            "SELECT rate FROM exchange_rates WHERE currency = ? AND valid_from = ?",
            [code, valid_from.isoformat()],
        ).fetchone()
        set_rate(db, code, rate, valid_from)
        row_id = int(
            db.execute(
                "SELECT id FROM exchange_rates WHERE currency = ? AND valid_from = ?",
                [code, valid_from.isoformat()],
            ).fetchone()[0]
        )
        prices = reprice(db, code)
        record(db, "set", "exchange_rate", row_id,
               {"currency": code, "rate": str(rate), "valid_from": valid_from.isoformat(),
                "replaced": old[0] if old else None, "repriced": repriced_count(prices)})  # fmt: skip
    return RateChange(code, before, tuple(prices), row_id, old[0] if old else None)


def find_rate(db: Database, currency: str, valid_from: date) -> int:
    """The id of the rate of `currency` valid from `valid_from`, or RateError listing the rates."""
    code = currency.strip().upper()
    row = db.execute(
        "SELECT id FROM exchange_rates WHERE currency = ? AND valid_from = ?",
        [code, valid_from.isoformat()],
    ).fetchone()
    if row is None:
        days = [r[0] for r in db.execute(
            "SELECT valid_from FROM exchange_rates WHERE currency = ? ORDER BY valid_from", [code])]  # fmt: skip
        known = f"its rates are valid from {', '.join(days)}" if days else "it has no rate"
        raise RateError(f"There is no {code} rate valid from {valid_from.isoformat()}; {known}.")
    return int(row[0])


def check_removal(db: Database, rate_id: int) -> tuple[str, str]:
    """(currency, valid_from) of a rate that may be removed, or RateError saying why not: stored
    amounts depend on it and no other rate of the currency would cover them."""
    found = db.execute(
        "SELECT currency, valid_from FROM exchange_rates WHERE id = ?", [rate_id]
    ).fetchone()
    if found is None:
        raise RateError("That rate no longer exists.")
    code, valid_from = str(found[0]), str(found[1])
    others = db.execute(
        "SELECT COUNT(*) FROM exchange_rates WHERE currency = ? AND id != ?", [code, rate_id]
    ).fetchone()[0]
    used = sum(n for _, n in priced_day_counts(db, code)) if not others else 0
    if used:
        raise RateError(
            f"{used:,} stored {'amount is' if used == 1 else 'amounts are'} in {code} and priced "
            f"with this rate, the only {code} rate. Add another {code} rate first (it then "
            "covers them), or undo the imports that brought them."
        )
    return code, valid_from


def delete_rate(db: Database, rate_id: int) -> RateChange:
    """Remove one rate and re-price what it covered with the rates left (see check_removal)."""
    with writing(db):
        code, valid_from = check_removal(db, rate_id)
        before = _snapshot(db, code)
        db.execute("DELETE FROM exchange_rates WHERE id = ?", [rate_id])
        prices = reprice(db, code)
        record(db, "delete", "exchange_rate", rate_id,
               {"currency": code, "valid_from": valid_from, "repriced": repriced_count(prices)})  # fmt: skip
    return RateChange(code, before, tuple(prices))


def restore_rates(db: Database, change: RateChange) -> int:
    """Put a currency's rates back as they were before `change` and its amounts with them;
    returns how many records moved back. With rates left, amounts are re-priced from them (the
    same figures the change found); with none (undoing a currency's first rate), the amounts get
    back the values the change replaced."""
    with writing(db):
        if not change.before:  # undoing a currency's first rate: nothing may need it since
            mine = {(table, row_id) for table, _, row_id, _ in change.prices}
            others = priced_records(db, change.currency) - mine
            if others:
                raise RateError(
                    f"{len(others):,} stored {'amount' if len(others) == 1 else 'amounts'} in "
                    f"{change.currency} {'was' if len(others) == 1 else 'were'} priced with this "
                    f"rate since it was added (an import, say), and it is the only "
                    f"{change.currency} rate. Add another {change.currency} rate first, or undo "
                    "the import."
                )
        db.execute("DELETE FROM exchange_rates WHERE currency = ?", [change.currency])
        db.conn.executemany(
            "INSERT INTO exchange_rates (id, currency, rate, valid_from) VALUES (?, ?, ?, ?)",
            [(row_id, change.currency, rate, day) for row_id, rate, day in change.before],
        )
        if change.before:
            repriced = repriced_count(reprice(db, change.currency))
        else:
            put_back_prices(db, list(change.prices))
            repriced = repriced_count(list(change.prices))
        record(db, "restore", "exchange_rate", None,
               {"currency": change.currency, "repriced": repriced})  # fmt: skip
    return repriced


@dataclass(slots=True)
class RateAdded:
    """A rate added or replaced (a `Reversible`, see store/changes.py); redo adds it again."""

    currency: str
    rate: Decimal
    valid_from: date
    change: RateChange

    def undo(self, db: Database) -> None:
        restore_rates(db, self.change)

    def redo(self, db: Database) -> None:
        self.change = add_rate(db, self.currency, self.rate, self.valid_from)


def add_rate_reversibly(db: Database, currency: str, rate: Decimal, valid_from: date) -> RateAdded:
    return RateAdded(currency, rate, valid_from, add_rate(db, currency, rate, valid_from))


@dataclass(slots=True)
class RateDeleted:
    """A rate removed (a `Reversible`); undo puts the currency's rates back with their ids."""

    rate_id: int
    change: RateChange

    def undo(self, db: Database) -> None:
        restore_rates(db, self.change)

    def redo(self, db: Database) -> None:
        self.change = delete_rate(db, self.rate_id)


def delete_rate_reversibly(db: Database, rate_id: int) -> RateDeleted:
    return RateDeleted(rate_id, delete_rate(db, rate_id))
