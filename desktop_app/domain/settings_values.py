"""The business settings' values (name, base currency, time zone, country, privacy): what each
may hold and its stored text form. Qt-free and database-free: the Settings page, the command
line's `settings` and the store all check a value here."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from desktop_app.domain.timeutil import is_time_zone, zone


class SettingError(ValueError):
    """A setting key or value that is not accepted; the message says what is."""


KEYS = ("name", "currency", "timezone", "country", "keep_contacts", "retention_months")

DEFAULTS: dict[str, str] = {
    "name": "",
    "currency": "",
    "timezone": "UTC",
    "country": "US",
    "keep_contacts": "false",
    "retention_months": "0",
}

TRUE_TEXTS = {"1", "true", "yes", "on"}
FALSE_TEXTS = {"0", "false", "no", "off"}


@dataclass(frozen=True, slots=True)
class BusinessSettings:
    name: str
    currency: str  # '' until set by the user or by the first data that names one
    timezone: str
    country: str
    keep_contacts: bool
    retention_months: int

    @property
    def tz(self) -> ZoneInfo:
        return zone(self.timezone)

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "currency": self.currency,
            "timezone": self.timezone,
            "country": self.country,
            "keep_contacts": self.keep_contacts,
            "retention_months": self.retention_months,
        }


def normalise_setting(key: str, value: str) -> str:
    """Validate one setting; returns the stored text form or raises SettingError."""
    key = key.strip().lower()
    value = value.strip()
    if key not in DEFAULTS:
        raise SettingError(f"unknown setting '{key}'; settings are: {', '.join(KEYS)}")
    if key == "currency":
        from desktop_app.domain.money import is_currency_code  # not for --help (fast start)

        if not is_currency_code(value):
            raise SettingError(f"'{value}' is not an ISO 4217 currency code such as EUR or USD")
        return value.upper()
    if key == "timezone":
        if not is_time_zone(value):
            raise SettingError(f"'{value}' is not a time zone name such as Europe/Berlin")
        return value
    if key == "country":
        import phonenumbers

        if value.upper() not in phonenumbers.SUPPORTED_REGIONS:
            raise SettingError(f"'{value}' is not a two-letter country code such as DE or US")
        return value.upper()
    if key == "keep_contacts":
        if value.lower() in TRUE_TEXTS:
            return "true"
        if value.lower() in FALSE_TEXTS:
            return "false"
        raise SettingError("keep_contacts must be true or false")
    if key == "retention_months":
        # ASCII digits only: str.isdigit() also accepts '²', which int() then refuses.
        if not value.isascii() or not value.isdigit() or int(value) > 1200:
            raise SettingError(
                "retention_months must be a whole number of months from 0 to 1200 "
                "(0 keeps everything)"
            )
        return str(int(value))
    if len(value) > 200:
        raise SettingError("the business name is longer than 200 characters")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise SettingError("the business name holds a control character (a tab, line break or NUL)")
    return value
