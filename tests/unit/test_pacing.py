"""Budget pacing worked out by hand (issue: reports about profit, budget pacing)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop_app.domain.pacing import pace, pacing_period


def test_the_issues_example_a_monthly_budget_forty_percent_spent_after_ten_days() -> None:
    # €1,000 a month, €400 spent by the end of day 10 of a 30-day month (seen on the 11th).
    first, last = pacing_period("month", date(2026, 6, 11), None, None)  # type: ignore[misc]
    assert (first, last) == (date(2026, 6, 1), date(2026, 6, 30))
    p = pace(100000, first, last, 40000, date(2026, 6, 11))
    assert p.share_spent == Decimal("0.4")
    assert p.days_gone == 10 and p.days == 30
    assert p.projected_minor == 120000  # 400 / 10 days x 30 days = 1,200
    assert p.over_budget


def test_a_whole_campaign_budget_uses_the_campaigns_dates() -> None:
    period = pacing_period("campaign", date(2026, 3, 15), date(2026, 3, 1), date(2026, 4, 9))
    assert period == (date(2026, 3, 1), date(2026, 4, 9))  # 40 days
    p = pace(200000, *period, 50000, date(2026, 3, 15))  # 14 days gone
    assert p.projected_minor == Decimal(50000) * 40 / 14
    assert not p.over_budget  # 1,428.57 of 2,000.00
    assert pacing_period("campaign", date(2026, 3, 15), None, date(2026, 4, 9)) is None
    assert pacing_period("campaign", date(2026, 2, 15), date(2026, 3, 1), None) is None


def test_no_projection_on_the_first_day_and_a_finished_period_projects_what_was_spent() -> None:
    assert (
        pace(100000, date(2026, 6, 1), date(2026, 6, 30), 0, date(2026, 6, 1)).projected_minor
        is None
    )
    done = pace(100000, date(2026, 3, 1), date(2026, 3, 31), 90000, date(2026, 6, 1))
    assert done.days_gone == 31 and done.projected_minor == 90000
    with pytest.raises(ValueError, match="budget above zero"):
        pace(0, date(2026, 3, 1), date(2026, 3, 31), 0, date(2026, 3, 5))


def test_a_whole_campaign_budget_without_an_end_date_is_spend_so_far_against_it(db) -> None:  # type: ignore[no-untyped-def]
    """Was: such a budget was never paced, however far over it the spend went (the demo's
    Meta prospecting: 5,000.00 budgeted, far more spent, no pacing shown)."""
    from desktop_app.services.campaign_figures import budget_pacing
    from desktop_app.store.campaigns import list_campaigns

    channel = db.execute("SELECT id FROM channels WHERE name = 'Paid Social'").fetchone()[0]
    for name, start in (("Open", None), ("Started", "2026-03-01"), ("Not yet", "2026-07-01")):
        db.execute("INSERT INTO campaigns (name, channel_id, budget_minor, budget_period,"
                   " start_date) VALUES (?, ?, 500000, 'campaign', ?)", [name, channel, start])  # fmt: skip
    ids = dict(db.execute("SELECT name, id FROM campaigns").fetchall())
    for name, first, cost in (("Open", "2025-11-01", 400000), ("Open", "2026-05-01", 200000),
                              ("Started", "2026-02-01", 900000), ("Started", "2026-04-01", 100000)):  # fmt: skip
        db.execute("INSERT INTO spend (campaign_id, period_start, period_end, cost_minor, currency,"
                   " original_cost_minor, original_currency) VALUES (?, ?, ?, ?, 'EUR', ?, 'EUR')",
                   [ids[name], first, first, cost, cost])  # fmt: skip
    paced = budget_pacing(db, list_campaigns(db), date(2026, 6, 11))
    assert ids["Not yet"] not in paced  # it has not started
    every = paced[ids["Open"]]  # no start either: all its spend, 4,000 + 2,000 of 5,000
    assert every.open_ended and every.share_spent == Decimal("1.2") and every.over_budget
    assert every.projected_minor is None and every.last == date(2026, 6, 10)
    since = paced[ids["Started"]]  # from its start on 1 March: the February 9,000 is before
    assert since.spent_minor == 100000 and since.share_spent == Decimal("0.2")
    assert not since.over_budget and since.first == date(2026, 3, 1)
