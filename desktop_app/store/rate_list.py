"""The exchange-rate table as the Settings page shows and edits it (entering rates lives in exchange.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlite_utils import Database

from desktop_app.domain.money import MoneyParseError, NumberStyle, is_currency_code, parse_amount
from desktop_app.store.audit import record
from desktop_app.store.exchange import set_rate
from desktop_app.store.settings import load_settings


class RateError(ValueError):
    """A rate the user typed that cannot be stored; the message says what to type."""


@dataclass(frozen=True, slots=True)
class RateRow:
    id: int
    currency: str
    rate: Decimal
    valid_from: str


def list_rates(db: Database) -> list[RateRow]:
    return [
        RateRow(r[0], r[1], Decimal(r[2]), r[3])
        for r in db.execute(
            "SELECT id, currency, rate, valid_from FROM exchange_rates ORDER BY currency, valid_from DESC"
        )
    ]


def check_rate(
    db: Database, currency: str, rate_text: str, style: NumberStyle | None
) -> tuple[str, Decimal]:
    """(currency code, exact rate) or RateError naming the problem."""
    code = currency.strip().upper()
    base = load_settings(db).currency
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
    return code, rate


def add_rate(
    db: Database, currency: str, rate: Decimal, valid_from: date
) -> tuple[int, str | None]:
    """Store a rate; returns its row id and the rate text it replaced on that day (or None)."""
    old = db.execute(
        "SELECT rate FROM exchange_rates WHERE currency = ? AND valid_from = ?",
        [currency, valid_from.isoformat()],
    ).fetchone()
    with db.atomic():
        set_rate(db, currency, rate, valid_from)
        row_id = db.execute(
            "SELECT id FROM exchange_rates WHERE currency = ? AND valid_from = ?",
            [currency, valid_from.isoformat()],
        ).fetchone()[0]
        record(db, "set", "exchange_rate", row_id,
               {"currency": currency, "rate": str(rate), "valid_from": valid_from.isoformat()})  # fmt: skip
    return int(row_id), (old[0] if old else None)


def delete_rate(db: Database, rate_id: int) -> tuple[int, str, str, str]:
    """Delete one rate; returns (id, currency, rate text, valid_from) for restore_rate."""
    found = db.execute(
        "SELECT id, currency, rate, valid_from FROM exchange_rates WHERE id = ?", [rate_id]
    ).fetchone()
    if found is None:
        raise RateError("That rate no longer exists.")
    with db.atomic():
        db.execute("DELETE FROM exchange_rates WHERE id = ?", [rate_id])
        record(
            db, "delete", "exchange_rate", rate_id, {"currency": found[1], "valid_from": found[3]}
        )
    return found[0], found[1], found[2], found[3]


def restore_rate(db: Database, saved: tuple[int, str, str, str]) -> None:
    with db.atomic():
        db.execute(
            "INSERT OR REPLACE INTO exchange_rates (id, currency, rate, valid_from) VALUES (?, ?, ?, ?)",
            list(saved),
        )
        record(
            db, "restore", "exchange_rate", saved[0], {"currency": saved[1], "valid_from": saved[3]}
        )
