"""Exchange rates (PRODUCT.md): the earliest rate covers earlier dates, a changed rate re-prices
the stored amounts it covers, and a rate that amounts depend on alone cannot be removed."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from desktop_app.store.exchange import rate_on, rate_uses
from desktop_app.store.rate_list import (
    RateError,
    add_rate,
    check_removal,
    delete_rate,
    find_rate,
    restore_rates,
)


def _conversion(db, day: str, usd_cents: int, eur_cents: int) -> int:
    goal = db.execute("SELECT id FROM goals WHERE name = 'Sale'").fetchone()
    if goal is None:
        db.execute(
            "INSERT INTO goals (name, category, currency) VALUES ('Sale', 'transaction', 'EUR')"
        )
        goal = db.execute("SELECT id FROM goals WHERE name = 'Sale'").fetchone()
    unassigned = db.execute("SELECT id FROM channels WHERE name = 'Unassigned'").fetchone()[0]
    cursor = db.execute(
        "INSERT INTO conversions (goal_id, occurred_at, local_date, value_minor, currency,"
        " original_value_minor, original_currency, channel_id) VALUES (?, ?, ?, ?, 'EUR', ?, 'USD', ?)",
        [goal[0], f"{day}T10:00:00Z", day, eur_cents, usd_cents, unassigned],
    )
    return int(cursor.lastrowid)


def _spend(db, day: str, usd_cost: int, usd_value: int | None) -> int:
    unassigned = db.execute("SELECT id FROM channels WHERE name = 'Unassigned'").fetchone()[0]
    db.execute(
        "INSERT OR IGNORE INTO campaigns (name, channel_id) VALUES ('Search', ?)", [unassigned]
    )
    campaign = db.execute("SELECT id FROM campaigns WHERE name = 'Search'").fetchone()[0]
    cursor = db.execute(
        "INSERT INTO spend (campaign_id, period_start, period_end, cost_minor, currency,"
        " original_cost_minor, original_currency, platform_value_minor,"
        " original_platform_value_minor) VALUES (?, ?, ?, 1, 'EUR', ?, 'USD', 7, ?)",
        [campaign, day, day, usd_cost, usd_value],
    )
    return int(cursor.lastrowid)


def _eur(usd_cents: int, rate: str) -> int:
    """What a reader with a calculator gets: cents × rate, rounded half up."""
    return int((Decimal(usd_cents) * Decimal(rate)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _value(db, cid: int) -> int:
    return int(db.execute("SELECT value_minor FROM conversions WHERE id = ?", [cid]).fetchone()[0])


def test_the_earliest_rate_covers_every_earlier_date(db) -> None:
    assert rate_on(db, "USD", date(2020, 1, 1)) is None
    add_rate(db, "USD", Decimal("0.90"), date(2026, 1, 1))
    add_rate(db, "USD", Decimal("0.95"), date(2026, 6, 1))
    assert rate_on(db, "USD", date(2019, 3, 4)) == Decimal("0.90")  # before the first rate
    assert rate_on(db, "USD", date(2026, 5, 31)) == Decimal("0.90")
    assert rate_on(db, "USD", date(2026, 6, 1)) == Decimal("0.95")
    assert rate_on(db, "usd", date(2030, 1, 1)) == Decimal("0.95")
    assert rate_on(db, "GBP", date(2026, 6, 1)) is None


def test_adding_and_changing_a_rate_reprices_what_it_covers(db) -> None:
    old = _conversion(db, "2025-03-01", 10_000, 0)  # stored before any rate: 0 EUR
    late = _conversion(db, "2026-07-01", 1_999, 0)
    spend = _spend(db, "2025-12-31", 12_345, 555)
    change = add_rate(db, "USD", Decimal("0.92"), date(2026, 1, 1))
    assert change.repriced == 3 and change.replaced is None
    assert _value(db, old) == _eur(10_000, "0.92") == 9_200
    assert _value(db, late) == _eur(1_999, "0.92") == 1_839  # 1839.08 rounds down
    cost, value = db.execute(
        "SELECT cost_minor, platform_value_minor FROM spend WHERE id = ?", [spend]
    ).fetchone()
    assert (cost, value) == (_eur(12_345, "0.92"), _eur(555, "0.92")) == (11_357, 511)

    # A later rate re-prices only the dates it covers.
    later = add_rate(db, "USD", Decimal("0.5"), date(2026, 7, 1))
    assert later.repriced == 1
    assert (_value(db, old), _value(db, late)) == (9_200, _eur(1_999, "0.5"))
    # Replacing the first rate's value re-prices the rest; the same value again moves nothing.
    again = add_rate(db, "USD", Decimal("1.1"), date(2026, 1, 1))
    assert (again.repriced, again.replaced) == (2, "0.92")
    assert _value(db, old) == 11_000
    assert add_rate(db, "USD", Decimal("1.1"), date(2026, 1, 1)).repriced == 0


def test_undo_of_a_rate_change_puts_every_amount_back(db) -> None:
    cid = _conversion(db, "2026-02-01", 5_000, 0)
    first = add_rate(db, "USD", Decimal("0.9"), date(2026, 1, 1))
    second = add_rate(db, "USD", Decimal("0.8"), date(2026, 1, 1))
    assert _value(db, cid) == 4_000
    assert restore_rates(db, second) == 1
    assert _value(db, cid) == 4_500
    assert [(r.rate, r.valid_from) for r in rate_uses(db)] == [(Decimal("0.9"), "2026-01-01")]
    assert restore_rates(db, first) == 1
    assert rate_uses(db) == []
    assert _value(db, cid) == 0  # back to what it held before the currency's first rate


def test_a_rate_in_use_cannot_be_removed_alone(db) -> None:
    cid = _conversion(db, "2026-02-01", 5_000, 0)
    only = add_rate(db, "USD", Decimal("0.9"), date(2026, 1, 1))
    assert only.rate_id is not None
    with pytest.raises(RateError, match=r"1 stored amount is in USD .* the only USD rate"):
        delete_rate(db, only.rate_id)
    assert _value(db, cid) == 4_500
    # With a second rate, the first may go: the second then covers its dates and re-prices them.
    later = add_rate(db, "USD", Decimal("0.5"), date(2026, 3, 1))
    removed = delete_rate(db, only.rate_id)
    assert removed.repriced == 1 and _value(db, cid) == 2_500
    with pytest.raises(RateError):
        check_removal(db, int(later.rate_id or 0))
    with pytest.raises(
        RateError, match="no USD rate valid from 2026-01-01; its rates are valid from 2026-03-01"
    ):
        find_rate(db, "USD", date(2026, 1, 1))


def test_rate_uses_say_which_dates_each_rate_prices_and_how_many_amounts(db) -> None:
    for day in ("2025-06-01", "2026-01-15", "2026-02-01", "2026-05-01"):
        _conversion(db, day, 100, 0)
    _spend(db, "2026-04-30", 100, None)
    add_rate(db, "USD", Decimal("0.9"), date(2026, 1, 1))
    add_rate(db, "USD", Decimal("0.8"), date(2026, 3, 1))
    add_rate(db, "GBP", Decimal("1.2"), date(2026, 1, 1))
    uses = [(u.currency, u.valid_from, u.covers_text(), u.amounts) for u in rate_uses(db)]
    assert uses == [
        ("GBP", "2026-01-01", "every date", 0),
        ("USD", "2026-03-01", "from 2026-03-01 on", 2),  # the spend and the May conversion
        ("USD", "2026-01-01", "up to 2026-02-28", 3),  # June 2025 is before every rate
    ]


def test_spend_whose_original_platform_value_is_unknown_keeps_it(db) -> None:
    spend = _spend(db, "2026-01-05", 1_000, None)
    add_rate(db, "USD", Decimal("2"), date(2026, 1, 1))
    assert db.execute(
        "SELECT cost_minor, platform_value_minor FROM spend WHERE id = ?", [spend]
    ).fetchone() == (2_000, 7)


def test_undoing_a_first_rate_is_refused_once_amounts_were_priced_with_it_since(db) -> None:
    """An import after the rate (not on the undo stack) must not be left priced by no rate."""
    first = add_rate(db, "USD", Decimal("0.9"), date(2026, 1, 1))
    _conversion(db, "2026-02-01", 1_000, 900)  # imported since, priced with that rate
    with pytest.raises(RateError, match=r"1 stored amount in USD was priced with this rate since"):
        restore_rates(db, first)
    assert [u.rate for u in rate_uses(db)] == [Decimal("0.9")]


def test_a_new_time_zone_reprices_conversions_whose_local_date_moves(db) -> None:
    from desktop_app.store.settings import save_settings

    # 23:30 UTC on 31 March is 1 April in Berlin (summer time), 31 March in New York.
    cid = _conversion(db, "2026-04-01", 10_000, 0)
    db.execute("UPDATE conversions SET occurred_at = '2026-03-31T23:30:00Z' WHERE id = ?", [cid])
    add_rate(db, "USD", Decimal("0.5"), date(2026, 1, 1))
    add_rate(db, "USD", Decimal("0.8"), date(2026, 4, 1))
    assert _value(db, cid) == 8_000
    save_settings(db, {"timezone": "America/New_York"})
    assert db.execute("SELECT local_date FROM conversions WHERE id = ?", [cid]).fetchone() == (
        "2026-03-31",
    )
    assert _value(db, cid) == 5_000  # priced with the rate of its new date


def test_the_base_currency_cannot_change_under_stored_rates(db) -> None:
    from desktop_app.domain.settings_values import SettingError
    from desktop_app.store.settings import load_settings, save_settings

    db.execute("DELETE FROM conversions")
    add_rate(db, "USD", Decimal("0.9"), date(2026, 1, 1))
    with pytest.raises(SettingError, match=r"exchange rates \(USD\) are stored as amounts of EUR"):
        save_settings(db, {"currency": "GBP"})
    assert load_settings(db).currency == "EUR"
