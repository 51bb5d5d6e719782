"""The report engine: rows per channel, campaign and goal for a range, with the previous period.

Conversions and value in channel and campaign rows count macro goals (micro goals go to
`micro_conversions`) unless one goal is chosen; then they count that goal only. Goal rows count
their own goal whatever its level; spend is not tied to a goal, so a goal row shows the range's
whole spend, impressions, clicks and platform figures (its CPA reads "all spend per conversion
of this goal"). Under an attribution model, channel and campaign conversions and value are the
model's credit; goal rows keep the recorded counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlite_utils import Database

from desktop_app.domain.models import Goal
from desktop_app.domain.money import currency_exponent
from desktop_app.reports.conversions import grouped_counts, load_goals
from desktop_app.reports.periods import previous_period, prorated_target
from desktop_app.reports.rows import Figures, GoalProgress, Report, ReportRow
from desktop_app.reports.spend import SpendTotals, spend_by_campaign
from desktop_app.store.settings import load_settings
from desktop_app.store.transactions import snapshot

NO_CAMPAIGN = "(no campaign)"

# (view attribute, key) -> (current figures, previous figures)
_RowFigures = Callable[[str, int | None], tuple[Figures, Figures]]


@dataclass(slots=True)
class _Sums:
    """Running sums in minor units, turned into Figures once all groups are added."""

    spend: SpendTotals = field(default_factory=SpendTotals)
    conversions: Decimal = Decimal(0)
    micro: int = 0
    value_minor: Decimal = Decimal(0)

    def figures(self, exponent: int) -> Figures:
        return Figures(
            spend=Decimal(self.spend.cost_minor).scaleb(-exponent),
            impressions=self.spend.impressions,
            clicks=self.spend.clicks,
            conversions=self.conversions,
            micro_conversions=self.micro,
            value=self.value_minor.scaleb(-exponent),
            platform_conversions=self.spend.platform_conversions,
            platform_value=Decimal(self.spend.platform_value_minor).scaleb(-exponent),
        )

    def is_zero(self) -> bool:
        return self.spend == SpendTotals() and not (
            self.conversions or self.micro or self.value_minor
        )


@dataclass(slots=True)
class _Period:
    """Sums of one period, by channel id, campaign id (None: no campaign) and goal id."""

    channels: defaultdict[int, _Sums] = field(default_factory=lambda: defaultdict(_Sums))
    campaigns: defaultdict[int | None, _Sums] = field(default_factory=lambda: defaultdict(_Sums))
    goals: defaultdict[int, _Sums] = field(default_factory=lambda: defaultdict(_Sums))
    total: _Sums = field(default_factory=_Sums)


def build_report(
    db: Database,
    first: date,
    last: date,
    *,
    goal_id: int | None = None,
    model: str | None = None,
) -> Report:
    """The report for local dates `first..last` inclusive, compared with the equally long
    period before it. `goal_id` restricts conversions to one goal; `model` credits channel and
    campaign conversions and value under an attribution model. All of it is read from one
    snapshot of the database, even while another connection writes."""
    if last < first:
        raise ValueError(f"the range ends ({last}) before it starts ({first})")
    with snapshot(db):
        return _build_report(db, first, last, goal_id, model)


def _build_report(
    db: Database, first: date, last: date, goal_id: int | None, model: str | None
) -> Report:
    currency = load_settings(db).currency
    exponent = currency_exponent(currency)
    prev_first, prev_last = previous_period(first, last)
    goals = {g.id: g for g in load_goals(db)}
    if goal_id is not None and goal_id not in goals:
        raise ValueError(f"there is no goal with id {goal_id}")
    campaign_channel = dict(db.execute("SELECT id, channel_id FROM campaigns").fetchall())

    periods = {True: _Period(), False: _Period()}
    for is_current, (lo, hi) in ((True, (first, last)), (False, (prev_first, prev_last))):
        period = periods[is_current]
        for campaign_id, spend in spend_by_campaign(db, lo, hi).items():
            period.campaigns[campaign_id].spend += spend
            period.channels[campaign_channel[campaign_id]].spend += spend
            period.total.spend += spend

    once = [g.id for g in goals.values() if g.counting == "one_per_customer"]
    for (is_current, gid, channel, campaign), (count, value) in grouped_counts(
        db, prev_first, last, first, once
    ).items():
        if goal_id is not None and gid != goal_id:
            continue
        _add_conversions(periods[is_current], goals[gid], channel, campaign, count, value, goal_id)

    if model is not None:
        for is_current, (lo, hi) in ((True, (first, last)), (False, (prev_first, prev_last))):
            _apply_credit(periods[is_current], db, lo, hi, goal_id, model)

    for period in periods.values():
        for gid in goals:  # spend is not per goal: every goal row shows it all
            period.goals[gid].spend = period.total.spend

    def row_figures(view: str, key: int | None) -> tuple[Figures, Figures]:
        cur = getattr(periods[True], view).get(key, _Sums())
        prev = getattr(periods[False], view).get(key, _Sums())
        return cur.figures(exponent), prev.figures(exponent)

    channel_rows, channel_names = _channel_rows(db, periods, row_figures)
    campaign_rows = _campaign_rows(db, periods, row_figures, channel_names)
    goal_rows: list[ReportRow] = []
    for goal in goals.values():
        if goal_id is not None and goal.id != goal_id:
            continue
        cur, prev = row_figures("goals", goal.id)
        progress = _progress(goal, cur, first, last, exponent)
        goal_rows.append(ReportRow("goal", goal.id, goal.name, cur, prev, goal=progress))
    total = ReportRow(
        "total",
        None,
        "Total",
        periods[True].total.figures(exponent),
        periods[False].total.figures(exponent),
    )
    return Report(
        first,
        last,
        prev_first,
        prev_last,
        currency,
        goal_id,
        model,
        channel_rows,
        campaign_rows,
        goal_rows,
        total,
    )


def _add_conversions(
    period: _Period,
    goal: Goal,
    channel: int,
    campaign: int | None,
    count: int,
    value: int,
    chosen_goal: int | None,
) -> None:
    micro = goal.level == "micro"
    counts_as_conversion = chosen_goal is not None or not micro
    for sums in (period.channels[channel], period.campaigns[campaign], period.total):
        if counts_as_conversion:
            sums.conversions += count
            sums.value_minor += value
        if micro:
            sums.micro += count
    goal_sums = period.goals[goal.id]
    goal_sums.conversions += count
    goal_sums.value_minor += value
    if micro:
        goal_sums.micro += count


def _apply_credit(
    period: _Period, db: Database, first: date, last: date, goal_id: int | None, model: str
) -> None:
    """Replace channel and campaign conversions and value by the model's credit."""
    from desktop_app.attribution.credit import attributed_credit

    credit = attributed_credit(db, first, last, goal_id, model)
    for sums in [*period.channels.values(), *period.campaigns.values(), period.total]:
        sums.conversions = Decimal(0)
        sums.value_minor = Decimal(0)
    for (channel, campaign), (conversions, value_minor) in credit.items():
        for sums in (period.channels[channel], period.campaigns[campaign], period.total):
            sums.conversions += conversions
            sums.value_minor += value_minor


def _progress(goal: Goal, figures: Figures, first: date, last: date, exponent: int) -> GoalProgress:
    target = prorated_target(goal.target_count, first, last)
    progress = figures.conversions / target if target else None
    target_cpa = (
        Decimal(goal.target_cpa_minor).scaleb(-exponent)
        if goal.target_cpa_minor is not None
        else None
    )
    actual = figures.cpa
    on_target = actual <= target_cpa if actual is not None and target_cpa is not None else None
    return GoalProgress(
        goal.level,
        goal.counting,
        goal.target_count,
        target,
        progress,
        target_cpa,
        actual,
        on_target,
    )


def _channel_rows(
    db: Database, periods: dict[bool, _Period], row_figures: _RowFigures
) -> tuple[list[ReportRow], dict[int, tuple[str, str]]]:
    rows: list[ReportRow] = []
    names: dict[int, tuple[str, str]] = {}
    for cid, name, color, hidden in db.execute(
        "SELECT id, name, color, hidden FROM channels ORDER BY sort_order, name COLLATE NOCASE"
    ):
        names[cid] = (name, color)
        # A hidden channel is listed only when it has figures, so the views still add up.
        if hidden and all(periods[p].channels.get(cid, _Sums()).is_zero() for p in periods):
            continue
        cur, prev = row_figures("channels", cid)
        rows.append(ReportRow("channel", cid, name, cur, prev, cid, name, color))
    return rows, names


def _campaign_rows(
    db: Database,
    periods: dict[bool, _Period],
    row_figures: _RowFigures,
    channel_names: dict[int, tuple[str, str]],
) -> list[ReportRow]:
    rows: list[ReportRow] = []
    for cid, name, channel_id in db.execute(
        "SELECT id, name, channel_id FROM campaigns ORDER BY name COLLATE NOCASE"
    ):
        cur, prev = row_figures("campaigns", cid)
        channel_name, color = channel_names[channel_id]
        rows.append(ReportRow("campaign", cid, name, cur, prev, channel_id, channel_name, color))
    # Conversions without a campaign get a row of their own, so the view adds up to the total.
    if not all(periods[p].campaigns.get(None, _Sums()).is_zero() for p in periods):
        cur, prev = row_figures("campaigns", None)
        rows.append(ReportRow("campaign", None, NO_CAMPAIGN, cur, prev))
    return rows
