"""Goals typed in by hand: checking the form's text, writing rows, and the figures the Goals page lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlite_utils import Database

from desktop_app.domain.models import Goal
from desktop_app.domain.money import MoneyParseError, NumberStyle, parse_amount, to_minor
from desktop_app.store.audit import record
from desktop_app.store.row_changes import (
    RowChange,
    fetch_row,
    insert_row,
    set_archived,
    update_row,
)
from desktop_app.store.transactions import writing

CATEGORIES = ("lead", "engagement", "transaction")
LEVELS = ("macro", "micro")
COUNTING = ("every", "one_per_customer")
COUNTING_LABELS = {"every": "Every conversion", "one_per_customer": "One per customer"}
MAX_LOOKBACK = 540


class GoalInUseError(ValueError):
    """A goal with conversions cannot be deleted (they would be lost); archive it instead."""


@dataclass(frozen=True, slots=True)
class GoalValues:
    """A goal as the form describes it, checked and in store units."""

    name: str
    category: str = "lead"
    level: str = "macro"
    default_value_minor: int = 0
    currency: str = ""
    counting: str = "every"
    lookback_days: int = 30
    target_count: int | None = None
    target_cpa_minor: int | None = None
    margin: str | None = None  # gross margin as an exact decimal fraction ('0.35'), or None
    google_ads_name: str = ""  # the goal's conversion name in each ad platform
    meta_name: str = ""
    microsoft_name: str = ""


@dataclass(frozen=True, slots=True)
class GoalRow(Goal):
    """One line of the Goals page: the goal and its conversion counts."""

    month_count: int = 0  # active conversions this calendar month
    last30_count: int = 0  # active conversions in the 30 days up to today
    total_count: int = 0  # every conversion ever recorded (cancelled ones too)


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


def check_goal(
    db: Database,
    text: dict[str, str],
    currency: str,
    style: NumberStyle | None = None,
    goal_id: int | None = None,
) -> tuple[GoalValues | None, dict[str, str]]:
    """Read the form's texts; returns the values, or None and a message per bad field."""
    errors: dict[str, str] = {}
    name = text.get("name", "").strip()
    if not name:
        errors["name"] = "A goal needs a name."
    elif _name_taken(db, name, goal_id):
        errors["name"] = f"There is already a goal called '{name}'."
    choices = {"category": CATEGORIES, "level": LEVELS, "counting": COUNTING}
    picked = {key: text.get(key, options[0]) for key, options in choices.items()}
    for key, options in choices.items():
        if picked[key] not in options:
            errors[key] = f"Choose one of: {', '.join(options)}."
    value = _money(text.get("default_value", ""), currency, style, "default_value", errors)
    target_cpa = _money(text.get("target_cpa", ""), currency, style, "target_cpa", errors)
    lookback = _whole(text.get("lookback_days", ""), "lookback_days", errors, required=True)
    if lookback is not None and not 1 <= lookback <= MAX_LOOKBACK:
        errors["lookback_days"] = f"Between 1 and {MAX_LOOKBACK} days."
    target = _whole(text.get("target_count", ""), "target_count", errors, required=False)
    if target is not None and target < 1:
        errors["target_count"] = "A target is at least 1 conversion (or leave it empty)."
    margin = None
    margin_text = text.get("margin", "").strip().removesuffix("%").strip()
    if margin_text:  # the form asks for a percentage, written the locale's way: "35,5" is 35.5 %
        try:
            percent = parse_amount(margin_text, style).amount
        except MoneyParseError:
            percent = Decimal(-1)
        if not 0 <= percent <= 100:
            errors["margin"] = f"A margin is a percentage from 0 to 100, e.g. 35{_mark(style)}5."
        else:
            margin = format((percent / 100).normalize(), "f")
    names = {k: " ".join(text.get(k, "").split())[:200]
             for k in ("google_ads_name", "meta_name", "microsoft_name")}  # fmt: skip
    if errors:
        return None, errors
    return GoalValues(
        name=name,
        category=picked["category"],
        level=picked["level"],
        default_value_minor=value or 0,
        currency=currency,
        counting=picked["counting"],
        lookback_days=lookback or 30,
        target_count=target,
        target_cpa_minor=target_cpa,
        margin=margin,
        **names,
    ), {}


def _name_taken(db: Database, name: str, goal_id: int | None) -> bool:
    row = db.execute(
        "SELECT id FROM goals WHERE name = ? COLLATE NOCASE AND id IS NOT ?", [name, goal_id]
    ).fetchone()
    return row is not None


def _money(
    text: str, currency: str, style: NumberStyle | None, key: str, errors: dict[str, str]
) -> int | None:
    if not text.strip():
        return None
    try:
        parsed = parse_amount(text, style)
    except MoneyParseError:
        errors[key] = f"'{text.strip()}' is not an amount; write it like 1234{_mark(style)}50."
        return None
    if parsed.currency and parsed.currency != currency:
        errors[key] = f"Amounts are in {currency}, the business currency."
        return None
    if parsed.amount < 0:
        errors[key] = "The amount cannot be negative."
        return None
    return to_minor(parsed.amount, currency)


def _mark(style: NumberStyle | None) -> str:
    return style.decimal if style else "."


def _whole(text: str, key: str, errors: dict[str, str], required: bool) -> int | None:
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if not cleaned:
        if required:
            errors[key] = "Enter a number of days."
        return None
    if not cleaned.isdigit():
        errors[key] = f"'{text.strip()}' is not a whole number."
        return None
    return int(cleaned)


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
    """Every goal with this month's and the last 30 days' active conversions (business dates)."""
    month_start = today.replace(day=1).isoformat()
    last30 = (today - timedelta(days=29)).isoformat()
    sql = f"""
        SELECT {goal_columns("g")},
               (SELECT COUNT(*) FROM conversions c WHERE c.goal_id = g.id AND c.status = 'active'
                  AND c.local_date BETWEEN ? AND ?),
               (SELECT COUNT(*) FROM conversions c WHERE c.goal_id = g.id AND c.status = 'active'
                  AND c.local_date BETWEEN ? AND ?),
               (SELECT COUNT(*) FROM conversions c WHERE c.goal_id = g.id)
        FROM goals g ORDER BY g.archived, g.level, g.name COLLATE NOCASE
    """
    end = today.isoformat()
    rows = []
    width = len(GOAL_COLUMNS)
    for r in db.execute(sql, [month_start, end, last30, end]):
        month, last30_count, total = (int(n) for n in r[width : width + 3])
        rows.append(GoalRow(**asdict(goal_of(r)), month_count=month, last30_count=last30_count,
                            total_count=total))  # fmt: skip
    return rows
