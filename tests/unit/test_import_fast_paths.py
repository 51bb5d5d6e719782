"""The import's per-row shortcuts give exactly what the general parsers give (values checked by hand)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.money import EN, EU, MoneyParseError, parse_amount
from desktop_app.importing.engine import ImportOptions, plan_import, run_import
from desktop_app.importing.header import is_blank, is_total_row
from desktop_app.importing.readers import open_source
from desktop_app.importing.values import ValueProblem, parse_number, utc_text


def test_plain_numbers_by_hand():
    assert parse_number("12.50", None) == (Decimal("12.50"), None)
    assert parse_number("1.234", None) == (
        Decimal("1234"),
        None,
    )  # a lone `.` before 3 digits groups
    assert parse_number("0.500", None) == (Decimal("0.500"), None)
    assert parse_number("1.234", EN) == (Decimal("1.234"), None)
    assert parse_number("1.234", EU) == (Decimal("1234"), None)
    assert parse_number("12%", None) == (Decimal("0.12"), None)
    assert parse_number("007", EU) == (Decimal("7"), None)


@given(
    st.from_regex(r"[0-9]{1,7}(\.[0-9]{1,4})?%?", fullmatch=True),
    st.sampled_from([None, EN, EU]),
)
def test_plain_numbers_match_the_full_parser(text, style):
    try:
        full = parse_amount(text.rstrip("%"), style)
    except MoneyParseError as exc:  # e.g. `0.0` where `.` groups thousands
        with pytest.raises(ValueProblem) as info:
            parse_number(text, style)
        assert str(exc) in str(info.value)
        return
    expected = full.amount / 100 if text.endswith("%") else full.amount
    amount, currency = parse_number(text, style)
    assert (amount, str(amount), currency) == (expected, str(expected), full.currency)


@given(st.datetimes(timezones=st.just(UTC)))
def test_utc_text_matches_strftime(moment):
    assert utc_text(moment) == moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_utc_text_by_hand():
    assert utc_text(datetime(2024, 1, 2, 3, 4, 5, 678, tzinfo=UTC)) == "2024-01-02T03:04:05Z"


def test_blank_and_total_rows():
    assert is_blank([]) and is_blank([None, "", "  "])
    assert not is_blank([None, 0]) and not is_blank(["", "x"])
    assert is_total_row(["", "", "Total: 3 campaigns"]) and is_total_row(["Gesamt", 1])
    assert not is_total_row(["", "", "", "Total"]) and not is_total_row([1.0, "Totally"])


def test_marker_and_error_cells_in_mapped_columns(db, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text(
        "Order ID,Created at,Total,utm_source,utm_medium\n"
        "A1,2024-03-01 10:00:00,10.00, n/a ,cpc\n"  # row 2: `n/a` means no source
        "A2,2024-03-01 11:00:00,12.5,(not set),--\n"  # row 3: both empty
        "A3,2024-03-01 12:00:00,7, google ,#VALUE!\n"  # row 4: rejected at utm_medium
        "A4,2024-03-01 13:00:00,3,#N/A,email\n"  # row 5: rejected at utm_source
        # Google Sheets' and newer Excel's own errors were read as text ("not an amount", or a
        # source named #ERROR!).
        "A5,2024-03-01 14:00:00,#ERROR!,google,cpc\n"  # row 6: rejected at Total
        "A6,2024-03-01 15:00:00,4,#BUSY!,cpc\n",  # row 7: rejected at utm_source
        encoding="utf-8",
    )
    result = run_import(db, plan_import(path, ImportOptions(kind="conversions"), db), dry_run=True)
    got = {r["order_id"]: (r["source"], r["medium"], r["value_minor"]) for r in result.preview}
    assert got == {"A1": ("", "cpc", 1000), "A2": ("", "", 1250)}
    assert [(p.row, p.column, p.value) for p in result.rejected] == [
        (4, "utm_medium", "#VALUE!"),
        (5, "utm_source", "#N/A"),
        (6, "Total", "#ERROR!"),
        (7, "utm_source", "#BUSY!"),
    ]
    assert all("spreadsheet error" in p.reason for p in result.rejected)


def _workbook(path: Path, sheets: dict[str, list[list[object]]], hidden: set[str]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def test_sheets_read_the_same_whether_kept_parsed_or_not(tmp_path):
    one = [["Date", "Cost"], ["2024-01-01", 5.0]]
    two = [["Date", "Cost"], ["2024-02-01", 7.0], ["2024-02-02", 8.0]]
    single = open_source(_workbook(tmp_path / "a.xlsx", {"A": one, "B": two}, hidden={"B"}))
    assert [s.visible for s in single.sheets] == [True, False]
    assert [c for _, c in single.rows("B")] == two  # the hidden sheet, read from the file
    assert [c for _, c in single.rows("A")] == one
    double = open_source(_workbook(tmp_path / "b.xlsx", {"A": one, "B": two}, hidden=set()))
    assert [c for _, c in double.rows("B")] == two
    assert [c for _, c in double.rows("A")] == one
