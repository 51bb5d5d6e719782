"""The ISO date and time shapes an import meets on nearly every row (`2024-05-31`,
`2024-05-31 14:00:00`, with `Z` or an offset) are read by a fast path (issue: scale); these check
that every one of them still means what the general reader made of it: the same day, the same
instant, the same refusals and the same messages. The expectations are computed here from the
zone rules, not by the reader."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.importing.values import ValueProblem, When, parse_when

ZONES = [ZoneInfo(z) for z in ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe")]
ZONES += [ZoneInfo("Asia/Kolkata"), ZoneInfo("UTC")]


def expected(text: str, naive: datetime, shape: str, offset: timedelta, tz: ZoneInfo) -> object:
    """What the text means: a When, or the start of the refusal's message."""
    if naive.date() < date(1900, 3, 1):
        return "before 1 March 1900"
    if shape == "date":
        return When(naive.date(), None, False)
    if shape == "local":
        moment = naive.replace(tzinfo=tz)
        if moment.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:
            return "does not exist in"
        twice = naive.replace(tzinfo=tz, fold=1).utcoffset() != moment.utcoffset()
        return When(naive.date(), moment.astimezone(UTC), True, twice)
    if abs(offset) > timedelta(hours=14):
        return "which no time zone has"
    utc = naive.replace(tzinfo=timezone(offset)).astimezone(UTC)
    return When(utc.astimezone(tz).date(), utc, True, False)


def written(naive: datetime, shape: str, sep: str, offset: timedelta) -> str:
    if shape == "date":
        return naive.date().isoformat()
    text = naive.strftime(f"%Y-%m-%d{sep}%H:%M:%S")
    if naive.year < 1000:  # strftime drops the leading zeros of such years
        text = f"{naive.year:04d}{text[text.index('-') :]}"
    if shape == "local":
        return text
    if shape == "utc":
        return text + "Z"
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{text}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def read(text: str, tz: ZoneInfo) -> object:
    try:
        return parse_when(text, None, None, tz)
    except ValueProblem as exc:
        return str(exc)


@settings(max_examples=400, deadline=None)
@given(
    naive=st.datetimes(datetime(1899, 1, 1), datetime(2100, 12, 31)).map(
        lambda d: d.replace(microsecond=0)
    ),
    shape=st.sampled_from(["date", "local", "utc", "offset"]),
    sep=st.sampled_from([" ", "T"]),
    minutes=st.integers(-16 * 60, 16 * 60),
    tz=st.sampled_from(ZONES),
)
def test_iso_texts_mean_what_the_zone_rules_say(
    naive: datetime, shape: str, sep: str, minutes: int, tz: ZoneInfo
) -> None:
    offset = timedelta(minutes=0 if shape == "utc" else minutes)
    text = written(naive, shape, sep, offset)
    want = expected(text, naive, shape, offset, tz)
    got = read(text, tz)
    if isinstance(want, str):
        assert isinstance(got, str) and want in got, (text, got)
    else:
        assert got == want, text


@pytest.mark.parametrize(
    ("text", "day", "utc", "repeated"),
    [
        # An instant with an offset: its day is the business's local day, not the written one.
        ("2024-05-31 23:30:00-04:00", date(2024, 6, 1), datetime(2024, 6, 1, 3, 30), False),
        ("2024-05-31T22:15:00z", date(2024, 6, 1), datetime(2024, 5, 31, 22, 15), False),
        # The hour the clocks go back happens twice: the first is taken, and said.
        ("2024-10-27 02:30:00", date(2024, 10, 27), datetime(2024, 10, 27, 0, 30), True),
        ("2024-10-27 02:30:00+01:00", date(2024, 10, 27), datetime(2024, 10, 27, 1, 30), False),
        ("1900-03-01", date(1900, 3, 1), None, False),
    ],
)
def test_common_shapes_in_berlin(
    text: str, day: date, utc: datetime | None, repeated: bool
) -> None:
    when = parse_when(text, None, None, ZoneInfo("Europe/Berlin"))
    assert when.day == day
    assert when.utc == (utc.replace(tzinfo=UTC) if utc else None)
    assert when.repeated is repeated


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-03-31 02:30:00", "does not exist in Europe/Berlin"),
        ("2024-02-30", "is not a real date"),
        ("2024-05-31 24:00:00", "is not a real time"),
        ("2024-05-31 14:61:00", "is not a real time"),
        ("2024-05-31 14:00:00+15:00", "which no time zone has"),
        ("2024-05-31 14:00:00+01:60", "which no time zone has"),
        ("1900-02-28 10:00:00Z", "before 1 March 1900"),
        ("2024-05-3x", "is not a date"),
        # Offsets whose digits are not all digits: int() would read " 1", "-1" or ":1" as
        # numbers, but they are not offsets (found by a review's fuzzing of the fast path).
        ("2024-05-31 14:00:00+-1:00", "is not a date"),
        ("2024-10-27 02:30:00+:1:00", "is not a date"),
        ("2024-05-31 14:00:00+01:-5", "is not a date"),
        ("2024-05-31 14:00:00+ 1:00", "is not a date"),
        ("2024-05-31 14:00:00-05: 9", "is not a date"),
        ("2024-05-31 14:00:00+0::00", "is not a date"),
    ],
)
def test_refusals_keep_their_message(text: str, message: str) -> None:
    with pytest.raises(ValueProblem, match=message):
        parse_when(text, None, None, ZoneInfo("Europe/Berlin"))


@pytest.mark.parametrize(
    ("cell", "zone"),
    [
        ("9999-12-31 23:00:00-02:00", "Europe/Berlin"),  # its UTC instant is in year 10000
        ("9999-12-31 23:00-02:00", "Europe/Berlin"),  # the same, by the general reader
        ("9999-12-31T23:30:00Z", "Europe/Berlin"),  # its local day is in year 10000
        (datetime(9999, 12, 31, 23, 30), "America/New_York"),  # a workbook's date-time cell
        (datetime(9999, 12, 31, 23, 30, tzinfo=UTC), "Europe/Berlin"),
        (2958465.99, "America/New_York"),  # Excel's date number of 9999-12-31 23:45
    ],
)
def test_a_time_past_the_end_of_the_calendar_is_refused_in_a_sentence(
    cell: object, zone: str
) -> None:
    with pytest.raises(ValueProblem, match="is not a date any record could have"):
        parse_when(cell, None, None, ZoneInfo(zone))  # type: ignore[arg-type]
