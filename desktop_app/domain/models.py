"""Model values shared by the store, the services and the UI (plain values, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class SpendPeriod:
    """Cost and platform figures of one day (`period_start == period_end`) or a period, inclusive.

    The figures of one spend row, as the forms, the paste parser and the report engine share them.
    """

    period_start: date
    period_end: date
    cost_minor: int
    impressions: int = 0
    clicks: int = 0
    platform_conversions: Decimal = Decimal(0)
    platform_value_minor: int = 0


@dataclass(frozen=True, slots=True)
class Channel:
    """A channel as stored: the store's reads return it, the settings and reports show it."""

    id: int
    name: str
    paid: bool
    offline: bool
    color: str
    hidden: bool
