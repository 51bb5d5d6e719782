"""Goals typed in by hand: writing rows and the figures the Goals page lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from desktop_app.domain.models import Goal, GoalValues
from desktop_app.store.audit import record
from desktop_app.store.handle import Database
from desktop_app.store.row_changes import (
    RowChange,
    fetch_row,
    insert_row,
    set_archived,
    update_row,
)
from desktop_app.store.transactions import writing


class GoalInUseError(ValueError):
    """A goal with conversions cannot be deleted (they would be lost); archive it instead."""


@dataclass(frozen=True, slots=True)
class GoalRow(Goal):
    """One line of the Goals page: the goal and its conversion counts."""

    month_count: int = 0  # active conversions this calendar month
    last30_count: int = 0  # active conversions in the 30 days up to today
    has_conversions: bool = False  # any conversion ever recorded (cancelled ones too)


# The columns of a Goal, in its order (spliced into SQL; `goal_of` reads a row of them).
GOAL_COLUMNS = ("id", "name", "category", "level", "default_value_minor", "currency", "counting",
                "lookback_days", "target_count", "target_cpa_minor", "margin", "archived",
                "google_ads_name", "meta_name", "microsoft_name")  # fmt: skip


def goal_columns(alias: str = "") -> str:
    return ", ".join(f"{alias}.{c}" if alias else c for c in GOAL_COLUMNS)


def goal_of(row: Sequence[Any]) -> Goal:
    """A Goal from a row that starts with GOAL_COLUMNS."""
    values = dict(zip(GOAL_COLUMNS, row, strict=False))
    values["archived"] = bool(values["archived"])
    values["google_ads_name"] = values["google_ads_name"] or ""
    values["meta_name"] = values["meta_name"] or ""
    values["microsoft_name"] = values["microsoft_name"] or ""
    return Goal(**values)


def _columns(values: GoalValues) -> dict[str, object]:
    return asdict(values)


def create_goal(db: Database, values: GoalValues) -> RowChange:
    return insert_row(db, "goals", _columns(values), values.name)


def update_goal(db: Database, goal_id: int, values: GoalValues) -> RowChange:
    return update_row(db, "goals", goal_id, _columns(values), values.name)


def set_goal_archived(db: Database, goal_id: int, archived: bool) -> RowChange:
    return set_archived(db, "goals", goal_id, archived)


def goal_conversion_count(db: Database, goal_id: int) -> int:
    return int(
        db.execute("SELECT COUNT(*) FROM conversions WHERE goal_id = ?", [goal_id]).fetchone()[0]
    )


def delete_goal(db: Database, goal_id: int) -> RowChange:
    """Delete an unused goal; a goal with conversions raises GoalInUseError."""
    before = fetch_row(db, "goals", goal_id)
    count = goal_conversion_count(db, goal_id)
    if count:
        raise GoalInUseError(
            f"'{before['name'] if before else goal_id}' has {count:,} conversions; archive it instead."
        )
    with writing(db):
        db.execute("DELETE FROM goals WHERE id = ?", [goal_id])
        record(db, "delete", "goal", goal_id, {"name": before["name"] if before else ""})
    return RowChange("goals", goal_id, before, None)


def list_goals(db: Database, today: date) -> list[GoalRow]:
    """Every goal with this month's active conversions so far and the last 30 days' (to
    yesterday, as the reports' "Last 30 days": today is not over yet), on business dates, and
    whether it has any conversion at all (counting them all took 80 ms on 1M conversions)."""
    month_start = today.replace(day=1).isoformat()
    last30 = (today - timedelta(days=30)).isoformat()
    yesterday = (today - timedelta(days=1)).isoformat()
    sql = f"""
        SELECT {goal_columns("g")},
               (SELECT COUNT(*) FROM conversions c WHERE c.goal_id = g.id AND c.status = 'active'
                  AND c.local_date BETWEEN ? AND ?),
               (SELECT COUNT(*) FROM conversions c WHERE c.goal_id = g.id AND c.status = 'active'
                  AND c.local_date BETWEEN ? AND ?),
               EXISTS (SELECT 1 FROM conversions c WHERE c.goal_id = g.id)
        FROM goals g ORDER BY g.archived, g.level, g.name COLLATE NOCASE
    """
    end = today.isoformat()
    rows = []
    width = len(GOAL_COLUMNS)
    for r in db.execute(sql, [month_start, end, last30, yesterday]):
        month, last30_count, used = (int(n) for n in r[width : width + 3])
        rows.append(GoalRow(**asdict(goal_of(r)), month_count=month, last30_count=last30_count,
                            has_conversions=bool(used)))  # fmt: skip
    return rows
