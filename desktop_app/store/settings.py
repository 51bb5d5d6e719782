"""Business settings kept in the database (name, base currency, time zone, country, privacy)."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from desktop_app.domain.business_defaults import BusinessDefaults
from desktop_app.domain.money import is_currency_code
from desktop_app.domain.timeutil import is_time_zone, zone
from desktop_app.store.audit import record
from desktop_app.store.exchange import reprice
from desktop_app.store.lookups import has_rows
from desktop_app.store.transactions import writing


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

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


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


def load_settings(db: Database) -> BusinessSettings:
    stored = {row[0]: row[1] for row in db.execute("SELECT key, value FROM settings")}
    values = {**DEFAULTS, **{k: v for k, v in stored.items() if k in DEFAULTS}}
    return BusinessSettings(
        name=values["name"],
        currency=values["currency"],
        timezone=values["timezone"],
        country=values["country"],
        keep_contacts=values["keep_contacts"] in _TRUE,
        retention_months=int(values["retention_months"]),
    )


def is_configured(db: Database) -> bool:
    """True once the first-start questions (name, currency, time zone) were answered."""
    return (
        db.execute("SELECT 1 FROM settings WHERE key = 'currency' AND value != ''").fetchone()
        is not None
    )


def normalise_setting(key: str, value: str) -> str:
    """Validate one setting; returns the stored text form or raises SettingError."""
    key = key.strip().lower()
    value = value.strip()
    if key not in DEFAULTS:
        raise SettingError(f"unknown setting '{key}'; settings are: {', '.join(KEYS)}")
    if key == "currency":
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
        if value.lower() in _TRUE:
            return "true"
        if value.lower() in _FALSE:
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


def has_money_data(db: Database) -> bool:
    for table in ("conversions", "spend"):
        if db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
            return True
    return False


def save_settings(db: Database, changes: dict[str, str]) -> BusinessSettings:
    """Validate and store several settings in one transaction; returns the new settings."""
    normalised = {k.strip().lower(): normalise_setting(k, v) for k, v in changes.items()}
    current = load_settings(db)
    new_currency = normalised.get("currency")
    if (
        new_currency
        and current.currency
        and new_currency != current.currency
        and has_money_data(db)
    ):
        raise SettingError(
            f"the base currency is {current.currency} and amounts are already stored in it; "
            "it cannot be changed now. Enter an exchange rate for other currencies instead."
        )
    if new_currency and current.currency and new_currency != current.currency:
        rated = [r[0] for r in db.execute("SELECT DISTINCT currency FROM exchange_rates")]
        if rated:
            raise SettingError(
                f"exchange rates ({', '.join(sorted(rated))}) are stored as amounts of "
                f"{current.currency}; remove them first (Settings > Exchange rates, or: "
                "conversion-tracker rates remove CUR --from DATE), then change the currency"
            )
    with writing(db):
        for key, value in normalised.items():
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
        if "timezone" in normalised and normalised["timezone"] != current.timezone:
            _recompute_local_dates(db, normalised["timezone"])
            # A conversion's local date picks its exchange rate: a moved date may need another.
            for (code,) in db.execute("SELECT DISTINCT currency FROM exchange_rates").fetchall():
                reprice(db, code)
        record(db, "settings", "settings", None, {"changed": sorted(normalised)})
    return load_settings(db)


_DATA_TABLES = ("goals", "campaigns", "spend", "conversions", "touchpoints")


def holds_data(db: Database) -> bool:
    """Whether any goal, campaign, spend, conversion or touchpoint is stored."""
    return has_rows(db, *_DATA_TABLES)


def stored_keys(db: Database) -> set[str]:
    return {row[0] for row in db.execute("SELECT key FROM settings")}


def settle_new_database(db: Database, defaults: BusinessDefaults) -> dict[str, str]:
    """A database that has never had a time zone or country takes the computer's (the currency
    waits for the first data that names one); returns what it stored."""
    missing = {
        k: v
        for k, v in {"timezone": defaults.timezone, "country": defaults.country}.items()
        if k not in stored_keys(db)
    }
    if missing and not holds_data(db):
        save_settings(db, missing)
        return missing
    return {}


def adopt_default_currency(db: Database, defaults: BusinessDefaults) -> str | None:
    """An older database that holds data but no currency gets one; returns the note that says
    so (None when nothing changed). The currency its amounts are already stored in wins over the
    computer's. Rows stored without a currency (zero amounts of early builds) take it too, so no
    amount is left without one."""
    if load_settings(db).currency or not holds_data(db):
        return None
    stored = {
        row[0]
        for table in ("conversions", "spend")
        for row in db.execute(f"SELECT DISTINCT currency FROM {table} WHERE currency != ''")
    }
    if len(stored) == 1:
        code = stored.pop()
        where = "the currency its amounts are stored in"
    else:
        code = defaults.currency
        where = (
            "this computer's settings"
            if defaults.country_named
            else "the default, as this computer's settings name none"
        )
    with writing(db):
        save_settings(db, {"currency": code})
        db.execute("UPDATE goals SET currency = ? WHERE currency = ''", [code])
        for table, column in (("conversions", "value"), ("spend", "cost")):
            db.execute(f"UPDATE {table} SET currency = ? WHERE currency = ''", [code])
            db.execute(
                f"UPDATE {table} SET original_currency = ? WHERE original_currency = ''"
                f" AND original_{column}_minor = 0",
                [code],
            )
    return (
        f"This database had no currency; it now uses {code} ({where}). Amounts in other "
        "currencies are converted with exchange rates."
    )


def ensure_base_currency(db: Database, currency: str) -> str:
    """The base currency; set to `currency` if none was set yet (first data that names one)."""
    current = load_settings(db).currency
    if current:
        return current
    save_settings(db, {"currency": currency})
    return currency.upper()


def _recompute_local_dates(db: Database, timezone: str) -> None:
    """Conversions keep their business-local date for day-level reports; follow a new zone."""
    from desktop_app.domain.timeutil import local_date_of

    tz = zone(timezone)
    rows = db.execute("SELECT id, occurred_at FROM conversions").fetchall()
    db.conn.executemany(
        "UPDATE conversions SET local_date = ? WHERE id = ?",
        [(local_date_of(at, tz).isoformat(), cid) for cid, at in rows],
    )
