"""Chart data beside the report table: conversions per day per channel, and the funnel."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop_app.domain.money import currency_exponent
from desktop_app.reports.conversions import daily_counts, load_goals
from desktop_app.reports.rows import DailyPoint, DailySeries, FunnelStep, Report
from desktop_app.store.channels import list_channels
from desktop_app.store.handle import Database
from desktop_app.store.settings import load_settings


def daily_series(db: Database, first: date, last: date, goal_id: int | None = None) -> DailySeries:
    """Counted conversions and value per local day and channel: macro goals, or `goal_id`."""
    currency = load_settings(db).currency
    exponent = currency_exponent(currency)
    goals = load_goals(db)
    wanted = [g.id for g in goals if (g.id == goal_id if goal_id else g.level == "macro")]
    once = [g.id for g in goals if g.counting == "one_per_customer"]
    counts = daily_counts(db, first, last, wanted, once)
    counted = {channel for _day, channel in counts}
    channels = [c for c in list_channels(db) if not c.hidden or c.id in counted]
    points = [
        DailyPoint(date.fromisoformat(day), channel, count, Decimal(value).scaleb(-exponent))
        for (day, channel), (count, value) in sorted(counts.items())
        if count
    ]
    return DailySeries(first, last, currency, channels, points)


def funnel_steps(report: Report) -> list[FunnelStep]:
    """Clicks -> micro conversions -> macro conversions over the report range, each with its
    rate from the step before (None where that step is zero)."""
    total = report.total.current
    counts = [
        ("Clicks", Decimal(total.clicks)),
        ("Micro conversions", Decimal(total.micro_conversions)),
        ("Macro conversions", Decimal(total.conversions)),
    ]
    steps: list[FunnelStep] = []
    for i, (label, count) in enumerate(counts):
        before = counts[i - 1][1] if i else None
        rate = count / before if before else None
        steps.append(FunnelStep(label, count, rate))
    return steps
