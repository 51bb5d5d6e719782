"""Exchange rates, and the stored amounts they price.

`1 CUR = rate` base-currency units from `valid_from` until the next rate of that currency; the
earliest rate of a currency also covers every earlier date, so the first rate entered makes old
files importable. Stored amounts keep their original amount and currency; whenever the rates of
a currency change, `reprice` recomputes the base amounts they cover, so a figure never rests on
a rate that is gone."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from desktop_app.domain.money import currency_exponent
from desktop_app.store.handle import Database


class MissingRateError(ValueError):
    """No exchange rate was entered for a currency; the message says what to do."""


def set_rate(db: Database, currency: str, rate: Decimal | str, valid_from: date) -> None:
    """Store `1 currency = rate base-currency units` from `valid_from` on (replacing that day's rate)."""
    try:
        value = Decimal(str(rate))
    except InvalidOperation as exc:
        raise ValueError(f"'{rate}' is not an exchange rate") from exc
    if not value.is_finite() or value <= 0:
        raise ValueError("an exchange rate must be a number greater than zero")
    db.execute(
        "INSERT INTO exchange_rates (currency, rate, valid_from) VALUES (?, ?, ?)"
        " ON CONFLICT(currency, valid_from) DO UPDATE SET rate = excluded.rate",
        [currency.upper(), str(value), valid_from.isoformat()],
    )


class RateTable:
    """The rates of one currency in date order, answering 'which rate prices this day?'."""

    def __init__(self, rows: list[tuple[str, Decimal]]) -> None:
        self.days = [day for day, _ in rows]  # valid_from, ascending
        self.rates = [rate for _, rate in rows]

    @classmethod
    def of(cls, db: Database, currency: str) -> RateTable:
        return cls(
            [
                (row[0], Decimal(row[1]))
                for row in db.execute(
                    "SELECT valid_from, rate FROM exchange_rates WHERE currency = ?"
                    " ORDER BY valid_from",
                    [currency.upper()],
                )
            ]
        )

    def __bool__(self) -> bool:
        return bool(self.days)

    def on(self, day: str) -> Decimal | None:
        """The rate for `day` (`YYYY-MM-DD`): the latest from that day or before, else the earliest."""
        if not self.days:
            return None
        index = bisect.bisect_right(self.days, day) - 1
        return self.rates[max(index, 0)]


def rate_on(db: Database, currency: str, day: date) -> Decimal | None:
    """The rate in force on `day` (see RateTable.on), or None when the currency has no rate."""
    row = (
        db.execute(
            "SELECT rate FROM exchange_rates WHERE currency = ? AND valid_from <= ?"
            " ORDER BY valid_from DESC LIMIT 1",
            [currency.upper(), day.isoformat()],
        ).fetchone()
        or db.execute(
            "SELECT rate FROM exchange_rates WHERE currency = ? ORDER BY valid_from LIMIT 1",
            [currency.upper()],
        ).fetchone()
    )
    return Decimal(row[0]) if row else None


def convert_minor(minor: int, currency: str, base: str, rate: Decimal) -> int:
    """`minor` units of `currency` as minor units of `base`, rounded half away from zero."""
    amount = Decimal(minor).scaleb(-currency_exponent(currency)) * rate
    scaled = amount.scaleb(currency_exponent(base)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(scaled)


def missing_rate_message(currency: str, base: str) -> str:
    """What to do when amounts in `currency` have no rate (the import preview asks for one).
    One wording for every row, so identical problems group into one line."""
    return (
        f"the amount is in {currency} but the business's currency is {base}, and no exchange "
        f"rate for {currency} has been entered; add one (Settings > Exchange rates, or: "
        f"conversion-tracker rates add {currency} RATE --from DATE) and import again"
    )


def base_currency(db: Database) -> str:
    """The business's currency ('' when none is set). Read here rather than through
    settings.load_settings, which reprices amounts through this module when the zone changes."""
    row = db.execute("SELECT value FROM settings WHERE key = 'currency'").fetchone()
    return str(row[0]).upper() if row and row[0] else ""


def to_base_minor(db: Database, minor: int, currency: str, day: date) -> int:
    """`minor` units of `currency` on `day` in base-currency minor units, or MissingRateError."""
    base = base_currency(db)
    currency = currency.upper()
    if not base or currency == base:
        return minor
    rate = rate_on(db, currency, day)
    if rate is None:
        raise MissingRateError(missing_rate_message(currency, base))
    return convert_minor(minor, currency, base, rate)


# -- what the rates price -----------------------------------------------------------------------
# (table, day column, original amount column, base amount column)
_PRICED = (
    ("conversions", "local_date", "original_value_minor", "value_minor"),
    ("spend", "period_start", "original_cost_minor", "cost_minor"),
    ("spend", "period_start", "original_platform_value_minor", "platform_value_minor"),
)


# A stored record holds an amount in a currency when that is its original, not the base currency.
_FOREIGN = "original_currency = ? AND currency != ?"


def priced_day_counts(db: Database, currency: str) -> list[tuple[str, int]]:
    """(day, records) of the stored records with an amount in `currency`, counted in SQL."""
    code = currency.upper()
    return [
        (str(day), int(count))
        for table, day_col in (("conversions", "local_date"), ("spend", "period_start"))
        for day, count in db.execute(
            f"SELECT {day_col}, COUNT(*) FROM {table} WHERE {_FOREIGN} GROUP BY {day_col}",
            [code, code],
        )
    ]


def priced_records(db: Database, currency: str) -> set[tuple[str, int]]:
    """(table, id) of every stored record with an amount in `currency`."""
    code = currency.upper()
    return {
        (table, int(row[0]))
        for table in ("conversions", "spend")
        for row in db.execute(f"SELECT id FROM {table} WHERE {_FOREIGN}", [code, code])
    }


# What a re-pricing changed: (table, base amount column, row id, the value it had before).
PriceChange = tuple[str, str, int, int]


def reprice(db: Database, currency: str) -> list[PriceChange]:
    """Recompute every stored base amount in `currency` from its original with the rates now
    stored; returns what changed (`repriced_count` counts the records). Call it inside the
    transaction that changed the rates. Amounts of a currency that has no rate left are kept as
    they are (removing such a rate is refused: see rate_list.check_removal)."""
    code = currency.upper()
    base = base_currency(db)
    table = RateTable.of(db, code)
    if not base or code == base or not table:
        return []
    changes: list[PriceChange] = []
    cache: dict[tuple[int, Decimal], int] = {}
    for name, day_col, original_col, base_col in _PRICED:
        rows = db.execute(
            f"SELECT id, {day_col}, {original_col}, {base_col} FROM {name}"
            f" WHERE {_FOREIGN} AND {original_col} IS NOT NULL",
            [code, code],
        ).fetchall()
        updates = []
        for row_id, day, original, stored in rows:
            rate = table.on(day)
            assert rate is not None
            key = (int(original), rate)
            if key not in cache:
                cache[key] = convert_minor(int(original), code, base, rate)
            if cache[key] != stored:
                updates.append((cache[key], row_id))
                changes.append((name, base_col, int(row_id), int(stored)))
        db.conn.executemany(f"UPDATE {name} SET {base_col} = ? WHERE id = ?", updates)
    return changes


def repriced_count(changes: list[PriceChange]) -> int:
    """How many stored records a re-pricing changed (a spend record's cost and value count once)."""
    return len({(table, row_id) for table, _, row_id, _ in changes})


def put_back_prices(db: Database, changes: list[PriceChange]) -> None:
    """Write back the amounts a re-pricing changed (undo when no rate is left to price them)."""
    for table, column, row_id, old in reversed(changes):
        db.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", [old, row_id])


@dataclass(frozen=True, slots=True)
class RateUse:
    """One stored rate: the dates it prices and how many stored records it prices."""

    id: int
    currency: str
    rate: Decimal
    valid_from: str
    covers_from: str | None  # None: every earlier date too (the currency's earliest rate)
    covers_to: str | None  # None: onward, until a later rate is entered
    amounts: int

    def covers_text(self) -> str:
        if self.covers_from is None and self.covers_to is None:
            return "every date"
        if self.covers_from is None:
            return f"up to {self.covers_to}"
        if self.covers_to is None:
            return f"from {self.covers_from} on"
        return f"{self.covers_from} to {self.covers_to}"


def rate_uses(db: Database) -> list[RateUse]:
    """Every stored rate with its coverage and use, by currency, latest first."""
    by_currency: dict[str, list[tuple[int, str, Decimal]]] = {}
    for row_id, code, rate, valid_from in db.execute(
        "SELECT id, currency, rate, valid_from FROM exchange_rates ORDER BY currency, valid_from"
    ):
        by_currency.setdefault(code, []).append((row_id, valid_from, Decimal(rate)))
    uses: list[RateUse] = []
    for code, rates in by_currency.items():
        starts = [valid_from for _, valid_from, _ in rates]
        counts = [0] * len(rates)
        for day, count in priced_day_counts(db, code):
            counts[max(bisect.bisect_right(starts, day) - 1, 0)] += count
        for n, (row_id, valid_from, rate) in enumerate(rates):
            until = None
            if n + 1 < len(rates):
                until = (date.fromisoformat(starts[n + 1]) - timedelta(days=1)).isoformat()
            covers_from = None if n == 0 else valid_from
            uses.append(RateUse(row_id, code, rate, valid_from, covers_from, until, counts[n]))
    uses.sort(key=lambda u: u.valid_from, reverse=True)
    return sorted(uses, key=lambda u: u.currency)  # stable: latest first within a currency
