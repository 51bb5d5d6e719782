"""Report rows: the figures of one channel, campaign or goal, their ratios and their change."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Literal

from desktop_app.domain import metrics
from desktop_app.domain.models import Channel

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
    "gross_profit",
    "profit_roi",
    "break_even_roas",
)
RATIOS = ("ctr", "conversion_rate", "cpa", "roas", "roi", "profit_roi", "break_even_roas")
# Below these a figure is shown muted ("based on 3 conversions — too few to compare").
FEW_CONVERSIONS = 10
FEW_CLICKS = 100

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
    # Value x margin over the conversions counted in `value` whose goal has a margin; None when
    # none of them has one. `unmargined`: how many counted conversions have no margin.
    gross_profit: Decimal | None = None
    unmargined: Decimal = _ZERO
    # "full"; "unlinked": a goal no campaign works for (no spend to divide: CPA, ROAS, ROI and
    # profit ROI are undefined); "spend_only": the goal view's row of spend linked to no goal
    # (every ratio undefined).
    scope: str = "full"

    @property
    def ctr(self) -> Decimal | None:
        if self.scope == "spend_only":
            return None
        return metrics.ctr(self.clicks, self.impressions)

    @property
    def conversion_rate(self) -> Decimal | None:
        if self.scope == "spend_only":
            return None
        return metrics.conversion_rate(self.conversions, self.clicks)  # type: ignore[arg-type]

    @property
    def cpa(self) -> Decimal | None:
        if self.scope != "full":
            return None
        return metrics.cpa(self.spend, self.conversions)  # type: ignore[arg-type]

    @property
    def roas(self) -> Decimal | None:
        if self.scope != "full":
            return None
        return metrics.roas(self.value, self.spend)

    @property
    def roi(self) -> Decimal | None:
        if self.scope != "full":
            return None
        return metrics.roi(self.value, self.spend)

    @property
    def profit_roi(self) -> Decimal | None:
        """(gross profit - spend) / spend, only where every counted conversion has a margin."""
        if self.gross_profit is None or self.unmargined or self.scope != "full":
            return None
        return metrics.roi(self.gross_profit, self.spend)

    @property
    def break_even_roas(self) -> Decimal | None:
        """The ROAS at which the ads just pay for themselves: value / gross profit."""
        if self.gross_profit is None or self.scope == "spend_only":
            return None
        return metrics.roas(self.value, self.gross_profit)

    def few(self, key: str) -> Decimal | int | None:
        """What `key` rests on when that is too little to compare (a count under
        FEW_CONVERSIONS conversions, or FEW_CLICKS clicks for a rate); None when it is enough
        or the figure is not a ratio of them."""
        if key in ("cpa", "roas", "roi", "profit_roi", "break_even_roas", "conversion_rate"):
            basis: Decimal | int = self.conversions
            if 0 < basis < FEW_CONVERSIONS and self.get(key) is not None:
                return basis
        if key in ("ctr", "conversion_rate") and 0 < self.clicks < FEW_CLICKS:
            return self.clicks if self.get(key) is not None else None
        return None

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
            _sum_or_none(self.gross_profit, other.gross_profit),
            self.unmargined + other.unmargined,
            self.scope if self.scope == other.scope else "full",
        )


def _sum_or_none(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None:
        return b
    return a if b is None else a + b


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

    def as_json(self, previous: bool = False) -> dict[str, object]:
        """The PRODUCT.md JSON object of this row (Decimal kept exact): the current period's
        figures, or with `previous` the comparison period's."""
        figures = self.previous if previous else self.current
        out: dict[str, object] = {"name": self.name}
        for key in JSON_KEYS[1:]:
            out[key] = figures.get(key)
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
    compare: str = "previous"  # the earlier period: "previous" or "year" (the same dates)

    @property
    def earlier(self) -> str:
        """What the figures are compared with, in words."""
        return "A year earlier" if self.compare == "year" else "Previous period"

    @property
    def goal_name(self) -> str | None:
        """The chosen goal's name (None: all macro goals)."""
        if self.goal_id is None:
            return None
        return next((g.name for g in self.goals if g.id == self.goal_id), None)

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
class DailySeries:
    """Conversions and value per day per channel (macro goals, or the chosen goal); days without
    conversions are absent from `points` (charts fill them with zero)."""

    first: date
    last: date
    currency: str
    channels: list[Channel]  # the channels shown (not hidden, or with conversions), in order
    points: list[DailyPoint] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class FunnelStep:
    label: str
    count: Decimal
    rate_from_previous: Decimal | None  # this step's count / the step before; None for the first


def goal_total(rows: list[ReportRow]) -> ReportRow:
    """The goal view's total: its rows added up, the spend linked to no goal included; a micro
    goal's conversions count as micro conversions, as on every other page (so the total's
    conversions, CPA and conversion rate are the Dashboard's). The Reports page, the command
    line and the workbook all total the goal view so."""

    def summed(period: str) -> Figures:
        total = Figures()
        for row in rows:
            figures: Figures = getattr(row, period)
            if row.goal is not None and row.goal.level == "micro":
                figures = replace(figures, conversions=Decimal(0))
            total += figures
        return total

    return ReportRow("total", None, "All goals", summed("current"), summed("previous"))
