"""Business time: UTC storage, local dates, DST-safe day bounds, previous periods."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desktop_app.domain.timeutil import (
    EARLIEST_DAY,
    LATEST_DAY,
    TimeZoneError,
    comparison_period,
    from_utc_text,
    local_date_of,
    parse_iso_date,
    previous_period,
    range_bounds_utc,
    to_utc_text,
    zone,
)

BERLIN = zone("Europe/Berlin")


def test_naive_local_time_is_stored_in_utc() -> None:
    assert to_utc_text(datetime(2026, 7, 1, 10, 0), BERLIN) == "2026-07-01T08:00:00Z"  # CEST +2
    assert to_utc_text(datetime(2026, 1, 1, 10, 0), BERLIN) == "2026-01-01T09:00:00Z"  # CET +1
    with pytest.raises(ValueError, match="time zone"):
        to_utc_text(datetime(2026, 1, 1))


def test_local_date_crosses_midnight() -> None:
    assert local_date_of("2026-03-01T23:30:00Z", BERLIN) == date(2026, 3, 2)
    assert local_date_of("2026-03-01T23:30:00Z", zone("America/Los_Angeles")) == date(2026, 3, 1)
    assert from_utc_text("2026-03-01T23:30:00Z").isoformat() == "2026-03-01T23:30:00+00:00"


def test_range_bounds_follow_daylight_saving() -> None:
    # 29 March 2026: Berlin switches to summer time, the day has 23 hours.
    start, end = range_bounds_utc(date(2026, 3, 29), date(2026, 3, 29), BERLIN)
    assert (start, end) == ("2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z")


def test_a_period_before_a_very_long_range_starts_on_the_calendars_first_day() -> None:
    # 8,099 years before 1900 would be before year 1, which no date holds: the period that
    # covers what there is (nothing is recorded before 1900) is given instead of a crash.
    assert previous_period(date(1900, 1, 1), date(9998, 12, 31)) == (date.min, date(1899, 12, 31))
    assert comparison_period(EARLIEST_DAY, LATEST_DAY) == (date(1699, 12, 31), date(1899, 12, 31))
    assert comparison_period(EARLIEST_DAY, LATEST_DAY, "year") == (
        date(1899, 1, 1),
        date(2098, 12, 31),
    )


def test_previous_period_has_equal_length() -> None:
    assert previous_period(date(2026, 3, 1), date(2026, 3, 31)) == (
        date(2026, 1, 29),
        date(2026, 2, 28),
    )
    assert previous_period(date(2026, 1, 1), date(2026, 1, 1)) == (
        date(2025, 12, 31),
        date(2025, 12, 31),
    )


def test_bad_inputs_have_clear_messages() -> None:
    with pytest.raises(TimeZoneError, match="Europe/Berlin"):
        zone("Nowhere/Special")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_iso_date("31/12/2026")


def test_an_instant_whose_local_time_is_past_the_calendar_is_given_in_utc() -> None:
    from desktop_app.domain.timeutil import to_local

    late = to_local("9999-12-31T23:30:00Z", BERLIN)  # 10000-01-01 00:30 in Berlin
    assert (late.isoformat(), late.utcoffset()) == ("9999-12-31T23:30:00+00:00", timedelta(0))
    early = to_local("0001-01-01T00:30:00Z", ZoneInfo("America/New_York"))
    assert early.isoformat() == "0001-01-01T00:30:00+00:00"
    assert to_local("2026-03-01T23:30:00Z", BERLIN).isoformat() == "2026-03-02T00:30:00+01:00"
