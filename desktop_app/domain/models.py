"""Model values shared by the store, the services and the UI (plain values, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

GOAL_CATEGORIES = ("lead", "engagement", "transaction")
GOAL_LEVELS = ("macro", "micro")
GOAL_COUNTING = ("every", "one_per_customer")
COUNTING_LABELS = {"every": "Every conversion", "one_per_customer": "One per customer"}
MAX_LOOKBACK = 540  # days a touch may earn credit before a conversion, at most

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def name_key(name: str) -> str:
    """A name as the database compares names (COLLATE NOCASE: ASCII letters without case), so
    that a check here and the database agree on which names clash."""
    return name.translate(_ASCII_LOWER)


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
    goal_id: int | None  # the goal it works for: its spend counts toward it in the goal view
    budget_period: str  # the budget is per calendar 'month' or for the whole 'campaign'


@dataclass(frozen=True, slots=True)
class GoalValues:
    """A goal as the form or the command line describes it, checked and in store units."""

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
class CampaignValues:
    """A campaign as the form describes it, checked and in store units."""

    name: str
    channel_id: int
    platform: str = ""
    start_date: str | None = None  # YYYY-MM-DD
    end_date: str | None = None
    budget_minor: int | None = None
    utm_source: str = ""
    utm_medium: str = ""
    utm_campaign: str = ""
    notes: str = ""
    goal_id: int | None = None
    budget_period: str = "month"


@dataclass(frozen=True, slots=True)
class Conversion:
    """A conversion as stored (money in minor units; times as stored UTC text, dates local)."""

    id: int
    goal_id: int
    occurred_at: str  # UTC, YYYY-MM-DDTHH:MM:SSZ
    local_date: str  # the business's day, YYYY-MM-DD
    value_minor: int  # in the business currency
    currency: str
    original_value_minor: int  # as recorded, in `original_currency`
    original_currency: str
    quantity: int
    status: str  # active or cancelled
    status_detail: str | None
    channel_id: int
    channel_rule: str | None  # how the channel was found
    campaign_id: int | None
    source: str | None
    medium: str | None
    utm_campaign: str | None
    order_id: str | None
    order_name: str | None
    customer_key: str | None
    click_id: str | None
    click_id_type: str | None
    email_hash: str | None
    phone_hash: str | None
    email: str | None  # kept in clear only when the business keeps contacts
    phone: str | None
    consent_ad_user_data: str
    consent_ad_personalization: str
    notes: str | None
    origin: str  # manual, import or demo
    meta_email_hash: str | None = None  # Meta's hashes, beside Google's (PRODUCT.md)
    meta_phone_hash: str | None = None
