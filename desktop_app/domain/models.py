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


@dataclass(frozen=True, slots=True)
class Goal:
    """A conversion goal as stored: the store's reads return it; forms, reports and exports
    use it (the Goals page's line extends it with counts)."""

    id: int
    name: str
    category: str
    level: str  # macro or micro
    default_value_minor: int
    currency: str
    counting: str  # every, or one per customer
    lookback_days: int
    target_count: int | None
    target_cpa_minor: int | None
    margin: str | None  # gross margin as an exact decimal fraction ('0.35'), or None
    archived: bool
    google_ads_name: str  # the goal's conversion name in each ad platform
    meta_name: str
    microsoft_name: str

    @property
    def platform_names(self) -> list[str]:
        """The names it has in ad platforms (Google Ads, Meta, Microsoft), those set."""
        return [n for n in (self.google_ads_name, self.meta_name, self.microsoft_name) if n]


@dataclass(frozen=True, slots=True)
class Campaign:
    """A campaign as stored (the Campaigns page's line extends it with its channel and spend)."""

    id: int
    name: str
    channel_id: int
    platform: str
    start_date: str | None  # YYYY-MM-DD
    end_date: str | None
    budget_minor: int | None
    utm_source: str
    utm_medium: str
    utm_campaign: str
    notes: str
    archived: bool
