"""An import that stores nothing writes no batch, and amounts in another currency are named early."""

from __future__ import annotations

from pathlib import Path

from desktop_app.importing.choices import currency_problem, file_currencies
from desktop_app.importing.engine import ImportOptions, plan_import, run_import
from desktop_app.store.exchange import set_rate


def _dollars(tmp_path: Path) -> Path:
    path = tmp_path / "ads.csv"
    path.write_text("Day,Campaign,Cost\n2026-03-01,Brand,$231.88\n2026-03-02,Brand,$10.00\n")
    return path


def batches(db) -> int:  # type: ignore[no-untyped-def]
    return int(db.execute("SELECT COUNT(*) FROM import_batches").fetchone()[0])


def test_dollar_amounts_are_detected_while_planning(db, tmp_path) -> None:
    plan = plan_import(_dollars(tmp_path), ImportOptions(), db)
    assert file_currencies(plan) == {"USD": "'$231.88' in column 'Cost'"}
    assert "Amounts in column 'Cost' are in USD (such as '$231.88')." in plan.notes


def test_another_currency_without_a_rate_is_said_with_the_ways_out(db, tmp_path) -> None:
    plan = plan_import(_dollars(tmp_path), ImportOptions(), db)  # the db fixture is in EUR
    assert currency_problem(plan, db) == (
        "The amounts are in USD ('$231.88' in column 'Cost'), but the business's currency is EUR "
        "and no exchange rate for USD has been entered, so those rows cannot be imported. To "
        "import them, enter the rate for USD when the preview asks for it (or in Settings > "
        "Exchange rates), or, as "
        "nothing with money has been recorded yet, change the business currency to USD in "
        "Settings."
    )
    set_rate(db, "USD", "0.9", plan.period or __import__("datetime").date(2026, 1, 1))
    assert currency_problem(plan, db) is None


def test_nothing_importable_writes_no_batch(db, tmp_path) -> None:
    before = list(db.conn.iterdump())
    plan = plan_import(_dollars(tmp_path), ImportOptions(), db)
    result = run_import(db, plan)
    assert (result.batch, result.inserted, len(result.rejected)) == (None, 0, 2)
    assert result.exit_status == 2 and "no exchange rate for USD" in result.nothing_reason
    assert batches(db) == 0
    after = [line for line in db.conn.iterdump() if "audit_log" not in line]
    assert after == [line for line in before if "audit_log" not in line]


def test_a_header_without_rows_writes_no_batch(db, tmp_path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("Date,Goal,Value\n")
    result = run_import(db, plan_import(path, ImportOptions(), db))
    assert (result.batch, result.rows_read, result.exit_status) == (None, 0, 2)
    assert result.nothing_reason == "the file has no data rows below its header (row 1)"
    assert batches(db) == 0


def test_a_second_import_of_the_same_file_adds_no_empty_batch(db, tmp_path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text("Order ID,Created at,Total\nA1,2026-01-02 10:00,10.00\n")
    first = run_import(db, plan_import(path, ImportOptions(), db))
    again = run_import(db, plan_import(path, ImportOptions(), db))
    assert first.batch == 1 and (again.batch, again.duplicates, again.exit_status) == (None, 1, 0)
    assert batches(db) == 1


def test_plural_forms() -> None:
    from desktop_app.importing.wording import plural

    assert [plural(1, "goal"), plural(2, "goal"), plural(2503, "row")] == [
        "1 goal", "2 goals", "2,503 rows"
    ]  # fmt: skip
    assert plural(1, "new campaign", "new campaigns") == "1 new campaign"
