"""Values whose meaning would change are refused, and exported names never run as formulas
(issue: hostile and messy files — the money values and the CSV exports)."""

from __future__ import annotations

import csv
import io

import pytest

from tests.e2e.test_import_cli import cli, import_run, query, set_currency


def import_after_a_good_row(capsys, tmp_path, db_path, line: str):  # type: ignore[no-untyped-def]
    """Import an order file of a good row (A1, 10.00 on 2026-05-01) and then `line`, as JSON to
    goal Sale: (exit status, the JSON document, standard error)."""
    orders = tmp_path / "orders.csv"
    orders.write_text(f"Order,Date,Total\nA1,2026-05-01,10.00\n{line}\n", encoding="utf-8")
    return import_run(capsys, db_path, str(orders), "--goal", "Sale")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("nan", "'nan' is not a number, not an amount"),
        ("inf", "'inf' is not a number, not an amount"),
        ("+491701234567", "starts with '+', which an amount does not"),
        ("12,5%", "is a percentage, not an amount of money"),
        ("5000000000", "is above 1,000,000,000 in the business's currency for one record"),
    ],
)
def test_a_money_cell_whose_meaning_would_change_is_refused(
    tmp_path, db_path, capsys, value, reason
):
    set_currency(capsys, db_path, "EUR")
    status, doc, _ = import_after_a_good_row(capsys, tmp_path, db_path, f'A2,2026-05-02,"{value}"')
    assert status == 1 and doc["inserted"] == 1
    [problem] = doc["rejected"]
    assert (problem["row"], problem["column"], problem["value"]) == (3, "Total", value)
    assert problem["reason"].startswith(reason)
    assert query(db_path, "SELECT order_id, value_minor FROM conversions") == [("A1", 1000)]


@pytest.mark.parametrize(
    "quantity",
    # A count past 64 bits stopped the import with a traceback (and, bound as a literal, would
    # have been stored as a float); 2.5 was stored as 2, 0 and -3 as they came, which the
    # conversion form cannot show (its quantity runs from 1 to 1,000,000).
    # "3 EUR" and "100%" were read as 3 and 1.
    # "3 pcs" was refused as "not an amount; write a plain number such as 1234.50".
    ["99999999999999999999", "2.5", "0", "-3", "1000001", "3 EUR", "100%", "3 pcs"],
)
def test_a_quantity_that_is_not_a_count_of_items_is_refused(
    tmp_path, db_path, capsys, quantity
) -> None:
    set_currency(capsys, db_path, "EUR")
    orders = tmp_path / "orders.csv"
    orders.write_text(
        f"Order,Date,Total,Quantity\nA1,2026-05-01,10.00,3\nA2,2026-05-02,5.00,{quantity}\n",
        encoding="utf-8",
    )
    status, doc, err = import_run(capsys, db_path, str(orders), "--goal", "Sale")
    assert status == 1 and doc["inserted"] == 1 and "Traceback" not in err
    [problem] = doc["rejected"]
    assert (problem["row"], problem["column"], problem["value"]) == (3, "Quantity", quantity)
    assert problem["reason"] == "a quantity is a whole number from 1 to 1,000,000"
    assert query(db_path, "SELECT order_id, quantity FROM conversions") == [("A1", 3)]


@pytest.mark.parametrize(
    ("count", "reason"),
    [
        # "inf" stopped the import with a traceback; "1e400" (10**400) would have built that
        # many conversion records in memory, one per count.
        ("inf", "'inf' is not a whole number of conversions"),
        (
            "1e400",
            "'1e400' is more conversions than one visit brings (at most 1,000); check the column",
        ),
        (
            "1001",
            "'1001' is more conversions than one visit brings (at most 1,000); check the column",
        ),
    ],
)
def test_a_touchpoint_s_count_of_conversions_is_bounded(
    tmp_path, db_path, capsys, count, reason
) -> None:
    set_currency(capsys, db_path, "EUR")
    log = tmp_path / "touchpoints.csv"
    log.write_text(
        "customer_id,time,interaction,conversion,conversion_value,channel\n"
        "c1,2026-05-01T10:00:00Z,impression,0,0,Facebook\n"
        f"c1,2026-05-02T10:00:00Z,conversion,{count},10,Facebook\n"
        "c2,2026-05-02T11:00:00Z,conversion,2,10,Paid Search\n",
        encoding="utf-8",
    )
    status, doc, err = import_run(capsys, db_path, str(log))
    assert status == 1 and "Traceback" not in err and doc["inserted"] == 2
    [problem] = doc["rejected"]
    assert (problem["row"], problem["column"], problem["value"]) == (3, "conversion", count)
    assert problem["reason"] == reason
    assert query(db_path, "SELECT COUNT(*) FROM conversions") == [(2,)]


def test_a_cost_report_count_past_what_sqlite_holds_is_a_row_problem(
    tmp_path, db_path, capsys
) -> None:
    """Impressions of 99999999999999999999 stopped the import with an OverflowError."""
    set_currency(capsys, db_path, "EUR")
    report = tmp_path / "cost.csv"
    report.write_text(
        "Day,Campaign,Cost,Impressions,Clicks\n"
        "2026-05-01,Brand,10.00,99999999999999999999,5\n"
        "2026-05-02,Brand,10.00,1000000000000,5\n",  # 10**12: the most one row may hold
        encoding="utf-8",
    )
    status, doc, err = import_run(capsys, db_path, str(report), "--kind", "spend")
    assert status == 1 and "Traceback" not in err and doc["inserted"] == 1
    [problem] = doc["rejected"]
    assert (problem["row"], problem["column"]) == (2, "Impressions")
    assert problem["reason"] == "is more than 1,000,000,000,000 for one row; check the column"
    assert query(db_path, "SELECT period_start, impressions FROM spend") == [("2026-05-02", 10**12)]


@pytest.mark.parametrize(
    ("kind", "header", "line", "column", "reason"),
    [
        # 27 digits: the rounding to cents raised decimal.InvalidOperation, a traceback.
        (
            "conversions",
            "Order,Date,Total",
            "A2,2026-05-02,999999999999999999999999999",
            "Total",
            "is above 1,000,000,000 in the business's currency for one record",
        ),
        (
            "spend",
            "Day,Campaign,Cost",
            "2026-05-02,Brand,999999999999999999999999999",
            "Cost",
            "is above 1,000,000,000 in the business's currency for one record",
        ),
        # Stored as they came: inf and 6e12 made every report fail ("integer overflow").
        (
            "spend",
            "Day,Campaign,Cost,Conversions",
            "2026-05-02,Brand,1.00,6000000000000",
            "Conversions",
            "is more than 1,000,000,000 conversions for one row",
        ),
        (
            "spend",
            "Day,Campaign,Cost,Conversions",
            "2026-05-02,Brand,1.00,-5",
            "Conversions",
            "is negative",
        ),
    ],
)
def test_figures_no_record_can_hold_are_row_problems(
    tmp_path, db_path, capsys, kind, header, line, column, reason
) -> None:
    set_currency(capsys, db_path, "EUR")
    good = {"conversions": "A1,2026-05-01,10.00", "spend": "2026-05-01,Brand,10.00"}[kind]
    if header.endswith("Conversions"):
        good += ",1"
    path = tmp_path / "file.csv"
    path.write_text(f"{header}\n{good}\n{line}\n", encoding="utf-8")
    status, doc, err = import_run(capsys, db_path, str(path), "--kind", kind)
    assert status == 1 and "Traceback" not in err and doc["inserted"] == 1, err
    [problem] = doc["rejected"]
    assert (problem["row"], problem["column"]) == (3, column)
    assert problem["reason"].startswith(reason), problem["reason"]
    assert run_report_ok(capsys, db_path)


def run_report_ok(capsys, db_path) -> bool:  # type: ignore[no-untyped-def]
    status, _out, err = cli(capsys, "report", "--db", str(db_path), "--by", "campaign")
    return status == 0 and "Traceback" not in err


@pytest.mark.parametrize(
    "when", ["9999-12-31 23:00-02:00", "9999-12-31 23:00:00-02:00", "9999-12-31T23:30:00Z"]
)
def test_a_time_at_the_end_of_the_calendar_is_a_row_problem_not_a_crash(
    tmp_path, db_path, capsys, when
) -> None:
    """Its UTC instant or local day falls past year 9999, which Python's dates cannot hold: the
    row is refused with a sentence (it was a traceback), the others are imported."""
    set_currency(capsys, db_path, "EUR")
    assert cli(capsys, "settings", "--db", str(db_path), "timezone=Europe/Berlin")[0] == 0
    status, doc, err = import_after_a_good_row(capsys, tmp_path, db_path, f"A2,{when},5.00")
    assert status == 1 and doc["inserted"] == 1 and "Traceback" not in err
    [problem] = doc["rejected"]
    assert (problem["row"], problem["column"], problem["value"]) == (3, "Date", when)
    assert problem["reason"].startswith(f"'{when}' is not a date any record could have")
    assert query(db_path, "SELECT order_id FROM conversions") == [("A1",)]


def test_spend_rows_summing_past_the_limit_are_refused_whole(tmp_path, db_path, capsys) -> None:
    set_currency(capsys, db_path, "EUR")
    sheet = tmp_path / "spend.csv"
    sheet.write_text("Date,Campaign,Cost\n" + "2026-05-01,Brand,900000000\n" * 2
                     + "2026-05-01,Other,5.00\n", encoding="utf-8")  # fmt: skip
    status, doc, err = import_run(capsys, db_path, str(sheet), "--kind", "spend")
    assert status == 1 and doc["inserted"] == 1 and "Traceback" not in err
    assert {p["row"] for p in doc["rejected"]} == {2, 3}
    assert query(db_path, "SELECT SUM(cost_minor) FROM spend") == [(500,)]


def test_report_and_attribution_csv_keep_formula_names_as_text(tmp_path, db_path, capsys) -> None:
    set_currency(capsys, db_path, "EUR")
    orders = tmp_path / "orders.csv"
    orders.write_text(
        "Order,Date,Total,Campaign,Channel\n"
        'A1,2026-05-01,-5.00,"=HYPERLINK(""http://evil"")",+cmd\n'
        "A2,2026-05-02,10.00,@SUM(1+1),Email\n",
        encoding="utf-8",
    )
    # A negative total is refused; the rest imports, with names a spreadsheet would run.
    cli(capsys, "import", str(orders), "--goal", "Sale", "--db", str(db_path))
    orders.write_text(orders.read_text().replace("-5.00", "5.00"), encoding="utf-8")
    cli(capsys, "import", str(orders), "--goal", "Sale", "--db", str(db_path), "--again")
    status, out, _ = cli(capsys, "report", "--by", "campaign", "--db", str(db_path), "--from",
                         "2026-05-01", "--to", "2026-05-31", "--format", "csv")  # fmt: skip
    names = [row[0] for row in csv.reader(io.StringIO(out))][1:]
    assert status == 0 and '\'=HYPERLINK("http://evil")' in names and "'@SUM(1+1)" in names
    spend = next(r for r in csv.reader(io.StringIO(out)) if r[0] == "'@SUM(1+1)")
    assert spend[1] == "0.00"  # numbers stay numbers
    status, out, _ = cli(capsys, "attribution", "--db", str(db_path), "--format", "csv")
    channels = [row[0] for row in csv.reader(io.StringIO(out))][1:]
    assert status == 0 and "'+cmd" in channels
    assert not any(c.startswith(("=", "+", "-", "@")) for c in channels + names)


def test_long_numeric_ids_that_a_spreadsheet_rounded_are_refused(tmp_path, db_path, capsys):
    """Was: two 19-digit order ids became one (through a float) and the second was dropped."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Order", "Date", "Total"])
    sheet.append([1234567890123456789, "2026-05-01", 10])
    sheet.append([1234567890123456788, "2026-05-01", 12])
    sheet.append([123456789012345, "2026-05-02", 5])  # 15 digits: exact in a float
    sheet.append(["1234567890123456789", "2026-05-02", 7])  # typed as text: kept exactly
    path = tmp_path / "orders.xlsx"
    book.save(path)
    set_currency(capsys, db_path, "EUR")
    status, doc, _ = import_run(capsys, db_path, str(path), "--goal", "Sale")
    assert status == 1 and doc["inserted"] == 2
    assert [(p["row"], p["column"]) for p in doc["rejected"]] == [(2, "Order"), (3, "Order")]
    assert doc["rejected"][0]["reason"].startswith("is an id stored as a number with more than 15")
    assert sorted(query(db_path, "SELECT order_id FROM conversions")) == [
        ("123456789012345",), ("1234567890123456789",)
    ]  # fmt: skip


def test_a_csv_line_with_more_fields_than_the_header_is_refused(tmp_path, db_path, capsys):
    """Was: an unquoted decimal comma (2,5) was read as 2.00 and imported, exit 0."""
    set_currency(capsys, db_path, "EUR")
    orders = tmp_path / "orders.csv"
    orders.write_text("Order,Date,Total\nA1,2026-05-01,2,5\nA2,2026-05-01,3.00\nA3,2026-05-02,4.00,\n",
                      encoding="utf-8")  # fmt: skip
    status, doc, _ = import_run(capsys, db_path, str(orders), "--goal", "Sale")
    assert (
        status == 1 and doc["rows_read"] == 3 and doc["inserted"] == 2
    )  # a trailing empty field is fine
    [problem] = doc["rejected"]
    assert problem["row"] == 2 and problem["reason"].startswith(
        "the line has 4 fields but the header has 3"
    )
    assert query(db_path, "SELECT order_id FROM conversions ORDER BY 1") == [("A2",), ("A3",)]


def test_control_characters_are_removed_from_text_with_a_note(tmp_path, db_path, capsys) -> None:
    """Was: NUL bytes were stored in names and notes."""
    set_currency(capsys, db_path, "EUR")
    orders = tmp_path / "orders.csv"
    orders.write_bytes(
        b'Order,Date,Total,Campaign,Notes\nA1,2026-05-01,2.00,Spr\x00ing,"call\x07 back\nlater"\n'
        b"A2,2026-05-01,3.00,Spring,fine\n"
    )
    status, doc, _ = import_run(capsys, db_path, str(orders), "--goal", "Sale")
    assert status == 0 and doc["inserted"] == 2
    assert (
        "1 row held control characters (such as NUL) in their text; they were removed."
        in doc["notes"]
    )
    assert query(db_path, "SELECT name FROM campaigns") == [("Spring",)]
    assert query(db_path, "SELECT notes FROM conversions ORDER BY order_id") == [
        ("call back\nlater",), ("fine",)
    ]  # fmt: skip


def test_a_merged_range_gives_its_value_to_every_row_it_covers(tmp_path, db_path, capsys) -> None:
    """Was: merged cells (B2:B4) left rows 3-4 with no campaign."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Date", "Campaign", "Cost"])
    for day, cost in ((1, 1), (2, 2), (3, 3)):
        sheet.append([f"2026-05-0{day}", "Brand" if day == 1 else None, cost])
    sheet.merge_cells("B2:B4")
    path = tmp_path / "spend.xlsx"
    book.save(path)
    set_currency(capsys, db_path, "EUR")
    status, doc, _ = import_run(capsys, db_path, str(path), "--kind", "spend")
    assert status == 0 and doc["inserted"] == 3
    assert (
        "1 merged range of cells: the value of each applies to every row it covers." in doc["notes"]
    )
    stored = query(
        db_path,
        "SELECT c.name, s.cost_minor FROM spend s JOIN campaigns c ON c.id = s.campaign_id"
        " ORDER BY s.period_start",
    )
    assert stored == [("Brand", 100), ("Brand", 200), ("Brand", 300)]


@pytest.mark.parametrize(
    ("currency", "fits", "too_much", "most"),
    [
        ("VND", "2000000000", "100000000001", "100,000,000,000"),  # no cents: 2e9 VND is real
        ("KWD", "100000000", "100000001", "100,000,000"),  # three decimals
        ("EUR", "1000000000", "1000000001", "1,000,000,000"),
    ],
)
def test_the_command_line_the_forms_and_an_import_share_one_amount_bound(
    tmp_path, db_path, capsys, currency, fits, too_much, most
) -> None:
    """`goals set value=` and `campaigns set budget=` capped every currency at 1,000,000,000
    whole units: 2,000,000,000 VND (about 70,000 EUR) was refused, 1,000,000,000 KWD (ten
    times what an import or a form takes) stored. The import's message named 1,000,000,000
    whatever the currency."""
    from desktop_app.domain.form_values import money_text

    set_currency(capsys, db_path, currency)
    status, _out, err = cli(capsys, "goals", "set", "Sale", f"value={fits}", "--db", str(db_path))
    assert status == 0, err
    status, _out, err = cli(capsys, "campaigns", "set", "Spring", f"budget={too_much}", "--db",
                            str(db_path))  # fmt: skip
    assert status == 2 and f"budget must be an amount from 0 to {most}, not '{too_much}'" in err
    assert money_text(fits, currency, None) == int(fits) * 10 ** {"VND": 0, "KWD": 3}.get(
        currency, 2
    )
    orders = tmp_path / "orders.csv"
    orders.write_text(f"Order,Date,Total\nA1,2026-05-01,{fits}\nA2,2026-05-02,{too_much}\n",
                      encoding="utf-8")  # fmt: skip
    _status, doc, _err = import_run(capsys, db_path, str(orders), "--goal", "Sale")
    assert doc["inserted"] == 1
    [problem] = doc["rejected"]
    assert problem["reason"].startswith(f"is above {most} in the business's currency")
