"""Every write leaves the monthly report summary right by itself (issue 17: one store write
helper keeps the summary cache right; no caller refreshes it by hand).

After each command that writes, nothing may be left marked stale and every month's sums must
equal the sums worked out here, in Python, from the conversions themselves."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_import_cli import cli, set_currency

Sums = dict[tuple[str, int, Any, Any], tuple[int, int]]


def _truth(db: Any) -> Sums:
    """Per (month, goal, channel, campaign): the conversions that count and their value. Every
    active conversion counts, except that a goal counting one per customer counts only each
    customer's first (by time, then id)."""
    per_customer = {
        gid for (gid,) in db.execute("SELECT id FROM goals WHERE counting = 'one_per_customer'")
    }
    rows = db.execute(
        "SELECT id, goal_id, occurred_at, local_date, channel_id, campaign_id, value_minor,"
        " customer_key FROM conversions WHERE status = 'active' ORDER BY occurred_at, id"
    ).fetchall()
    seen: set[tuple[int, str]] = set()
    sums: dict[tuple[str, int, Any, Any], list[int]] = defaultdict(lambda: [0, 0])
    for _id, goal, _at, day, channel, campaign, value, customer in rows:
        if goal in per_customer and customer is not None:
            if (goal, customer) in seen:
                continue
            seen.add((goal, customer))
        cell = sums[(day[:7], goal, channel, campaign)]
        cell[0] += 1
        cell[1] += value
    return {key: (n, v) for key, (n, v) in sums.items()}


def _summary(db: Any) -> Sums:
    return {
        (m, g, ch, ca): (n, v)
        for m, g, ch, ca, n, v in db.execute(
            "SELECT month, goal_id, channel_id, campaign_id, conversions, value_minor"
            " FROM conversion_months"
        )
    }


def _assert_right(db_path: Path, after: str) -> None:
    # Read-only and around the app's own opening, which would rebuild marked months itself.
    db = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
    try:
        marked = db.execute("SELECT COUNT(*) FROM conversion_months_stale").fetchone()[0]
        assert marked == 0, f"{after}: {marked} months left marked stale"
        assert _summary(db) == _truth(db), f"{after}: the summary disagrees with the conversions"
    finally:
        db.close()


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    orders = tmp_path / "orders.csv"
    orders.write_text(
        "Order,Date,Total,Email,utm_source,utm_medium,utm_campaign\n"
        "A1,2026-03-30 10:00,100.00,ann@example.com,google,cpc,spring\n"
        "A2,2026-04-02 11:00,50.00,bob@example.com,facebook,paid_social,spring\n"
        "A3,2026-04-15 09:30,25.50,ann@example.com,newsletter,email,april\n"
        "A4,2025-01-10 12:00,10.00,old@example.com,google,organic,\n",
        encoding="utf-8",
    )
    leads = tmp_path / "leads.csv"
    leads.write_text(
        "Date,Email,Value\n"
        "2026-04-20 08:00,ann@example.com,5\n"
        "2026-03-01 08:00,ann@example.com,5\n"
        "2026-05-01 08:00,cid@example.com,5\n",
        encoding="utf-8",
    )
    return {"orders": orders, "leads": leads}


def test_every_command_that_writes_leaves_the_summary_right(
    capsys: pytest.CaptureFixture[str], db_path: Path, files: dict[str, Path]
) -> None:
    db = str(db_path)
    set_currency(capsys, db_path, "EUR")
    steps: list[tuple[str, tuple[str, ...], int]] = [
        ("import orders", ("import", str(files["orders"]), "--goal", "Sale"), 0),
        (
            "a per-customer goal",
            ("goals", "set", "Lead", "category=lead", "counting=one_per_customer"),
            0,
        ),
        ("import leads", ("import", str(files["leads"]), "--goal", "Lead"), 0),
        ("count every lead", ("goals", "set", "Lead", "counting=every"), 0),
        ("count one per customer again", ("goals", "set", "Lead", "counting=one_per_customer"), 0),
        ("a new time zone", ("settings", "timezone=Pacific/Kiritimati"), 0),
        ("a channel mapping", ("channels", "map", "newsletter/email=Email"), 0),
        ("re-classify", ("channels", "reclassify"), 0),
        ("erase a person", ("erase", "--email", "ann@example.com"), 0),
        ("undo the leads import", ("undo-import", "2"), 0),
        ("a retention", ("settings", "retention_months=12"), 0),
        ("purge", ("purge",), 0),
        ("archive the goal", ("goals", "set", "Sale", "archived=true"), 0),
    ]
    for name, argv, status in steps:
        code, out, err = cli(capsys, *argv, "--db", db)
        assert code == status, f"{name}: exit {code}\n{out}\n{err}"
        _assert_right(db_path, name)
