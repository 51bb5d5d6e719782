"""Reading what a person typed or pasted: amounts, counts and decimals as their locale writes
them, and the values of a spend form. Pure: each answers a value or a ValueError that says why."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from desktop_app.domain.models import SpendPeriod
from desktop_app.domain.money import MoneyParseError, NumberStyle, parse_amount, to_minor


def money_text(text: str, currency: str, style: NumberStyle | None) -> int:
    """Minor units of an amount ≥ 0 in the business currency, or ValueError with the reason."""
    try:
        parsed = parse_amount(text, style)
    except MoneyParseError as exc:
        mark = style.decimal if style else "."
        raise ValueError(f"'{text.strip()}' is not an amount; write it like 1234{mark}50.") from exc
    if parsed.currency and parsed.currency != currency:
        raise ValueError(f"'{text.strip()}' is in {parsed.currency}; amounts are in {currency}.")
    if parsed.amount < 0:
        raise ValueError(f"'{text.strip()}' is negative; an amount cannot be.")
    return to_minor(parsed.amount, currency)


def count_text(text: str, style: NumberStyle | None) -> int:
    """A whole number ≥ 0 as people write it (`1,234`, `1.234`, `1 234`); '' is 0."""
    if not text.strip():
        return 0
    try:
        amount = parse_amount(text, style).amount
    except MoneyParseError as exc:
        raise ValueError(f"'{text.strip()}' is not a whole number.") from exc
    if amount < 0 or amount != amount.to_integral_value():
        raise ValueError(f"'{text.strip()}' is not a whole number ≥ 0.")
    return int(amount)


def decimal_text(text: str, style: NumberStyle | None) -> Decimal:
    """A decimal ≥ 0 (platforms report fractional conversions); '' is 0."""
    if not text.strip():
        return Decimal(0)
    try:
        amount = parse_amount(text, style).amount
    except MoneyParseError as exc:
        raise ValueError(f"'{text.strip()}' is not a number.") from exc
    if amount < 0:
        raise ValueError(f"'{text.strip()}' is negative.")
    return amount


def check_spend(
    text: dict[str, str],
    start: date,
    end: date,
    currency: str,
    style: NumberStyle | None = None,
) -> tuple[SpendPeriod | None, dict[str, str]]:
    """Read a spend form's texts (cost, impressions, clicks, conversions, value)."""
    errors: dict[str, str] = {}
    if end < start:
        errors["period_end"] = "The period ends before it starts."
    parsed: dict[str, object] = {}
    readers: dict[str, Callable[[str], object]] = {
        "cost": lambda t: money_text(t, currency, style),
        "impressions": lambda t: count_text(t, style),
        "clicks": lambda t: count_text(t, style),
        "platform_conversions": lambda t: decimal_text(t, style),
        "platform_value": lambda t: money_text(t, currency, style) if t.strip() else 0,
    }
    for key, read in readers.items():
        raw = text.get(key, "")
        if key == "cost" and not raw.strip():
            errors[key] = "Enter the cost (0 if it was free)."
            continue
        try:
            parsed[key] = read(raw)
        except ValueError as exc:
            errors[key] = str(exc)
    if errors:
        return None, errors
    return SpendPeriod(
        start,
        end,
        int(parsed["cost"]),  # type: ignore[call-overload]
        int(parsed["impressions"]),  # type: ignore[call-overload]
        int(parsed["clicks"]),  # type: ignore[call-overload]
        Decimal(parsed["platform_conversions"]),  # type: ignore[arg-type]
        int(parsed["platform_value"]),  # type: ignore[call-overload]
    ), {}
