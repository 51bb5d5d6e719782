"""Counts in import messages with the right plural form (1 goal, 2 goals, 2,503 rows)."""

from __future__ import annotations


def plural(count: int, one: str, many: str | None = None) -> str:
    """`count` with thousands separators and `one` or `many` (default: `one` + 's')."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"
