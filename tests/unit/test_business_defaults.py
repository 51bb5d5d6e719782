"""Business defaults from the computer, time-zone names typed half-way, and phone numbers read
with the business's country."""

from __future__ import annotations

from zoneinfo import available_timezones

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain import google_contacts
from desktop_app.domain.business_defaults import (
    country_of_locale,
    currency_of_country,
    defaults_for,
)
from desktop_app.domain.contacts import ContactError, e164, sha256_hex
from desktop_app.domain.settings_values import SettingError, normalise_setting
from desktop_app.domain.timeutil import TimeZoneError, all_time_zones, is_time_zone, zone
from desktop_app.system_locale import computer_defaults

ZONES = all_time_zones()
KNOWN = set(available_timezones()) | {"UTC"}


@pytest.mark.parametrize(
    ("locale", "country", "currency"),
    [
        ("de_DE.UTF-8", "DE", "EUR"),
        ("en-GB", "GB", "GBP"),
        ("bn_BD", "BD", "BDT"),
        ("pt_BR.utf8@something", "BR", "BRL"),
        ("zh_Hant_TW", "TW", "TWD"),
        ("C.UTF-8", "US", "USD"),  # the system names no country: the US dollar
        ("POSIX", "US", "USD"),
        ("en", "US", "USD"),
        ("", "US", "USD"),
    ],
)
def test_country_and_currency_follow_the_locale(locale, country, currency) -> None:
    defaults = defaults_for(locale, "Europe/Berlin")
    assert (defaults.country, defaults.currency, defaults.timezone) == (
        country,
        currency,
        "Europe/Berlin",
    )


@pytest.mark.parametrize(
    ("name", "shown"),
    [("Etc/UTC", "UTC"), ("UTC", "UTC"), ("Zulu", "UTC"), (None, "UTC"), ("Mars/Olympus", "UTC"),
     ("America/New_York", "America/New_York")],
)  # fmt: skip
def test_zone_names_of_the_computer(name, shown) -> None:
    assert defaults_for("de_DE", name).timezone == shown


def test_computer_defaults_read_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("LC_ALL", "")
    monkeypatch.setenv("LC_MONETARY", "fr_CH.UTF-8")
    monkeypatch.setenv("TZ", "Europe/Zurich")
    defaults = computer_defaults()
    assert (defaults.country, defaults.currency, defaults.timezone) == (
        "CH",
        "CHF",
        "Europe/Zurich",
    )
    assert country_of_locale("fr_CH") == "CH" and currency_of_country("ch") == "CHF"


@given(st.sampled_from(ZONES), st.integers(min_value=0, max_value=40))
def test_every_prefix_of_a_zone_name_is_answered_without_error(name: str, cut: int) -> None:
    """Typing `Europe/Berlin` letter by letter: `Europe` is a folder of the zone database and
    opening it raised IsADirectoryError."""
    prefix = name[:cut]
    assert is_time_zone(prefix) == (prefix in KNOWN)


@pytest.mark.parametrize(
    "text", ["Europe", "America", "Europe/", "../../etc/passwd", "/etc/localtime", "europe/berlin",
             "Europe/Berlin\x00", " ", "", "localtime", "Factory", "posixrules"],
)  # fmt: skip
def test_partial_or_hostile_zone_names_are_refused_clearly(text) -> None:
    assert not is_time_zone(text)
    with pytest.raises(TimeZoneError, match="is not a time zone name such as Europe/Berlin"):
        zone(text)
    with pytest.raises(SettingError, match="is not a time zone name"):
        normalise_setting("timezone", text or "-")


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("retention_months", "²", "whole number of months"),  # isdigit() but not int()
        ("retention_months", "-1", "whole number of months"),
        ("retention_months", "99999999999999999999", "whole number of months"),
        ("name", "Shop\x00", "control character"),
        ("country", "XX", "two-letter country code"),
        ("currency", "EURO", "ISO 4217"),
        ("colour", "red", "unknown setting"),
    ],
)
def test_every_setting_is_validated_with_a_message(key, value, message) -> None:
    with pytest.raises(SettingError, match=message):
        normalise_setting(key, value)


def test_national_numbers_are_read_in_the_business_country() -> None:
    assert e164("030 1234567", "DE") == "+49301234567"
    assert google_contacts.phone_hash("030 1234567", "DE") == sha256_hex("+49301234567")
    assert e164("+49 30 1234567", "US") == "+49301234567"
    with pytest.raises(
        ContactError,
        match=r"not a valid phone number in United States \(numbers without \+country code",
    ):
        e164("030 1234567", "US")  # was stored as the hash of +10301234567
    with pytest.raises(ContactError, match=r"'\+49 30 12' is not a valid phone number$"):
        e164("+49 30 12", "DE")
