"""How `conversion-tracker report` writes its numbers: table columns, JSON and CSV digits."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from desktop_app.main import main
from tests import report_dataset

RANGE = ["--from", "2026-03-01", "--to", "2026-03-10"]


def make_business(path: Path, currency: str = "EUR") -> Path:
    """The hand-made business (tests/report_dataset.py) plus one big platform figure: Meta Spring
    on 03-05 reports 4,776.99 platform conversions for 1000 minor units of spend."""
    from desktop_app.store import close_database, open_database
    from desktop_app.store.settings import save_settings

    db = open_database(path)
    save_settings(db, {"currency": currency, "timezone": "Europe/Berlin"})
    report_dataset.fill(db, currency=currency)
    campaign = db.execute("SELECT id FROM campaigns WHERE name = 'Meta Spring'").fetchone()[0]
    with db.atomic():
        db.execute(
            "INSERT INTO spend (campaign_id, period_start, period_end, cost_minor, currency,"
            " original_cost_minor, original_currency, impressions, clicks,"
            " platform_conversions, platform_value_minor)"
            " VALUES (?, '2026-03-05', '2026-03-05', 1000, ?, 1000, ?, 0, 0, 4776.99, 0)",
            [campaign, currency, currency],
        )
    close_database(db)
    return path


@pytest.fixture
def business(tmp_path: Path) -> Path:
    return make_business(tmp_path / "business.db")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def columns(table: str, name: str) -> dict[str, str]:
    """The cells of one table row by header (cells are separated by two or more spaces)."""
    lines = table.splitlines()
    header_at = next(i for i, line in enumerate(lines) if line.startswith(("Channel", "Campaign")))
    headers = [h.strip() for h in lines[header_at].split("  ") if h.strip()]
    row = next(line for line in lines[header_at + 2 :] if line.startswith(name + "  "))
    cells = [c.strip() for c in row.split("  ") if c.strip()]
    return dict(zip(headers, cells, strict=True))


def test_platform_conversions_always_two_decimals(
    capsys: pytest.CaptureFixture[str], business: Path
) -> None:
    table = run(capsys, "report", "--db", str(business), *RANGE)
    # Paid Search 2.5 + 0.5; Meta Spring 4 * 4/8 days + 4,776.99; Print 3.1 * 10/31 days; Email 0.
    assert columns(table, "Paid Search")["Platf. conv."] == "3.00"
    assert columns(table, "Paid Social")["Platf. conv."] == "4,778.99"
    assert columns(table, "Print")["Platf. conv."] == "1.00"
    assert columns(table, "Email")["Platf. conv."] == "0.00"
    assert columns(table, "Total")["Platf. conv."] == "4,782.99"  # 3 + 4,778.99 + 1
    # recorded conversions stay whole numbers
    assert columns(table, "Paid Search")["Conv."] == "3"
    assert columns(table, "Total")["Conv."] == "9"


def test_credited_conversions_two_decimals_on_every_row(
    capsys: pytest.CaptureFixture[str], business: Path
) -> None:
    # Under a model conversions are credited shares; last touch gives whole ones here, shown
    # with the same 2 decimals as fractional shares would be.
    table = run(capsys, "report", "--db", str(business), *RANGE, "--model", "last_touch")
    assert columns(table, "Paid Search")["Conv."] == "3.00"
    assert columns(table, "Total")["Conv."] == "9.00"
    assert columns(table, "Total")["Micro"] == "3"  # micro conversions are never credited


# Paid Search, 2026-03-01..03-10, worked out by hand (tests/report_dataset.py): spend 50.00 +
# 25.50 = 75.50; 1500 impressions, 150 clicks; 3 purchases worth 100.00 + 50.50 + 1.00 = 151.50;
# platform 2.5 + 0.5 = 3 conversions and 200.00 value. The ratios are the shortest decimals of
# the floats nearest 150/1500, 3/150, 75.50/3, 151.50/75.50 and 76/75.50 (all operands exact in
# binary, so Python's float division gives those floats).
PAID_SEARCH_JSON = """  {
    "name": "Paid Search",
    "spend": 75.5,
    "impressions": 1500,
    "clicks": 150,
    "conversions": 3,
    "micro_conversions": 0,
    "value": 151.5,
    "platform_conversions": 3,
    "platform_value": 200,
    "ctr": 0.1,
    "conversion_rate": 0.02,
    "cpa": 25.166666666666668,
    "roas": 2.006622516556291,
    "roi": 1.0066225165562914,
    "gross_profit": null,
    "profit_roi": null,
    "break_even_roas": null
  }"""
PAID_SEARCH_CSV = (
    "Paid Search,75.50,1500,150,3,0,151.50,3,200.00,"
    "0.1,0.02,25.166666666666668,2.006622516556291,1.0066225165562914,,,"
)
RATIOS = ("ctr", "conversion_rate", "cpa", "roas", "roi", "profit_roi", "break_even_roas")


def test_hand_worked_ratios_in_json_and_csv() -> None:
    assert repr(150 / 1500) == "0.1" and repr(3 / 150) == "0.02"
    assert repr(75.5 / 3) == "25.166666666666668"
    assert repr(151.5 / 75.5) == "2.006622516556291"
    assert repr(76 / 75.5) == "1.0066225165562914"


def test_json_exact_text(capsys: pytest.CaptureFixture[str], business: Path) -> None:
    out = run(capsys, "report", "--db", str(business), *RANGE, "--format", "json")
    assert PAID_SEARCH_JSON in out
    # a goal filter does not change how numbers are written (all of Paid Search's are purchases)
    out = run(
        capsys, "report", "--db", str(business), *RANGE, "--goal", "Purchase", "--format", "json"
    )
    assert PAID_SEARCH_JSON in out


@pytest.mark.parametrize(
    "extra",
    [[], ["--goal", "Purchase"], ["--goal", "Lead"], ["--by", "goal"], ["--by", "campaign"]],
)
def test_ratios_written_one_way_whatever_the_options(
    capsys: pytest.CaptureFixture[str], business: Path, extra: list[str]
) -> None:
    """Every ratio is the float's shortest round-trip text: no 28-digit decimals, no exponent."""
    # Purchase has a margin and Search Brand works for it: profit ratios and goal ratios exist.
    run(capsys, "goals", "set", "Purchase", "margin=35%", "--db", str(business))
    run(capsys, "campaigns", "set", "Search Brand", "goal=Purchase", "--db", str(business))
    out = run(capsys, "report", "--db", str(business), *RANGE, *extra, "--format", "json")
    rows = json.loads(out, parse_float=str, parse_int=str)
    seen = 0
    for row in rows:
        for key in RATIOS:
            text = row[key]
            if text is None:
                continue
            seen += 1
            assert "e" not in text.lower(), (row["name"], key, text)
            digits = text.lstrip("-").replace(".", "").lstrip("0")
            assert len(digits) <= 17, (row["name"], key, text)
            assert D(text) == D(repr(float(text))), (row["name"], key, text)  # shortest form
    assert seen > 0


def test_csv_has_the_json_digits_and_minor_units(
    capsys: pytest.CaptureFixture[str], business: Path
) -> None:
    out = run(capsys, "report", "--db", str(business), *RANGE, "--format", "csv")
    assert PAID_SEARCH_CSV in out.splitlines()
    table = {r["name"]: r for r in csv.DictReader(io.StringIO(out))}
    as_json = run(capsys, "report", "--db", str(business), *RANGE, "--format", "json")
    for row in json.loads(as_json, parse_float=str, parse_int=str):
        line = table[row["name"]]
        for key in (*RATIOS, "impressions", "clicks", "conversions", "platform_conversions"):
            assert line[key] == ("" if row[key] is None else row[key]), (row["name"], key)
        for key in ("spend", "value", "platform_value"):
            assert D(line[key]) == D(row[key])  # the same amount ...
            assert line[key].split(".")[1:] and len(line[key].split(".")[1]) == 2  # ... in cents
    # Meta Spring: 4 days of 8003 cents over 8 days (4000) + 10.00 on 03-05 = 50.00
    assert table["Paid Social"]["spend"] == "50.00"
    assert table["Paid Social"]["platform_conversions"] == "4778.99"  # 2 + 4,776.99


def test_csv_yen_has_no_decimals(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    business = make_business(tmp_path / "yen.db", "JPY")
    out = run(capsys, "report", "--db", str(business), *RANGE, "--format", "csv")
    table = {r["name"]: r for r in csv.DictReader(io.StringIO(out))}
    # Print Flyer: 10001 yen over 31 days, 323 a day on days 1..19 -> 3230 in days 1..10
    assert table["Print"]["spend"] == "3230"
    assert table["Paid Search"]["value"] == "15150"  # 10000 + 5050 + 100
    assert table["Paid Search"]["roi"] == repr(7600 / 7550)  # (15150 - 7550) / 7550
