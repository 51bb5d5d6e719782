"""Report rows: the figures of one channel, campaign or goal, their ratios and their change."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from desktop_app.domain import metrics

RowKind = Literal["channel", "campaign", "goal", "total"]

# The PRODUCT.md JSON keys, in order (the report's public columns).
JSON_KEYS = (
    "name",
    "spend",
    "impressions",
    "clicks",
    "conversions",
    "micro_conversions",
    "value",
    "platform_conversions",
    "platform_value",
    "ctr",
    "conversion_rate",
    "cpa",
    "roas",
    "roi",
)
RATIOS = ("ctr", "conversion_rate", "cpa", "roas", "roi")

_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Figures:
    """Sums for one period. Money is Decimal in the base currency (exact, from minor units);
    `conversions` is whole unless credited by an attribution model."""

    spend: Decimal = _ZERO
    impressions: int = 0
    clicks: int = 0
    conversions: Decimal = _ZERO
    micro_conversions: int = 0
    value: Decimal = _ZERO
    platform_conversions: Decimal = _ZERO
    platform_value: Decimal = _ZERO

    @property
    def ctr(self) -> Decimal | None:
        return metrics.ctr(self.clicks, self.impressions)

    @property
    def conversion_rate(self) -> Decimal | None:
        return metrics.conversion_rate(self.conversions, self.clicks)  # type: ignore[arg-type]

    @property
    def cpa(self) -> Decimal | None:
        return metrics.cpa(self.spend, self.conversions)  # type: ignore[arg-type]

    @property
    def roas(self) -> Decimal | None:
        return metrics.roas(self.value, self.spend)

    @property
    def roi(self) -> Decimal | None:
        return metrics.roi(self.value, self.spend)

    def get(self, key: str) -> Decimal | int | None:
        """A figure or ratio by its JSON key."""
        value: Decimal | int | None = getattr(self, key)
        return value

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.spend + other.spend,
            self.impressions + other.impressions,
            self.clicks + other.clicks,
            self.conversions + other.conversions,
            self.micro_conversions + other.micro_conversions,
            self.value + other.value,
            self.platform_conversions + other.platform_conversions,
            self.platform_value + other.platform_value,
        )


@dataclass(frozen=True, slots=True)
class GoalProgress:
    """A goal's result against its targets over the report range."""

    level: str  # 'macro' or 'micro'
    counting: str  # 'every' or 'one_per_customer'
    target_count_monthly: int | None
    target_count: Decimal | None  # the monthly target pro-rated to the range (periods.month_share)
    progress: Decimal | None  # conversions / target_count (1 = on target); None without a target
    target_cpa: Decimal | None  # money in the base currency
    actual_cpa: Decimal | None
    cpa_on_target: bool | None  # actual CPA at or below the target; None when either is missing


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One line of a report: a channel, a campaign, a goal, or the total."""

    kind: RowKind
    id: int | None  # channel/campaign/goal id; None for the total and "(no campaign)"
    name: str
    current: Figures
    previous: Figures
    channel_id: int | None = None  # the channel's own id, or the campaign's channel
    channel_name: str = ""
    color: str = "#A0A0A0"  # the channel's colour (campaigns: their channel's)
    goal: GoalProgress | None = None

    def change(self, key: str) -> Decimal | None:
        """Relative change of a figure or ratio against the previous period (0.25 = +25 %)."""
        return metrics.change(self.current.get(key), self.previous.get(key))

    def as_json(self) -> dict[str, object]:
        """The PRODUCT.md JSON object of this row (current period; Decimal kept exact)."""
        out: dict[str, object] = {"name": self.name}
        for key in JSON_KEYS[1:]:
            out[key] = self.current.get(key)
        return out


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one report range shows; the total is the same for all three views."""

    first: date
    last: date
    previous_first: date
    previous_last: date
    currency: str
    goal_id: int | None
    model: str | None
    channels: list[ReportRow]
    campaigns: list[ReportRow]
    goals: list[ReportRow]
    total: ReportRow

    def rows(self, by: str) -> list[ReportRow]:
        """The rows of one view: 'channel', 'campaign' or 'goal'."""
        views = {"channel": self.channels, "campaign": self.campaigns, "goal": self.goals}
        if by not in views:
            raise ValueError(f"unknown report view '{by}'; use channel, campaign or goal")
        return views[by]


@dataclass(frozen=True, slots=True)
class DailyPoint:
    day: date
    channel_id: int
    conversions: int
    value: Decimal


@dataclass(frozen=True, slots=True)
class ChannelInfo:
    id: int
    name: str
    color: str


@dataclass(frozen=True, slots=True)
class DailySeries:
    """Conversions and value per day per channel (macro goals, or the chosen goal); days without
    conversions are absent from `points` (charts fill them with zero)."""

    first: date
    last: date
    currency: str
    channels: list[ChannelInfo]
    points: list[DailyPoint] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class FunnelStep:
    label: str
    count: Decimal
    rate_from_previous: Decimal | None  # this step's count / the step before; None for the first
