"""The report engine against figures worked out by hand (tests/report_dataset.py explains the data)."""

from __future__ import annotations

import sys
import types
from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest

from desktop_app.domain.timeutil import EARLIEST_DAY, LATEST_DAY
from desktop_app.reports.engine import NO_CAMPAIGN, NOT_LINKED, build_report
from desktop_app.reports.rows import Figures
from desktop_app.reports.series import daily_series, funnel_steps
from tests import report_dataset

FIRST, LAST = date(2026, 3, 1), date(2026, 3, 10)


@pytest.fixture
def report(db: Any) -> Any:
    report_dataset.fill(db)
    return build_report(db, FIRST, LAST)


def by_name(rows: list[Any]) -> dict[str, Any]:
    return {row.name: row for row in rows}


def test_paid_search_channel(report: Any) -> None:
    row = by_name(report.channels)["Paid Search"]
    # Spend 50.00 (03-01) + 25.50 (03-10); 99.99 on 03-11 is outside the range.
    assert row.current.spend == D("75.50")
    assert (row.current.impressions, row.current.clicks) == (1500, 150)
    # Purchases 100.00 (03-02) + 50.50 (03-05) + 1.00 (28 Feb 23:30 UTC = 1 March in Berlin);
    # the cancelled 999.99 and the 77.77 of 03-11 do not count.
    assert row.current.conversions == 3
    assert row.current.value == D("151.50")
    assert row.current.platform_conversions == D("3")  # 2.5 + 0.5
    assert row.current.platform_value == D("200.00")
    assert row.current.ctr == D("0.1")  # 150 / 1500
    assert row.current.conversion_rate == D("0.02")  # 3 / 150
    assert row.current.cpa == D("75.50") / 3
    assert row.current.roas == D("151.50") / D("75.50")
    assert row.current.roi == D(76) / D("75.50")  # (151.50 - 75.50) / 75.50
    # Previous period: 30.00 spend, one purchase of 40.00 (02-20).
    assert row.previous.spend == D("30.00")
    assert (row.previous.conversions, row.previous.value) == (1, D("40.00"))
    assert row.change("conversions") == 2  # (3 - 1) / 1
    assert row.change("spend") == (D("75.50") - 30) / 30


def test_period_cut_by_range_and_zero_clicks(report: Any) -> None:
    social = by_name(report.channels)["Paid Social"]
    # 80.03 over 8 days from 02-25: the 3 remainder cents go to 02-25..02-27 (previous period).
    assert social.current.spend == D("40.00")
    assert social.previous.spend == D("40.03")
    assert (social.current.impressions, social.previous.impressions) == (400, 401)
    assert social.current.platform_conversions == 2  # 4 * 4/8
    assert social.current.platform_value == D("80.00")
    # One purchase of 25.00; the lead of customer A on 03-03 repeats A's lead of 02-25.
    assert (social.current.conversions, social.current.value) == (1, D("25.00"))
    assert (social.previous.conversions, social.previous.value) == (1, D("0.00"))
    assert social.current.roi == D("-0.375")  # (25 - 40) / 40

    pr = by_name(report.channels)["Print"]
    # 100.01 over March's 31 days: 322 cents a day, the 19 remainder cents to days 1..19.
    assert pr.current.spend == D("32.30")
    assert (pr.current.impressions, pr.current.clicks) == (10000, 0)
    assert pr.current.platform_conversions == D("1.0")  # 3.1 * 10 / 31
    assert pr.current.ctr == 0
    assert pr.current.conversion_rate is None  # no clicks
    assert pr.current.cpa is None  # no conversions
    assert pr.current.roas == 0
    assert pr.current.roi == -1


def test_zero_spend_channels(report: Any) -> None:
    rows = by_name(report.channels)
    email = rows["Email"]
    # Lead of customer B on 03-03 (B's 03-04 lead repeats it); three newsletter sign-ups.
    assert (email.current.conversions, email.current.micro_conversions) == (1, 3)
    assert email.current.spend == 0
    assert email.current.cpa == 0  # 0.00 / 1: defined
    assert email.current.roas is None and email.current.roi is None
    assert email.current.ctr is None  # no impressions
    phone = rows["Phone"]
    # C's first active lead (the cancelled one of 03-01 does not count) and two without customer.
    assert phone.current.conversions == 3
    assert rows["Direct"].current.value == D("10.00")
    # Channels without anything are still listed, all zero.
    assert rows["Audio"].current == Figures()
    assert len(report.channels) == 25  # every built-in channel, none hidden


def test_total_and_views_agree(report: Any) -> None:
    total = report.total.current
    assert total.spend == D("147.80")  # 75.50 + 40.00 + 32.30
    assert (total.impressions, total.clicks) == (11900, 190)  # 1500+400+10000, 150+40+0
    assert total.conversions == 9  # 5 purchases + 4 counted leads
    assert total.micro_conversions == 3
    assert total.value == D("186.50")  # 151.50 + 25.00 + 10.00
    assert total.platform_conversions == 6  # 3 + 2 + 1.0
    assert total.platform_value == D("280.00")
    prev = report.total.previous
    assert (prev.spend, prev.conversions, prev.micro_conversions) == (D("70.03"), 2, 1)
    assert report.total.change("conversions") == D("3.5")  # (9 - 2) / 2
    for view in ("channel", "campaign"):
        rows = report.rows(view)
        for period in ("current", "previous"):
            summed = sum((getattr(r, period) for r in rows), Figures())
            assert summed == getattr(report.total, period), (view, period)
    goals = report.goals
    macro = [g for g in goals if g.goal is None or g.goal.level == "macro"]
    assert sum(g.current.conversions for g in macro) == 9
    assert sum(g.current.micro_conversions for g in goals) == 3
    assert sum(g.current.value for g in macro) == D("186.50")
    assert sum(g.current.spend for g in goals) == total.spend  # the goal view adds up too


def test_campaign_view(report: Any) -> None:
    rows = by_name(report.campaigns)
    assert [r.name for r in report.campaigns] == [
        "Meta Spring",
        "Newsletter",
        "Print Flyer",
        "Search Brand",
        NO_CAMPAIGN,
    ]
    assert rows["Search Brand"].current.spend == D("75.50")
    assert rows["Search Brand"].channel_name == "Paid Search"
    assert rows["Newsletter"].current.conversions == 1
    # Direct purchase (10.00) and three phone leads carry no campaign.
    assert (rows[NO_CAMPAIGN].current.conversions, rows[NO_CAMPAIGN].current.value) == (
        4,
        D("10.00"),
    )


def test_goal_rows_and_targets(report: Any) -> None:
    rows = by_name(report.goals)
    assert [r.name for r in report.goals] == [
        "Lead",
        "Purchase",
        "Quote request",
        "Brochure download",
        "Newsletter sign-up",
        NOT_LINKED,
    ]
    purchase = rows["Purchase"]
    assert (purchase.current.conversions, purchase.current.value) == (5, D("186.50"))
    # No campaign works for a goal here: the spend is all in the row of unlinked spend, and a
    # goal's CPA is unknown (not 0.00) until a campaign is linked to it.
    assert purchase.current.spend == 0 and purchase.current.cpa is None
    assert rows[NOT_LINKED].current.spend == D("147.80")
    assert purchase.goal.target_count == 10  # 31 a month * 10 of March's 31 days
    assert purchase.goal.progress == D("0.5")
    assert purchase.goal.actual_cpa is None
    assert purchase.goal.target_cpa == D("20.00")
    assert purchase.goal.cpa_on_target is None
    lead = rows["Lead"]
    assert lead.current.conversions == 4
    assert lead.goal.target_count == 10 * D(10) / 31
    assert lead.goal.progress == 4 / (10 * D(10) / 31)
    assert lead.goal.cpa_on_target is None  # no target CPA
    assert rows["Quote request"].current.conversions == 0
    assert rows["Quote request"].goal.progress is None
    assert rows["Quote request"].current.spend == 0
    assert rows["Quote request"].current.cpa is None  # no conversions
    news = rows["Newsletter sign-up"]
    assert (news.current.conversions, news.current.micro_conversions) == (3, 3)
    assert news.previous.conversions == 1


def test_goal_filter_counts_that_goal_only(db: Any) -> None:
    report_dataset.fill(db)
    goal_id = db.execute("SELECT id FROM goals WHERE name = 'Newsletter sign-up'").fetchone()[0]
    report = build_report(db, FIRST, LAST, goal_id=goal_id)
    email = by_name(report.channels)["Email"]
    assert (email.current.conversions, email.current.micro_conversions) == (3, 3)
    assert by_name(report.channels)["Paid Search"].current.conversions == 0
    assert report.total.current.conversions == 3
    assert [g.name for g in report.goals] == ["Newsletter sign-up"]


def test_totals_match_raw_sql_over_all_data(db: Any) -> None:
    report_dataset.fill(db)
    report = build_report(db, date(2026, 1, 1), date(2026, 12, 31))
    raw_spend = db.execute("SELECT SUM(cost_minor) FROM spend").fetchone()[0]
    assert report.total.current.spend * 100 == raw_spend  # whole periods: exact costs
    raw_macro = db.execute(
        "SELECT COUNT(*), SUM(value_minor) FROM conversions c JOIN goals g ON g.id = c.goal_id"
        " WHERE c.status = 'active' AND g.level = 'macro'"
    ).fetchone()
    # Two leads repeat an earlier lead of the same customer (A on 03-03, B on 03-04).
    assert report.total.current.conversions == raw_macro[0] - 2
    assert report.total.current.value * 100 == raw_macro[1]
    for view in ("channel", "campaign"):
        assert sum(r.current.spend for r in report.rows(view)) == report.total.current.spend


def test_jpy_database_has_no_decimals(db_path: Any, tmp_path: Any) -> None:
    from desktop_app.store import close_database, open_database
    from desktop_app.store.settings import save_settings

    jdb = open_database(tmp_path / "jpy.db")
    try:
        save_settings(jdb, {"currency": "JPY", "timezone": "Asia/Tokyo"})
        report_dataset.fill(jdb, currency="JPY")
        report = build_report(jdb, FIRST, LAST)
        pr = by_name(report.channels)["Print"]
        assert pr.current.spend == D(3230)  # 10001 yen over 31 days: 323 a day on days 1..10
        search = by_name(report.channels)["Paid Search"]
        assert search.current.value == D(15150)
        assert search.current.cpa == D(7550) / 3
        assert report.total.current.spend == D(14780)
    finally:
        close_database(jdb)


def test_the_widest_range_holds_every_record(db: Any) -> None:
    report_dataset.fill(db)
    wide = build_report(db, EARLIEST_DAY, LATEST_DAY, compare="previous")
    whole = build_report(db, date(2026, 1, 1), date(2026, 12, 31))  # the dataset's year
    assert wide.total.current == whole.total.current
    assert wide.total.previous == Figures()


def test_unknown_range_order_is_refused(db: Any) -> None:
    with pytest.raises(ValueError, match="before it starts"):
        build_report(db, LAST, FIRST)


def test_model_credit_replaces_channel_and_campaign_conversions(
    db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    report_dataset.fill(db)
    ch = {n: i for i, n in db.execute("SELECT id, name FROM channels")}
    cp = {n: i for i, n in db.execute("SELECT id, name FROM campaigns")}
    calls: list[tuple[date, date, Any, str]] = []

    def fake_credit(_db: Any, first: date, last: date, goal_id: Any, model: str) -> Any:
        calls.append((first, last, goal_id, model))
        if first != FIRST:
            return {}
        return {
            (ch["Paid Search"], cp["Search Brand"]): (D("1.5"), D("7500.5")),
            (ch["Email"], None): (D("0.5"), D("99.5")),
        }

    fake = types.ModuleType("desktop_app.attribution.credit")
    fake.attributed_credit = fake_credit  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "desktop_app.attribution.credit", fake)
    report = build_report(db, FIRST, LAST, model="linear")
    assert calls == [
        (FIRST, LAST, None, "linear"),
        (date(2026, 2, 19), date(2026, 2, 28), None, "linear"),
    ]
    rows = by_name(report.channels)
    assert rows["Paid Search"].current.conversions == D("1.5")
    assert rows["Paid Search"].current.value == D("75.005")  # 7500.5 cents
    assert rows["Email"].current.conversions == D("0.5")
    assert rows["Email"].current.micro_conversions == 3  # micro counts stay as recorded
    assert rows["Phone"].current.conversions == 0
    assert report.total.current.conversions == 2
    assert by_name(report.campaigns)[NO_CAMPAIGN].current.conversions == D("0.5")
    assert by_name(report.goals)["Purchase"].current.conversions == 5  # goals: recorded counts


def test_daily_series_and_funnel(report: Any, db: Any) -> None:
    series = daily_series(db, FIRST, LAST)
    ch = {c.name: c.id for c in series.channels}
    points = {(p.day.isoformat(), p.channel_id): p for p in series.points}
    assert points[("2026-03-05", ch["Paid Search"])].conversions == 1
    assert points[("2026-03-05", ch["Paid Social"])].value == D("25.00")
    assert points[("2026-03-01", ch["Paid Search"])].value == D("1.00")
    # Email: B's first lead on 03-03 counts, the repeat on 03-04 does not.
    assert points[("2026-03-03", ch["Email"])].conversions == 1
    assert ("2026-03-04", ch["Email"]) not in points
    assert sum(p.conversions for p in series.points) == 9
    assert sum(p.value for p in series.points) == D("186.50")
    steps = funnel_steps(report)
    assert [(s.label, s.count) for s in steps] == [
        ("Clicks", 190),
        ("Micro conversions", 3),
        ("Macro conversions", 9),
    ]
    assert steps[1].rate_from_previous == D(3) / 190
    assert steps[2].rate_from_previous == 3
