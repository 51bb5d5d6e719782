"""What a new business starts with: its country, currency and time zone, read from a locale name
(`de_DE.UTF-8`, `en-GB`) and a zone name, with the US dollar and UTC where neither names one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from desktop_app.domain.money import ISO_CURRENCIES
from desktop_app.domain.timeutil import is_time_zone


@dataclass(frozen=True, slots=True)
class BusinessDefaults:
    country: str  # ISO 3166 alpha-2, one phonenumbers knows
    currency: str  # ISO 4217
    timezone: str  # IANA name; 'UTC' for the zone without an offset
    country_named: bool = False  # the country (and so the currency) came from the computer
    zone_named: bool = False  # the time zone came from the computer

    def as_settings(self) -> dict[str, str]:
        return {"country": self.country, "currency": self.currency, "timezone": self.timezone}


FALLBACK = BusinessDefaults(country="US", currency="USD", timezone="UTC")

# A locale's territory: `de_DE`, `de-DE`, `zh_Hant_TW`, `en_US.UTF-8@euro`, `sr_Latn_RS`.
_TERRITORY = re.compile(r"^[A-Za-z]{2,3}(?:[_-][A-Za-z]{4})?[_-]([A-Za-z]{2})(?:$|[._@])")


def country_of_locale(name: str | None) -> str | None:
    """The two-letter country of a locale name, or None (`C`, `POSIX`, `en`, `en_001`)."""
    match = _TERRITORY.match((name or "").strip())
    if not match:
        return None
    code = match.group(1).upper()
    return code if code in _regions() else None


def _regions() -> frozenset[str]:
    # phonenumbers and babel are imported when needed: settings are read by every command,
    # and these two would add about 40 ms to each start.
    import phonenumbers

    return frozenset(phonenumbers.SUPPORTED_REGIONS)


def currency_of_country(country: str) -> str | None:
    """The currency in use in `country` today (Germany: EUR), or None when it has none we know."""
    from babel.numbers import get_territory_currencies

    for code in get_territory_currencies(country.upper(), tender=True):
        if code in ISO_CURRENCIES:
            return str(code)
    return None


def usual_zone_name(name: str | None) -> str | None:
    """A zone name as the app offers it: `Etc/UTC`, `UCT`, `Zulu` and friends become `UTC`."""
    name = (name or "").strip()
    if name in {"Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "UCT", "Universal", "Zulu",
                "Etc/GMT", "GMT", "Etc/Greenwich", "Greenwich", "Etc/GMT0", "GMT0"}:  # fmt: skip
        return "UTC"
    return name if is_time_zone(name) else None


def defaults_for(locale_name: str | None, zone_name: str | None) -> BusinessDefaults:
    """Country, currency and time zone for a computer with this locale and zone."""
    country = country_of_locale(locale_name)
    currency = currency_of_country(country) if country else None
    zone = usual_zone_name(zone_name)
    return BusinessDefaults(
        country=country or FALLBACK.country,
        currency=currency or FALLBACK.currency,
        timezone=zone or FALLBACK.timezone,
        country_named=country is not None and currency is not None,
        zone_named=zone is not None,
    )


def country_name(code: str) -> str:
    """`DE` -> `Germany`; the code itself where the name is unknown."""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale("en").territories.get(code.upper(), code.upper()))
    except UnknownLocaleError:  # pragma: no cover - babel always has English
        return code.upper()


@cache
def country_choices() -> tuple[tuple[str, str], ...]:
    """(code, `Germany (DE)`) for every country phone numbers can be read for, by name."""
    pairs = [(c, f"{country_name(c)} ({c})") for c in _regions()]
    return tuple(sorted(pairs, key=lambda p: p[1].casefold()))


@cache
def currency_choices() -> tuple[tuple[str, str], ...]:
    """(code, `EUR – Euro`) for every ISO currency, by code. The first call loads babel's
    English names (40 ms); the window's warm-up thread makes it before a form needs it."""
    from babel.numbers import get_currency_name

    items = []
    for code in sorted(ISO_CURRENCIES):
        name = get_currency_name(code, locale="en")
        items.append((code, code if name == code else f"{code} – {name}"))
    return tuple(items)
