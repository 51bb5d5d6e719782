"""Workbooks built to crash a reader, and honest files that were refused for the wrong reason
(issue: hostile and messy files — the readers). Fixtures come from tests/hostile_files.py."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from desktop_app.domain.google_contacts import phone_hash
from tests.e2e.test_import_cli import cli, query, set_currency
from tests.hostile_files import xls, xlsx

ROWS = [["Order", "Date", "Total"], ["A1", "2026-05-01", 10.5], ["A2", "2026-05-02", 20]]


def imported(capsys, db_path, path, *extra):  # type: ignore[no-untyped-def]
    status, out, err = cli(capsys, "import", str(path), "--goal", "Sale", "--db", str(db_path),
                           "--format", "json", *extra)  # fmt: skip
    assert "Traceback" not in err
    return status, json.loads(out)


def orders(db_path) -> list[tuple]:  # type: ignore[type-arg]
    return query(db_path, "SELECT order_id, value_minor FROM conversions ORDER BY order_id")


@pytest.mark.parametrize(
    ("form", "options"),
    [
        ("single quotes", {"quote": "'"}),
        ("a namespace prefix", {"prefix": "x"}),
        ("a sheet at another path", {"sheet_path": "xl/sheets/data.xml"}),
    ],
)
def test_a_far_corner_cell_in_any_form_is_refused_by_its_size(
    tmp_path, db_path, capsys, form, options
):
    set_currency(capsys, db_path, "EUR")
    path = xlsx(tmp_path / "corner.xlsx", ROWS, extra_cells=[("XFD1048576", 1)], **options)
    status, doc = imported(capsys, db_path, path)
    assert status == 2, form
    assert "1,048,576 rows x 16,384 columns" in doc["error"] and "corner.xlsx" in doc["error"]
    assert orders(db_path) == []


def test_a_shared_text_table_that_lies_about_its_size_is_refused(tmp_path, db_path, capsys):
    set_currency(capsys, db_path, "EUR")
    path = xlsx(tmp_path / "strings.xlsx", ROWS, shared_count=4_294_967_295)
    status, doc = imported(capsys, db_path, path)
    assert status == 2 and "4,294,967,295 entries" in doc["error"]
    assert orders(db_path) == []


def test_a_reader_that_dies_becomes_a_clear_refusal(tmp_path, db_path, capsys, monkeypatch):
    # The pre-scan cannot know every way a file can exhaust a reader. With its check of the text
    # table switched off, the reader reserves 24 bytes for each of the 40 million entries claimed
    # (960 MB, which this computer would grant): the child's memory cap of 512 MB stops it, in
    # its own process, so the app (here: the test process) lives on and says what happened.
    from desktop_app.importing import isolated, safety

    monkeypatch.setattr(safety, "_check_shared_strings", lambda *args: None)
    monkeypatch.setattr(isolated, "memory_cap", lambda: 512 << 20)
    set_currency(capsys, db_path, "EUR")
    path = xlsx(tmp_path / "strings.xlsx", ROWS, shared_count=40_000_000)
    status, doc = imported(capsys, db_path, path)
    assert status == 2
    assert doc["error"].startswith("strings.xlsx could not be read: the spreadsheet reader stopped")
    assert orders(db_path) == []
    # Without the cap the same file is read (the claim is wrong, the rows are fine).
    monkeypatch.setattr(isolated, "memory_cap", lambda: None)
    status, doc = imported(capsys, db_path, path)
    assert status == 0 and orders(db_path) == [("A1", 1050), ("A2", 2000)]


def test_a_lying_dimension_is_ignored_and_the_rows_are_read(tmp_path, db_path, capsys):
    set_currency(capsys, db_path, "EUR")
    path = xlsx(tmp_path / "orders.xlsx", ROWS, dimension="A1:XFD1048576")
    status, doc = imported(capsys, db_path, path)
    assert status == 0 and doc["inserted"] == 2
    assert orders(db_path) == [("A1", 1050), ("A2", 2000)]


def test_a_real_xls_named_xlsx_is_read_by_its_bytes(tmp_path, db_path, capsys):
    set_currency(capsys, db_path, "EUR")
    path = tmp_path / "orders.xlsx"
    shutil.copy(xls(tmp_path / "orders.xls", ROWS), path)
    status, doc = imported(capsys, db_path, path)
    assert status == 0 and doc["inserted"] == 2
    assert orders(db_path) == [("A1", 1050), ("A2", 2000)]


def test_a_one_column_file_has_a_header(tmp_path, db_path, capsys):
    set_currency(capsys, db_path, "EUR")
    path = tmp_path / "emails.csv"
    path.write_text("Email\na@example.com\nb@example.com\n", encoding="utf-8")
    status, doc = imported(capsys, db_path, path)
    # The header is found; what is missing is said: the list has no dates.
    assert status == 2 and "no header row" not in doc["error"] and "date" in doc["error"].lower()
    path.write_text("Date\n2026-05-01\n2026-05-02\n", encoding="utf-8")
    status, doc = imported(capsys, db_path, path)
    assert status == 0 and doc["inserted"] == 2


@pytest.mark.slow  # over 8 s: run by .ci/run's slow step
def test_a_twenty_megabyte_cell_is_not_called_an_unclosed_quote(tmp_path, db_path, capsys):
    set_currency(capsys, db_path, "EUR")
    path = tmp_path / "notes.csv"
    path.write_text('Order,Date,Total,Campaign\nA1,2026-05-01,1.00,"' + "x" * (20 << 20)
                    + '"\nA2,2026-05-02,2.00,Brand\n', encoding="utf-8")  # fmt: skip
    status, doc = imported(capsys, db_path, path)
    assert "never closed" not in json.dumps(doc)
    [problem] = doc["rejected"]
    assert (problem["row"], problem["column"]) == (2, "Campaign")
    assert "20,971,520 characters" in problem["reason"]
    assert status == 1 and orders(db_path) == [("A2", 200)]


def test_errors_after_a_quoted_newline_name_the_record_and_the_line(tmp_path, db_path, capsys):
    set_currency(capsys, db_path, "EUR")
    path = tmp_path / "notes.csv"
    path.write_text('Order,Date,Total,Campaign\nA1,2026-05-01,1.00,"two\nlines"\n'
                    "A2,2026-05-02,abc,Brand\n", encoding="utf-8")  # fmt: skip
    status, doc = imported(capsys, db_path, path)
    [problem] = doc["rejected"]
    assert status == 1 and (problem["row"], problem["line"]) == (3, 4)
    _, out, _ = cli(capsys, "import", str(path), "--goal", "Sale", "--db", str(db_path),
                    "--dry-run", "--again")  # fmt: skip
    assert "row 3 (line 4)" in out


def test_a_file_mixing_encodings_is_read_line_by_line_with_a_note(tmp_path, db_path, capsys):
    set_currency(capsys, db_path, "EUR")
    path = tmp_path / "mixed.csv"
    path.write_bytes("Order,Date,Total,Campaign\nA1,2026-05-01,1.00,Grüße\n".encode()
                     + "A2,2026-05-02,2.00,Grüße\n".encode("cp1252"))  # fmt: skip
    status, doc = imported(capsys, db_path, path)
    assert status == 0 and doc["created"]["campaigns"] == ["Grüße"]
    assert any("line 3" in note and "Windows" in note for note in doc["notes"])
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT name FROM campaigns").fetchall() == [("Grüße",)]


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        (60, "Excel date number 60 is 29 February 1900, a day that never existed"),
        (59, "Excel date number 59 is before 1 March 1900"),
        ("1899-12-31", "'1899-12-31' is before 1 March 1900"),
        ("1900-02-28", "'1900-02-28' is before 1 March 1900"),
    ],
)
def test_dates_before_march_1900_are_refused(tmp_path, db_path, capsys, cell, reason):
    set_currency(capsys, db_path, "EUR")
    path = xlsx(tmp_path / "old.xlsx", [["Order", "Date", "Total"], ["A1", cell, 1],
                                        ["A2", 61, 2]])  # fmt: skip
    status, doc = imported(capsys, db_path, path)
    [problem] = doc["rejected"]
    assert status == 1 and problem["row"] == 2 and problem["reason"].startswith(reason)
    assert query(db_path, "SELECT order_id, local_date FROM conversions") == [("A2", "1900-03-01")]


def test_a_time_in_the_daylight_saving_gap_is_refused_and_a_repeated_one_noted(
    tmp_path, db_path, capsys
):
    set_currency(capsys, db_path, "EUR")
    assert cli(capsys, "settings", "--db", str(db_path), "timezone=Europe/Berlin")[0] == 0
    path = tmp_path / "dst.csv"
    path.write_text("Order,Date,Total\nA1,2026-03-29 02:30,1\nA2,2026-10-25 02:30,2\n"
                    "A3,2026-10-25 03:30,3\n", encoding="utf-8")  # fmt: skip
    status, doc = imported(capsys, db_path, path)
    [problem] = doc["rejected"]
    assert status == 1 and problem["row"] == 2
    assert "does not exist in Europe/Berlin" in problem["reason"]
    # 02:30 on 25 October happens twice in Berlin: the first (summer time, UTC+2) is taken.
    assert query(db_path, "SELECT order_id, occurred_at FROM conversions ORDER BY order_id") == [
        ("A2", "2026-10-25T00:30:00Z"),
        ("A3", "2026-10-25T02:30:00Z"),
    ]
    assert any("1 time fell in the hour the clocks went back" in n for n in doc["notes"])


@pytest.mark.parametrize(
    ("rows", "value", "reason"),
    [
        # The other values write decimals with a point: 1.234 cannot be one thousand.
        (["10.50", "1.234"], "1.234", "'1.234' has three digits after the point"),
        (["12,50", "1,234"], "1,234", "'1,234' has three digits after the comma"),
    ],
)
def test_a_thousands_separator_that_contradicts_the_decimal_mark_is_refused(
    tmp_path, db_path, capsys, rows, value, reason
):
    set_currency(capsys, db_path, "EUR")
    path = tmp_path / "orders.csv"
    path.write_text("Order;Date;Total\n" + "".join(f"A{i};2026-05-0{i};{v}\n"
                    for i, v in enumerate(rows, start=1)), encoding="utf-8")  # fmt: skip
    status, doc = imported(capsys, db_path, path)
    [problem] = doc["rejected"]
    assert status == 1 and problem["value"] == value and problem["reason"].startswith(reason)
    assert orders(db_path) == [("A1", 1050 if "." in value else 1250)]


def test_a_column_without_a_decimal_mark_follows_the_rest_of_the_file(tmp_path, db_path, capsys):
    set_currency(capsys, db_path, "EUR")
    path = tmp_path / "spend.csv"
    path.write_text("Date,Campaign,Cost,Conversion value\n2026-05-01,Brand,1.234,4.95\n"
                    "2026-05-02,Brand,5,0.50\n", encoding="utf-8")  # fmt: skip
    status, doc = imported(capsys, db_path, path, "--kind", "spend")
    assert status == 1 and [p["row"] for p in doc["rejected"]] == [2]
    assert query(db_path, "SELECT SUM(cost_minor) FROM spend") == [(500,)]


def test_phones_a_spreadsheet_mangled_are_named_and_left_out(tmp_path, db_path, capsys):
    set_currency(capsys, db_path, "EUR")
    assert cli(capsys, "settings", "--db", str(db_path), "country=DE")[0] == 0
    path = xlsx(tmp_path / "leads.xlsx", [
        ["Order", "Date", "Total", "Phone", "Email"],
        ["A1", "2026-05-01", 1, 1701234567, "a@example.com"],  # a number cell
        ["A2", "2026-05-02", 2, "1701234567", "b@example"],  # text without its 0: same number
        ["A3", "2026-05-03", 3, "1.23E+10", "c@example.com"],
        ["A4", "2026-05-04", 4, "0170 1234567", "d@example.com"],
    ])  # fmt: skip
    status, doc = imported(capsys, db_path, path)
    assert status == 0 and doc["inserted"] == 4
    found = [(w["row"], w["column"], w["reason"].split(";")[0]) for w in doc["warnings"]]
    assert found == [
        (2, "Phone", "'1701234567' is stored as a number, so a spreadsheet may have dropped its "
                     "leading 0 (or +) or rounded it"),
        (3, "Email", "'b@example' is not an e-mail address"),
        (4, "Phone", "'1.23E+10' is not a phone number"),
    ]  # fmt: skip
    hashes = dict(query(db_path, "SELECT order_id, phone_hash FROM conversions"))
    assert hashes["A1"] is None and hashes["A3"] is None
    # German numbers are read with or without their leading 0 alike: the same person.
    assert hashes["A2"] == hashes["A4"] == phone_hash("+491701234567", "DE")


def test_a_text_phone_that_lost_its_leading_zero_is_named(tmp_path, db_path, capsys):
    # An Italian landline keeps its 0 after +39: without it, the number is another one.
    set_currency(capsys, db_path, "EUR")
    assert cli(capsys, "settings", "--db", str(db_path), "country=IT")[0] == 0
    path = tmp_path / "leads.csv"
    path.write_text("Order,Date,Total,Phone\nA1,2026-05-01,1,669820000\n"
                    "A2,2026-05-02,2,06 6982 0000\n", encoding="utf-8")  # fmt: skip
    status, doc = imported(capsys, db_path, path)
    [warning] = doc["warnings"]
    assert status == 0 and (warning["row"], warning["column"]) == (2, "Phone")
    assert warning["reason"].startswith("'669820000' has lost its leading 0")
    hashes = dict(query(db_path, "SELECT order_id, phone_hash FROM conversions"))
    assert hashes == {"A1": None, "A2": phone_hash("+390669820000", "IT")}


def test_reading_a_workbook_can_be_cancelled_and_ends_its_process(tmp_path):
    import multiprocessing
    import threading

    from desktop_app.importing.errors import ImportCancelled
    from desktop_app.importing.isolated import cancel_reading
    from desktop_app.importing.readers import open_source

    path = xlsx(tmp_path / "orders.xlsx", ROWS)
    cancelled = threading.Event()
    cancelled.set()  # as if the user pressed Cancel while the sheet was read
    token = cancel_reading.set(cancelled)
    try:
        with pytest.raises(ImportCancelled, match=r"reading orders\.xlsx was cancelled"):
            open_source(path)
    finally:
        cancel_reading.reset(token)
    assert multiprocessing.active_children() == []
    assert [c for _, c in open_source(path).rows()] == [list(r) for r in ROWS[:1]] + [
        ["A1", "2026-05-01", 10.5], ["A2", "2026-05-02", 20.0]]  # fmt: skip
