"""The monthly summary of counted conversions: the triggers mark every month a change may touch,
refresh rebuilds exactly what one-per-customer counting says, and reports read it only for
whole, unmarked months. Counting is redone here in plain Python, row by row."""

from __future__ import annotations

import tempfile
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from desktop_app.importing.batches import undo_batch
from desktop_app.importing.engine import ImportOptions, plan_import, run_import
from desktop_app.reports.conversions import split_by_month
from desktop_app.reports.engine import build_report
from desktop_app.store import close_database, open_database
from desktop_app.store.report_summary import refresh, stale_months
from desktop_app.store.schema import migrations
from desktop_app.store.settings import save_settings
from tests import report_dataset
from tests.demo_copy import load_demo_copy

SummaryKey = tuple[str, int, int, int | None]


def counted_by_hand(db: Any) -> dict[SummaryKey, tuple[int, int]]:
    """(month, goal, channel, campaign) -> (count, value) of the conversions that count."""
    counting = dict(db.execute("SELECT id, counting FROM goals").fetchall())
    rows = db.execute(
        "SELECT id, goal_id, occurred_at, local_date, value_minor, channel_id, campaign_id,"
        " customer_key, status FROM conversions"
    ).fetchall()
    first: dict[tuple[int, str], tuple[str, int]] = {}
    for cid, goal, at, _day, _value, _ch, _camp, customer, status in rows:
        if status == "active" and customer is not None:
            key = (goal, customer)
            first[key] = min(first.get(key, (at, cid)), (at, cid))
    counts: Counter[SummaryKey] = Counter()
    values: Counter[SummaryKey] = Counter()
    for cid, goal, at, day, value, channel, campaign, customer, status in rows:
        if status != "active":
            continue
        repeat = customer is not None and first[(goal, customer)] != (at, cid)
        if counting[goal] == "one_per_customer" and repeat:
            continue
        key = (day[:7], goal, channel, campaign)
        counts[key] += 1
        values[key] += value
    return {key: (counts[key], values[key]) for key in counts}


def stored_summary(db: Any) -> dict[SummaryKey, tuple[int, int]]:
    rows = db.execute(
        "SELECT month, goal_id, channel_id, campaign_id, conversions, value_minor"
        " FROM conversion_months"
    ).fetchall()
    keys = [tuple(r[:4]) for r in rows]
    assert len(keys) == len(set(keys)), "one summary row per (month, goal, channel, campaign)"
    return {tuple(r[:4]): (r[4], r[5]) for r in rows}  # type: ignore[misc]


def assert_unmarked_months_are_right(db: Any) -> None:
    """The triggers' promise: a month no goal has marked holds exactly the right sums."""
    stale = stale_months(db)
    right = {k: v for k, v in counted_by_hand(db).items() if k[0] not in stale}
    stored = {k: v for k, v in stored_summary(db).items() if k[0] not in stale}
    assert stored == right


def mark_everything(db: Any) -> None:
    db.execute(
        "INSERT OR IGNORE INTO conversion_months_stale (month, goal_id)"
        " SELECT DISTINCT substr(local_date, 1, 7), goal_id FROM conversions"
    )


# --- which days the summary answers -------------------------------------------------------


def test_whole_months_come_from_the_summary_and_the_rest_from_the_conversions() -> None:
    months, spans = split_by_month(date(2026, 1, 15), date(2026, 5, 10), {"2026-03"})
    assert months == ["2026-02", "2026-04"]
    assert spans == [
        (date(2026, 1, 15), date(2026, 1, 31)),
        (date(2026, 3, 1), date(2026, 3, 31)),
        (date(2026, 5, 1), date(2026, 5, 10)),
    ]


def test_neighbouring_raw_days_are_read_in_one_span() -> None:
    months, spans = split_by_month(date(2025, 1, 1), date(2025, 12, 31), {"2025-11", "2025-12"})
    assert months == [f"2025-{m:02d}" for m in range(1, 11)]
    assert spans == [(date(2025, 11, 1), date(2025, 12, 31))]
    assert split_by_month(date(2024, 2, 1), date(2024, 2, 29), set()) == (["2024-02"], [])
    assert split_by_month(date(2024, 2, 1), date(2024, 2, 28), set()) == (
        [],
        [(date(2024, 2, 1), date(2024, 2, 28))],
    )
    assert split_by_month(date(2026, 7, 4), date(2026, 7, 4), set()) == (
        [],
        [(date(2026, 7, 4), date(2026, 7, 4))],
    )


@given(
    start=st.dates(date(2023, 1, 1), date(2027, 12, 31)),
    length=st.integers(0, 800),
    stale=st.sets(
        st.sampled_from([f"{y}-{m:02d}" for y in (2023, 2024, 2025) for m in (1, 2, 6, 12)])
    ),
)
def test_every_day_is_read_exactly_once(start: date, length: int, stale: set[str]) -> None:
    last = start + timedelta(days=length)
    months, spans = split_by_month(start, last, stale)
    days = Counter[date]()
    for month in months:
        assert month not in stale
        day = date.fromisoformat(month + "-01")
        while day.strftime("%Y-%m") == month:
            days[day] += 1
            day += timedelta(days=1)
    for lo, hi in spans:
        assert lo <= hi
        for n in range((hi - lo).days + 1):
            days[lo + timedelta(days=n)] += 1
    assert set(days.values()) == {1}
    assert min(days) == start and max(days) == last and len(days) == length + 1


# --- the triggers and refresh, against counting by hand ------------------------------------

DAY0 = date(2026, 1, 20)
CUSTOMERS = ["ann", "bob", None]
# Few customers and days, and frequent refreshes, so that customers convert more than once and
# their first conversion moves between months after the summary was last rebuilt.

insert_op = st.tuples(
    st.just("insert"),
    st.sampled_from([0, 1, 1]),  # goal: 0 counts every conversion, 1 one per customer
    st.sampled_from([0, 1, 12, 40, 41, 70]),  # day after DAY0: January to March
    st.integers(0, 3),  # hour: same-day ties and order changes
    st.integers(0, 5000),  # value in cents
    st.integers(0, 2),  # channel
    st.sampled_from([None, 0, 1]),  # campaign
    st.sampled_from(["ann", "ann", "bob", None]),
    st.sampled_from(["active", "active", "active", "cancelled"]),
)
update_op = st.tuples(
    st.just("update"),
    st.integers(0, 10_000),  # which row (modulo the rows there are)
    st.sampled_from(
        ["status", "day", "hour", "goal", "customer", "channel", "campaign", "value", "notes"]
    ),
    st.integers(0, 70),
)
delete_op = st.tuples(st.just("delete"), st.integers(0, 10_000))
flip_op = st.tuples(st.just("flip"), st.integers(0, 1))
refresh_op = st.tuples(st.just("refresh"))
operations = st.lists(
    st.one_of(
        insert_op, insert_op, update_op, update_op, delete_op, flip_op, refresh_op, refresh_op
    ),
    min_size=12,
    max_size=40,
)


class _Business:
    def __init__(self, db: Any) -> None:
        self.db = db
        self.channels = [r[0] for r in db.execute("SELECT id FROM channels LIMIT 3")]
        for name in ("Spring", "Autumn"):
            db.execute(
                "INSERT INTO campaigns (name, channel_id) VALUES (?, ?)", [name, self.channels[0]]
            )
        self.campaigns = [r[0] for r in db.execute("SELECT id FROM campaigns ORDER BY id")]
        for name, counting in (("Purchase", "every"), ("Lead", "one_per_customer")):
            db.execute(
                "INSERT INTO goals (name, level, counting) VALUES (?, 'macro', ?)",
                [name, counting],
            )
        self.goals = [r[0] for r in db.execute("SELECT id FROM goals ORDER BY id")]

    def apply(self, op: tuple[Any, ...]) -> None:
        db = self.db
        ids = [r[0] for r in db.execute("SELECT id FROM conversions ORDER BY id")]
        kind = op[0]
        if kind == "insert":
            _, goal, offset, hour, value, channel, campaign, customer, status = op
            day = DAY0 + timedelta(days=offset)
            db.execute(
                "INSERT INTO conversions (goal_id, occurred_at, local_date, value_minor, currency,"
                " original_value_minor, original_currency, channel_id, campaign_id, customer_key,"
                " status) VALUES (?, ?, ?, ?, 'EUR', ?, 'EUR', ?, ?, ?, ?)",
                [
                    self.goals[goal],
                    f"{day.isoformat()}T{hour:02d}:00:00Z",
                    day.isoformat(),
                    value,
                    value,
                    self.channels[channel],
                    None if campaign is None else self.campaigns[campaign],
                    customer,
                    status,
                ],
            )
        elif kind == "update" and ids:
            _, pick, column, n = op
            row_id = ids[pick % len(ids)]
            day = DAY0 + timedelta(days=n)
            sets: dict[str, Any] = {
                "status": {"status": ["active", "cancelled"][n % 2]},
                "day": {"local_date": day.isoformat(), "occurred_at": f"{day}T05:00:00Z"},
                "hour": {"occurred_at": None},
                "goal": {"goal_id": self.goals[n % 2]},
                "customer": {"customer_key": CUSTOMERS[n % 3]},
                "channel": {"channel_id": self.channels[n % 3]},
                "campaign": {"campaign_id": [None, *self.campaigns][n % 3]},
                "value": {"value_minor": n * 100},
                "notes": {"notes": f"note {n}"},
            }[column]
            if column == "hour":  # same day, another hour: may reorder a customer's conversions
                db.execute(
                    "UPDATE conversions SET occurred_at = local_date || ? WHERE id = ?",
                    [f"T{n % 4:02d}:30:00Z", row_id],
                )
            else:
                assignments = ", ".join(f"{c} = ?" for c in sets)
                db.execute(
                    f"UPDATE conversions SET {assignments} WHERE id = ?", [*sets.values(), row_id]
                )
        elif kind == "delete" and ids:
            db.execute("DELETE FROM conversions WHERE id = ?", [ids[op[1] % len(ids)]])
        elif kind == "flip":
            db.execute(
                "UPDATE goals SET counting = CASE counting WHEN 'every' THEN 'one_per_customer'"
                " ELSE 'every' END WHERE id = ?",
                [self.goals[op[1]]],
            )
        elif kind == "refresh":
            refresh(db)


@pytest.mark.slow  # over 8 s: run by .ci/run's slow step
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=operations)
def test_any_sequence_of_changes_leaves_no_unmarked_month_wrong(ops: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "b.db")
        try:
            business = _Business(db)
            for op in ops:
                business.apply(op)
                assert_unmarked_months_are_right(db)
            refresh(db)
            assert stale_months(db) == set()
            assert stored_summary(db) == counted_by_hand(db)
        finally:
            close_database(db)


def test_an_earlier_conversion_moves_the_count_to_its_own_month(db: Any) -> None:
    business = _Business(db)
    business.apply(("insert", 1, 40, 9, 700, 0, None, "ann", "active"))  # 1 March
    refresh(db)
    lead = business.goals[1]
    assert stored_summary(db) == {("2026-03", lead, business.channels[0], None): (1, 700)}
    business.apply(("insert", 1, 0, 9, 300, 1, 0, "ann", "active"))  # 20 January
    assert {("2026-01", lead), ("2026-03", lead)} <= set(
        db.execute("SELECT month, goal_id FROM conversion_months_stale").fetchall()
    )
    refresh(db)
    assert stored_summary(db) == {
        ("2026-01", lead, business.channels[1], business.campaigns[0]): (1, 300)
    }
    db.execute("UPDATE conversions SET status = 'cancelled' WHERE local_date = '2026-01-20'")
    refresh(db)
    assert stored_summary(db) == {("2026-03", lead, business.channels[0], None): (1, 700)}


@pytest.mark.parametrize(
    "change",
    [
        "DELETE FROM conversions WHERE local_date = '2026-01-20'",
        "UPDATE conversions SET customer_key = 'bob' WHERE local_date = '2026-01-20'",
        "UPDATE conversions SET goal_id = goal_id - 1 WHERE local_date = '2026-01-20'",
        "UPDATE conversions SET local_date = '2026-04-02', occurred_at = '2026-04-02T09:00:00Z'"
        " WHERE local_date = '2026-01-20'",
    ],
)
def test_when_a_first_conversion_goes_the_next_one_counts_in_its_own_month(
    db: Any, change: str
) -> None:
    business = _Business(db)
    business.apply(("insert", 1, 0, 9, 300, 1, 0, "ann", "active"))  # 20 January: counts
    business.apply(("insert", 1, 40, 9, 700, 0, None, "ann", "active"))  # 1 March: a repeat
    refresh(db)
    lead, channel = business.goals[1], business.channels[0]
    assert ("2026-03", lead, channel, None) not in stored_summary(db)
    db.execute(change)
    assert ("2026-03", lead) in db.execute("SELECT * FROM conversion_months_stale").fetchall()
    refresh(db)
    assert stored_summary(db)[("2026-03", lead, channel, None)] == (1, 700)
    assert stored_summary(db) == counted_by_hand(db)


# --- reports read the summary for whole, unmarked months ------------------------------------

RANGES = [
    (date(2026, 3, 1), date(2026, 3, 31)),  # previous period: 29 Jan..28 Feb
    (date(2026, 2, 1), date(2026, 3, 31)),  # whole months, and the whole of January before
    (date(2026, 2, 15), date(2026, 3, 20)),  # part months only
    (date(2026, 1, 1), date(2026, 12, 31)),
]


def _figures(report: Any) -> list[Any]:
    return [
        (row.kind, row.id, row.current, row.previous, row.goal)
        for row in (*report.channels, *report.campaigns, *report.goals, report.total)
    ]


@pytest.mark.parametrize(("first", "last"), RANGES)
def test_reports_agree_whether_months_come_from_the_summary_or_the_conversions(
    db: Any, first: date, last: date
) -> None:
    report_dataset.fill(db)
    db.execute(  # a repeat of the Lead customer in January: a different month from the first
        "INSERT INTO conversions (goal_id, occurred_at, local_date, value_minor, currency,"
        " original_value_minor, original_currency, channel_id, customer_key)"
        " SELECT goal_id, '2026-01-05T10:00:00Z', '2026-01-05', 4200, currency, 4200, currency,"
        " channel_id, customer_key FROM conversions WHERE customer_key IS NOT NULL LIMIT 1"
    )
    refresh(db)
    assert stored_summary(db) == counted_by_hand(db)
    from_summary = build_report(db, first, last)
    mark_everything(db)
    from_conversions = build_report(db, first, last)
    assert _figures(from_summary) == _figures(from_conversions)


def test_a_whole_unmarked_month_is_read_from_the_summary_and_a_part_month_is_not(
    db: Any,
) -> None:
    report_dataset.fill(db)
    refresh(db)
    march = build_report(db, date(2026, 3, 1), date(2026, 3, 31)).total.current.conversions
    part = build_report(db, date(2026, 3, 1), date(2026, 3, 30)).total.current.conversions
    # Tamper with the summary only (no trigger watches it): whole months must show it.
    db.execute(
        "UPDATE conversion_months SET conversions = conversions + 100 WHERE month = '2026-03'"
    )
    tampered = build_report(db, date(2026, 3, 1), date(2026, 3, 31)).total.current.conversions
    assert tampered > march
    assert build_report(db, date(2026, 3, 1), date(2026, 3, 30)).total.current.conversions == part
    # A change to March marks it, and from then on March is read from the conversions again.
    db.execute("UPDATE conversions SET notes = 'x', value_minor = value_minor + 1 WHERE id = 1")
    assert "2026-03" in stale_months(db) or "2026-02" in stale_months(db)
    mark_everything(db)
    assert build_report(db, date(2026, 3, 1), date(2026, 3, 31)).total.current.conversions == march


# --- every writer leaves the summary up to date ---------------------------------------------


def test_an_upgraded_database_gets_its_summary_built(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="0002_conversion_months")
    old.execute("PRAGMA user_version=1")
    old.execute("DROP INDEX idx_conversions_first_active")  # files from early builds lack it
    channel = old.execute("SELECT id FROM channels LIMIT 1").fetchone()[0]
    old.execute(
        "INSERT INTO goals (name, level, counting) VALUES ('Lead', 'macro', 'one_per_customer')"
    )
    for day, customer in (("2025-12-30", "ann"), ("2026-01-02", "ann"), ("2026-01-03", None)):
        old.execute(
            "INSERT INTO conversions (goal_id, occurred_at, local_date, value_minor, currency,"
            " original_value_minor, original_currency, channel_id, customer_key)"
            " VALUES (1, ?, ?, 1000, 'EUR', 1000, 'EUR', ?, ?)",
            [f"{day}T12:00:00Z", day, channel, customer],
        )
    old.conn.close()
    db = open_database(path)
    try:
        assert stale_months(db) == set()
        assert stored_summary(db) == {
            ("2025-12", 1, channel, None): (1, 1000),
            ("2026-01", 1, channel, None): (1, 1000),  # ann's repeat of 2 January does not count
        }
    finally:
        close_database(db)


def test_import_and_its_undo_leave_the_summary_up_to_date(db: Any, tmp_path: Path) -> None:
    db.execute(
        "INSERT INTO goals (name, level, counting) VALUES ('Lead', 'macro', 'one_per_customer')"
    )
    path = tmp_path / "leads.csv"
    path.write_text(
        "Date,Goal,Value,Customer ID,Source,Medium\n"
        "2026-01-10,Lead,10.00,c1,google,cpc\n"
        "2026-02-10,Lead,20.00,c1,google,cpc\n"
        "2026-02-11,Lead,30.00,c2,newsletter,email\n"
        "2026-03-01,Lead,40.00,,facebook,paid_social\n"
    )
    result = run_import(db, plan_import(path, ImportOptions(), db))
    assert result.inserted == 4
    assert stale_months(db) == set()
    summary = stored_summary(db)
    assert summary == counted_by_hand(db)
    assert sum(count for count, _ in summary.values()) == 3  # c1's repeat does not count
    assert sum(value for _, value in summary.values()) == 1000 + 3000 + 4000
    undo_batch(db, result.batch)
    assert stale_months(db) == set()
    assert stored_summary(db) == {}


SUMMARY_TRIGGERS = {
    "conversions_summary_insert",
    "conversions_summary_delete",
    "conversions_summary_update",
    "goals_summary_counting",
}


def triggers(db: Any) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}


def test_an_imported_earlier_lead_and_its_undo_move_the_count_between_months(
    db: Any, tmp_path: Path
) -> None:
    """The import sets the per-row triggers aside; its bulk marks must still find the month of
    a customer's conversion logged before, which stops (and after the undo starts) counting."""
    lead = db.execute(
        "INSERT INTO goals (name, level, counting) VALUES ('Lead', 'macro', 'one_per_customer')"
    ).lastrowid
    channel = db.execute("SELECT id FROM channels WHERE name = 'Phone'").fetchone()[0]
    db.execute(
        "INSERT INTO conversions (goal_id, occurred_at, local_date, value_minor, currency,"
        " original_value_minor, original_currency, channel_id, customer_key)"
        " VALUES (?, '2026-03-05T10:00:00Z', '2026-03-05', 5000, 'EUR', 5000, 'EUR', ?, 'c1')",
        [lead, channel],
    )
    refresh(db)
    march_only = stored_summary(db)
    assert march_only == {("2026-03", lead, channel, None): (1, 5000)}
    path = tmp_path / "leads.csv"
    path.write_text(
        "Date,Goal,Value,Customer ID,Source,Medium\n2026-01-10,Lead,10.00,c1,google,cpc\n"
    )
    result = run_import(db, plan_import(path, ImportOptions(), db))
    assert result.inserted == 1 and stale_months(db) == set()
    summary = stored_summary(db)
    assert summary == counted_by_hand(db)
    assert [(k[0], v) for k, v in summary.items()] == [("2026-01", (1, 1000))]
    assert triggers(db) >= SUMMARY_TRIGGERS
    undo_batch(db, result.batch)
    assert stale_months(db) == set() and stored_summary(db) == march_only
    assert triggers(db) >= SUMMARY_TRIGGERS


def test_the_triggers_are_back_after_a_dry_run_a_refusal_and_a_cancel(
    db: Any, tmp_path: Path
) -> None:
    import threading

    path = tmp_path / "orders.csv"
    path.write_text("Date,Goal,Value\n2026-01-10,Purchase,10.00\n2026-01-11,Purchase,oops\n")
    run_import(db, plan_import(path, ImportOptions(), db), dry_run=True)
    assert triggers(db) >= SUMMARY_TRIGGERS
    result = run_import(db, plan_import(path, ImportOptions(), db), skip_invalid=False)
    assert result.batch is None and triggers(db) >= SUMMARY_TRIGGERS
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Exception, match="cancelled"):
        run_import(db, plan_import(path, ImportOptions(), db), cancel=cancel)
    assert triggers(db) >= SUMMARY_TRIGGERS
    assert db.execute("SELECT COUNT(*) FROM conversions").fetchone()[0] == 0
    db.execute("INSERT INTO goals (name) VALUES ('Walk-in sale')")
    db.execute(
        "INSERT INTO conversions (goal_id, occurred_at, local_date, currency, original_currency,"
        " channel_id) SELECT MAX(id), '2026-02-01T10:00:00Z', '2026-02-01', 'EUR', 'EUR', 1"
        " FROM goals"
    )
    assert "2026-02" in stale_months(db)  # the insert trigger is at work again


def test_the_demo_business_is_summed_as_it_is_loaded(db: Any) -> None:
    load_demo_copy(db, last_day=date(2026, 6, 30))
    assert stale_months(db) == set()
    assert stored_summary(db) == counted_by_hand(db)


def test_opening_a_database_rebuilds_months_a_crash_left_marked(db_path: Path) -> None:
    db = open_database(db_path)
    save_settings(db, {"currency": "EUR", "timezone": "UTC"})
    report_dataset.fill(db)
    assert stale_months(db)  # written outside any writer that refreshes
    close_database(db)
    db = open_database(db_path)
    try:
        assert stale_months(db) == set()
        assert stored_summary(db) == counted_by_hand(db)
    finally:
        close_database(db)


def test_bulk_writes_mark_rows_added_without_the_batch_id_too(db: Any) -> None:
    from desktop_app.store.report_summary import batch_marked_in_bulk

    business = _Business(db)
    refresh(db)
    with pytest.raises(RuntimeError, match="inside a transaction"), batch_marked_in_bulk(db, 1):
        pass
    with db.atomic(), batch_marked_in_bulk(db, 99):
        assert not triggers(db) & {"conversions_summary_insert", "conversions_summary_delete"}
        business.apply(("insert", 0, 12, 9, 250, 0, None, None, "active"))  # 1 February
    assert triggers(db) >= SUMMARY_TRIGGERS
    assert stale_months(db) == {"2026-02"}
    refresh(db)
    assert stored_summary(db) == counted_by_hand(db) != {}


def test_a_year_before_1000_is_read_with_its_four_digit_month(db: Any) -> None:
    assert split_by_month(date(999, 1, 1), date(999, 2, 10), set()) == (
        ["0999-01"],
        [(date(999, 2, 1), date(999, 2, 10))],
    )
    business = _Business(db)
    db.execute(
        "INSERT INTO conversions (goal_id, occurred_at, local_date, value_minor, currency,"
        " original_value_minor, original_currency, channel_id)"
        " VALUES (?, '0999-01-15T10:00:00Z', '0999-01-15', 1000, 'EUR', 1000, 'EUR', ?)",
        [business.goals[0], business.channels[0]],
    )
    refresh(db)
    assert build_report(db, date(999, 1, 1), date(999, 1, 31)).total.current.conversions == 1


def test_a_new_id_breaks_a_tie_again_and_marks_both_months(db: Any) -> None:
    """Two leads of one customer at the same moment: the lower id counts. Changing ids (only
    another tool would) can swap which one that is."""
    business = _Business(db)
    lead = business.goals[1]
    for day in ("2026-01-20", "2026-03-01"):
        db.execute(
            "INSERT INTO conversions (goal_id, occurred_at, local_date, value_minor, currency,"
            " original_value_minor, original_currency, channel_id, customer_key)"
            " VALUES (?, '2026-01-20T10:00:00Z', ?, 100, 'EUR', 100, 'EUR', ?, 'ann')",
            [lead, day, business.channels[0]],
        )
    refresh(db)
    db.execute("UPDATE conversions SET id = 10 WHERE local_date = '2026-01-20'")
    assert {"2026-01", "2026-03"} <= stale_months(db)
    refresh(db)
    assert [k[0] for k in stored_summary(db)] == ["2026-03"]
    assert stored_summary(db) == counted_by_hand(db)


def test_restoring_a_batch_marks_rows_it_puts_back_with_a_later_batchs_id(
    db: Any, tmp_path: Path
) -> None:
    from desktop_app.importing.restore import restore_batch, undo_batch_restorable

    def orders(name: str, day: str, total: str) -> Any:
        path = tmp_path / name
        path.write_text(f"Order ID,Created at,Total\nA1,{day} 10:00,{total}\n", encoding="utf-8")
        return run_import(db, plan_import(path, ImportOptions(kind="conversions"), db))

    orders("a.csv", "2026-01-10", "10.00")
    second = orders("b.csv", "2026-01-10", "20.00")  # updates A1
    orders("c.csv", "2026-03-10", "30.00")  # updates A1 again and moves it to March
    _undo, snapshot = undo_batch_restorable(db, second.batch)  # A1 as it was, with c.csv's id
    business = _Business(db)  # a later conversion, so A1 comes back below the highest id
    business.apply(("insert", 0, 0, 9, 500, 0, None, None, "active"))
    db.execute("DELETE FROM conversions WHERE order_id = 'A1'")
    refresh(db)
    assert [k[0] for k in stored_summary(db)] == ["2026-01"]
    restore_batch(db, snapshot)
    assert stale_months(db) == set()
    assert sorted((k[0], v) for k, v in stored_summary(db).items()) == [
        ("2026-01", (1, 500)),
        ("2026-03", (1, 3000)),
    ]
    assert stored_summary(db) == counted_by_hand(db)


def test_refresh_waits_for_another_writer_instead_of_failing(db_path: Path) -> None:
    import threading
    import time

    first = open_database(db_path)
    second = open_database(db_path)
    try:
        business = _Business(first)
        business.apply(("insert", 0, 0, 9, 100, 0, None, None, "active"))
        first.execute("BEGIN IMMEDIATE")  # another writer holds the write lock for a moment
        timer = threading.Timer(0.3, lambda: first.execute("COMMIT"))
        timer.start()
        started = time.perf_counter()
        try:
            assert refresh(second) == 1
        finally:
            timer.join()
        assert time.perf_counter() - started >= 0.2
        assert stored_summary(second) == counted_by_hand(second)
    finally:
        close_database(second)
        close_database(first)
