"""Business settings kept in the database (name, base currency, time zone, country, privacy)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.business_defaults import BusinessDefaults
from desktop_app.domain.settings_values import (
    DEFAULTS,
    TRUE_TEXTS,
    BusinessSettings,
    SettingError,
    normalise_setting,
)
from desktop_app.domain.timeutil import zone
from desktop_app.store.audit import record
from desktop_app.store.exchange import reprice
from desktop_app.store.handle import Database
from desktop_app.store.lookups import has_rows
from desktop_app.store.transactions import writing


def load_settings(db: Database) -> BusinessSettings:
    stored = {row[0]: row[1] for row in db.execute("SELECT key, value FROM settings")}
    values = {**DEFAULTS, **{k: v for k, v in stored.items() if k in DEFAULTS}}
    return BusinessSettings(
        name=values["name"],
        currency=values["currency"],
        timezone=values["timezone"],
        country=values["country"],
        keep_contacts=values["keep_contacts"] in TRUE_TEXTS,
        retention_months=int(values["retention_months"]),
    )


def is_configured(db: Database) -> bool:
    """True once the first-start questions (name, currency, time zone) were answered."""
    return (
        db.execute("SELECT 1 FROM settings WHERE key = 'currency' AND value != ''").fetchone()
        is not None
    )


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


@dataclass(frozen=True, slots=True)
class SettingsChanged:
    """Business settings changed from `before` to `after` (a `Reversible`, store/changes.py)."""

    before: dict[str, str]
    after: dict[str, str]

    def undo(self, db: Database) -> None:
        save_settings(db, self.before)

    def redo(self, db: Database) -> None:
        save_settings(db, self.after)


def save_settings_reversibly(
    db: Database, changes: dict[str, str], before: dict[str, str]
) -> SettingsChanged:
    """Store settings (see save_settings); `before` holds the values they replace."""
    save_settings(db, changes)
    return SettingsChanged(dict(before), dict(changes))
