"""A small hand-made business whose every report figure is worked out by hand in the tests.

Base currency EUR, time zone Europe/Berlin (UTC+1 in February and March before the 29th).
Report range 2026-03-01..2026-03-10 (10 days); its previous period is 2026-02-19..2026-02-28.

Campaigns and spend (cents):
  Search Brand (Paid Search): daily rows 02-20 3000/600 impr/60 clicks; 03-01 5000/1000/100,
      platform 2.5 conv, 200.00 value; 03-10 2550/500/50, platform 0.5; 03-11 9999 (outside).
  Meta Spring (Paid Social): one row 02-25..03-04 (8 days) 8003 cents, 801 impr, 80 clicks,
      platform 4 conv and 160.00 value. 8003 // 8 = 1000 rest 3 -> 02-25, 02-26, 02-27 get 1001:
      previous period 4003, current 4000. 801 impr: 100 rest 1 -> previous 401, current 400.
  Newsletter (Email): no spend.
  Print Flyer (Print): one row 03-01..03-31, 10001 cents, 31000 impr, 0 clicks, platform 3.1.
      10001 // 31 = 322 rest 19 -> days 1..19 get 323: range (days 1..10) 3230; 10000 impr;
      platform 3.1 * 10/31 = 1.0.
Goals: Purchase (macro, 31 a month, target CPA 20.00), Lead (macro, one per customer, 10 a
month), Quote request (macro, none recorded), Newsletter sign-up (micro), Brochure download
(micro, none recorded).
"""

from __future__ import annotations

from typing import Any

RANGE = ("2026-03-01", "2026-03-10")


def _ids(db: Any, table: str) -> dict[str, int]:
    return {name: i for i, name in db.execute(f"SELECT id, name FROM {table}")}


def _utc_for(local_date: str) -> str:
    return f"{local_date}T11:00:00Z"


def fill(db: Any, currency: str = "EUR") -> None:
    """Insert the dataset (the database's currency must already be `currency`)."""
    ch = _ids(db, "channels")
    with db.atomic():
        for name, channel in (
            ("Search Brand", "Paid Search"),
            ("Meta Spring", "Paid Social"),
            ("Newsletter", "Email"),
            ("Print Flyer", "Print"),
        ):
            db.execute(
                "INSERT INTO campaigns (name, channel_id) VALUES (?, ?)", [name, ch[channel]]
            )
        cp = _ids(db, "campaigns")
        spend = [
            # campaign, start, end, cost, impressions, clicks, platform conv, platform value
            ("Search Brand", "2026-02-20", "2026-02-20", 3000, 600, 60, 0, 0),
            ("Search Brand", "2026-03-01", "2026-03-01", 5000, 1000, 100, 2.5, 20000),
            ("Search Brand", "2026-03-10", "2026-03-10", 2550, 500, 50, 0.5, 0),
            ("Search Brand", "2026-03-11", "2026-03-11", 9999, 0, 0, 0, 0),
            ("Meta Spring", "2026-02-25", "2026-03-04", 8003, 801, 80, 4, 16000),
            ("Print Flyer", "2026-03-01", "2026-03-31", 10001, 31000, 0, 3.1, 0),
        ]
        for name, start, end, cost, impressions, clicks, pconv, pvalue in spend:
            db.execute(
                "INSERT INTO spend (campaign_id, period_start, period_end, cost_minor, currency,"
                " original_cost_minor, original_currency, impressions, clicks,"
                " platform_conversions, platform_value_minor)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    cp[name],
                    start,
                    end,
                    cost,
                    currency,
                    cost,
                    currency,
                    impressions,
                    clicks,
                    pconv,
                    pvalue,
                ],
            )
        for name, level, counting, target, target_cpa in (
            ("Purchase", "macro", "every", 31, 2000),
            ("Lead", "macro", "one_per_customer", 10, None),
            ("Quote request", "macro", "every", None, None),
            ("Newsletter sign-up", "micro", "every", None, None),
            ("Brochure download", "micro", "every", None, None),
        ):
            db.execute(
                "INSERT INTO goals (name, level, counting, target_count, target_cpa_minor)"
                " VALUES (?, ?, ?, ?, ?)",
                [name, level, counting, target, target_cpa],
            )
        go = _ids(db, "goals")
        conversions = [
            # goal, local date, value, channel, campaign, customer, status
            ("Purchase", "2026-03-02", 10000, "Paid Search", "Search Brand", None, "active"),
            ("Purchase", "2026-03-05", 5050, "Paid Search", "Search Brand", None, "active"),
            ("Purchase", "2026-03-05", 2500, "Paid Social", "Meta Spring", None, "active"),
            ("Purchase", "2026-03-06", 99999, "Paid Search", "Search Brand", None, "cancelled"),
            ("Purchase", "2026-03-11", 7777, "Paid Search", "Search Brand", None, "active"),
            ("Purchase", "2026-03-09", 1000, "Direct", None, None, "active"),
            ("Purchase", "2026-02-20", 4000, "Paid Search", "Search Brand", None, "active"),
            ("Lead", "2026-02-25", 0, "Paid Social", "Meta Spring", "A", "active"),
            ("Lead", "2026-03-03", 0, "Paid Social", "Meta Spring", "A", "active"),  # repeat
            ("Lead", "2026-03-03", 0, "Email", "Newsletter", "B", "active"),
            ("Lead", "2026-03-04", 0, "Email", "Newsletter", "B", "active"),  # repeat
            ("Lead", "2026-03-01", 0, "Phone", None, "C", "cancelled"),
            ("Lead", "2026-03-07", 0, "Phone", None, "C", "active"),  # C's first active one
            ("Lead", "2026-03-08", 0, "Phone", None, None, "active"),
            ("Lead", "2026-03-08", 0, "Phone", None, None, "active"),
            ("Newsletter sign-up", "2026-03-02", 0, "Email", "Newsletter", None, "active"),
            ("Newsletter sign-up", "2026-03-02", 0, "Email", "Newsletter", None, "active"),
            ("Newsletter sign-up", "2026-03-02", 0, "Email", "Newsletter", None, "active"),
            ("Newsletter sign-up", "2026-02-21", 0, "Email", "Newsletter", None, "active"),
        ]
        rows = [
            (go[g], _utc_for(day), day, value, channel, campaign, customer, status)
            for g, day, value, channel, campaign, customer, status in conversions
        ]
        # 23:30 UTC on 28 February is 00:30 on 1 March in Berlin: it belongs to the range.
        rows.append(
            (
                go["Purchase"],
                "2026-02-28T23:30:00Z",
                "2026-03-01",
                100,
                "Paid Search",
                "Search Brand",
                None,
                "active",
            )
        )
        db.conn.executemany(
            "INSERT INTO conversions (goal_id, occurred_at, local_date, value_minor, currency,"
            " original_value_minor, original_currency, channel_id, campaign_id, customer_key,"
            " status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    g,
                    at,
                    day,
                    value,
                    currency,
                    value,
                    currency,
                    ch[channel],
                    cp[campaign] if campaign else None,
                    customer,
                    status,
                )
                for g, at, day, value, channel, campaign, customer, status in rows
            ],
        )
