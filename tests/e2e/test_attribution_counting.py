"""Attributed totals follow the reports' counting: a goal counted once per customer credits only
each customer's first conversion, so `report --model linear` adds up to `report` without a model."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlite_utils import Database

from desktop_app.attribution.credit import attributed_credit, compare_models
from desktop_app.main import main
from desktop_app.store import close_database, open_database
from desktop_app.store.settings import save_settings


def _channel(db: Database, name: str) -> int:
    return int(db.execute("SELECT id FROM channels WHERE name = ?", [name]).fetchone()[0])


def _conversion(db: Database, goal: int, at: str, value: int, customer: str | None) -> int:
    cursor = db.execute(
        "INSERT INTO conversions (goal_id, occurred_at, local_date, value_minor, currency,"
        " original_value_minor, original_currency, channel_id, customer_key, status)"
        " VALUES (?, ?, ?, ?, 'EUR', ?, 'EUR', ?, ?, 'active')",
        [goal, at, at[:10], value, value, _channel(db, "Referral"), customer],
    )
    return int(cursor.lastrowid or 0)


def _touch(db: Database, customer: str, at: str, channel: str) -> None:
    db.execute(
        "INSERT INTO touchpoints (customer_key, occurred_at, channel_id) VALUES (?, ?, ?)",
        [customer, at, _channel(db, channel)],
    )


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A one-per-customer sign-up goal (macro here) and an every-time sale, with repeats.

    Times are at midday UTC, so each local date (Europe/Berlin) is the UTC date.
    """
    path = tmp_path / "shop.db"
    db = open_database(path)
    save_settings(db, {"name": "Shop", "currency": "EUR", "timezone": "Europe/Berlin"})
    db.execute(
        "INSERT INTO goals (name, level, counting, lookback_days)"
        " VALUES ('Membership', 'macro', 'one_per_customer', 30), ('Sale', 'macro', 'every', 30)"
    )
    member, sale = (
        int(db.execute("SELECT id FROM goals WHERE name = ?", [n]).fetchone()[0])
        for n in ("Membership", "Sale")
    )
    # a: joins on 3 June after Paid Search and Email, joins "again" on 10 June (a repeat: no
    # conversion) after Paid Social, then buys on 12 June.
    _touch(db, "a", "2026-06-01T12:00:00Z", "Paid Search")
    _touch(db, "a", "2026-06-02T12:00:00Z", "Email")
    _conversion(db, member, "2026-06-03T12:00:00Z", 1000, "a")
    _touch(db, "a", "2026-06-09T12:00:00Z", "Paid Social")
    _conversion(db, member, "2026-06-10T12:00:00Z", 1000, "a")
    _conversion(db, sale, "2026-06-12T12:00:00Z", 5000, "a")
    # b joined back in May (outside the range), so the June membership is a repeat too.
    _conversion(db, member, "2026-05-20T12:00:00Z", 1000, "b")
    _touch(db, "b", "2026-06-14T12:00:00Z", "Organic Search")
    _conversion(db, member, "2026-06-15T12:00:00Z", 1000, "b")
    # c joins twice at the very same time: the lower id counts.
    _touch(db, "c", "2026-06-19T12:00:00Z", "Display")
    _conversion(db, member, "2026-06-20T12:00:00Z", 1000, "c")
    _conversion(db, member, "2026-06-20T12:00:00Z", 1000, "c")
    # without a customer key every conversion counts, even two alike
    _conversion(db, member, "2026-06-21T12:00:00Z", 1000, None)
    _conversion(db, member, "2026-06-22T12:00:00Z", 1000, None)
    close_database(db)
    return path


# Counted in June by hand: memberships a (3 Jun), c (20 Jun, once), two without a key = 4,
# worth 4 × 10.00; the sale of a = 1, worth 50.00. Repeats of a (10 Jun), b (15 Jun), c: none.
COUNTED = 4 + 1
COUNTED_VALUE = Decimal("40.00") + Decimal("50.00")


def _report(capsys: pytest.CaptureFixture[str], shop: Path, *extra: str) -> list[dict]:
    argv = ["report", "--db", str(shop), "--from", "2026-06-01", "--to", "2026-06-30"]
    assert main([*argv, "--by", "channel", "--format", "json", *extra]) == 0
    rows: list[dict] = json.loads(capsys.readouterr().out, parse_float=Decimal)
    return rows


def test_report_totals_are_the_same_with_and_without_a_model(
    capsys: pytest.CaptureFixture[str], shop: Path
) -> None:
    recorded = _report(capsys, shop)
    linear = _report(capsys, shop, "--model", "linear")
    for rows in (recorded, linear):
        assert sum(Decimal(str(r["conversions"])) for r in rows) == COUNTED
        assert sum(Decimal(str(r["value"])) for r in rows) == COUNTED_VALUE
    # linear: a's membership is split between Paid Search and Email (0.5 each, €5.00 each);
    # a's sale rests on Paid Social alone (the repeat in between is no conversion, so its
    # touch runs on to the sale), c's on Display; the keyless ones keep Referral.
    by_name = {r["name"]: r for r in linear}
    assert Decimal(str(by_name["Paid Search"]["conversions"])) == Decimal("0.5")
    assert Decimal(str(by_name["Email"]["value"])) == Decimal("5")
    assert Decimal(str(by_name["Paid Social"]["value"])) == Decimal("50")
    assert Decimal(str(by_name["Display"]["conversions"])) == 1
    assert Decimal(str(by_name["Referral"]["conversions"])) == 2
    # b's repeat is not a conversion: Organic Search gets nothing
    assert Decimal(str(by_name["Organic Search"]["conversions"])) == 0


def test_every_model_counts_a_customer_once(shop: Path) -> None:
    db = open_database(shop)
    try:
        result = compare_models(db, date(2026, 6, 1), date(2026, 6, 30))
        assert result is not None
        for name, credit in result.models.items():
            assert credit.conversions == COUNTED, name
            assert result.value_of(credit.value) == COUNTED_VALUE, name
        credit_sum = sum(
            c
            for c, _v in attributed_credit(
                db, date(2026, 6, 1), date(2026, 6, 30), None, "markov"
            ).values()
        )
        assert credit_sum == COUNTED
    finally:
        close_database(db)
