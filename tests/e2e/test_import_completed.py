"""The import command completed (issue: an import command that says what it did): re-imports,
future dates, header spellings, blank costs, and what it says when it fails."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.test_import_cli import cli, query, set_currency


def _leads(folder: Path) -> Path:
    path = folder / "leads.csv"
    path.write_text(
        "Date,Amount,Source,Medium,Remark\n"
        "2026-04-01,120.00,google,cpc,call back\n2026-04-01,120.00,google,cpc,call back\n"
        "2026-04-02,80.00,newsletter,email,\n2026-04-03,0,,,walk-in\n",
        encoding="utf-8",
    )
    return path


def test_another_mapping_of_the_same_file_adds_no_duplicates(tmp_path, db_path, capsys) -> None:
    """Was: the same rows imported again with another --map doubled every conversion."""
    set_currency(capsys, db_path, "EUR")
    leads = _leads(tmp_path)
    first = cli(
        capsys, "import", str(leads), "--goal", "Lead", "--db", str(db_path), "--format", "json"
    )
    assert first[0] == 0 and json.loads(first[1])["inserted"] == 4  # two identical rows stay two
    status, out, _ = cli(
        capsys, "import", str(leads), "--goal", "Lead", "--map", "Remark=notes", "--map",
        "Medium=ignore", "--again", "--db", str(db_path), "--format", "json",
    )  # fmt: skip
    doc = json.loads(out)
    assert status == 0 and (doc["inserted"], doc["duplicates"]) == (0, 4)
    assert query(db_path, "SELECT COUNT(*) FROM conversions") == [(4,)]
    # A changed figure in an overlapping export counts as updated, not as a new conversion.
    changed = tmp_path / "leads (2).csv"
    changed.write_text(leads.read_text().replace("80.00", "95.00"), encoding="utf-8")
    status, out, _ = cli(capsys, "import", str(changed), "--goal", "Lead", "--db", str(db_path),
                         "--format", "json")  # fmt: skip
    doc = json.loads(out)
    assert (doc["inserted"], doc["updated"], doc["duplicates"]) == (0, 1, 3)
    assert query(db_path, "SELECT COUNT(*), SUM(value_minor) FROM conversions") == [(4, 33500)]


def test_order_ids_mapped_or_not_find_the_same_records(tmp_path, db_path, capsys) -> None:
    """Found in review: mapping the order-id column away (or back) doubled every order."""
    set_currency(capsys, db_path, "EUR")
    orders = tmp_path / "orders.csv"
    orders.write_text(
        "Order ID,Date,Total,Owner\nA1,2026-05-01 10:00,10.00,Ann\nA2,2026-05-01 10:00,20.00,Ann\n"
        "A3,2026-05-02 09:30,30.00,Bob\n",
        encoding="utf-8",
    )
    base = ("--goal", "Sale", "--db", str(db_path), "--format", "json")
    assert json.loads(cli(capsys, "import", str(orders), *base)[1])["inserted"] == 3
    doc = json.loads(
        cli(capsys, "import", str(orders), "--again", "--map", "Order ID=notes", *base)[1]
    )
    assert (doc["inserted"], doc["duplicates"]) == (0, 3)
    # An overlapping export whose unmapped column changed is the same records, too.
    other = tmp_path / "orders (2).csv"
    other.write_text(orders.read_text().replace("Bob", "Carla"), encoding="utf-8")
    doc = json.loads(cli(capsys, "import", str(other), "--map", "Order ID=notes", *base)[1])
    assert (doc["inserted"], doc["duplicates"]) == (0, 3)
    assert query(db_path, "SELECT COUNT(*) FROM conversions") == [(3,)]


def test_a_touchpoint_log_with_another_mapping_adds_no_duplicates(tmp_path, db_path, capsys):
    set_currency(capsys, db_path, "EUR")
    log = tmp_path / "touches.csv"
    log.write_text(
        "customer_id,time,interaction,channel,source\n"
        "c1,2026-05-01T10:00:00Z,click,Facebook,fb\nc1,2026-05-01T10:00:00Z,click,Facebook,fb\n"
        "c2,2026-05-02T10:00:00Z,visit,Email,newsletter\n",
        encoding="utf-8",
    )
    assert cli(capsys, "import", str(log), "--db", str(db_path))[0] == 0
    status, out, _ = cli(capsys, "import", str(log), "--again", "--map", "channel=ignore",
                         "--db", str(db_path), "--format", "json")  # fmt: skip
    assert status == 0 and (json.loads(out)["inserted"], json.loads(out)["duplicates"]) == (0, 3)
    assert query(db_path, "SELECT COUNT(*) FROM touchpoints") == [(3,)]  # two identical stay two


def test_an_undone_batch_may_be_imported_again_without_again(tmp_path, db_path, capsys) -> None:
    set_currency(capsys, db_path, "EUR")
    leads = _leads(tmp_path)
    status, out, _ = cli(capsys, "import", str(leads), "--goal", "Lead", "--db", str(db_path),
                         "--format", "json")  # fmt: skip
    batch = json.loads(out)["batch"]
    status, out, err = cli(capsys, "import", str(leads), "--goal", "Lead", "--db", str(db_path))
    assert status == 2 and out == ""
    assert f"leads.csv was imported before, as batch {batch} on " in err and "--again" in err
    assert cli(capsys, "undo-import", str(batch), "--db", str(db_path))[0] == 0
    assert cli(capsys, "import", str(leads), "--goal", "Lead", "--db", str(db_path))[0] == 0


def test_rows_dated_after_today_are_refused(tmp_path, db_path, capsys) -> None:
    """Was: a 2099 row was accepted and stretched the default report range to 2099."""
    set_currency(capsys, db_path, "EUR")
    orders = tmp_path / "orders.csv"
    orders.write_text(
        "Order,Date,Total\nA1,2026-05-01,10.00\nA2,2099-05-01,20.00\n", encoding="utf-8"
    )
    status, out, _ = cli(capsys, "import", str(orders), "--goal", "Sale", "--db", str(db_path),
                         "--format", "json")  # fmt: skip
    doc = json.loads(out)
    assert status == 1 and doc["inserted"] == 1
    [problem] = doc["rejected"]
    assert (problem["row"], problem["column"], problem["value"]) == (3, "Date", "2099-05-01")
    assert problem["reason"].startswith("is after today (")
    spend = tmp_path / "spend.csv"
    spend.write_text("Campaign,Cost\nBrand,10.00\n", encoding="utf-8")
    status, out, _ = cli(capsys, "import", str(spend), "--kind", "spend", "--period",
                         "2099-01-01:2099-01-31", "--db", str(db_path), "--format", "json")  # fmt: skip
    assert status == 2 and json.loads(out)["rejected"][0]["reason"].startswith("is after today")
    assert query(db_path, "SELECT COUNT(*) FROM campaigns") == [(0,)]  # nothing for refused rows


def test_german_french_headers_and_interactions_as_clicks(tmp_path, db_path, capsys) -> None:
    set_currency(capsys, db_path, "EUR")
    orders = tmp_path / "bestellungen.csv"
    orders.write_text(
        "N° de commande;Datum;Conv.-Wert\nF-1;2026-05-01;12,50\nF-2;2026-05-02;7,00\n",
        encoding="utf-8",
    )
    status, out, _ = cli(capsys, "import", str(orders), "--goal", "Sale", "--db", str(db_path),
                         "--format", "json")  # fmt: skip
    assert status == 0 and json.loads(out)["inserted"] == 2
    assert query(db_path, "SELECT order_id, value_minor FROM conversions ORDER BY order_id") == [
        ("F-1", 1250), ("F-2", 700)
    ]  # fmt: skip
    report = tmp_path / "ads.csv"
    report.write_text(
        "Day,Campaign,Interactions,Impr.,Cost\n2026-05-01,Brand,17,400,5.00\n", encoding="utf-8"
    )
    status, out, _ = cli(capsys, "import", str(report), "--kind", "spend", "--db", str(db_path),
                         "--format", "json")  # fmt: skip
    doc = json.loads(out)
    assert status == 0
    assert (
        "Column 'Interactions' is read as clicks (the file has no column of its own for it)."
        in doc["notes"]
    )
    assert query(db_path, "SELECT clicks, impressions FROM spend") == [(17, 400)]


def test_blank_or_na_cost_is_refused_or_read_as_zero_with_the_count(tmp_path, db_path, capsys):
    set_currency(capsys, db_path, "EUR")
    report = tmp_path / "spend.csv"
    report.write_text(
        "Date,Campaign,Cost\n2026-05-01,Brand,NA\n2026-05-01,Brand,4.00\n2026-05-02,Brand,3.00\n"
        "2026-05-03,Brand,\n",
        encoding="utf-8",
    )
    status, out, _ = cli(capsys, "import", str(report), "--db", str(db_path), "--dry-run",
                         "--format", "json")  # fmt: skip
    doc = json.loads(out)
    assert status == 1 and doc["inserted"] == 1  # 2 May only: 1 May has an NA row, 3 May blank
    assert (
        "2 rows had no cost (blank or NA) and were refused with their records; --blank-cost "
        "zero reads a missing cost as 0 (with --again for a file imported before)." in doc["notes"]
    )
    status, out, _ = cli(capsys, "import", str(report), "--db", str(db_path), "--blank-cost",
                         "zero", "--format", "json")  # fmt: skip
    doc = json.loads(out)
    assert status == 0 and doc["inserted"] == 3
    assert "2 rows had no cost (blank or NA) and were read as 0." in doc["notes"]
    assert query(db_path, "SELECT period_start, cost_minor FROM spend ORDER BY 1") == [
        ("2026-05-01", 400), ("2026-05-02", 300), ("2026-05-03", 0)
    ]  # fmt: skip


def test_an_unknown_preset_names_the_ones_there_are(tmp_path, db_path, capsys) -> None:
    set_currency(capsys, db_path, "EUR")
    status, out, _ = cli(capsys, "import", str(_leads(tmp_path)), "--preset", "nosuch",
                           "--db", str(db_path), "--format", "json")  # fmt: skip
    assert status == 2
    assert json.loads(out)["error"] == (
        "leads.csv: there is no preset called 'nosuch'; built-in presets are: google-ads, "
        "meta-ads, shopify-orders, ga4, touchpoints, conversions, spend"
    )


def test_a_bad_phone_or_email_is_a_warning_and_the_row_is_kept(tmp_path, db_path, capsys) -> None:
    """Was: an invalid e-mail or phone cell was dropped without a word."""
    set_currency(capsys, db_path, "EUR")
    assert cli(capsys, "settings", "--db", str(db_path), "country=DE")[0] == 0
    leads = tmp_path / "leads.csv"
    leads.write_text(
        "Date,Order,Email,Phone\n2026-05-01,L1,anna@example.com,030 1234567\n"
        "2026-05-02,L2,not-an-address,12\n",
        encoding="utf-8",
    )
    status, out, _ = cli(capsys, "import", str(leads), "--goal", "Lead", "--db", str(db_path),
                         "--format", "json")  # fmt: skip
    doc = json.loads(out)
    assert status == 0 and doc["inserted"] == 2 and doc["rejected"] == []
    assert [(w["row"], w["column"], w["value"]) for w in doc["warnings"]] == [
        (3, "Email", "not-an-address"), (3, "Phone", "12")
    ]  # fmt: skip
    assert doc["warnings"][1]["reason"].startswith(
        "'12' is not a valid phone number in Germany (numbers without +country code are read "
        "as Germany numbers); imported without it"
    )
    hashed = query(db_path, "SELECT order_id, email_hash IS NOT NULL, phone_hash IS NOT NULL"
                            " FROM conversions ORDER BY order_id")  # fmt: skip
    assert hashed == [("L1", 1, 1), ("L2", 0, 0)]


def test_a_refused_touchpoint_row_creates_no_campaign(tmp_path, db_path, capsys) -> None:
    set_currency(capsys, db_path, "EUR")
    log = tmp_path / "touches.csv"
    log.write_text(
        "customer_id,time,interaction,conversion,conversion_value,campaign\n"
        "c1,2026-05-01T10:00:00Z,click,0,0,spring\nc2,2026-05-01T11:00:00Z,click,1,-5,autumn\n",
        encoding="utf-8",
    )
    status, out, _ = cli(capsys, "import", str(log), "--db", str(db_path), "--format", "json")
    doc = json.loads(out)
    assert status == 1 and doc["created"]["campaigns"] == ["spring"]
    assert query(db_path, "SELECT name FROM campaigns") == [("spring",)]
