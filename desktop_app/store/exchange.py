"""Exchange rates the user entered, and converting an amount into the base currency with them."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlite_utils import Database

from desktop_app.domain.money import currency_exponent
from desktop_app.store.settings import load_settings


class MissingRateError(ValueError):
    """No exchange rate was entered for a currency on or before a day; the message says what to do."""


def set_rate(db: Database, currency: str, rate: Decimal | str, valid_from: date) -> None:
    """Store `1 currency = rate base-currency units` from `valid_from` on (replacing that day's rate)."""
    try:
        value = Decimal(str(rate))
    except InvalidOperation as exc:
        raise ValueError(f"'{rate}' is not an exchange rate") from exc
    if value <= 0:
        raise ValueError("an exchange rate must be greater than zero")
    db.execute(
        "INSERT INTO exchange_rates (currency, rate, valid_from) VALUES (?, ?, ?)"
        " ON CONFLICT(currency, valid_from) DO UPDATE SET rate = excluded.rate",
        [currency.upper(), str(value), valid_from.isoformat()],
    )


def rate_on(db: Database, currency: str, day: date) -> Decimal | None:
    """The rate in force on `day`: the latest one entered from that day or before, else None."""
    row = db.execute(
        "SELECT rate FROM exchange_rates WHERE currency = ? AND valid_from <= ?"
        " ORDER BY valid_from DESC LIMIT 1",
        [currency.upper(), day.isoformat()],
    ).fetchone()
    return Decimal(row[0]) if row else None


def convert_minor(minor: int, currency: str, base: str, rate: Decimal) -> int:
    """`minor` units of `currency` as minor units of `base`, rounded half away from zero."""
    amount = Decimal(minor).scaleb(-currency_exponent(currency)) * rate
    scaled = amount.scaleb(currency_exponent(base)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(scaled)


def to_base_minor(db: Database, minor: int, currency: str, day: date) -> int:
    """`minor` units of `currency` on `day` in base-currency minor units, or MissingRateError."""
    base = load_settings(db).currency
    currency = currency.upper()
    if not base or currency == base:
        return minor
    rate = rate_on(db, currency, day)
    if rate is None:
        raise MissingRateError(
            f"the amount is in {currency} but the business's currency is {base}, and no exchange "
            f"rate for {currency} on or before {day.isoformat()} was entered; enter one in "
            "Settings > Exchange rates (or convert the amounts) and import again"
        )
    return convert_minor(minor, currency, base, rate)
