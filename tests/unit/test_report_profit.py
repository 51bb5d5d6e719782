"""Profit in the report engine, and the goal view's linked spend (issue: reports about profit),
against figures worked out by hand.

June 2026, EUR. Three macro goals: Sofa sale (margin 35 %), Repair job (60 %) and Quote request
(no margin), and a micro goal, Newsletter (no margin).
- Search (Paid Search) works for Sofa sale: 300.00 over 16 May - 14 June, 10.00 a day, so June
  holds 14 days = 140.00 and May 16 days = 160.00.
- Meta (Paid Social) works for Repair job: 80.00 on 10 June.
- Flyer (Print) works for no goal: 50.00 on 5 June.
Conversions in June: two sofa sales through Search (1,000.00 and 200.00), a repair job through
Meta (150.00), a quote request through Meta (120.00, no margin), a newsletter sign-up through
Meta (0.00, micro). In May: one sofa sale through Search (400.00).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest

from desktop_app.reports.engine import NOT_LINKED, build_report

FIRST, LAST = date(2026, 6, 1), date(2026, 6, 30)


def _id(db: Any, table: str, name: str) -> int:
    return int(db.execute(f"SELECT id FROM {table} WHERE name = ?", [name]).fetchone()[0])


@pytest.fixture
def shop(db: Any) -> Any:
    goals = {}
    for name, category, level, margin in (
        ("Sofa sale", "transaction", "macro", "0.35"),
        ("Repair job", "transaction", "macro", "0.6"),
        ("Quote request", "lead", "macro", None),
        ("Newsletter", "engagement", "micro", None),
    ):
        goals[name] = db.execute(
            "INSERT INTO goals (name, category, level, currency, margin) VALUES (?, ?, ?, 'EUR', ?)",
            [name, category, level, margin],
        ).lastrowid
    channel = {n: _id(db, "channels", n) for n in ("Paid Search", "Paid Social", "Print")}
    campaigns = {}
    for name, chan, goal in (("Search", "Paid Search", "Sofa sale"),
                             ("Meta", "Paid Social", "Repair job"), ("Flyer", "Print", None)):  # fmt: skip
        campaigns[name] = db.execute(
            "INSERT INTO campaigns (name, channel_id, channel_source, goal_id)"
            " VALUES (?, ?, 'explicit', ?)",
            [name, channel[chan], goals.get(goal) if goal else None],
        ).lastrowid
    for campaign, start, end, cost in (("Search", "2026-05-16", "2026-06-14", 30000),
                                       ("Meta", "2026-06-10", "2026-06-10", 8000),
                                       ("Flyer", "2026-06-05", "2026-06-05", 5000)):  # fmt: skip
        db.execute(
            "INSERT INTO spend (campaign_id, period_start, period_end, cost_minor, currency,"
            " original_cost_minor, original_currency) VALUES (?, ?, ?, ?, 'EUR', ?, 'EUR')",
            [campaigns[campaign], start, end, cost, cost],
        )
    for goal, campaign, day, value in (
        ("Sofa sale", "Search", "2026-06-03", 100000),
        ("Sofa sale", "Search", "2026-06-20", 20000),
        ("Repair job", "Meta", "2026-06-11", 15000),
        ("Quote request", "Meta", "2026-06-12", 12000),
        ("Newsletter", "Meta", "2026-06-12", 0),
        ("Sofa sale", "Search", "2026-05-20", 40000),
    ):
        chan = channel["Paid Search" if campaign == "Search" else "Paid Social"]
        db.execute(
            "INSERT INTO conversions (goal_id, occurred_at, local_date, value_minor, currency,"
            " original_value_minor, original_currency, channel_id, campaign_id)"
            " VALUES (?, ?, ?, ?, 'EUR', ?, 'EUR', ?, ?)",
            [goals[goal], f"{day}T10:00:00Z", day, value, value, chan, campaigns[campaign]],
        )
    return db


def rows(report: Any, by: str) -> dict[str, Any]:
    return {row.name: row.current for row in report.rows(by)}


def test_gross_profit_profit_roi_and_break_even_per_channel(shop: Any) -> None:
    report = build_report(shop, FIRST, LAST)
    search = rows(report, "channel")["Paid Search"]
    assert search.spend == D("140.00")
    assert search.value == D("1200.00")
    assert search.gross_profit == D("420.00")  # 1,200.00 x 35 %
    assert search.profit_roi == D(2)  # (420 - 140) / 140
    assert search.break_even_roas == D("1200") / D("420")  # 1 / 0.35 = 2.857...
    social = rows(report, "channel")["Paid Social"]
    assert (social.conversions, social.value) == (2, D("270.00"))  # the micro sign-up not
    assert social.gross_profit == D("90.00")  # 150.00 x 60 %; the quote has no margin
    assert social.unmargined == 1
    assert social.profit_roi is None  # one of its conversions has no margin
    assert social.break_even_roas == D(3)  # 270 / 90
    print_ = rows(report, "channel")["Print"]
    assert print_.spend == D("50.00")
    assert (print_.gross_profit, print_.profit_roi, print_.break_even_roas) == (None, None, None)
    total = report.total.current
    assert (total.spend, total.value, total.gross_profit) == (D("270.00"), D("1470.00"), D(510))
    assert total.profit_roi is None and total.unmargined == 1
    assert total.break_even_roas == D(1470) / D(510)


def test_the_goal_view_counts_the_spend_of_the_campaigns_that_work_for_each_goal(
    shop: Any,
) -> None:
    report = build_report(shop, FIRST, LAST)
    goals = rows(report, "goal")
    assert list(goals) == ["Quote request", "Repair job", "Sofa sale", "Newsletter", NOT_LINKED]
    sofa = goals["Sofa sale"]
    assert (sofa.spend, sofa.conversions, sofa.value) == (D("140.00"), 2, D("1200.00"))
    assert sofa.cpa == D(70)  # 140 / 2
    assert sofa.roas == D(1200) / D(140)
    assert sofa.roi == D(1060) / D(140)
    assert sofa.profit_roi == D(2)
    repair = goals["Repair job"]
    assert (repair.spend, repair.conversions, repair.value) == (D("80.00"), 1, D("150.00"))
    assert repair.gross_profit == D(90)
    assert repair.profit_roi == D("0.125")  # (90 - 80) / 80
    assert repair.break_even_roas == D(150) / D(90)  # 1 / 0.6
    quote = goals["Quote request"]
    assert (quote.spend, quote.conversions, quote.value) == (0, 1, D("120.00"))
    assert (quote.roas, quote.roi, quote.gross_profit) == (None, None, None)
    newsletter = goals["Newsletter"]
    assert (newsletter.spend, newsletter.conversions, newsletter.micro_conversions) == (0, 1, 1)
    unlinked = goals[NOT_LINKED]
    assert (unlinked.spend, unlinked.conversions, unlinked.value) == (D("50.00"), 0, 0)
    assert (unlinked.cpa, unlinked.roas, unlinked.roi) == (None, None, None)
    # The rows add up to the total.
    assert sum(g.spend for g in goals.values()) == report.total.current.spend == D("270.00")
    macro = [g for g in report.goals if g.goal is None or g.goal.level == "macro"]
    assert sum(g.current.conversions for g in macro) == report.total.current.conversions
    assert sum(g.current.value for g in macro) == report.total.current.value


def test_a_year_earlier_is_compared_on_the_same_dates(shop: Any) -> None:
    shop.execute(
        "INSERT INTO conversions (goal_id, occurred_at, local_date, value_minor, currency,"
        " original_value_minor, original_currency, channel_id)"
        " VALUES (?, '2025-06-15T10:00:00Z', '2025-06-15', 5000, 'EUR', 5000, 'EUR', ?)",
        [_id(shop, "goals", "Sofa sale"), _id(shop, "channels", "Paid Search")],
    )
    year = build_report(shop, FIRST, LAST, compare="year")
    assert (year.previous_first, year.previous_last) == (date(2025, 6, 1), date(2025, 6, 30))
    assert year.total.previous.value == D("50.00")
    assert year.total.previous.gross_profit == D("17.50")  # 50.00 x 35 %
    before = build_report(shop, FIRST, LAST)
    assert (before.previous_first, before.previous_last) == (date(2026, 5, 2), date(2026, 5, 31))
    assert before.total.previous.value == D("400.00")  # the May sale; not June 2025's
    assert before.total.previous.spend == D("160.00")  # Search, 16 - 31 May


def test_credit_under_a_rule_model_keeps_each_goals_margin(shop: Any) -> None:
    """Every June conversion has one touch, so last-touch credit is the recorded count."""
    goals = {n: _id(shop, "goals", n) for n in ("Sofa sale", "Repair job", "Quote request")}
    channels = {n: _id(shop, "channels", n) for n in ("Paid Search", "Paid Social")}
    conversions = shop.execute(
        "SELECT id, campaign_id, channel_id, occurred_at FROM conversions WHERE local_date >= ?",
        [FIRST.isoformat()],
    ).fetchall()
    for n, (cid, campaign, channel, at) in enumerate(conversions):
        shop.execute(
            "INSERT INTO touchpoints (customer_key, occurred_at, channel_id, campaign_id,"
            " conversion_id, kind) VALUES (?, ?, ?, ?, ?, 'click')",
            [f"c{n}", at.replace("T10", "T09"), channel, campaign, cid],
        )
        shop.execute("UPDATE conversions SET customer_key = ? WHERE id = ?", [f"c{n}", cid])
    assert goals and channels
    report = build_report(shop, FIRST, LAST, model="last_touch")
    search, social = (rows(report, "channel")[n] for n in ("Paid Search", "Paid Social"))
    assert (search.conversions, search.gross_profit) == (2, D(420))
    assert (social.conversions, social.gross_profit, social.unmargined) == (2, D(90), 1)
