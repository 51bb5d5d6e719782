"""Report date ranges: the comparison period and monthly targets pro-rated to a range."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal

from desktop_app.domain.timeutil import previous_period

__all__ = ["month_share", "previous_period", "prorated_target"]


def month_share(first: date, last: date) -> Decimal:
    """How many calendar months `first..last` spans, counting each month by its own length.

    A whole calendar month is exactly 1 (February's 28 days as much as March's 31); a part
    month counts its days in the range divided by that month's days. So a monthly target of
    40 becomes 40 for "this month", 120 for a quarter, and 40 * 10/30 for 1–10 April.
    """
    if last < first:
        raise ValueError("the range ends before it starts")
    share = Decimal(0)
    day = first
    while day <= last:
        month_days = calendar.monthrange(day.year, day.month)[1]
        month_end = day.replace(day=month_days)
        stop = min(month_end, last)
        share += Decimal((stop - day).days + 1) / month_days
        day = stop + timedelta(days=1)
    return share


def prorated_target(monthly_count: int | None, first: date, last: date) -> Decimal | None:
    """A monthly target count pro-rated to the range (see `month_share`); None without a target."""
    if monthly_count is None:
        return None
    return monthly_count * month_share(first, last)
