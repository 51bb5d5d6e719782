"""Budget pacing: how much of a campaign's budget is spent, and where the spend is heading.

A monthly budget is paced within the current calendar month; a budget for the whole campaign
over the campaign's own dates. Spend counts up to yesterday (today's costs are rarely in yet),
and the projection carries the average daily spend so far to the end of the period:
a 1,000.00 monthly budget with 400.00 spent in the first 10 days of a 30-day month is 40 % spent
and projects 1,200.00.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Pacing:
    first: date  # the period the budget covers
    last: date
    budget_minor: int
    spent_minor: int  # spend from `first` up to yesterday (or `last`, when it is over)
    days_gone: int  # whole days of the period behind us
    days: int  # days in the period
    # A whole-campaign budget of a campaign without an end date: spend so far (since its start,
    # or all of it) against the budget; there is no end to project to.
    open_ended: bool = False

    @property
    def share_spent(self) -> Decimal:
        return Decimal(self.spent_minor) / Decimal(self.budget_minor)

    @property
    def projected_minor(self) -> Decimal | None:
        """Spend at the end of the period at today's pace (None before a whole day has gone,
        and for an open-ended budget)."""
        if self.days_gone <= 0 or self.open_ended:
            return None
        return Decimal(self.spent_minor) * self.days / self.days_gone

    @property
    def over_budget(self) -> bool:
        if self.open_ended:
            return self.spent_minor > self.budget_minor
        projected = self.projected_minor
        return projected is not None and projected > self.budget_minor


def pacing_period(
    period: str, today: date, start: date | None, end: date | None
) -> tuple[date, date] | None:
    """The days a budget covers as seen on `today`: this calendar month for a monthly budget,
    the campaign's dates for a whole-campaign budget (None when they are not both set, or the
    campaign has not started; `open_period` covers a campaign without an end date)."""
    if period == "month":
        days = calendar.monthrange(today.year, today.month)[1]
        return today.replace(day=1), today.replace(day=days)
    if period != "campaign":
        raise ValueError(f"a budget is per 'month' or 'campaign', not {period!r}")
    if start is None or end is None or end < start or today < start:
        return None
    return start, end


def open_period(today: date, start: date | None) -> tuple[date, date] | None:
    """The days an open-ended whole-campaign budget has covered up to yesterday: from the
    campaign's start (from the first day there is, without one); None before it started."""
    yesterday = today - timedelta(days=1)
    first = start or date.min
    return (first, yesterday) if first <= yesterday else None


def pace_open(budget_minor: int, first: date, last: date, spent_minor: int) -> Pacing:
    """An open-ended budget: `spent_minor` over `first..last` (up to yesterday), no projection."""
    seen_after = last + timedelta(days=1)  # every day of the period is behind us
    return replace(pace(budget_minor, first, last, spent_minor, seen_after), open_ended=True)


def pace(budget_minor: int, first: date, last: date, spent_minor: int, today: date) -> Pacing:
    """Pacing of `budget_minor` over `first..last` with `spent_minor` spent up to yesterday."""
    if budget_minor <= 0:
        raise ValueError("pacing needs a budget above zero")
    days = (last - first).days + 1
    through = min(today - timedelta(days=1), last)
    days_gone = max(0, (through - first).days + 1)
    return Pacing(first, last, budget_minor, spent_minor, days_gone, days)
