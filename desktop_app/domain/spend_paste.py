"""Spend rows pasted from a spreadsheet: tab-separated lines of date (or from, to), cost, counts."""

from __future__ import annotations

import re
from datetime import date

from desktop_app.domain.form_values import count_text, decimal_text, money_text
from desktop_app.domain.models import SpendPeriod
from desktop_app.domain.money import NumberStyle

# After the date cell(s), the columns in the order the Spend table shows them.
COLUMNS = ("cost", "impressions", "clicks", "platform conversions", "platform value")

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?$")
_NUMERIC = re.compile(r"^(\d{1,4})([/.\-])(\d{1,2})\2(\d{2,4})\.?(?: 0?0:00(?::00)?)?$")
_RANGE = re.compile(r"^(.+?)\s*(?:\s[-–]\s|–|\bto\b|\.\.)\s*(.+)$")


class PasteError(ValueError):
    """A pasted cell that cannot be read; names the line and column. Nothing is pasted."""

    def __init__(self, line: int, column: int, what: str, message: str) -> None:
        super().__init__(f"Line {line}, column {column} ({what}): {message} Nothing was pasted.")
        self.line, self.column = line, column


def parse_day(text: str, order: str = "dmy") -> date:
    """A calendar date written as ISO (`2026-03-01`) or in the locale's order (`01.03.2026`)."""
    cell = text.strip()
    iso, numeric = _ISO.match(cell), _NUMERIC.match(cell)
    if iso:
        year, month, day = int(iso.group(1)), int(iso.group(2)), int(iso.group(3))
    elif not numeric:
        raise ValueError(f"'{cell}' is not a date; write it like 2026-03-01.")
    elif len(numeric.group(1)) == 4:
        year, month, day = (int(numeric.group(i)) for i in (1, 3, 4))
    else:
        a, b, c = (int(numeric.group(i)) for i in (1, 3, 4))
        day, month = (a, b) if order == "dmy" else (b, a)
        year = c + 2000 if c < 100 else c
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"'{cell}' is not a real date.") from exc


def _looks_like_header(cells: list[str], order: str) -> bool:
    try:
        parse_day(cells[0], order)
    except ValueError:
        return bool(re.search(r"[A-Za-z]", cells[0]))
    return False


def parse_spend_paste(
    text: str, currency: str, style: NumberStyle | None = None, order: str = "dmy"
) -> list[SpendPeriod]:
    """Every pasted line as a spend record, or PasteError for the first bad cell."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if not lines:
        raise ValueError("The clipboard holds no rows to paste.")
    if _looks_like_header(lines[0][1].split("\t"), order):
        lines = lines[1:]
    rows = []
    for number, line in lines:
        rows.append(_row(number, [c.strip() for c in line.split("\t")], currency, style, order))
    if not rows:
        raise ValueError("The clipboard holds only a header line, no rows to paste.")
    return rows


def _row(
    number: int, cells: list[str], currency: str, style: NumberStyle | None, order: str
) -> SpendPeriod:
    start, end, used = _period(number, cells, order)
    rest = cells[used:]
    if not rest or not rest[0]:
        raise PasteError(number, used + 1, "cost", "the cost is missing.")
    if len(rest) > len(COLUMNS):
        raise PasteError(
            number, used + len(COLUMNS) + 1, "extra", "there are more columns than expected."
        )
    values: list[object] = []
    for offset, (what, cell) in enumerate(zip(COLUMNS, rest + [""] * 5, strict=False)):
        try:
            if what in ("cost", "platform value"):
                values.append(money_text(cell, currency, style) if cell else 0)
            elif what == "platform conversions":
                values.append(decimal_text(cell, style))
            else:
                values.append(count_text(cell, style))
        except ValueError as exc:
            raise PasteError(number, used + offset + 1, what, str(exc)) from exc
    cost, impressions, clicks, conversions, value = values
    return SpendPeriod(start, end, cost, impressions, clicks, conversions, value)  # type: ignore[arg-type]


def _period(number: int, cells: list[str], order: str) -> tuple[date, date, int]:
    first = cells[0]
    try:
        start = parse_day(first, order)
    except ValueError as exc:
        m = _RANGE.match(first)
        if not m:
            raise PasteError(number, 1, "date", str(exc)) from exc
        try:
            start, end = parse_day(m.group(1), order), parse_day(m.group(2), order)
        except ValueError as inner:
            raise PasteError(number, 1, "date", str(inner)) from inner
        used = 1
    else:
        end, used = start, 1
        if len(cells) > 1 and _is_day(cells[1], order):
            end, used = parse_day(cells[1], order), 2
    if end < start:
        raise PasteError(number, used, "to", "the period ends before it starts.")
    return start, end, used


def _is_day(text: str, order: str) -> bool:
    try:
        parse_day(text, order)
    except ValueError:
        return False
    return True
