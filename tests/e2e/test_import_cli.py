"""The import command over every import case in the shared sample data, with independent totals."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.main import main

DATA_TABLES = ("campaigns", "channels", "goals", "spend", "conversions", "touchpoints", "settings")


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


def import_run(capsys, db: Path, file: Path | str, *extra: str) -> tuple[int, dict, str]:  # type: ignore[no-untyped-def]
    """`import FILE --format json`: (exit status, the JSON document, standard error)."""
    status, out, err = cli(capsys, "import", str(file), "--db", str(db), "--format", "json", *extra)
    return status, json.loads(out), err


def import_json(capsys, db: Path, file: Path, *extra: str) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    status, doc, _ = import_run(capsys, db, file, *extra)
    return status, doc


def dump(db: Path, tables: tuple[str, ...] = DATA_TABLES) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [
            line
            for line in conn.iterdump()
            if line.startswith(tuple(f'INSERT INTO "{t}"' for t in tables))
        ]
    finally:
        conn.close()


def full_dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def query(db: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def set_currency(capsys, db: Path, code: str) -> None:  # type: ignore[no-untyped-def]
    assert cli(capsys, "settings", "--db", str(db), f"currency={code}")[0] == 0


def business_with_orders(capsys, db: Path, folder: Path) -> Path:  # type: ignore[no-untyped-def]
    """A business in EUR at `db` with two orders (10.00 and 20.00) imported from `folder`."""
    set_currency(capsys, db, "EUR")
    orders = folder / "orders.csv"
    orders.write_text("Order,Date,Total\nA1,2026-05-01,10.00\nA2,2026-05-02,20.00\n")
    assert cli(capsys, "import", str(orders), "--goal", "Sale", "--db", str(db))[0] == 0
    return db


def text_io(path: Path) -> io.StringIO:
    return io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")


def cents(text: str) -> int:
    return int(Decimal(text.replace(",", "")) * 100)


# ------------------------------------------------------------------ Google Ads reports


def test_google_ads_campaign_report_all_time_needs_a_period(shared_data, db_path, capsys):
    report = shared_data / "googleads-calpreserving" / "Campaign report.csv"
    set_currency(capsys, db_path, "USD")
    before = full_dump(db_path)
    status, out, err = cli(capsys, "import", str(report), "--db", str(db_path))
    assert status == 2 and out == ""
    assert "Campaign report.csv" in err and "--period" in err and "All time" in err
    after = full_dump(db_path)
    # Only one audit-log line was added.
    assert [line for line in after if line not in before] and all(
        'INSERT INTO "audit_log"' in line for line in after if line not in before
    )


def test_google_ads_campaign_report_with_period(shared_data, db_path, capsys):
    report = shared_data / "googleads-calpreserving" / "Campaign report.csv"
    lines = report.read_text(encoding="utf-8-sig").splitlines()
    rows = [r for r in csv.reader(lines[3:]) if not any(c.startswith("Total") for c in r[:3])]
    expected = sum(cents(r[13]) for r in rows)  # column 'Cost'
    assert expected == 19942115  # 199,421.15 as the data README states (account total 199,547.59)
    status, doc = import_json(capsys, db_path, report, "--period", "2025-01-01:2025-12-31")
    assert status == 0
    assert (doc["rows_read"], doc["inserted"], doc["rejected"]) == (12, 12, [])
    assert query(db_path, "SELECT SUM(cost_minor), COUNT(*) FROM spend") == [(expected, 12)]
    impressions = sum(int(r[8].replace(",", "")) for r in rows)
    assert query(db_path, "SELECT SUM(impressions) FROM spend") == [(impressions,)]
    assert query(db_path, "SELECT value FROM settings WHERE key='currency'") == [("USD",)]
    # The same bytes again are refused, naming the batch; with --again they add nothing.
    status, again = import_json(capsys, db_path, report, "--period", "2025-01-01:2025-12-31")
    assert status == 2 and again["error"].startswith(
        "Campaign report.csv was imported before, as batch 1 on "
    )
    status, again = import_json(
        capsys, db_path, report, "--period", "2025-01-01:2025-12-31", "--again"
    )
    assert status == 0 and (again["inserted"], again["duplicates"]) == (0, 12)


def test_google_ads_clinic_period_from_title(shared_data, db_path, capsys):
    report = shared_data / "googleads-clinic" / "Campaign report.csv"
    status, doc = import_json(capsys, db_path, report)  # database currency EUR, file EUR
    assert status == 0 and doc["inserted"] == 3
    assert query(db_path, "SELECT DISTINCT period_start, period_end FROM spend") == [
        ("2026-03-27", "2026-04-23")
    ]
    names = {r[0] for r in query(db_path, "SELECT name FROM campaigns")}
    assert "Οδοντικά Εμφυτεύματα Αθήνα" in names


@pytest.mark.parametrize("name", ["Search keyword report.csv", "Search terms report.csv"])
def test_google_ads_utf16_reports_sum_per_campaign(shared_data, db_path, capsys, name):
    report = shared_data / "googleads-towing" / name
    text = report.read_bytes().decode("utf-16")
    rows = list(csv.reader(text.splitlines()[2:], delimiter="\t"))
    header, body = rows[0], rows[1:]
    body = [r for r in body if not any(c.startswith("Total") for c in r[:3])]
    cost = sum(cents(r[header.index("Cost")]) for r in body)
    set_currency(capsys, db_path, "CAD")
    status, doc = import_json(capsys, db_path, report)
    assert status == 0 and doc["rows_read"] == len(body) and doc["inserted"] == 1
    assert query(db_path, "SELECT period_start, period_end, cost_minor FROM spend") == [
        ("2026-05-01", "2026-05-08", cost)
    ]


def test_google_ads_ad_report_quoted_title_range(shared_data, db_path, capsys):
    report = shared_data / "googleads-calpreserving" / "Ad report- 22nd Jan.csv"
    rows = list(csv.reader(report.read_text(encoding="utf-8-sig").splitlines()[2:]))
    header, body = rows[0], [r for r in rows[1:] if not any(c.startswith("Total") for c in r[:3])]
    by_campaign: dict[str, int] = {}
    for r in body:
        by_campaign[r[header.index("Campaign")]] = by_campaign.get(
            r[header.index("Campaign")], 0
        ) + cents(r[header.index("Cost")])
    set_currency(capsys, db_path, "USD")
    status, doc = import_json(capsys, db_path, report)
    assert status == 0 and doc["rows_read"] == 15 and doc["inserted"] == len(by_campaign)
    assert query(db_path, "SELECT SUM(cost_minor) FROM spend") == [(sum(by_campaign.values()),)]
    assert query(db_path, "SELECT DISTINCT period_start, period_end FROM spend") == [
        ("2026-01-20", "2026-01-21")
    ]


@pytest.mark.parametrize(
    "path,words",
    [
        ("googleads-calpreserving/Cal Preserving+Current view+2026-01-16- Campaign.csv", "Editor"),
        ("googleads-calpreserving/Cal Preserving+Current view+2026-01-16- Keywords.csv", "Editor"),
        ("channelattribution/Data.csv", "--paths"),
        ("b2b-paid-media-funnel/Directions.csv", "no header row"),
        ("lead-scoring-xeducation/Leads.xlsx", "Header=time"),
        ("lead-scoring-xeducation/Leads Data Dictionary.xlsx", "Header=time"),
    ],
)
def test_files_that_are_not_imports_are_refused_clearly(shared_data, db_path, capsys, path, words):
    set_currency(capsys, db_path, "USD")
    before = dump(db_path)
    status, out, err = cli(capsys, "import", str(shared_data / path), "--db", str(db_path))
    assert status == 2 and out == ""
    assert Path(path).name in err and words in err
    assert dump(db_path) == before


def _november_reading(text: str) -> str:
    """The data README: the file is all November 2024, so a date's order is the one giving 11."""
    sep = "-" if "-" in text else "/"
    a, b, year = (int(x) for x in text.split(sep))
    if sep == "-" or a > 12:  # 20-11-2024, 16/11/2024: day first
        day, month = a, b
    elif b > 12:  # 11/16/2024: month first
        day, month = b, a
    else:  # 6/11/2024 or 11/6/2024: the reading that falls in November
        day, month = (a, b) if b == 11 else (b, a)
    assert month == 11 and year == 2024, text
    return f"{year}-{month:02d}-{day:02d}"


@pytest.mark.slow
def test_messy_sales_file_mixed_dates_and_campaign_spellings(shared_data, db_path, capsys):
    path = shared_data / "googleads-sales-uncleaned" / "GoogleAds_DataAnalytics_Sales_Uncleaned.csv"
    rows = list(csv.DictReader(text_io(path)))

    def record(r: dict[str, str]) -> tuple[str, str]:  # one spend record per campaign and day
        return r["Campaign_Name"].strip().lower(), _november_reading(r["Ad_Date"].strip())

    # A record with a row whose cost is NA is not stored at all (never a partial sum).
    broken = {record(r) for r in rows if r["Cost"].strip() in ("NA", "")}
    good = [r for r in rows if record(r) not in broken]
    assert (len(broken), len(good)) == (56, 814)
    cost = sum(cents(r["Cost"].strip().lstrip("$")) for r in good)
    by_day: dict[str, int] = {}
    for r in good:
        day = _november_reading(r["Ad_Date"].strip())
        by_day[day] = by_day.get(day, 0) + cents(r["Cost"].strip().lstrip("$"))
    slash_open = [
        r for r in rows
        if "/" in r["Ad_Date"] and len({*r["Ad_Date"].split("/")[:2]}) == 2
        and all(int(x) <= 12 for x in r["Ad_Date"].split("/")[:2])
    ]  # fmt: skip
    assert len(slash_open) == 903  # 615 like 11/5/2024 and 288 like 6/11/2024
    set_currency(capsys, db_path, "USD")
    status, doc = import_json(capsys, db_path, path)
    assert status == 1
    assert doc["rows_read"] == 2600 and len(doc["rejected"]) == len(rows) - len(good)
    assert {r["column"] for r in doc["rejected"]} == {"Cost", "Campaign_Name"}
    assert doc["inserted"] == len({record(r) for r in good})
    assert query(db_path, "SELECT SUM(cost_minor) FROM spend") == [(cost,)]
    # Every date lands in November 2024: dash dates day-first, slash dates month-first where a
    # value settles it, and the 903 slash dates readable both ways read the way that is November.
    stored = query(db_path, "SELECT period_start, SUM(cost_minor) FROM spend GROUP BY 1 ORDER BY 1")
    assert stored == sorted(by_day.items())
    names = sorted(r[0] for r in query(db_path, "SELECT name FROM campaigns"))
    assert len(names) == 3  # 'Data Analytics ' and 'Data analytics ' are one campaign
    status, out, _ = cli(capsys, "import", str(path), "--db", str(db_path), "--again")
    assert "look alike" in out
    assert (
        "Column 'Ad_Date' mixes day-first (20-11-2024) and month-first (11/16/2024) dates; "
        "903 dates could be read either way. Nearly all the others fall in November 2024"
    ) in " ".join(out.split())
    assert "6/11/2024 as 6 November 2024" in out and "--date-order" in out


def test_messy_sales_file_date_order_given(shared_data, db_path, capsys):
    """--date-order decides the dates readable both ways; the others keep their only reading."""
    path = shared_data / "googleads-sales-uncleaned" / "GoogleAds_DataAnalytics_Sales_Uncleaned.csv"
    rows = [r for r in csv.DictReader(text_io(path)) if r["Cost"].strip() not in ("NA", "")]
    # mdy: 6/11/2024 is 11 June; 11/6/2024 stays 6 November; 20-11-2024 and 11/16/2024 as before.
    june = {
        r["Ad_Date"].strip() for r in rows
        if "/" in r["Ad_Date"] and r["Ad_Date"].split("/")[1] == "11"
        and r["Ad_Date"].split("/")[0] != "11"
    }  # fmt: skip
    assert "6/11/2024" in june and len(june) == 11  # 1/11 .. 10/11 and 12/11
    set_currency(capsys, db_path, "USD")
    status, out, _ = cli(capsys, "import", str(path), "--db", str(db_path), "--date-order", "mdy")
    assert status == 1
    assert "were read month-first, as chosen" in out
    months = {r[0] for r in query(db_path, "SELECT DISTINCT substr(period_start, 1, 7) FROM spend")}
    expected = {f"2024-{int(d.split('/')[0]):02d}" for d in june} | {"2024-11"}
    assert months == expected


# ------------------------------------------------------------------ Shopify, funnel, touchpoints


@pytest.mark.slow  # about 3 s (a whole demo, a real export or a child process)
def test_shopify_exports_one_conversion_per_order(shared_data, db_path, capsys):
    files = sorted((shared_data / "shopify-cod-bd").glob("*.csv"))
    orders: dict[str, dict[str, str]] = {}
    for f in files:
        for r in csv.DictReader(text_io(f)):
            if r["Id"]:
                orders[r["Id"]] = r  # the later export of an order wins, as in the import
    cancelled = {
        i
        for i, r in orders.items()
        if r["Financial Status"] in ("voided", "refunded") or r["Cancelled at"]
    }
    total = sum(cents(r["Total"]) for i, r in orders.items() if i not in cancelled)
    set_currency(capsys, db_path, "BDT")
    for f in files:
        status, _ = import_json(capsys, db_path, f)
        assert status == 0
    assert query(db_path, "SELECT COUNT(*) FROM conversions") == [(len(orders),)]
    assert len(orders) == 496
    assert query(db_path, "SELECT COUNT(*) FROM conversions WHERE status='cancelled'") == [
        (len(cancelled),)
    ]
    assert query(db_path, "SELECT SUM(value_minor) FROM conversions WHERE status='active'") == [
        (total,)
    ]
    # UTM tags from Note Attributes: 'UTM source: facebook' + 'UTM medium: paid' is Paid Social.
    assert (
        query(
            db_path, "SELECT COUNT(*) FROM conversions WHERE source='facebook' AND medium='paid'"
        )[0][0]
        > 0
    )
    before = dump(db_path)
    for f in files:
        status, doc = import_json(capsys, db_path, f, "--again")
        assert (doc["inserted"], doc["updated"]) == (0, 0)
    assert dump(db_path, ("conversions", "campaigns", "channels", "goals")) == dump(
        db_path, ("conversions", "campaigns", "channels", "goals")
    )
    assert len(dump(db_path)) == len(before)


@pytest.mark.slow  # over 8 s: run by .ci/run's slow step
def test_touchpoint_log_conversions_and_value(shared_data, db_path, capsys):
    path = shared_data / "mta-touchpoints" / "attribution_data.csv"
    rows = list(csv.DictReader(text_io(path)))
    conv = [r for r in rows if r["conversion"] == "1"]
    assert (len(rows), len(conv)) == (62483, 1838)
    value = sum(Decimal(r["conversion_value"]) for r in conv)
    assert value == Decimal("11423.5")
    set_currency(capsys, db_path, "EUR")  # the log names no currency
    status, doc = import_json(capsys, db_path, path)
    assert status == 0 and (doc["kind"], doc["inserted"]) == ("touchpoints", 62483)
    assert query(db_path, "SELECT COUNT(*), SUM(value_minor) FROM conversions") == [(1838, 1142350)]
    assert query(db_path, "SELECT g.name, g.level FROM goals g") == [("Conversion", "macro")]
    channels = {
        r[0]
        for r in query(
            db_path,
            "SELECT DISTINCT c.name FROM touchpoints t JOIN channels c ON c.id=t.channel_id",
        )
    }
    assert channels == {r["channel"] for r in rows}
    status, doc = import_json(capsys, db_path, path, "--again")
    assert (doc["inserted"], doc["duplicates"]) == (0, 62483)
    assert query(db_path, "SELECT COUNT(*) FROM conversions") == [(1838,)]


def test_dp6_session_log(shared_data, db_path, capsys):
    path = shared_data / "dp6-mam" / "test_dataset_multiple_conversions.csv"
    rows = list(csv.DictReader(text_io(path)))
    status, doc = import_json(capsys, db_path, path, "--goal", "Purchase")
    assert status == 0 and doc["inserted"] == len(rows) == 19
    flagged = sum(1 for r in rows if r["is_conversion_purchase"] == "1")
    assert query(db_path, "SELECT COUNT(*) FROM conversions") == [(flagged,)]
    assert query(db_path, "SELECT name, category, level FROM goals") == [
        ("Purchase", "transaction", "macro")
    ]


@pytest.mark.slow
def test_b2b_funnel_files(shared_data, db_path, capsys):
    folder = shared_data / "b2b-paid-media-funnel"
    leads = list(csv.reader(text_io(folder / "Leads.csv"), delimiter=";"))
    status, doc = import_json(capsys, db_path, folder / "Leads.csv", "--goal", "Lead")
    assert status == 0 and doc["inserted"] == len(leads) - 1 == 2262
    pipe = list(csv.DictReader(text_io(folder / "Pipeline_Opportunities.csv"), delimiter=";"))
    # The column writes decimals with a comma (146536,25), so a dot groups thousands (50.000).
    expected = sum(
        int(Decimal(r["Pipeline Amount"].replace(".", "").replace(",", ".")) * 100) for r in pipe
    )
    set_db = db_path.parent / "usd.db"
    set_currency(capsys, set_db, "USD")
    status, doc = import_json(
        capsys, set_db, folder / "Pipeline_Opportunities.csv", "--goal", "Opportunity"
    )
    assert status == 0 and doc["inserted"] == len(pipe)
    assert query(set_db, "SELECT SUM(value_minor) FROM conversions") == [(expected,)]
    status, _out, err = cli(capsys, "import", str(folder / "Spend.csv"), "--db", str(db_path))
    assert status == 2 and "--period" in err
    brl = db_path.parent / "brl.db"
    status, doc = import_json(
        capsys, brl, folder / "Spend.csv", "--period", "2022-11-01:2023-01-31"
    )
    assert status == 0 and doc["inserted"] == 4
    # R$ 100.000 + 111.349 + 435.000 + 30.000 (dot = thousands separator) = R$ 676,349.00
    assert query(brl, "SELECT SUM(cost_minor), MIN(currency) FROM spend") == [(67634900, "BRL")]


@pytest.mark.slow
def test_xlsx_sheet_choice_in_dashboard(shared_data, db_path, capsys):
    path = (
        shared_data / "googleads-sales-uncleaned" / "GoogleAds_DataAnalytics_Sales_Dashboard.xlsx"
    )
    set_currency(capsys, db_path, "USD")
    status, doc = import_json(capsys, db_path, path)
    assert status in (0, 1) and doc["rows_read"] == 2600  # the data sheet, not the pivot sheet
    status, _out, err = cli(capsys, "import", str(path), "--db", str(db_path), "--sheet", "Nope")
    assert status == 2 and "'KPI'" in err


def test_batches_and_undo_restore_exact_state(shared_data, db_path, capsys):
    report = shared_data / "googleads-clinic" / "Campaign report.csv"
    set_currency(capsys, db_path, "EUR")
    before = dump(db_path)
    status, doc = import_json(capsys, db_path, report)
    batch = doc["batch"]
    status, out, _ = cli(capsys, "batches", "--db", str(db_path), "--format", "json")
    listed = json.loads(out)
    assert (
        listed[0]["batch"] == batch and listed[0]["inserted"] == 3 and listed[0]["undone"] is False
    )
    assert cli(capsys, "undo-import", str(batch), "--db", str(db_path))[0] == 0
    assert dump(db_path) == before
    status, _, err = cli(capsys, "undo-import", str(batch), "--db", str(db_path))
    assert status == 2 and "already undone" in err


def test_header_only_file_exits_2_without_a_batch(db_path, capsys, tmp_path):
    path = tmp_path / "goals.csv"
    path.write_text("Date,Goal,Value\n")
    status, out, err = cli(capsys, "import", str(path), "--db", str(db_path), "--format", "json")
    assert status == 2 and json.loads(out)["batch"] is None and json.loads(out)["rows_read"] == 0
    assert "goals.csv: nothing could be imported: the file has no data rows" in err
    assert query(db_path, "SELECT COUNT(*) FROM import_batches") == [(0,)]


def test_amounts_in_another_currency_without_a_rate_exit_2(shared_data, db_path, capsys):
    path = shared_data / "googleads-sales-uncleaned" / "GoogleAds_DataAnalytics_Sales_Uncleaned.csv"
    set_currency(capsys, db_path, "EUR")
    status, out, err = cli(capsys, "import", str(path), "--db", str(db_path))
    assert status == 2 and "nothing stored, no batch written" in out
    assert "Amounts in column 'Cost' are in USD (such as '$231.88')" in out
    assert "nothing could be imported: every row was rejected (2,600 rows)" in err
    assert query(db_path, "SELECT COUNT(*) FROM import_batches") == [(0,)]


def test_keyword_report_in_cad_into_usd_stores_no_partial_campaign(shared_data, db_path, capsys):
    """One keyword row needs a CAD rate (the others cost 0): the campaign's record is not stored."""
    report = shared_data / "googleads-towing" / "Search keyword report.csv"
    text = report.read_bytes().decode("utf-16")
    rows = list(csv.reader(text.splitlines()[2:], delimiter="\t"))
    header, body = rows[0], rows[1:]
    body = [r for r in body if not any(c.startswith("Total") for c in r[:3])]
    costly = [n for n, r in enumerate(body, start=4) if cents(r[header.index("Cost")]) > 0]
    assert costly == [17] and len({r[header.index("Campaign")] for r in body}) == 1
    set_currency(capsys, db_path, "USD")
    status, out, err = cli(capsys, "import", str(report), "--db", str(db_path))
    assert status == 2
    assert (
        "rejected:   17" in out
        and "part of campaign Towing Near Me, period 2026-05-01 to "
        "2026-05-08, which could not be stored whole because row 17 was rejected"
        in out
    )
    assert "conversion-tracker rates add CAD RATE --from 2026-05-01" in out
    assert "row 17: the amount is in CAD" in err
    assert query(db_path, "SELECT COUNT(*) FROM spend") == [(0,)]


def test_summary_explains_rows_summed_and_line_items(shared_data, db_path, capsys):
    orders = shared_data / "shopify-cod-bd" / "orders_export (15).csv"
    rows = list(csv.DictReader(text_io(orders)))
    names = {r["Name"] for r in rows}
    assert (len(rows), len(names)) == (58, 50)  # 8 rows are further line items
    set_currency(capsys, db_path, "BDT")
    status, out, _ = cli(capsys, "import", str(orders), "--db", str(db_path))
    assert status == 0 and "inserted:   50" in out
    assert "  8 rows were further line items of orders above (one conversion per order)" in out
    report = shared_data / "googleads-towing" / "Search terms report.csv"
    text = report.read_bytes().decode("utf-16")
    body = list(csv.reader(text.splitlines()[2:], delimiter="\t"))[1:]
    body = [r for r in body if not any(c.startswith("Total") for c in r[:3])]
    other = db_path.with_name("cad.db")
    set_currency(capsys, other, "CAD")
    status, out, _ = cli(capsys, "import", str(report), "--db", str(other))
    assert status == 0 and len(body) == 18
    assert "  18 rows were summed into 1 spend record (one per campaign and period)" in out
