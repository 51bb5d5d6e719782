"""Spend, impressions, clicks and platform figures of campaigns for a date range, periods shared out by day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from desktop_app.domain.models import SpendPeriod as SpendPeriod
from desktop_app.store.handle import Database

# Platform conversions are REAL in the table; summed in SQL as integer millionths so that
# 0.1 + 0.2 stays 0.3 (no platform reports more than a few decimals).
_PLATFORM_SCALE = 1_000_000


def largest_remainder(total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` whole units in proportion to `weights`, the remainder going to the largest
    fractional shares (ties: earliest first), so the parts always add up to `total`."""
    weight_sum = sum(weights)
    if weight_sum <= 0:
        raise ValueError("weights must add up to more than zero")
    floors = [total * w // weight_sum for w in weights]
    # Fractional part of share i is (total*w mod weight_sum) / weight_sum: compare numerators.
    leftovers = [total * w % weight_sum for w in weights]
    remainder = total - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-leftovers[i], i))
    for i in order[:remainder]:
        floors[i] += 1
    return floors


def days_portion(total: int, period_days: int, first_index: int, last_index: int) -> int:
    """Units of `total` shared evenly over `period_days` days that fall on days
    `first_index..last_index` (0-based, inclusive).

    With equal daily shares every fractional part ties, so the remainder goes to the earliest
    days: day i gets total // n, plus one when i < total % n. This equals summing
    `largest_remainder(total, [1] * n)` over those days, in constant time.
    """
    if period_days <= 0:
        raise ValueError("a period has at least one day")
    first_index = max(first_index, 0)
    last_index = min(last_index, period_days - 1)
    if last_index < first_index:
        return 0
    base, remainder = divmod(total, period_days)
    days = last_index - first_index + 1
    extra = max(0, min(last_index + 1, remainder) - first_index)
    return base * days + extra


@dataclass(frozen=True, slots=True)
class SpendTotals:
    """A campaign's spend-side figures over a range; money in minor units of the base currency."""

    cost_minor: int = 0
    impressions: int = 0
    clicks: int = 0
    platform_conversions: Decimal = Decimal(0)
    platform_value_minor: int = 0

    def __add__(self, other: SpendTotals) -> SpendTotals:
        return SpendTotals(
            self.cost_minor + other.cost_minor,
            self.impressions + other.impressions,
            self.clicks + other.clicks,
            self.platform_conversions + other.platform_conversions,
            self.platform_value_minor + other.platform_value_minor,
        )


def allocate_period(row: SpendPeriod, first: date, last: date) -> SpendTotals:
    """The part of one spend row that falls on `first..last`: money and counts in whole units
    (remainder to the earliest days), platform conversions proportionally as decimals."""
    period_days = (row.period_end - row.period_start).days + 1
    lo = (first - row.period_start).days
    hi = (last - row.period_start).days
    lo, hi = max(lo, 0), min(hi, period_days - 1)
    if hi < lo:
        return SpendTotals()
    overlap = hi - lo + 1
    return SpendTotals(
        cost_minor=days_portion(row.cost_minor, period_days, lo, hi),
        impressions=days_portion(row.impressions, period_days, lo, hi),
        clicks=days_portion(row.clicks, period_days, lo, hi),
        platform_conversions=row.platform_conversions * overlap / period_days,
        platform_value_minor=days_portion(row.platform_value_minor, period_days, lo, hi),
    )


def _platform(value: float | int | None) -> Decimal:
    # repr() of a float is the shortest text that reads back the same: what was typed in.
    return Decimal(repr(float(value or 0))).normalize() if value else Decimal(0)


def spend_by_campaign(db: Database, first: date, last: date) -> dict[int, SpendTotals]:
    """Spend-side figures per campaign id over `first..last` inclusive.

    Rows lying wholly inside the range (every daily row among them) are summed in SQL; only
    period rows that cross the range's edges are shared out by day here.
    """
    a, b = first.isoformat(), last.isoformat()
    totals: dict[int, SpendTotals] = {}
    inside = db.execute(
        "SELECT campaign_id, SUM(cost_minor), SUM(impressions), SUM(clicks),"
        f" SUM(CAST(ROUND(platform_conversions * {_PLATFORM_SCALE}) AS INTEGER)),"
        " SUM(platform_value_minor)"
        " FROM spend WHERE period_start >= ? AND period_start <= ? AND period_end <= ?"
        " GROUP BY campaign_id",
        [a, b, b],
    )
    for campaign_id, cost, impressions, clicks, platform_millionths, platform_value in inside:
        totals[campaign_id] = SpendTotals(
            cost,
            impressions,
            clicks,
            (Decimal(platform_millionths) / _PLATFORM_SCALE).normalize(),
            platform_value,
        )
    # `period_start < period_end` lets SQLite use the partial index of multi-day rows only.
    crossing = db.execute(
        "SELECT campaign_id, period_start, period_end, cost_minor, impressions, clicks,"
        " platform_conversions, platform_value_minor FROM spend"
        " WHERE period_start < period_end AND period_end >= ? AND period_start <= ?"
        " AND (period_start < ? OR period_end > ?)",
        [a, b, a, b],
    )
    for campaign_id, start, end, cost, impressions, clicks, platform, platform_value in crossing:
        part = allocate_period(
            SpendPeriod(
                date.fromisoformat(start),
                date.fromisoformat(end),
                cost,
                impressions,
                clicks,
                _platform(platform),
                platform_value,
            ),
            first,
            last,
        )
        totals[campaign_id] = totals.get(campaign_id, SpendTotals()) + part
    return totals
