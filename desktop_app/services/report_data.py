"""What the Dashboard and Reports pages show, computed off the GUI thread (no Qt here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.reports.rows import DailySeries, Report
from desktop_app.store import Database


@dataclass(frozen=True, slots=True)
class ReportRequest:
    first: date
    last: date
    model: str | None
    compare: str = "previous"  # or "year": the same dates a year earlier


@dataclass(frozen=True, slots=True)
class ReportData:
    report: Report
    series: DailySeries


def compute_report(db: Database, request: ReportRequest) -> ReportData:
    """The report under the chosen model, and the daily series (runs on a worker thread)."""
    from desktop_app.reports.engine import build_report
    from desktop_app.reports.series import daily_series

    report = build_report(
        db, request.first, request.last, model=request.model, compare=request.compare
    )
    return ReportData(report, daily_series(db, request.first, request.last))
