"""What the Campaigns page shows beside each campaign's settings: its return over everything
recorded, and how its budget is pacing (domain/pacing.py). Qt-free."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from desktop_app.domain.pacing import Pacing, open_period, pace, pace_open, pacing_period
from desktop_app.reports.conversions import data_span
from desktop_app.reports.engine import build_report
from desktop_app.reports.spend import spend_by_campaign
from desktop_app.store import Database
from desktop_app.store.campaigns import CampaignRow


@dataclass(frozen=True, slots=True)
class CampaignFigures:
    roi: Decimal | None  # (value - spend) / spend over everything recorded (macro goals)
    conversions: Decimal  # what the ROI rests on
    pacing: Pacing | None  # None without a budget (or a period to pace it over)


def campaign_figures(
    db: Database, campaigns: list[CampaignRow], today: date
) -> dict[int, CampaignFigures]:
    """ROI over all recorded days and budget pacing as seen on `today`, per campaign id."""
    span = data_span(db)
    report = build_report(db, span[0], max(span[1], today)) if span else None
    returns = {r.id: r.current for r in report.campaigns if r.id is not None} if report else {}
    pacing = budget_pacing(db, campaigns, today)
    figures: dict[int, CampaignFigures] = {}
    for campaign in campaigns:
        found = returns.get(campaign.id)
        figures[campaign.id] = CampaignFigures(
            found.roi if found else None,
            found.conversions if found else Decimal(0),
            pacing.get(campaign.id),
        )
    return figures


def budget_pacing(db: Database, campaigns: list[CampaignRow], today: date) -> dict[int, Pacing]:
    """Pacing of every campaign that has a budget (and a period to pace it over) on `today`."""
    yesterday = today - timedelta(days=1)
    month = pacing_period("month", today, None, None)
    assert month is not None
    month_spend = spend_by_campaign(db, month[0], yesterday) if today.day > 1 else {}
    paced: dict[int, Pacing] = {}
    for campaign in campaigns:
        if not campaign.budget_minor or campaign.archived:
            continue
        start = date.fromisoformat(campaign.start_date) if campaign.start_date else None
        end = date.fromisoformat(campaign.end_date) if campaign.end_date else None
        period = pacing_period(campaign.budget_period, today, start, end)
        if period is None:
            open_ended = campaign.budget_period == "campaign" and end is None
            opened = open_period(today, start) if open_ended else None
            if opened is not None:
                so_far = spend_by_campaign(db, *opened).get(campaign.id)
                cost = so_far.cost_minor if so_far is not None else 0
                paced[campaign.id] = pace_open(campaign.budget_minor, *opened, cost)
            continue
        if campaign.budget_period == "month":
            totals = month_spend.get(campaign.id)
        else:
            through = min(yesterday, period[1])
            spent = spend_by_campaign(db, period[0], through) if through >= period[0] else {}
            totals = spent.get(campaign.id)
        spent_minor = totals.cost_minor if totals is not None else 0
        paced[campaign.id] = pace(campaign.budget_minor, *period, spent_minor, today)
    return paced
