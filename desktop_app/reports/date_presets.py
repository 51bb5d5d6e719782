"""Named report ranges (last 30 days, this quarter, …) resolved to local dates for a given today."""

from __future__ import annotations

from datetime import date, timedelta

# (key, label) in the order a date-range picker offers them; "custom" keeps the chosen dates.
PRESETS: tuple[tuple[str, str], ...] = (
    ("last_7", "Last 7 days"),
    ("last_30", "Last 30 days"),
    ("last_90", "Last 90 days"),
    ("this_month", "This month"),
    ("last_month", "Last month"),
    ("this_quarter", "This quarter"),
    ("year_to_date", "Year to date"),
    ("custom", "Custom range"),
)
DEFAULT_PRESET = "last_30"


def preset_range(key: str, today: date) -> tuple[date, date]:
    """The first and last day (inclusive) of preset `key` as seen on `today`.

    "Last N days" ends today and holds N days; "this month", "this quarter" and "year to date"
    run from their first day up to today; "last month" is the whole previous calendar month.
    """
    if key.startswith("last_") and key[5:].isdigit():
        return today - timedelta(days=int(key[5:]) - 1), today
    if key == "this_month":
        return today.replace(day=1), today
    if key == "last_month":
        last = today.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    if key == "this_quarter":
        first_month = 3 * ((today.month - 1) // 3) + 1
        return date(today.year, first_month, 1), today
    if key == "year_to_date":
        return date(today.year, 1, 1), today
    raise ValueError(f"unknown date range preset '{key}'")
