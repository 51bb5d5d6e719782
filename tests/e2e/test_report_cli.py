"""`conversion-tracker report` on the hand-made business (tests/report_dataset.py): JSON, CSV, table."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import types
from datetime import date
from decimal import Decimal as D
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from desktop_app.main import main
from tests import report_dataset

RANGE = ["--from", "2026-03-01", "--to", "2026-03-10"]


def _make_db(path: Path, currency: str = "EUR", tz: str = "Europe/Berlin") -> Path:
    from desktop_app.store import close_database, open_database
    from desktop_app.store.settings import save_settings

    db = open_database(path)
    save_settings(db, {"currency": currency, "timezone": tz})
    report_dataset.fill(db, currency=currency)
    close_database(db)
    return path


@pytest.fixture
def business(tmp_path: Path) -> Path:
    return _make_db(tmp_path / "business.db")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def report_json(capsys: pytest.CaptureFixture[str], business: Path, *extra: str) -> Any:
    status, out, _ = run(capsys, "report", "--db", str(business), *extra, "--format", "json")
    assert status == 0
    return json.loads(out, parse_float=D)  # the whole of standard output is the JSON document


def test_json_by_channel(capsys: pytest.CaptureFixture[str], business: Path) -> None:
    rows = report_json(capsys, business, *RANGE)
    assert len(rows) == 25  # every channel, even all-zero ones; no total row
    assert all(list(r) == list(rows[0]) for r in rows)
    assert list(rows[0]) == [
        "name",
        "spend",
        "impressions",
        "clicks",
        "conversions",
        "micro_conversions",
        "value",
        "platform_conversions",
        "platform_value",
        "ctr",
        "conversion_rate",
        "cpa",
        "roas",
        "roi",
        "gross_profit",
        "profit_roi",
        "break_even_roas",
    ]
    by = {r["name"]: r for r in rows}
    assert "Total" not in by
    search = by["Paid Search"]
    assert search["spend"] == D("75.5")  # 50.00 + 25.50
    assert search["value"] == D("151.5")  # 100.00 + 50.50 + 1.00
    assert search["conversions"] == 3 and isinstance(search["conversions"], int)
    assert search["ctr"] == D("0.1")
    # unrounded: the shortest decimal of the float nearest 76 / 75.50 (both exact in binary)
    assert search["roi"] == D("1.0066225165562914") == D(repr(76 / 75.5))
    assert by["Print"]["spend"] == D("32.3")  # 12.30-style amounts read without float noise
    assert by["Print"]["platform_conversions"] == 1
    email = by["Email"]
    assert email["spend"] == 0 and email["value"] == 0  # zero as 0, never null
    assert email["cpa"] == 0
    assert email["roas"] is None and email["roi"] is None and email["ctr"] is None
    audio = by["Audio"]
    assert [audio[k] for k in ("spend", "conversions", "value", "cpa")] == [0, 0, 0, None]
    # The rows add up to the report's total: 147.80 spend, 9 macro conversions, 186.50 value.
    assert sum(r["spend"] for r in rows) == D("147.8")
    assert sum(r["conversions"] for r in rows) == 9
    assert sum(r["value"] for r in rows) == D("186.5")


def test_campaign_and_goal_views_agree(capsys: pytest.CaptureFixture[str], business: Path) -> None:
    campaigns = report_json(capsys, business, *RANGE, "--by", "campaign")
    assert [r["name"] for r in campaigns] == [
        "Meta Spring",
        "Newsletter",
        "Print Flyer",
        "Search Brand",
        "(no campaign)",
    ]
    assert sum(r["conversions"] for r in campaigns) == 9
    assert sum(r["spend"] for r in campaigns) == D("147.8")
    goals = {r["name"]: r for r in report_json(capsys, business, *RANGE, "--by", "goal")}
    assert len(goals) == 6  # five goals and the spend no campaign links to a goal
    assert goals["Purchase"]["conversions"] + goals["Lead"]["conversions"] == 9
    # No campaign works for a goal yet: all spend is unlinked and no goal has a CPA.
    assert goals["(spend not linked to a goal)"]["spend"] == D("147.8")
    assert goals["(spend not linked to a goal)"]["conversions"] == 0
    assert goals["(spend not linked to a goal)"]["roas"] is None
    assert goals["Purchase"]["spend"] == 0 and goals["Purchase"]["cpa"] is None
    assert goals["Newsletter sign-up"]["micro_conversions"] == 3
    assert goals["Quote request"]["conversions"] == 0
    # Search Brand works for Purchase: its 75.50 moves to Purchase, CPA 75.50 / 5 = 15.10.
    run(capsys, "campaigns", "set", "Search Brand", "goal=Purchase", "--db", str(business))
    goals = {r["name"]: r for r in report_json(capsys, business, *RANGE, "--by", "goal")}
    assert goals["Purchase"]["spend"] == D("75.5")
    assert goals["Purchase"]["cpa"] == D("15.1")
    assert goals["(spend not linked to a goal)"]["spend"] == D("72.3")  # 147.80 - 75.50
    assert sum(g["spend"] for g in goals.values()) == D("147.8")


def test_goal_filter(capsys: pytest.CaptureFixture[str], business: Path) -> None:
    rows = report_json(capsys, business, *RANGE, "--goal", "  purchase ")
    by = {r["name"]: r for r in rows}
    assert by["Paid Search"]["conversions"] == 3
    assert by["Phone"]["conversions"] == 0  # leads are another goal
    assert sum(r["conversions"] for r in rows) == 5


def test_unknown_goal_exits_2(capsys: pytest.CaptureFixture[str], business: Path) -> None:
    status, out, err = run(capsys, "report", "--db", str(business), "--goal", "Nope")
    assert status == 2
    assert out == ""
    assert "no goal named 'Nope'" in err and "Purchase" in err


def test_range_in_wrong_order_exits_2(capsys: pytest.CaptureFixture[str], business: Path) -> None:
    status, out, err = run(
        capsys, "report", "--db", str(business), "--from", "2026-03-10", "--to", "2026-03-01"
    )
    assert (status, out) == (2, "")
    assert "before --from" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "--from", "0001-01-01"],
        ["report", "--to", "2100-01-01"],
        ["report", "--to", "9999-12-31", "--compare", "year"],
        ["attribution", "--from", "1899-12-31"],
        ["health", "--to", "9999-12-31"],
        ["export", "xlsx", "out.xlsx", "--to", "9999-12-31"],
        ["rates", "add", "USD", "0.92", "--from", "0001-01-01"],
    ],
)
def test_a_day_outside_the_calendar_it_can_report_exits_2(
    capsys: pytest.CaptureFixture[str], business: Path, tmp_path: Path, argv: list[str]
) -> None:
    """A range reaching the ends of the calendar (its comparison period, its months) was a
    traceback: now the option is refused in a sentence that says which days can be given."""
    argv = [str(tmp_path / a) if a == "out.xlsx" else a for a in argv]
    status, out, err = run(capsys, *argv, "--db", str(business))
    assert (status, out) == (2, "") and "Traceback" not in err
    assert "give a day between 1900-01-01 and 2099-12-31" in err
    assert not (tmp_path / "out.xlsx").exists()
    assert run(capsys, "rates", "--db", str(business), "--format", "json")[1].strip() == "[]"


def test_a_rate_stored_before_1900_by_an_older_version_can_still_be_removed(
    capsys: pytest.CaptureFixture[str], business: Path
) -> None:
    from desktop_app.store import close_database, open_database
    from desktop_app.store.rate_list import add_rate

    db = open_database(business)
    add_rate(db, "USD", D("0.92"), date(1899, 12, 31))  # as `rates add --from` allowed then
    close_database(db)
    status, _out, err = run(capsys, "rates", "remove", "USD", "--from", "1899-12-31", "--db",
                            str(business))  # fmt: skip
    assert status == 0, err
    assert run(capsys, "rates", "--db", str(business), "--format", "json")[1].strip() == "[]"


def test_campaign_dates_outside_the_calendar_are_refused(
    capsys: pytest.CaptureFixture[str], business: Path
) -> None:
    status, _out, err = run(capsys, "campaigns", "set", "Spring", "end=9999-12-31", "--db",
                            str(business))  # fmt: skip
    assert status == 2 and "Traceback" not in err
    assert "end '9999-12-31': give a day between 1900-01-01 and 2099-12-31" in err


def test_the_widest_range_reports_everything_and_compares(
    capsys: pytest.CaptureFixture[str], business: Path
) -> None:
    """From the first to the last day it can report, compared with the period before and with a
    year earlier (it was a traceback when the range reached either end of the calendar)."""
    for compare in ("previous", "year"):
        rows = report_json(capsys, business, "--from", "1900-01-01", "--to", "2099-12-31",
                           "--compare", compare)  # fmt: skip
        assert sum(r["spend"] for r in rows) == D("385.53")
        assert sum(r["conversions"] for r in rows) == 12
        # Before: 1700 to 1899, nothing; a year earlier: 1899 to 2098, everything.
        assert sum(r["previous"]["conversions"] for r in rows) == (12 if compare == "year" else 0)


def _foreign_records(business: Path) -> None:
    """Two purchases another program wrote at the very ends of Python's calendar."""
    import sqlite3

    conn = sqlite3.connect(business)
    for when in ("0001-01-01T10:00:00Z", "9999-12-31T10:00:00Z"):
        conn.execute(
            "INSERT INTO conversions (goal_id, occurred_at, local_date, value_minor, currency,"
            " original_value_minor, original_currency, channel_id, origin, fingerprint)"
            " SELECT id, ?, ?, 5000, 'EUR', 5000, 'EUR', 1, 'manual', ? FROM goals"
            " WHERE name = 'Purchase'",
            [when, when[:10], f"foreign {when}"],
        )
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "argv",
    [
        ["report"],
        ["report", "--compare", "year"],
        ["report", "--by", "campaign", "--format", "table"],
        ["attribution"],
        ["export", "xlsx", "out.xlsx"],
    ],
)
def test_records_another_program_dated_at_the_calendar_ends_do_not_break_the_default_range(
    capsys: pytest.CaptureFixture[str], business: Path, tmp_path: Path, argv: list[str]
) -> None:
    """Without --from and --to the range is every day with data: with records dated 0001-01-01
    and 9999-12-31 that was a traceback (the period before year 1, UTC past year 9999). The
    default range is now the data's, within the days any report covers (1900 to 2099)."""
    title = run(capsys, "report", "--db", str(business))[1].splitlines()[0]
    _foreign_records(business)
    argv = [str(tmp_path / a) if a == "out.xlsx" else a for a in argv]
    status, out, err = run(capsys, *argv, "--db", str(business))
    assert status == 0 and "Traceback" not in err, err
    if argv == ["report"]:  # the range of the business's own records, as before the two
        assert out.splitlines()[0] == title
        assert "1900" not in title and "2099" not in title
    rows = report_json(capsys, business)
    assert sum(r["conversions"] for r in rows) == 12  # the business's own; not the two
    health = json.loads(run(capsys, "health", "--db", str(business), "--format", "json")[1])
    named = {f["check"]: f for f in health}
    assert named["future_dates"]["examples"][0].startswith("conversion 9999-12-31")
    assert named["early_dates"]["count"] == 1
    assert named["early_dates"]["examples"][0].startswith("conversion 0001-01-01")


def test_default_range_covers_all_data(capsys: pytest.CaptureFixture[str], business: Path) -> None:
    rows = report_json(capsys, business)
    # Every spend row in full: 30.00 + 50.00 + 25.50 + 99.99 + 80.03 + 100.01.
    assert sum(r["spend"] for r in rows) == D("385.53")
    # 7 active purchases (1 cancelled) and 5 leads (7 active, 2 repeats of a customer's first).
    assert sum(r["conversions"] for r in rows) == 12


def test_csv_and_table(capsys: pytest.CaptureFixture[str], business: Path) -> None:
    status, out, _ = run(capsys, "report", "--db", str(business), *RANGE, "--format", "csv")
    assert status == 0
    lines = list(csv.DictReader(io.StringIO(out)))
    by = {r["name"]: r for r in lines}
    assert by["Print"]["spend"] == "32.30"  # money with its cents in CSV
    assert by["Email"]["roi"] == ""
    assert len(lines) == 25
    status, out, _ = run(capsys, "report", "--db", str(business), *RANGE, "--by", "campaign")
    assert status == 0
    total = next(line for line in out.splitlines() if line.startswith("Total"))
    assert "€147.80" in total and "€186.50" in total
    newsletter = next(line for line in out.splitlines() if line.startswith("Newsletter"))
    assert "—" in newsletter  # ROAS and ROI undefined without spend


def test_model_credit_in_json(
    capsys: pytest.CaptureFixture[str], business: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fake_credit(db: Any, first: Any, last: Any, goal_id: Any, model: str) -> Any:
        ch = dict(db.execute("SELECT name, id FROM channels").fetchall())
        return {(ch["Paid Search"], None): (D("2.333333"), D("1000"))}

    fake = types.ModuleType("desktop_app.attribution.credit")
    fake.attributed_credit = fake_credit  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "desktop_app.attribution.credit", fake)
    rows = report_json(capsys, business, *RANGE, "--model", "markov")
    by = {r["name"]: r for r in rows}
    assert by["Paid Search"]["conversions"] == D("2.333333")
    assert by["Paid Search"]["value"] == 10  # 1000 cents
    assert by["Paid Search"]["cpa"] == D(repr(float(Fraction("75.50") / Fraction("2.333333"))))
    assert by["Phone"]["conversions"] == 0


def test_jpy_database(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    business = _make_db(tmp_path / "yen.db", "JPY", "Asia/Tokyo")
    by = {r["name"]: r for r in report_json(capsys, business, *RANGE)}
    assert by["Print"]["spend"] == 3230  # 10001 yen over 31 days: 323 a day on days 1..10
    assert by["Paid Search"]["value"] == 15150
    _status, out, _ = run(capsys, "report", "--db", str(business), *RANGE)
    assert "¥14,780" in out  # whole yen, no decimals


def test_subprocess_stdout_is_only_json(business: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop_app",
            "report",
            "--db",
            str(business),
            *RANGE,
            "--by",
            "goal",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = json.loads(done.stdout)
    assert [r["name"] for r in rows][:2] == ["Lead", "Purchase"]


def test_profit_keys_comparison_and_the_text_tables_marks(
    capsys: pytest.CaptureFixture[str], business: Path
) -> None:
    """Paid Search, 1-10 March (tests/report_dataset.py): 75.50 spend, 3 purchases worth
    151.50; the 10 days before: 30.00 spend, one purchase of 40.00. Purchase margin 35 %."""
    assert run(capsys, "goals", "set", "Purchase", "margin=35%", "--db", str(business))[0] == 0
    rows = report_json(capsys, business, *RANGE, "--compare", "previous")
    search = next(r for r in rows if r["name"] == "Paid Search")
    assert search["gross_profit"] == D("53.025")  # 151.50 x 0.35
    assert search["profit_roi"] == D(repr(float((D("53.025") - D("75.5")) / D("75.5"))))
    assert search["break_even_roas"] == D(repr(float(D("151.5") / D("53.025"))))  # 1 / 0.35
    previous = search["previous"]
    assert list(previous) == list(search)[: len(previous)]  # the same keys
    assert (previous["spend"], previous["value"], previous["gross_profit"]) == (
        D("30"), D("40"), D("14")
    )  # fmt: skip
    phone = next(r for r in rows if r["name"] == "Phone")  # leads: a goal without a margin
    assert phone["gross_profit"] is None and phone["profit_roi"] is None
    year = report_json(capsys, business, *RANGE, "--compare", "year")
    assert all(r["previous"]["conversions"] == 0 for r in year)  # nothing in March 2025
    assert "previous" not in report_json(capsys, business, *RANGE)[0]

    status, out, _ = run(capsys, "report", "--db", str(business), *RANGE)
    assert status == 0
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("Channel"))
    assert "Gross profit" in header and "Profit ROI" in header and "Break-even ROAS" in header
    search_line = next(line for line in lines if line.startswith("Paid Search"))
    assert " 2.86 " in search_line  # break-even ROAS 1 / 0.35 = 2.857...
    assert "€25.17*" in search_line  # CPA over 3 conversions: marked as too few
    assert any(line.startswith("* based on fewer than 10 conversions") for line in lines)
    assert any("conversions have none" in line for line in lines)  # leads lack a margin
    shown = [line for line in lines if line.startswith(("Paid Video", "Display"))]
    assert shown == []  # all-zero channels are left out of the text table ...
    assert "rows with nothing in either period left out (--all shows them)" in out
    _, everything, _ = run(capsys, "report", "--db", str(business), *RANGE, "--all")
    assert any(line.startswith("Paid Video") for line in everything.splitlines())  # ... not here


def test_the_goal_view_totals_the_same_on_the_command_line_and_in_the_workbook(
    capsys: pytest.CaptureFixture[str], business: Path, tmp_path: Path
) -> None:
    """The goal view's total, by hand from the dataset's 1-10 March: 147.80 spend (all of it
    linked to no goal), 9 macro conversions (Lead 4, Purchase 5) and the newsletter's 3 micro
    ones, 186.50 value, so CPA 147.80 / 9 = 16.42. The Reports page added the micro goals'
    conversions into its total (12) and disagreed with the command line and the workbook."""
    import openpyxl

    status, out, _ = run(capsys, "report", "--db", str(business), *RANGE, "--by", "goal")
    assert status == 0
    total = next(line for line in out.splitlines() if line.startswith("All goals")).split()
    assert total[2:4] == ["€147.80", "11,900"] and total[7:9] == ["9", "3"]  # conv., micro
    assert "€16.42*" in total and "€186.50" in total
    book = tmp_path / "march.xlsx"
    assert main(["export", "xlsx", str(book), "--db", str(business), *RANGE]) == 0
    sheet = openpyxl.load_workbook(book)["Goals"]
    header = next(r for r in sheet.iter_rows(values_only=True) if r and r[0] == "Goal")
    last = next(r for r in sheet.iter_rows(values_only=True) if str(r[0]).startswith("Total"))
    row = dict(zip(header, last, strict=False))
    assert (row["Spend"], row["Conversions"], row["Value"]) == (147.8, 9, 186.5)
    assert round(row["CPA"], 2) == 16.42
