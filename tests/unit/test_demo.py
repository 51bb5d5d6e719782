"""The demo business: reproducible, plausible, and only loaded into an empty database."""

from datetime import date
from pathlib import Path

import pytest

from desktop_app.services.demo import DemoError, load_demo
from desktop_app.store import close_database, open_database

LAST_DAY = date(2026, 6, 30)


def _rows(path: Path) -> dict[str, list[tuple]]:
    """Every data row of the demo tables, without the moment each row was written."""
    db = open_database(path)
    try:
        found = {}
        for table in ("goals", "campaigns", "spend", "conversions", "touchpoints"):
            cols = [c.name for c in db[table].columns if c.name != "created_at"]
            found[table] = db.execute(
                f"SELECT {', '.join(cols)} FROM {table} ORDER BY id"
            ).fetchall()
        return found
    finally:
        close_database(db)


@pytest.mark.slow  # 2 s: builds the whole demo for real; run by .ci/run's slow step
def test_demo_is_a_plausible_year(db) -> None:
    summary = load_demo(db, seed=7, last_day=LAST_DAY)
    assert summary.first_day == date(2025, 7, 1)
    assert 8 <= summary.campaigns <= 12
    first, last = db.execute("SELECT MIN(local_date), MAX(local_date) FROM conversions").fetchone()
    assert first >= "2025-07-01" and last <= "2026-06-30"
    spend = dict(
        db.execute(
            "SELECT ch.name, SUM(s.cost_minor) FROM spend s JOIN campaigns c ON c.id = s.campaign_id"
            " JOIN channels ch ON ch.id = c.channel_id GROUP BY ch.name"
        ).fetchall()
    )
    value = dict(
        db.execute(
            "SELECT ch.name, SUM(v.value_minor) FROM conversions v JOIN goals g ON g.id = v.goal_id"
            " JOIN channels ch ON ch.id = v.channel_id WHERE g.level = 'macro' GROUP BY ch.name"
        ).fetchall()
    )
    assert {"Paid Search", "Paid Social", "Email", "Organic Search", "Referral"} <= set(spend)
    for channel, cost in spend.items():
        roas = value.get(channel, 0) / cost
        assert 0.5 <= roas <= 8, (channel, roas)
    levels = dict(
        db.execute(
            "SELECT g.level, COUNT(*) FROM conversions v JOIN goals g ON g.id = v.goal_id GROUP BY g.level"
        ).fetchall()
    )
    assert levels["macro"] > 1000 and levels["micro"] > 300
    offline = db.execute(
        "SELECT COUNT(*) FROM conversions v JOIN channels ch ON ch.id = v.channel_id"
        " WHERE ch.offline = 1 AND v.origin = 'manual'"
    ).fetchone()[0]
    assert offline > 50
    # every spend day has clicks no greater than impressions
    assert db.execute("SELECT COUNT(*) FROM spend WHERE clicks > impressions").fetchone()[0] == 0
    # journeys end before their conversion
    assert db.execute("SELECT COUNT(*) FROM touchpoints").fetchone()[0] > 10000


def test_demo_refuses_a_database_with_data(db) -> None:
    db.execute("INSERT INTO goals (name) VALUES ('Lead')")
    with pytest.raises(DemoError, match="already holds data"):
        load_demo(db)
    assert db.execute("SELECT COUNT(*) FROM campaigns").fetchone()[0] == 0


@pytest.mark.slow  # 2-3 s (a whole demo, or a deliberate wait for another program)
def test_same_seed_same_business_and_the_tests_copy_is_exactly_it(tmp_path: Path) -> None:
    """Two loads with one seed store the same business: the copy's template was made by a load
    of its own, earlier, in another file. So tests/demo_copy.py, which stands in for load_demo
    in GUI fixtures, cannot differ from it either."""
    from desktop_app.store.settings import save_settings
    from tests.demo_copy import load_demo_copy

    for name, load in (("real.db", load_demo), ("copy.db", load_demo_copy)):
        db = open_database(tmp_path / name)
        save_settings(db, {"name": "Test shop", "currency": "EUR", "timezone": "Europe/Berlin"})
        load(db, seed=7, last_day=LAST_DAY)
        close_database(db)
    real, copy = _rows(tmp_path / "real.db"), _rows(tmp_path / "copy.db")
    assert len(real["conversions"]) > 1000
    assert real == copy
    for table in ("settings", "channels", "conversion_months"):
        found = []
        for name in ("real.db", "copy.db"):
            db = open_database(tmp_path / name)
            cols = [c.name for c in db[table].columns if c.name not in ("created_at", "updated_at")]
            found.append(
                db.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY 1, 2").fetchall()
            )
            close_database(db)
        assert found[0] == found[1], table
