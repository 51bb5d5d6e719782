"""Properties of the parts hostile files meet first (issue: hostile and messy files): the CSV
delimiter sniffer, the value parsers, the exporters' text safety, and a bounded fuzz run over the
readers. Each property runs a bounded number of examples (a few seconds); the longer fuzz run
carries the `slow` marker and runs as its own CI step."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.money import EN, EU, NumberStyle
from desktop_app.exporting.csv_safety import safe_text
from desktop_app.exporting.xlsx_safety import FORMULA_STARTS
from desktop_app.importing.errors import ImportRefused
from desktop_app.importing.readers import open_source
from desktop_app.importing.sniff import DELIMITERS, sniff_delimiter
from desktop_app.importing.values import parse_number, parse_when
from tests.hostile_files import xlsx

FAST = settings(max_examples=60, deadline=None)
WORDS = st.text(
    alphabet=st.characters(categories=("L", "N"), include_characters=" _'()&/"), min_size=1,
    max_size=12,
).map(str.strip).filter(bool)  # fmt: skip


# ---------------------------------------------------------------- the CSV sniffer


@FAST
@given(
    delimiter=st.sampled_from(DELIMITERS),
    width=st.integers(2, 6),
    data=st.data(),
)
def test_a_table_written_with_any_delimiter_reads_back_the_same(delimiter, width, data) -> None:
    rows = data.draw(st.lists(st.lists(WORDS, min_size=width, max_size=width), min_size=2,
                              max_size=8))  # fmt: skip
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    found = sniff_delimiter(text=out.getvalue())
    assert list(csv.reader(io.StringIO(out.getvalue()), delimiter=found)) == rows


# ---------------------------------------------------------------- the value parsers


def _written(amount: Decimal, style: NumberStyle, grouped: bool) -> str:
    text = f"{amount:,.2f}" if grouped else f"{amount:.2f}"
    if style is EU:
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


@FAST
@given(
    cents=st.integers(-(10**11), 10**11),
    style=st.sampled_from([EN, EU]),
    grouped=st.booleans(),
)
def test_every_amount_written_in_a_known_style_reads_back_exactly(cents, style, grouped) -> None:
    amount = Decimal(cents).scaleb(-2)
    found, currency = parse_number(_written(amount, style, grouped), style)
    assert found == amount and currency is None


@FAST
@given(
    moment=st.datetimes(datetime(1970, 1, 1), datetime(2099, 12, 31)).map(
        lambda d: d.replace(microsecond=0)
    ),
    zone=st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"]),
)
def test_an_iso_time_with_its_offset_reads_as_the_same_instant(moment, zone) -> None:
    aware = moment.replace(tzinfo=UTC)
    text = aware.astimezone(ZoneInfo(zone)).isoformat()
    found = parse_when(text, None, None, ZoneInfo("Europe/Berlin"))
    assert found.utc == aware and found.has_time


@FAST
@given(sign=st.sampled_from("+-"), hours=st.integers(0, 99), minutes=st.integers(0, 99),
       colon=st.booleans())  # fmt: skip
def test_any_written_offset_is_read_as_that_instant_or_refused_in_a_sentence(
    sign, hours, minutes, colon
) -> None:
    """Was: an offset no zone has (+99:00) stopped the whole import with a traceback."""
    from datetime import timedelta, timezone

    from desktop_app.importing.values import ValueProblem

    text = f"2024-05-31 12:00:00{sign}{hours:02d}{':' if colon else ''}{minutes:02d}"
    try:
        found = parse_when(text, None, None, ZoneInfo("Europe/Berlin"))
    except ValueProblem as exc:
        assert hours * 60 + minutes > 14 * 60 or minutes >= 60
        assert "no time zone has" in str(exc)
        return
    offset = (1 if sign == "+" else -1) * timedelta(hours=hours, minutes=minutes)
    written = datetime(2024, 5, 31, 12, tzinfo=timezone(offset))
    assert found.utc == written.astimezone(UTC)


# ---------------------------------------------------------------- the exporters' text safety


@FAST
@given(text=st.text(max_size=40))
def test_every_text_round_trips_as_text_through_a_csv_file(text) -> None:
    out = io.StringIO(newline="")
    csv.writer(out).writerow([safe_text(text), 12.5, -3])
    [[cell, number, negative]] = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert not cell.startswith(FORMULA_STARTS)  # a spreadsheet never runs it
    assert cell == ("'" + text if text.startswith(FORMULA_STARTS) else text)
    assert (number, negative) == ("12.5", "-3")  # numbers are not guarded: they stay numbers


# ---------------------------------------------------------------- bounded fuzz over the readers


def _seed_workbook(tmp: Path) -> bytes:
    path = xlsx(tmp / "seed.xlsx", [["Order", "Date", "Total"], ["A1", "2026-05-01", 10.5]])
    return path.read_bytes()


def _only_refusals(path: Path) -> None:
    try:
        source = open_source(path)
        for _ in source.rows(source.sheets[0].name if source.sheets else None):
            pass
    except ImportRefused as exc:
        assert str(exc)  # a sentence for the user, never an empty message


def _fuzz_text(data: bytes, tmp: Path) -> None:
    path = tmp / "fuzz.csv"
    path.write_bytes(data)
    _only_refusals(path)


def _fuzz_zip(seed: bytes, flips: list[tuple[int, int]], tmp: Path) -> None:
    mutated = bytearray(seed)
    for position, value in flips:
        mutated[position % len(mutated)] = value
    path = tmp / "fuzz.xlsx"
    path.write_bytes(bytes(mutated))
    _only_refusals(path)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=600))
def test_random_bytes_as_a_text_file_are_read_or_refused(tmp_path, data) -> None:
    _fuzz_text(data, tmp_path)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1,
                      max_size=6))  # fmt: skip
@pytest.mark.slow
def test_a_damaged_workbook_is_read_or_refused(tmp_path, flips) -> None:
    _fuzz_zip(_seed_workbook(tmp_path), flips, tmp_path)


@pytest.mark.slow
@settings(
    max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=40),
    text=st.binary(max_size=4000),
)
def test_fuzz_the_readers_longer(tmp_path, flips, text) -> None:
    _fuzz_zip(_seed_workbook(tmp_path), flips, tmp_path)
    _fuzz_text(text, tmp_path)


def test_the_seed_workbook_is_a_real_one(tmp_path) -> None:
    seed = tmp_path / "seed.xlsx"
    seed.write_bytes(_seed_workbook(tmp_path))
    assert zipfile.is_zipfile(seed)
    source = open_source(seed)
    assert [cells for _, cells in source.rows()] == [["Order", "Date", "Total"],
                                                     ["A1", "2026-05-01", 10.5]]  # fmt: skip


def test_a_workbook_that_lists_no_sheet_is_refused_in_a_sentence(tmp_path: Path) -> None:
    """Found by the long fuzz run: one flipped byte left a workbook whose reader lists no sheet,
    and reading its rows raised IndexError instead of telling the user."""
    import re

    seed = tmp_path / "seed.xlsx"
    seed.write_bytes(_seed_workbook(tmp_path))
    path = tmp_path / "no-sheets.xlsx"
    with zipfile.ZipFile(seed) as src, zipfile.ZipFile(path, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = re.sub(rb"<sheet [^>]*/>", b"", data)
            out.writestr(item, data)
    with pytest.raises(ImportRefused) as refused:
        open_source(path)
    assert "no-sheets.xlsx" in str(refused.value) and "no sheet" in str(refused.value)
