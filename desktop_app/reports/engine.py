"""The report engine: rows per channel, campaign and goal for a range, with the previous period.

Conversions and value in channel and campaign rows count macro goals (micro goals go to
`micro_conversions`) unless one goal is chosen; then they count that goal only. Goal rows count
their own goal whatever its level, and the spend, impressions, clicks and platform figures of
the campaigns that work for it (a campaign's goal); spend of campaigns linked to no goal forms
the row NOT_LINKED, so the goal view adds up to the total. Gross profit is value x the margin of
each conversion's goal, over the conversions `value` counts whose goal has one. Under an
attribution model, channel and campaign conversions, value and gross profit are the model's
credit; goal rows keep the recorded counts. A rule-based model credits each conversion on its
own path, so where goals' margins differ the model runs goal by goal and the credit is exact;
Markov credits the paths together, so there a row's gross profit is its credited value at the
blended margin of the counted conversions (their gross profit / their value).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from desktop_app.domain.models import Goal
from desktop_app.domain.money import currency_exponent
from desktop_app.domain.timeutil import comparison_period
from desktop_app.reports.conversions import grouped_counts, load_goals
from desktop_app.reports.periods import prorated_target
from desktop_app.reports.rows import Figures, GoalProgress, Report, ReportRow
from desktop_app.reports.spend import SpendTotals, spend_by_campaign
from desktop_app.store.handle import Database
from desktop_app.store.settings import load_settings
from desktop_app.store.transactions import snapshot

NO_CAMPAIGN = "(no campaign)"
NOT_LINKED = "(spend not linked to a goal)"

# (view attribute, key) -> (current figures, previous figures)
_RowFigures = Callable[[str, int | None], tuple[Figures, Figures]]


@dataclass(slots=True)
class _Sums:
    """Running sums in minor units, turned into Figures once all groups are added."""

    spend: SpendTotals = field(default_factory=SpendTotals)
    conversions: Decimal = Decimal(0)
    micro: int = 0
    value_minor: Decimal = Decimal(0)
    profit_minor: Decimal | None = None  # None until a conversion with a margin is added
    unmargined: Decimal = Decimal(0)

    def add(self, count: Decimal | int, value_minor: Decimal | int, margin: Decimal | None) -> None:
        """Count conversions and their value (and gross profit, where the goal has a margin)."""
        self.conversions += count
        self.value_minor += value_minor
        if margin is None:
            self.unmargined += count
        else:
            self.profit_minor = (self.profit_minor or Decimal(0)) + value_minor * margin

    def figures(self, exponent: int, scope: str = "full") -> Figures:
        return Figures(
            spend=Decimal(self.spend.cost_minor).scaleb(-exponent),
            impressions=self.spend.impressions,
            clicks=self.spend.clicks,
            conversions=self.conversions,
            micro_conversions=self.micro,
            value=self.value_minor.scaleb(-exponent),
            platform_conversions=self.spend.platform_conversions,
            platform_value=Decimal(self.spend.platform_value_minor).scaleb(-exponent),
            gross_profit=None if self.profit_minor is None else self.profit_minor.scaleb(-exponent),
            unmargined=self.unmargined,
            scope=scope,
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
    not_linked: _Sums = field(default_factory=_Sums)  # spend of campaigns working for no goal
    total: _Sums = field(default_factory=_Sums)


def build_report(
    db: Database,
    first: date,
    last: date,
    *,
    goal_id: int | None = None,
    model: str | None = None,
    compare: str = "previous",
) -> Report:
    """The report for local dates `first..last` inclusive, compared with the equally long
    period before it (`compare="year"`: the same dates a year earlier). `goal_id` restricts
    conversions to one goal; `model` credits channel and campaign conversions and value under
    an attribution model. All of it is read from one snapshot of the database, even while
    another connection writes."""
    if last < first:
        raise ValueError(f"the range ends ({last}) before it starts ({first})")
    with snapshot(db):
        return _build_report(db, first, last, goal_id, model, compare)


def _build_report(
    db: Database, first: date, last: date, goal_id: int | None, model: str | None, compare: str
) -> Report:
    currency = load_settings(db).currency
    exponent = currency_exponent(currency)
    prev_first, prev_last = comparison_period(first, last, compare)
    goals = {g.id: g for g in load_goals(db)}
    if goal_id is not None and goal_id not in goals:
        raise ValueError(f"there is no goal with id {goal_id}")
    campaign_channel: dict[int, int] = {}
    campaign_goal: dict[int, int | None] = {}
    for cid, channel_id, linked_goal in db.execute("SELECT id, channel_id, goal_id FROM campaigns"):
        campaign_channel[cid], campaign_goal[cid] = channel_id, linked_goal

    periods = {True: _Period(), False: _Period()}
    for is_current, (lo, hi) in ((True, (first, last)), (False, (prev_first, prev_last))):
        period = periods[is_current]
        for campaign_id, spend in spend_by_campaign(db, lo, hi).items():
            period.campaigns[campaign_id].spend += spend
            period.channels[campaign_channel[campaign_id]].spend += spend
            period.total.spend += spend
            linked = campaign_goal[campaign_id]
            if linked is not None and linked in goals:
                period.goals[linked].spend += spend
            else:
                period.not_linked.spend += spend

    once = [g.id for g in goals.values() if g.counting == "one_per_customer"]
    for (is_current, gid, channel, campaign), (count, value) in grouped_counts(
        db, (first, last), (prev_first, prev_last), once
    ).items():
        if goal_id is not None and gid != goal_id:
            continue
        _add_conversions(periods[is_current], goals[gid], channel, campaign, count, value, goal_id)

    if model is not None:
        counted = [g for g in goals.values()
                   if (g.id == goal_id if goal_id is not None else g.level == "macro")]  # fmt: skip
        for is_current, (lo, hi) in ((True, (first, last)), (False, (prev_first, prev_last))):
            _apply_credit(periods[is_current], db, lo, hi, counted, model)

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
        scope = "full" if goal.id in campaign_goal.values() else "unlinked"
        cur, prev = (periods[p].goals.get(goal.id, _Sums()).figures(exponent, scope)
                     for p in (True, False))  # fmt: skip
        progress = _progress(goal, cur, first, last, exponent)
        goal_rows.append(ReportRow("goal", goal.id, goal.name, cur, prev, goal=progress))
    # With one goal chosen the view is that goal's row; else the rows add up to the total.
    if goal_id is None and not all(periods[p].not_linked.is_zero() for p in periods):
        cur, prev = (periods[p].not_linked.figures(exponent, "spend_only") for p in (True, False))
        goal_rows.append(ReportRow("goal", None, NOT_LINKED, cur, prev))
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
        compare,
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
    margin = _margin(goal)
    for sums in (period.channels[channel], period.campaigns[campaign], period.total):
        if counts_as_conversion:
            sums.add(count, value, margin)
        if micro:
            sums.micro += count
    goal_sums = period.goals[goal.id]
    goal_sums.add(count, value, margin)
    if micro:
        goal_sums.micro += count


def _margin(goal: Goal) -> Decimal | None:
    return None if goal.margin is None else Decimal(goal.margin)


def _apply_credit(
    period: _Period, db: Database, first: date, last: date, counted: list[Goal], model: str
) -> None:
    """Replace channel and campaign conversions, value and gross profit by the model's credit
    over the conversions of the `counted` goals (see the module docstring)."""
    from desktop_app.attribution.credit import attributed_credit

    for sums in [*period.channels.values(), *period.campaigns.values(), period.total]:
        sums.conversions, sums.value_minor = Decimal(0), Decimal(0)
        sums.profit_minor, sums.unmargined = None, Decimal(0)
    margins = {_margin(g) for g in counted}
    if len(margins) > 1 and model != "markov":  # each conversion's credit at its goal's margin
        for goal in counted:
            _add_credit(period, attributed_credit(db, first, last, goal.id, model), _margin(goal))
        return
    chosen = counted[0].id if len(counted) == 1 else None
    credit = attributed_credit(db, first, last, chosen, model)
    if len(margins) <= 1:
        _add_credit(period, credit, next(iter(margins), None))
        return
    # Markov over goals with different margins: credited value at the blended margin, and the
    # conversions without a margin shared out in proportion (so profit ROI stays undefined).
    recorded = [period.goals[g.id] for g in counted]
    value = sum((r.value_minor for r in recorded), Decimal(0))
    profit = sum((r.profit_minor or Decimal(0) for r in recorded), Decimal(0))
    conversions = sum((r.conversions for r in recorded), Decimal(0))
    unmargined = sum((r.unmargined for r in recorded), Decimal(0))
    _add_credit(period, credit, profit / value if value else None)
    for sums in [*period.channels.values(), *period.campaigns.values(), period.total]:
        share = sums.conversions / conversions if conversions else Decimal(0)
        sums.unmargined = unmargined * share


def _add_credit(
    period: _Period, credit: dict[tuple[int, int | None], tuple[Decimal, Decimal]],
    margin: Decimal | None,
) -> None:  # fmt: skip
    for (channel, campaign), (conversions, value_minor) in credit.items():
        for sums in (period.channels[channel], period.campaigns[campaign], period.total):
            sums.add(conversions, value_minor, margin)


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
