"""Business settings and contact hashing (the normalisation each ad platform requires)."""

import pytest

from desktop_app.domain.contacts import ContactError, e164
from desktop_app.store.settings import (
    SettingError,
    ensure_base_currency,
    load_settings,
    save_settings,
)


def test_settings_defaults_and_changes(db) -> None:
    s = load_settings(db)
    assert (s.name, s.currency, s.timezone) == ("Test shop", "EUR", "Europe/Berlin")
    assert s.keep_contacts is False and s.retention_months == 0
    s = save_settings(db, {"keep_contacts": "yes", "retention_months": "24", "country": "de"})
    assert s.keep_contacts is True and s.retention_months == 24 and s.country == "DE"
    audit = db.execute("SELECT action, details FROM audit_log WHERE action = 'settings'").fetchall()
    assert audit and "keep_contacts" in audit[-1][1]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("currency", "EURO", "ISO 4217"),
        ("timezone", "Mars/Olympus", "time zone"),
        ("country", "XX", "country code"),
        ("keep_contacts", "maybe", "true or false"),
        ("retention_months", "-3", "whole number"),
        ("colour", "blue", "unknown setting"),
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(
    db, key: str, value: str, message: str
) -> None:
    before = load_settings(db)
    with pytest.raises(SettingError, match=message):
        save_settings(db, {"name": "Changed", key: value})
    assert load_settings(db) == before


def test_first_currency_named_by_data_becomes_the_base(db_path) -> None:
    from desktop_app.store import close_database, open_database

    db = open_database(db_path)
    try:
        assert load_settings(db).currency == ""
        assert ensure_base_currency(db, "usd") == "USD"
        assert ensure_base_currency(db, "EUR") == "USD"  # already set: unchanged
    finally:
        close_database(db)


def test_base_currency_is_fixed_once_money_is_stored(db) -> None:
    db.execute(
        "INSERT INTO campaigns (name, channel_id) VALUES ('C', (SELECT id FROM channels LIMIT 1))"
    )
    db.execute(
        "INSERT INTO spend (campaign_id, period_start, period_end, cost_minor, currency,"
        " original_cost_minor, original_currency) VALUES (1, '2026-01-01', '2026-01-01', 100, 'EUR', 100, 'EUR')"
    )
    with pytest.raises(SettingError, match="cannot be changed"):
        save_settings(db, {"currency": "USD"})


def test_changing_the_time_zone_moves_local_dates(db) -> None:
    db.execute("INSERT INTO goals (name) VALUES ('Lead')")
    db.execute(
        "INSERT INTO conversions (goal_id, occurred_at, local_date, currency, original_currency, channel_id)"
        " VALUES (1, '2026-03-01T23:30:00Z', '2026-03-02', 'EUR', 'EUR', 1)"
    )
    save_settings(db, {"timezone": "America/New_York"})
    assert db.execute("SELECT local_date FROM conversions").fetchone()[0] == "2026-03-01"


def test_phone_numbers_in_e164() -> None:
    assert e164("030 1234567", "DE") == "+49301234567"
    assert e164("(415) 555-2671", "US") == "+14155552671"
    assert e164("+44 20 7946 0958", "US") == "+442079460958"
    with pytest.raises(ContactError):
        e164("call me", "DE")
