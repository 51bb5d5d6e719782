"""Business time: instants are stored in UTC, shown and entered in the business's time zone."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, available_timezones

UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
# The days a range may name (a report, an export, a check, a rate, a date field): no record is
# older (an import refuses dates before March 1900) and none is in the future. Two centuries keep
# a range's arithmetic inside Python's calendar (its comparison period, the day after it) and
# its daily chart drawable in about a second; Qt's own limits (1752 to 9999) broke both.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2099, 12, 31)


def outside_reportable(day: date) -> bool:
    return not EARLIEST_DAY <= day <= LATEST_DAY


class TimeZoneError(ValueError):
    """An unknown time zone name."""


# Names in the zone database that are not places: the computer's own zone (not portable to
# another computer) and tzdata's placeholders.
_NOT_PLACES = {"localtime", "Factory", "posixrules"}


_zones_lock = threading.Lock()  # the window's warm-up thread lists them while the GUI opens
_zones: list[frozenset[str]] = []


def _known_zones() -> frozenset[str]:
    """The zone database's names, listed once (40 ms); a second caller waits for the first."""
    with _zones_lock:
        if not _zones:
            names = {
                z
                for z in available_timezones()
                if z not in _NOT_PLACES and not z.startswith(("posix/", "right/"))
            }
            _zones.append(frozenset(names | {"UTC"}))
    return _zones[0]


def zone(name: str) -> ZoneInfo:
    """The IANA zone `name` (e.g. `Europe/Berlin`), or a clear error.

    Only names of the zone database are looked up: a partial name such as `Europe` is a folder
    inside it, and opening that raised IsADirectoryError while a user was still typing."""
    if name not in _known_zones():
        raise TimeZoneError(f"'{name}' is not a time zone name such as Europe/Berlin")
    try:
        return ZoneInfo(name)
    except (ValueError, OSError) as exc:  # a damaged zone file
        raise TimeZoneError(f"the time zone '{name}' cannot be read ({exc})") from exc


def is_time_zone(name: str) -> bool:
    try:
        zone(name)
    except TimeZoneError:
        return False
    return True


def all_time_zones() -> list[str]:
    """The zones a user picks from: `UTC` first, then `Area/City` names (no `Etc/` aliases)."""
    return ["UTC", *sorted(z for z in _known_zones() if "/" in z and not z.startswith("Etc/"))]


def to_utc_text(moment: datetime, tz: tzinfo | None = None) -> str:
    """Store form of an instant: `YYYY-MM-DDTHH:MM:SSZ`; a naive `moment` is read in `tz`."""
    if moment.tzinfo is None:
        if tz is None:
            raise ValueError("a naive time needs the business time zone")
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(UTC).strftime(UTC_FORMAT)


def from_utc_text(text: str) -> datetime:
    return datetime.strptime(text, UTC_FORMAT).replace(tzinfo=UTC)


def local_date_of(utc_text: str, tz: tzinfo) -> date:
    return from_utc_text(utc_text).astimezone(tz).date()


def to_local(utc_text: str, tz: tzinfo) -> datetime:
    """A stored UTC instant in zone `tz`; at the very ends of the calendar, where that zone's
    time does not exist in Python (9999-12-31 23:30Z in Berlin, which another program may have
    stored), the instant in UTC, so it can still be shown."""
    moment = from_utc_text(utc_text)
    try:
        return moment.astimezone(tz)
    except OverflowError:
        return moment


def local_day_start_utc(day: date, tz: tzinfo) -> str:
    """The UTC instant at which the local calendar day `day` begins (DST-safe)."""
    return to_utc_text(datetime.combine(day, time.min).replace(tzinfo=tz))


def range_bounds_utc(first: date, last: date, tz: tzinfo) -> tuple[str, str]:
    """UTC text bounds `[start, end)` of the local dates `first`..`last` inclusive."""
    return local_day_start_utc(first, tz), local_day_start_utc(last + timedelta(days=1), tz)


def parse_iso_date(text: str) -> date:
    """A `YYYY-MM-DD` date, or a ValueError that says what form is expected."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a date in the form YYYY-MM-DD") from exc


def days_inclusive(first: date, last: date) -> int:
    return (last - first).days + 1


def year_earlier(day: date) -> date:
    """The same date a year before (29 February: the 28th)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def comparison_period(first: date, last: date, compare: str = "previous") -> tuple[date, date]:
    """What a range is compared with: the period just before it (`previous`), or the same
    dates a year earlier (`year`)."""
    if compare == "year":
        return year_earlier(first), year_earlier(last)
    if compare != "previous":
        raise ValueError(f"compare with 'previous' or 'year', not {compare!r}")
    return previous_period(first, last)


def previous_period(first: date, last: date) -> tuple[date, date]:
    """The period of equal length that ends the day before `first`; one that would start before
    year 1 starts on its first day (a range of thousands of years: nothing is older anyway)."""
    length = days_inclusive(first, last)
    prev_last = first - timedelta(days=1)
    if length - 1 > (prev_last - date.min).days:
        return date.min, prev_last
    return prev_last - timedelta(days=length - 1), prev_last
