"""Cell values as exports write them: dates in any order, numbers in any locale, empty markers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from desktop_app.domain.money import MoneyParseError, NumberStyle, parse_amount
from desktop_app.importing.date_orders import (  # noqa: F401 - re-exported
    NUMERIC_DATE,
    DateOrderGuess,
    guess_date_order,
)
from desktop_app.importing.header import parse_word_date
from desktop_app.importing.readers import Cell

# Texts that mean "no value" in exports: Google Ads ` --`, R's `NA`, GA4's `(not set)`, Shopify `""`.
EMPTY_MARKERS = frozenset(
    {"", "--", "-", "—", "–", "na", "n/a", "(not set)", "not set", "null", "none", '""',
     "undefined", "(none)", "nan"}
)  # fmt: skip
# What a cell shows for a formula that failed, as Excel, LibreOffice and Google Sheets (#ERROR!)
# write it into an export; compared in lower case.
ERROR_LITERALS = frozenset(
    {"#n/a", "#value!", "#ref!", "#div/0!", "#name?", "#num!", "#null!", "#getting_data",
     "#spill!", "#calc!", "#field!", "#error!", "#busy!", "#blocked!", "#connect!",
     "#unknown!", "#python!"}
)  # fmt: skip
EXCEL_EPOCH = date(1899, 12, 30)


class ValueProblem(ValueError):
    """A cell that cannot be read as its field; the message says why and what to do."""


def is_missing(cell: Cell) -> bool:
    if cell is None:
        return True
    if isinstance(cell, str):
        return cell.strip().lower() in EMPTY_MARKERS
    return False


def clean_text(cell: Cell) -> str:
    """A text cell with surrounding spaces removed; markers of 'no value' become ''."""
    if is_missing(cell):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


# ---------------------------------------------------------------- dates

_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(Z|UTC|[+-]\d{2}:?\d{2})?$",
    re.I,
)
_NUMERIC = NUMERIC_DATE
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


class When(NamedTuple):  # a tuple rather than a frozen dataclass: one is made for every row
    """A parsed date or instant: `utc` is set for instants, `day` is the local calendar date."""

    day: date
    utc: datetime | None  # None for a date without a time of day
    has_time: bool
    repeated: bool = False  # a local time the clocks passed twice (DST end): the earlier is taken


# Excel counts 1900 as a leap year: its date number 60 is 29 February 1900, a day that never was,
# and every number below 61 is a day off. Nothing a business records is that old, so all dates
# before 1 March 1900 are refused rather than shifted.
FIRST_DAY = date(1900, 3, 1)
FIRST_SERIAL = 61


def _check_day(day: date, text: object) -> None:
    if day < FIRST_DAY:
        raise ValueProblem(
            f"'{text}' is before 1 March 1900, earlier than any business record (and where "
            "spreadsheets count days wrongly); check the year"
        )


def _local(naive: datetime, tz: tzinfo, text: object) -> tuple[datetime, bool]:
    """`naive` in zone `tz`: a time the clocks skipped (DST start) is refused; a time they passed
    twice (DST end) takes the earlier offset, and says so (the bool)."""
    if naive.toordinal() not in _changes(tz, naive.year):  # nearly every row: one set lookup
        return naive.replace(tzinfo=tz), False
    moment = naive.replace(tzinfo=tz)
    try:
        back = moment.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    except OverflowError as exc:  # 9999-12-31 late in the day, east of UTC
        raise ValueProblem(f"'{text}' is not a date any record could have") from exc
    if back != naive:
        raise ValueProblem(
            f"'{text}' does not exist in {getattr(tz, 'key', tz)}: the clocks jumped forward over "
            "that time (daylight saving). Check the time, or give the offset (+01:00)"
        )
    later = naive.replace(tzinfo=tz, fold=1)
    return moment, later.utcoffset() != moment.utcoffset()


@lru_cache(maxsize=256)
def _changes(tz: tzinfo, year: int) -> frozenset[int]:
    """The local days (as ordinals) of `year` on which `tz` changes its offset, and the days
    either side."""
    days = set()
    day = datetime(year - 1, 12, 31) if year > 1 else datetime(year, 1, 1)
    last = datetime(year, 12, 31)
    previous = day.replace(tzinfo=tz).utcoffset()
    while day < last:
        following = day + timedelta(days=1)
        offset = following.replace(tzinfo=tz).utcoffset()
        if offset != previous:
            days.add(day.toordinal())
            days.add(following.toordinal())
        previous = offset
        day = following
    return frozenset(days)


def utc_text(moment: datetime) -> str:
    """A UTC instant as stored (`2024-05-31T12:00:00Z`), like strftime(UTC_FORMAT) but faster."""
    if moment.year < 1000:  # strftime writes such years without leading zeros; keep its form
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    m = moment  # %-formatting is about twice as fast as an f-string or isoformat here
    return "%04d-%02d-%02dT%02d:%02d:%02dZ" % (m.year, m.month, m.day, m.hour, m.minute, m.second)  # noqa: UP031


def parse_when(cell: Cell, orders: DateOrderGuess | None, chosen: str | None, tz: tzinfo) -> When:
    """Read a date or date-time cell; naive times are in the business time zone `tz`."""
    try:
        return _read_when(cell, orders, chosen, tz)
    except OverflowError as exc:  # its UTC instant or local day is past 9999-12-31
        shown = cell.isoformat(sep=" ") if isinstance(cell, datetime) else str(cell).strip()
        raise ValueProblem(f"'{shown}' is not a date any record could have") from exc


def _read_when(cell: Cell, orders: DateOrderGuess | None, chosen: str | None, tz: tzinfo) -> When:
    if isinstance(cell, datetime):
        _check_day(cell.date(), cell.date().isoformat())
        if cell.time() == time(0) and cell.tzinfo is None:
            return When(cell.date(), None, False)
        repeated = False
        if cell.tzinfo:
            moment = cell
        else:
            moment, repeated = _local(cell.replace(microsecond=0), tz, cell)
        local = moment.astimezone(tz)
        return When(local.date(), moment.astimezone(UTC), True, repeated)
    if isinstance(cell, date):
        _check_day(cell, cell.isoformat())
        return When(cell, None, False)
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return _serial(float(cell), tz)
    text = str(cell).strip()
    fast = _iso_fast(text, tz)
    if fast is not None:
        return fast
    if text.isdigit() and len(text) == 5:
        return _serial(float(text), tz)
    m = _ISO.match(text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return _build(text, y, mo, d, m.group(4), m.group(5), m.group(6), None, m.group(7), tz)
    m = _NUMERIC.match(text)
    if m:
        a, sep, b, c = m.group(1), m.group(2), m.group(3), m.group(4)
        if len(a) == 4:
            y, mo, d = int(a), int(b), int(c)
        else:
            order = orders.order_for(sep, chosen) if orders else chosen
            if orders is not None and orders.open:  # a mixed column: each value on its own
                first, second = int(a), int(b)
                if first != second and first <= 12 and second <= 12:
                    order = orders.pick(
                        int(c) + (2000 if len(c) == 2 else 0), first, second, sep, chosen
                    )
            if order is None and int(a) != int(b):
                raise ValueProblem(
                    f"'{text}' could be day/month or month/day; choose the date order "
                    "(--date-order dmy or mdy)"
                )
            order = order or "dmy"
            y = int(c) + (2000 if len(c) == 2 else 0)
            mo, d = (int(b), int(a)) if order == "dmy" else (int(a), int(b))
            if order == "ymd":
                raise ValueProblem(f"'{text}' is not in year-month-day order")
        return _build(
            text, y, mo, d, m.group(5), m.group(6), m.group(7), m.group(8), m.group(9), tz
        )
    m = _COMPACT.match(text)
    if m:
        return _build(
            text,
            int(m.group(1)),
            int(m.group(2)),
            int(m.group(3)),
            None,
            None,
            None,
            None,
            None,
            tz,
        )
    word = parse_word_date(text)
    if word:
        return When(word, None, False)
    raise ValueProblem(f"'{text}' is not a date; write it like 2024-05-31 or 31/05/2024")


def _iso_fast(text: str, tz: tzinfo) -> When | None:
    """The common ISO shapes read by the standard library's parser, about three times faster
    than the general path: `2024-05-31`, `2024-05-31 14:00:00` (local), and the same with `Z` or
    an offset such as `+02:00` (T or a space between). Anything else, and anything these shapes
    hold that the general path refuses or explains (a date before 1901, an impossible offset, a
    day or hour out of range), answers None and takes the general path, which gives the same
    answer or the same message."""
    size = len(text)
    if size < 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        if size == 10:
            day = date.fromisoformat(text)
            return When(day, None, False) if day.year >= 1901 else None
        if (
            size not in (19, 20, 25)
            or text[10] not in " T"
            or text[13] != ":"
            or text[16] != ":"
            or (size == 20 and text[19] not in "Zz")
            or (size == 25 and (text[19] not in "+-" or text[22] != ":"))
            or (size == 25 and not (text[20:22].isdigit() and text[23:].isdigit()))
        ):
            return None
        naive = datetime.fromisoformat(text[:19])
        zone_of = _offset_zone(text[19:]) if size > 19 else None
    except ValueError:  # not digits where they belong, or not a real day or time
        return None
    if naive.year < 1901:
        return None
    if size == 19:  # a local time: its day is the written day (a skipped time is refused)
        moment, repeated = _local(naive, tz, text)
        return When(naive.date(), moment.astimezone(UTC), True, repeated)
    if zone_of is None:
        return None
    utc = (naive - _offset_delta(zone_of)).replace(tzinfo=UTC)
    return When(utc.astimezone(tz).date(), utc, True, False)


def _serial(number: float, tz: tzinfo) -> When:
    if not 1 <= number < 2958466:
        raise ValueProblem(f"{number:g} is not a date (nor an Excel date number)")
    if number < FIRST_SERIAL:
        which = (
            "60 is 29 February 1900, a day that never existed"
            if int(number) == 60
            else (f"{number:g} is before 1 March 1900")
        )
        raise ValueProblem(
            f"Excel date number {which} (spreadsheets count those early days wrongly); check "
            "the cell"
        )
    moment = datetime.combine(EXCEL_EPOCH, time(0)) + timedelta(days=number)
    if number.is_integer():
        return When(moment.date(), None, False)
    local, repeated = _local(moment.replace(microsecond=0), tz, f"{number:g}")
    return When(local.date(), local.astimezone(UTC), True, repeated)


@lru_cache(maxsize=64)
def _offset_zone(offset: str) -> tzinfo | None:
    """The fixed zone of a written offset (`Z`, `UTC`, `+01:00`, `-0530`), or None for one no
    place on Earth has (beyond ±14:00, or 60 minutes or more); a file repeats a few offsets,
    so each is made once (it was a third of a date-time's reading)."""
    if offset.upper() in ("Z", "UTC"):
        return UTC
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if minutes >= 60 or hours * 60 + minutes > 14 * 60:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


@lru_cache(maxsize=64)
def _offset_delta(zone_of: tzinfo) -> timedelta:
    """How far a fixed zone is ahead of UTC."""
    delta = zone_of.utcoffset(None)
    return delta if delta is not None else timedelta(0)


def _build(
    text: str,
    y: int,
    mo: int,
    d: int,
    hh: str | None,
    mm: str | None,
    ss: str | None,
    ampm: str | None,
    offset: str | None,
    tz: tzinfo,
) -> When:
    try:
        day = date(y, mo, d)
    except ValueError as exc:
        raise ValueProblem(f"'{text}' is not a real date ({exc})") from exc
    if y < 1901:
        _check_day(day, text)
    if hh is None:
        return When(day, None, False)
    hour, minute, second = int(hh), int(mm or 0), int(ss or 0)
    if ampm:
        pm = ampm.lower().startswith("p")
        if not 1 <= hour <= 12:
            raise ValueProblem(f"'{text}' has an hour that does not fit AM/PM")
        hour = hour % 12 + (12 if pm else 0)
    try:
        naive = datetime(y, mo, d, hour, minute, second)
    except ValueError as exc:
        raise ValueProblem(f"'{text}' is not a real time ({exc})") from exc
    if offset:
        zone_of = _offset_zone(offset)
        if zone_of is None:
            raise ValueProblem(
                f"'{text}' has the offset {offset}, which no time zone has (they run from "
                "-12:00 to +14:00); check the time, or write it like 2024-05-31 14:00+01:00"
            )
        # The UTC instant by subtracting the offset (a third of the cost of astimezone).
        utc = (naive - _offset_delta(zone_of)).replace(tzinfo=UTC)
        return When(utc.astimezone(tz).date(), utc, True, False)
    # A local time: its day is the written day (a skipped time was refused by _local).
    moment, repeated = _local(naive, tz, text)
    return When(day, moment.astimezone(UTC), True, repeated)


# ---------------------------------------------------------------- numbers

_SEP_RE = re.compile(r"[.,]")
_NOT_NUMBER_CHARS = re.compile(r"[^\d.,]")


def _vote(cell: str) -> str:
    """The decimal mark `cell` shows ("." or ","), or "" when it shows none for sure (no mark,
    or one mark before exactly three digits: 1.234 is a thousand or one and a bit)."""
    s = _NOT_NUMBER_CHARS.sub("", cell)
    if not s or not _SEP_RE.search(s):
        return ""
    last = max(s.rfind("."), s.rfind(","))
    mark = s[last]
    if ("." in s and "," in s) or (s.count(mark) == 1 and len(s) - last - 1 != 3):
        return mark
    return ""


_PLAIN_NUMBER = re.compile(r"[0-9]+(?:\.([0-9]+))?")


def guess_number_style(values: Iterable[Cell]) -> NumberStyle | None:
    """The decimal mark a column's text numbers settle (`12,50` or `1.234,5`), or None if unclear."""
    votes = {".": 0, ",": 0, "": 0}
    seen: dict[str, str] = {}  # cell -> its vote ("" for none): a column repeats its values
    for cell in values:
        if not isinstance(cell, str):
            continue
        vote = seen.get(cell)
        if vote is None:
            vote = seen[cell] = _vote(cell)
        votes[vote] += 1
    if votes["."] and not votes[","]:
        return NumberStyle(".", ",")
    if votes[","] and not votes["."]:
        return NumberStyle(",", ".")
    return None


def parse_number(cell: Cell, style: NumberStyle | None) -> tuple[Decimal, str | None]:
    """(amount, currency named in the cell); percentages become fractions (`12%` -> 0.12)."""
    if isinstance(cell, bool):
        return Decimal(int(cell)), None
    if isinstance(cell, int):
        return Decimal(cell), None
    if isinstance(cell, float):
        return Decimal(repr(cell)), None
    text = str(cell).strip()
    percent = text.endswith("%")
    if percent:
        text = text[:-1]
    if text.startswith(("<", ">")):
        raise ValueProblem(f"'{cell}' is a range, not a number")
    plain = _PLAIN_NUMBER.fullmatch(text)
    if plain and (
        plain.group(1) is None
        or (style.decimal == "." if style else len(plain.group(1)) != 3)  # `1.234` may be grouped
    ):
        # Digits with at most a decimal point: what parse_amount returns, without its many steps.
        amount = Decimal(text)
        return (amount / 100 if percent else amount), None
    try:
        parsed = parse_amount(text, style)
    except MoneyParseError as exc:
        raise ValueProblem(f"{exc}; write a plain number such as 1234.50") from exc
    amount = parsed.amount / 100 if percent else parsed.amount
    return amount, parsed.currency


MAX_CONVERSIONS_PER_VISIT = 1_000


def parse_flag_or_count(cell: Cell) -> int:
    """A conversion flag (`1`, `yes`, `true`, `x`) or count (`2`); 0 when not a conversion."""
    if isinstance(cell, bool):
        return int(cell)
    text = clean_text(cell).lower()
    if text in ("", "0", "no", "false", "n", "nein", "non", "não", "nao"):
        return 0
    if text in ("yes", "true", "y", "x", "ja", "oui", "sí", "si", "sim", "converted"):
        return 1
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueProblem(
            f"'{cell}' is neither a yes/no flag nor a number of conversions"
        ) from exc
    if not value.is_finite() or value < 0 or value != value.to_integral_value():
        raise ValueProblem(f"'{cell}' is not a whole number of conversions")
    if value > MAX_CONVERSIONS_PER_VISIT:  # each one becomes a record: 1e400 would never end
        raise ValueProblem(
            f"'{cell}' is more conversions than one visit brings (at most "
            f"{MAX_CONVERSIONS_PER_VISIT:,}); check the column"
        )
    return int(value)
