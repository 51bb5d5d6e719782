"""Independent figures for the GUI report tests: plain SQL and a day-by-day spend split, no engine."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlite_utils import Database

LAST_DAY = date(2026, 6, 30)  # the demo's last day in these tests


def macro_conversions(
    db: Database, first: date, last: date, channel: str | None = None
) -> tuple[int, int]:
    """(count, value in cents) of active conversions of macro goals on local days first..last
    (of one channel, by the conversion's own channel, when `channel` is given)."""
    count, value = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(c.value_minor), 0) FROM conversions c"
        " JOIN goals g ON g.id = c.goal_id JOIN channels ch ON ch.id = c.channel_id"
        " WHERE c.status = 'active' AND g.level = 'macro' AND c.local_date BETWEEN ? AND ?"
        " AND (? IS NULL OR ch.name = ?)",
        [first.isoformat(), last.isoformat(), channel, channel],
    ).fetchone()
    return int(count), int(value)


def spend_cents(db: Database, first: date, last: date, channel: str | None = None) -> int:
    """Spend in first..last (of the campaigns of one channel, when `channel` is given), every
    period split into days one by one: each day gets cost // days, and the first cost % days
    days one cent more (PRODUCT.md: whole cents, the remainder to the largest shares, ties to
    the earliest)."""
    total = 0
    for cost, start, end in db.execute(
        "SELECT s.cost_minor, s.period_start, s.period_end FROM spend s"
        " JOIN campaigns c ON c.id = s.campaign_id JOIN channels ch ON ch.id = c.channel_id"
        " WHERE ? IS NULL OR ch.name = ?",
        [channel, channel],
    ):
        start_day, end_day = date.fromisoformat(start), date.fromisoformat(end)
        days = (end_day - start_day).days + 1
        base, extra = divmod(cost, days)
        for i in range(days):
            day = start_day + timedelta(days=i)
            if first <= day <= last:
                total += base + (1 if i < extra else 0)
    return total


def euros(cents: int | Decimal) -> str:
    amount = (Decimal(cents) / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"€{amount:,.2f}"


def previous(first: date, last: date) -> tuple[date, date]:
    days = (last - first).days + 1
    return first - timedelta(days=days), first - timedelta(days=1)


def change_text(now: Decimal, before: Decimal) -> str:
    percent = (now - before) / before * 100
    arrow = "▲" if percent >= Decimal("0.05") else "▼" if percent <= Decimal("-0.05") else "●"
    return f"{arrow} {abs(percent):,.1f} %"
