"""Values written as KEY=VALUE on the command line (`goals set`, `campaigns set`, `channels map`):
pure readers, each answering the value or a KeyValueError whose message says what is accepted.
The writes they feed are in store/entity_keys.py."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from desktop_app.domain.settings_values import FALSE_TEXTS, TRUE_TEXTS

# The keys `goals set` and `campaigns set` accept: domain/key_names.py.


class KeyValueError(ValueError):
    """A key or value that is not accepted; the message says what is."""


def flag(key: str, value: str) -> int:
    """`true`/`yes`/`1`/`on` -> 1, `false`/`no`/`0`/`off` -> 0, else KeyValueError."""
    if value.lower() in TRUE_TEXTS:
        return 1
    if value.lower() in FALSE_TEXTS:
        return 0
    raise KeyValueError(f"{key} must be true or false, not '{value}'")


def money(key: str, value: str, currency: str) -> int | None:
    """An amount written with a dot (`1234.50`) in minor units; '' or `none` -> None."""
    if value.strip().lower() in ("", "none"):
        return None
    try:
        amount = Decimal(value.strip())
    except InvalidOperation:
        raise KeyValueError(f"{key} '{value}' is not an amount; write it like 1234.50") from None
    from desktop_app.domain.money import (  # lazy: CLI start-up
        currency_exponent,
        max_amount,
        to_minor,
    )

    # The forms' and an import's bound (money.MAX_MINOR): 1,000,000,000 EUR, 100,000,000,000 VND.
    most = max_amount(currency)
    if not amount.is_finite() or not 0 <= amount <= most:
        raise KeyValueError(f"{key} must be an amount from 0 to {most:,}, not '{value}'")

    exponent = currency_exponent(currency)
    if amount != amount.quantize(Decimal(1).scaleb(-exponent)):
        raise KeyValueError(f"{key} '{value}' has more decimals than {currency} has ({exponent})")
    return to_minor(amount, currency)


def whole(key: str, value: str, low: int, high: int, optional: bool = False) -> int | None:
    """A whole number from `low` to `high`; with `optional`, '' or `none` -> None."""
    if optional and value.strip().lower() in ("", "none"):
        return None
    if not re.fullmatch(r"\d{1,10}", value.strip()) or not low <= int(value) <= high:
        raise KeyValueError(f"{key} must be a whole number from {low} to {high}, not '{value}'")
    return int(value)


def margin(value: str) -> str | None:
    """`35%` or `0.35` -> '0.35' (exact text); '' or 'none' -> None; else KeyValueError."""
    text = value.strip().lower()
    if text in ("", "none"):
        return None
    try:
        margin = Decimal(text[:-1].strip()) / 100 if text.endswith("%") else Decimal(text)
    except InvalidOperation:
        raise KeyValueError(f"margin '{value}' is not a share; write it like 35% or 0.35") from None
    from desktop_app.domain.form_values import margin_share  # the forms' rule, too

    try:
        return margin_share(margin)
    except ValueError:
        raise KeyValueError(
            f"margin must be between 0% and 100% (0 and 1), not '{value}'"
        ) from None


def assignments(pairs: list[str]) -> dict[str, str]:
    """`KEY=VALUE` items -> {key (lower case): value}; anything else is a KeyValueError."""
    found: dict[str, str] = {}
    for item in pairs:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise KeyValueError(f"'{item}' is not KEY=VALUE (for example level=micro)")
        found[key.strip().lower()] = value.strip()
    return found


def mapping_text(raw_value: str) -> str:
    """A stored mapping as `source/medium` (a plain source value maps every medium)."""
    return raw_value if "/" in raw_value else f"{raw_value}/*"


def parse_mapping(text: str) -> tuple[str, str]:
    """`google/cpc=Paid Search` -> ('google/cpc', 'Paid Search'); `google/*` is stored as
    `google` (every medium of that source), `*/cpc` as it is."""
    left, sep, channel = text.rpartition("=")
    source, slash, medium = left.strip().partition("/")
    source, medium = source.strip().lower(), medium.strip().lower()
    if not sep or not slash or not channel.strip() or not (source or medium):
        raise KeyValueError(
            f"'{text}' is not SOURCE/MEDIUM=CHANNEL (for example google/cpc='Paid Search')"
        )
    if source in ("", "*") and medium in ("", "*"):
        raise KeyValueError(
            f"'{text}' names neither a source nor a medium; write SOURCE/MEDIUM=CHANNEL, where "
            "one side may be * (for example newsletter/*=Email)"
        )
    raw = f"{source}/*" if medium in ("", "*") else f"{source or '*'}/{medium}"
    return raw, " ".join(channel.split())
