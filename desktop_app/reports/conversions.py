"""Counted conversions per goal, channel and campaign: SQL aggregates over the report index.

Cancelled conversions never count. For a goal counting one per customer only a customer's first
active conversion of that goal (by time, then id) counts; conversions without a customer key
each count. Whole months are read from the monthly summary the store keeps; other days from the
conversions, where repeats are found by a second, small aggregate and subtracted from the first.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TypeVar

from desktop_app.domain.models import Goal
from desktop_app.domain.timeutil import EARLIEST_DAY, LATEST_DAY
from desktop_app.store.goals import goal_columns, goal_of
from desktop_app.store.handle import Database
from desktop_app.store.report_summary import repeat_filter, stale_months

# (in_current_period, goal_id, channel_id, campaign_id) -> (count, value_minor)
GroupKey = tuple[bool, int, int, int | None]
DateSpan = tuple[date, date]


def load_goals(db: Database) -> list[Goal]:
    """Every goal, macro before micro, then by name."""
    return [
        goal_of(row)
        for row in db.execute(
            f"SELECT {goal_columns()} FROM goals ORDER BY level = 'micro', name COLLATE NOCASE"
        )
    ]


def find_goal(db: Database, name: str) -> Goal | None:
    """The goal called `name` (case and surrounding spaces ignored), or None."""
    wanted = name.strip().lower()
    return next((g for g in load_goals(db) if g.name.lower() == wanted), None)


def _marks(ids: Sequence[object]) -> str:
    return ",".join("?" for _ in ids)


# (goal_id, channel_id, campaign_id) -> (count, value_minor)
_Groups = dict[tuple[int, int, int | None], tuple[int, int]]
_Key = TypeVar("_Key")


def _add(into: dict[_Key, tuple[int, int]], key: _Key, count: int, value: int) -> None:
    old_count, old_value = into.get(key, (0, 0))
    into[key] = (old_count + count, old_value + value)


def split_by_month(first: date, last: date, stale: set[str]) -> tuple[list[str], list[DateSpan]]:
    """Which of `first..last` the monthly summary answers, and which the conversions do.

    Returns the calendar months ('YYYY-MM') lying wholly inside the range and not marked stale,
    and the spans of the remaining days (a part month at either end, stale months), joined
    where they touch. Together they cover every day of the range exactly once."""
    months: list[str] = []
    spans: list[DateSpan] = []
    day = first
    while day <= last:
        month = day.isoformat()[:7]  # as stored: strftime writes year 999 as '999', not '0999'
        month_end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        stop = min(month_end, last)
        if day.day == 1 and stop == month_end and month not in stale:
            months.append(month)
        elif spans and spans[-1][1] + timedelta(days=1) == day:
            spans[-1] = (spans[-1][0], stop)
        else:
            spans.append((day, stop))
        day = stop + timedelta(days=1)
    return months, spans


def _summary_groups(db: Database, months: Sequence[str]) -> _Groups:
    groups: _Groups = {}
    if not months:
        return groups
    for goal, channel, campaign, count, value in db.execute(
        "SELECT goal_id, channel_id, campaign_id, SUM(conversions), SUM(value_minor)"
        f" FROM conversion_months WHERE month IN ({_marks(months)}) GROUP BY 1, 2, 3",
        list(months),
    ):
        groups[(goal, channel, campaign)] = (count, value)
    return groups


def _raw_groups(db: Database, span: DateSpan, once_per_customer: Sequence[int]) -> _Groups:
    """Counted conversions of the days of `span`, read from the conversions themselves."""
    params = [span[0].isoformat(), span[1].isoformat()]
    groups: _Groups = {}
    # Only columns of idx_conversions_report, so SQLite answers from the index alone; named,
    # as the planner would rather skip-scan idx_conversions_goal and read every row.
    for goal, channel, campaign, count, value in db.execute(
        "SELECT goal_id, channel_id, campaign_id, COUNT(*), SUM(value_minor)"
        " FROM conversions INDEXED BY idx_conversions_report"
        " WHERE status = 'active' AND local_date BETWEEN ? AND ?"
        " GROUP BY 1, 2, 3",
        params,
    ):
        groups[(goal, channel, campaign)] = (count, value)
    if once_per_customer:
        # Repeats are found by a second, small aggregate and subtracted from the first.
        for goal, channel, campaign, count, value in db.execute(
            "SELECT c.goal_id, c.channel_id, c.campaign_id, COUNT(*), SUM(c.value_minor)"
            f" FROM conversions c WHERE c.goal_id IN ({_marks(once_per_customer)})"
            " AND c.status = 'active' AND c.local_date BETWEEN ? AND ?"
            f" AND {repeat_filter('c')} GROUP BY 1, 2, 3",
            [*once_per_customer, *params],
        ):
            _add(groups, (goal, channel, campaign), -count, -value)
    return groups


def grouped_counts(
    db: Database,
    current: DateSpan,
    previous: DateSpan,
    once_per_customer: Sequence[int],
) -> dict[GroupKey, tuple[int, int]]:
    """Counted conversions and value over the `current` and `previous` spans (inclusive; the
    comparison period may lie just before or a year before), grouped by period, goal, channel
    and campaign.

    Whole months come from the monthly summary (store/report_summary.py) unless marked stale;
    the other days are aggregated from the conversions. Call it inside a read transaction (as
    build_report does), so the marks and the sums are read from one state."""
    groups: dict[GroupKey, tuple[int, int]] = {}
    stale = stale_months(db)
    periods = ((False, *previous), (True, *current))
    for is_current, lo, hi in periods:
        if hi < lo:
            continue
        months, spans = split_by_month(lo, hi, stale)
        parts = [_summary_groups(db, months)]
        parts += [_raw_groups(db, span, once_per_customer) for span in spans]
        for part in parts:
            for (goal, channel, campaign), (count, value) in part.items():
                _add(groups, (is_current, goal, channel, campaign), count, value)
    return groups


def daily_counts(
    db: Database,
    first: date,
    last: date,
    goal_ids: Sequence[int],
    once_per_customer: Sequence[int],
) -> dict[tuple[str, int], tuple[int, int]]:
    """Counted conversions and value of `goal_ids` per (local date, channel id)."""
    if not goal_ids:
        return {}
    span = [first.isoformat(), last.isoformat()]
    days: dict[tuple[str, int], tuple[int, int]] = {}
    for day, channel, count, value in db.execute(
        # From idx_conversions_report alone (see _raw_groups for why it is named).
        "SELECT local_date, channel_id, COUNT(*), SUM(value_minor)"
        " FROM conversions INDEXED BY idx_conversions_report"
        " WHERE status = 'active' AND local_date BETWEEN ? AND ?"
        f" AND goal_id IN ({_marks(goal_ids)}) GROUP BY 1, 2",
        [*span, *goal_ids],
    ):
        days[(day, channel)] = (count, value)
    repeats = [g for g in once_per_customer if g in set(goal_ids)]
    if repeats:
        for day, channel, count, value in db.execute(
            "SELECT c.local_date, c.channel_id, COUNT(*), SUM(c.value_minor) FROM conversions c"
            f" WHERE c.goal_id IN ({_marks(repeats)}) AND c.status = 'active'"
            f" AND c.local_date BETWEEN ? AND ? AND {repeat_filter('c')} GROUP BY 1, 2",
            [*repeats, *span],
        ):
            _add(days, (day, channel), -count, -value)
    return days


def data_span(db: Database) -> tuple[date, date] | None:
    """The earliest and latest date of any active conversion or spend row (None when empty),
    among the days a report covers (EARLIEST_DAY to LATEST_DAY): a record another program dated
    0001-01-01 or 9999-12-31 does not stretch "all time" to the ends of the calendar (the health
    check names such records). A spend period running past LATEST_DAY counts to that day."""
    low, high = EARLIEST_DAY.isoformat(), LATEST_DAY.isoformat()
    row = db.execute(
        "SELECT MIN(d), MAX(d) FROM ("
        " SELECT MIN(local_date) AS d FROM conversions WHERE status = 'active'"
        "  AND local_date BETWEEN :low AND :high"
        " UNION ALL SELECT MAX(local_date) FROM conversions WHERE status = 'active'"
        "  AND local_date BETWEEN :low AND :high"
        " UNION ALL SELECT MIN(period_start) FROM spend WHERE period_start BETWEEN :low AND :high"
        " UNION ALL SELECT MAX(MIN(period_end, :high)) FROM spend"
        "  WHERE period_start BETWEEN :low AND :high)",
        {"low": low, "high": high},
    ).fetchone()
    if row is None or row[0] is None:
        return None
    return date.fromisoformat(row[0]), date.fromisoformat(row[1])
