"""The report formulas of PRODUCT.md; a zero denominator gives None (shown as "—"), never 0 or infinity."""

from __future__ import annotations

from decimal import Decimal, localcontext

DASH = "—"


def _ratio(numerator: Decimal | int | float, denominator: Decimal | int | float) -> Decimal | None:
    if not denominator:
        return None
    with localcontext() as ctx:
        ctx.prec = 28
        return Decimal(numerator) / Decimal(denominator)


def ctr(clicks: int, impressions: int) -> Decimal | None:
    return _ratio(clicks, impressions)


def conversion_rate(conversions: int, clicks: int) -> Decimal | None:
    return _ratio(conversions, clicks)


def cpa(spend: Decimal, conversions: int) -> Decimal | None:
    """Spend per conversion, in money (not minor units)."""
    return _ratio(spend, conversions)


def roas(value: Decimal, spend: Decimal) -> Decimal | None:
    return _ratio(value, spend)


def roi(value: Decimal, spend: Decimal) -> Decimal | None:
    return _ratio(value - spend, spend)


def change(current: Decimal | int | None, previous: Decimal | int | None) -> Decimal | None:
    """Relative change from `previous` to `current` (0.25 = +25 %); None where undefined."""
    if current is None or previous is None:
        return None
    return _ratio(Decimal(current) - Decimal(previous), previous)
