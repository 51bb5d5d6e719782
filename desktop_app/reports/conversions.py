"""Counted conversions per goal, channel and campaign: SQL aggregates over the report index.

Cancelled conversions never count. For a goal counting one per customer only a customer's first
active conversion of that goal (by time, then id) counts; conversions without a customer key
each count. Repeats are found by a second, small aggregate and subtracted from the first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

# (in_current_period, goal_id, channel_id, campaign_id) -> (count, value_minor)
GroupKey = tuple[bool, int, int, int | None]


@dataclass(frozen=True, slots=True)
class GoalInfo:
    id: int
    name: str
    level: str
    counting: str
    target_count: int | None
    target_cpa_minor: int | None


def load_goals(db: Database) -> list[GoalInfo]:
    """Every goal, macro before micro, then by name."""
    return [
        GoalInfo(*row)
        for row in db.execute(
            "SELECT id, name, level, counting, target_count, target_cpa_minor FROM goals"
            " ORDER BY level = 'micro', name COLLATE NOCASE"
        )
    ]


def find_goal(db: Database, name: str) -> GoalInfo | None:
    """The goal called `name` (case and surrounding spaces ignored), or None."""
    wanted = name.strip().lower()
    return next((g for g in load_goals(db) if g.name.lower() == wanted), None)


def _repeat_filter(alias: str) -> str:
    """SQL condition: conversion `alias` is not its customer's first active one of its goal."""
    return (
        f"{alias}.customer_key IS NOT NULL AND EXISTS (SELECT 1 FROM conversions p"
        f" WHERE p.goal_id = {alias}.goal_id AND p.customer_key = {alias}.customer_key"
        f" AND p.status = 'active' AND (p.occurred_at < {alias}.occurred_at"
        f" OR (p.occurred_at = {alias}.occurred_at AND p.id < {alias}.id)))"
    )


def _marks(ids: Sequence[int]) -> str:
    return ",".join("?" for _ in ids)


def grouped_counts(
    db: Database,
    first: date,
    last: date,
    current_first: date,
    once_per_customer: Sequence[int],
) -> dict[GroupKey, tuple[int, int]]:
    """Counted conversions and value over `first..last`, grouped by whether the day is on or
    after `current_first` (so one scan serves the period and its comparison period), goal,
    channel and campaign."""
    params = [current_first.isoformat(), first.isoformat(), last.isoformat()]
    groups: dict[GroupKey, tuple[int, int]] = {}
    # Only columns of idx_conversions_report: SQLite answers from the index alone.
    for cur, goal, channel, campaign, count, value in db.execute(
        "SELECT local_date >= ?, goal_id, channel_id, campaign_id, COUNT(*), SUM(value_minor)"
        " FROM conversions WHERE status = 'active' AND local_date BETWEEN ? AND ?"
        " GROUP BY 1, 2, 3, 4",
        params,
    ):
        groups[(bool(cur), goal, channel, campaign)] = (count, value)
    if once_per_customer:
        for cur, goal, channel, campaign, count, value in db.execute(
            "SELECT c.local_date >= ?, c.goal_id, c.channel_id, c.campaign_id, COUNT(*),"
            " SUM(c.value_minor) FROM conversions c"
            f" WHERE c.goal_id IN ({_marks(once_per_customer)}) AND c.status = 'active'"
            f" AND c.local_date BETWEEN ? AND ? AND {_repeat_filter('c')}"
            " GROUP BY 1, 2, 3, 4",
            [params[0], *once_per_customer, params[1], params[2]],
        ):
            key = (bool(cur), goal, channel, campaign)
            total_count, total_value = groups[key]
            groups[key] = (total_count - count, total_value - value)
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
        "SELECT local_date, channel_id, COUNT(*), SUM(value_minor) FROM conversions"
        f" WHERE status = 'active' AND local_date BETWEEN ? AND ?"
        f" AND goal_id IN ({_marks(goal_ids)}) GROUP BY 1, 2",
        [*span, *goal_ids],
    ):
        days[(day, channel)] = (count, value)
    repeats = [g for g in once_per_customer if g in set(goal_ids)]
    if repeats:
        for day, channel, count, value in db.execute(
            "SELECT c.local_date, c.channel_id, COUNT(*), SUM(c.value_minor) FROM conversions c"
            f" WHERE c.goal_id IN ({_marks(repeats)}) AND c.status = 'active'"
            f" AND c.local_date BETWEEN ? AND ? AND {_repeat_filter('c')} GROUP BY 1, 2",
            [*repeats, *span],
        ):
            total_count, total_value = days[(day, channel)]
            days[(day, channel)] = (total_count - count, total_value - value)
    return days


def data_span(db: Database) -> tuple[date, date] | None:
    """The earliest and latest date of any active conversion or spend row (None when empty)."""
    row = db.execute(
        "SELECT MIN(d), MAX(d) FROM ("
        " SELECT MIN(local_date) AS d FROM conversions WHERE status = 'active'"
        " UNION ALL SELECT MAX(local_date) FROM conversions WHERE status = 'active'"
        " UNION ALL SELECT MIN(period_start) FROM spend"
        " UNION ALL SELECT MAX(period_end) FROM spend)"
    ).fetchone()
    if row is None or row[0] is None:
        return None
    return date.fromisoformat(row[0]), date.fromisoformat(row[1])
