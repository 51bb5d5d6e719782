"""Named report ranges (last 30 days, this quarter, …) resolved to local dates for a given today."""

from __future__ import annotations

from datetime import date, timedelta

# (key, label) in the order a date-range picker offers them; "custom" keeps the chosen dates.
PRESETS: tuple[tuple[str, str], ...] = (
    ("last_7", "Last 7 days (to yesterday)"),
    ("last_30", "Last 30 days (to yesterday)"),
    ("last_90", "Last 90 days (to yesterday)"),
    ("this_month", "This month"),
    ("last_month", "Last month"),
    ("this_quarter", "This quarter"),
    ("year_to_date", "Year to date"),
    ("last_12_months", "Last 12 months"),
    ("all_time", "All time"),
    ("custom", "Custom range"),
)
DEFAULT_PRESET = "last_30"
# What a range is compared with: (key, label).
COMPARISONS: tuple[tuple[str, str], ...] = (
    ("previous", "vs previous period"),
    ("year", "vs a year earlier"),
)


def preset_range(key: str, today: date, first_data: date | None = None) -> tuple[date, date]:
    """The first and last day (inclusive) of preset `key` as seen on `today`.

    "Last N days" holds the N whole days before today: today is not over, and a day still
    filling up would show every figure dropping at the right edge. "This month", "this quarter"
    and "year to date" run from their first day up to today (partial by name); "last month" is
    the whole previous calendar month, "last 12 months" the twelve whole calendar months before
    this one; "all time" runs from `first_data` (the first day anything was recorded; today
    when nothing was) up to today.
    """
    if key.startswith("last_") and key[5:].isdigit():
        yesterday = today - timedelta(days=1)
        return today - timedelta(days=int(key[5:])), yesterday
    if key == "last_12_months":
        end = today.replace(day=1) - timedelta(days=1)
        start_year, start_month = (end.year, end.month - 11) if end.month == 12 else (
            end.year - 1, end.month + 1)  # fmt: skip
        return date(start_year, start_month, 1), end
    if key == "all_time":
        return min(first_data or today, today), today
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
