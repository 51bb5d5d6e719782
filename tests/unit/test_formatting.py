"""The one formatter every page uses for dates and times (domain/formatting.py), written out
by hand here."""

from __future__ import annotations

from datetime import date, datetime

from desktop_app.domain import formatting


def test_days_months_and_moments() -> None:
    assert formatting.day(date(2026, 6, 1)) == "1 Jun 2026"
    assert formatting.long_day(date(2026, 6, 1)) == "1 June 2026"
    assert formatting.month(date(2026, 6, 30)) == "Jun 2026"
    assert formatting.month(date(2026, 6, 30), year=False) == "Jun"
    assert formatting.moment(datetime(2026, 6, 1, 14, 5, 59)) == "2026-06-01 14:05"
    assert formatting.date_range(date(2026, 5, 28), date(2026, 6, 3)) == "28 May – 3 Jun 2026"
    assert formatting.date_range(date(2025, 12, 1), date(2026, 1, 15)) == (
        "1 Dec 2025 – 15 Jan 2026"
    )
