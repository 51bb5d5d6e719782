"""How report figures read on screen: money with its symbol, counts grouped, ratios in percent, "—" when undefined."""

from __future__ import annotations

from decimal import Decimal

from desktop_app.domain.metrics import DASH
from desktop_app.domain.money import format_decimal_money


def money(amount: Decimal | None, currency: str) -> str:
    if amount is None:
        return DASH
    return format_decimal_money(amount, currency) if currency else f"{amount:,.2f}"


def count(value: Decimal | int | None) -> str:
    """Whole counts as 1,234; credited (fractional) counts with two decimals."""
    if value is None:
        return DASH
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return f"{value:,.2f}"
    return f"{int(value):,}"


def percent(ratio: Decimal | None, digits: int = 1) -> str:
    return DASH if ratio is None else f"{ratio * 100:,.{digits}f} %"


def roas(ratio: Decimal | None) -> str:
    """Value per unit of spend: 4.20× means 4.20 back for every 1 spent."""
    return DASH if ratio is None else f"{ratio:,.2f}×"
