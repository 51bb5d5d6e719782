"""Model dataclasses shared by the store, the services and the UI (plain values, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum


class GoalCategory(StrEnum):
    LEAD = "lead"
    ENGAGEMENT = "engagement"
    TRANSACTION = "transaction"


class GoalLevel(StrEnum):
    MACRO = "macro"
    MICRO = "micro"


class Counting(StrEnum):
    EVERY = "every"
    ONE_PER_CUSTOMER = "one_per_customer"


class Consent(StrEnum):
    GRANTED = "granted"
    DENIED = "denied"
    UNKNOWN = "unknown"


class Status(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"


class Origin(StrEnum):
    MANUAL = "manual"
    IMPORT = "import"
    DEMO = "demo"


class TouchKind(StrEnum):
    CLICK = "click"
    VISIT = "visit"
    IMPRESSION = "impression"
    EMAIL = "email"
    CALL = "call"
    IN_PERSON = "in_person"


@dataclass(slots=True)
class Channel:
    name: str
    paid: bool = False
    color: str = "#A0A0A0"
    hidden: bool = False
    offline: bool = False
    id: int | None = None


@dataclass(slots=True)
class Campaign:
    name: str
    channel_id: int
    platform: str = ""
    start_date: date | None = None
    end_date: date | None = None
    budget_minor: int | None = None
    utm_source: str = ""
    utm_medium: str = ""
    utm_campaign: str = ""
    notes: str = ""
    archived: bool = False
    id: int | None = None


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


@dataclass(slots=True)
class Goal:
    name: str
    category: GoalCategory = GoalCategory.LEAD
    level: GoalLevel = GoalLevel.MACRO
    default_value_minor: int = 0
    currency: str = "USD"
    counting: Counting = Counting.EVERY
    lookback_days: int = 30
    target_count: int | None = None  # conversions a month
    target_cpa_minor: int | None = None
    platform_names: list[str] = field(default_factory=list)
    archived: bool = False
    id: int | None = None


@dataclass(slots=True)
class Conversion:
    goal_id: int
    occurred_at: str  # UTC, YYYY-MM-DDTHH:MM:SSZ
    value_minor: int
    currency: str
    channel_id: int
    quantity: int = 1
    campaign_id: int | None = None
    source: str = ""
    medium: str = ""
    utm_campaign: str = ""
    order_id: str | None = None
    customer_key: str | None = None
    click_id: str | None = None
    click_id_type: str | None = None
    email_hash: str | None = None
    phone_hash: str | None = None
    email: str | None = None  # clear text only when the owner keeps contacts
    phone: str | None = None
    consent_ad_user_data: Consent = Consent.UNKNOWN
    consent_ad_personalization: Consent = Consent.UNKNOWN
    status: Status = Status.ACTIVE
    notes: str = ""
    origin: Origin = Origin.MANUAL
    batch_id: int | None = None
    id: int | None = None


@dataclass(slots=True)
class Touchpoint:
    customer_key: str
    occurred_at: str  # UTC
    channel_id: int
    campaign_id: int | None = None
    source: str = ""
    medium: str = ""
    utm_campaign: str = ""
    kind: TouchKind = TouchKind.VISIT
    click_id: str | None = None
    click_id_type: str | None = None
    rule: str = ""
    batch_id: int | None = None
    id: int | None = None


@dataclass(slots=True)
class ExchangeRate:
    """`rate` units of the base currency for one unit of `currency`, from `valid_from` on."""

    currency: str
    rate: str  # decimal text, exact
    valid_from: date
    id: int | None = None
