"""What the Dashboard and Reports pages show, computed off the GUI thread (no Qt here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop_app.domain.pacing import Pacing
from desktop_app.reports.rows import DailySeries, Report
from desktop_app.store import Database


@dataclass(frozen=True, slots=True)
class ReportRequest:
    first: date
    last: date
    model: str | None
    compare: str = "previous"  # or "year": the same dates a year earlier
    today: date | None = None  # with it, the budget pacing of the campaigns as seen that day


@dataclass(frozen=True, slots=True)
class ReportData:
    report: Report
    series: DailySeries
    pacing: dict[int, Pacing] = field(default_factory=dict)  # campaign id -> its budget's pace


def compute_report(db: Database, request: ReportRequest) -> ReportData:
    """The report under the chosen model, and the daily series (runs on a worker thread)."""
    from desktop_app.reports.engine import build_report
    from desktop_app.reports.series import daily_series

    report = build_report(
        db, request.first, request.last, model=request.model, compare=request.compare
    )
    pacing = {}
    if request.today is not None:
        from desktop_app.services.campaign_figures import budget_pacing
        from desktop_app.store.campaigns import list_campaigns

        pacing = budget_pacing(db, list_campaigns(db), request.today)
    return ReportData(report, daily_series(db, request.first, request.last), pacing)
