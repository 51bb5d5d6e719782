"""One campaign month by month: spend, conversions, value, CPA and ROAS (the Campaigns page's
trend chart). Counted as the reports count: macro goals, cancelled conversions never, a goal
counting one per customer only each customer's first; spend shared out by day."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from desktop_app.domain import metrics
from desktop_app.domain.money import currency_exponent
from desktop_app.reports.conversions import grouped_counts, load_goals
from desktop_app.reports.spend import spend_by_campaign
from desktop_app.store import Database
from desktop_app.store.settings import load_settings
from desktop_app.store.transactions import snapshot

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass(frozen=True, slots=True)
class TrendPoint:
    month: date  # its first day
    spend: Decimal  # in the base currency
    conversions: int
    value: Decimal

    @property
    def cpa(self) -> Decimal | None:
        return metrics.cpa(self.spend, self.conversions)

    @property
    def roas(self) -> Decimal | None:
        return metrics.roas(self.value, self.spend)


def month_starts(today: date, months: int) -> list[date]:
    """The first days of the last `months` calendar months, this one included, oldest first."""
    starts = [today.replace(day=1)]
    while len(starts) < months:
        starts.append((starts[-1] - timedelta(days=1)).replace(day=1))
    return starts[::-1]


def campaign_trend(
    db: Database, campaign_id: int, today: date, months: int = 12
) -> list[TrendPoint]:
    """The campaign's last `months` calendar months up to `today`, oldest first."""
    with snapshot(db):
        exponent = currency_exponent(load_settings(db).currency)
        goals = load_goals(db)
        macro = {g.id for g in goals if g.level == "macro"}
        once = [g.id for g in goals if g.counting == "one_per_customer"]
        points = []
        for first in month_starts(today, months):
            last = min(first.replace(day=calendar.monthrange(first.year, first.month)[1]), today)
            spend = spend_by_campaign(db, first, last).get(campaign_id)
            conversions, value = 0, 0
            empty = (first, first - timedelta(days=1))  # no comparison period wanted
            for (_now, goal, _channel, campaign), (count, worth) in grouped_counts(
                db, (first, last), empty, once
            ).items():
                if campaign == campaign_id and goal in macro:
                    conversions, value = conversions + count, value + worth
            points.append(TrendPoint(
                first,
                Decimal(spend.cost_minor if spend else 0).scaleb(-exponent),
                conversions,
                Decimal(value).scaleb(-exponent),
            ))  # fmt: skip
    return points


def trend_figure(
    db: Database,
    campaign_id: int,
    title: str,
    last: date,
    currency: str,
    *,
    dark: bool,
    months: int = 12,
) -> tuple[list[TrendPoint], Figure]:
    """The campaign's `months` months to `last` and their chart (Campaigns page and Reports)."""
    from desktop_app.reports import charts

    p = campaign_trend(db, campaign_id, last, months)
    figure = charts.campaign_trend(
        [x.month for x in p], [float(x.spend) for x in p], [x.conversions for x in p],
        [float(x.cpa) if x.cpa is not None else None for x in p],
        [float(x.roas) if x.roas is not None else None for x in p],
        currency, title=title, dark=dark,
    )  # fmt: skip
    return p, figure
