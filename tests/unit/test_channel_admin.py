"""Channel administration: add, rename, merge (and its exact undo), flags, and source mappings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop_app.domain.money import EU
from desktop_app.store.channel_admin import (
    ChannelAdminError,
    add_channel,
    list_aliases,
    merge_channels,
    rename_channel,
    set_alias,
    set_flag,
    undo_rename,
    unmerge_channels,
)
from desktop_app.store.channels import ChannelResolver
from desktop_app.store.rate_list import (
    RateError,
    add_rate,
    check_rate,
    delete_rate,
    list_rates,
    restore_rates,
)


def _id(db, name: str) -> int:
    return db.execute("SELECT id FROM channels WHERE name = ?", [name]).fetchone()[0]


def _dump(db) -> list:
    return [
        db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
        for t in ("channels", "channel_aliases", "conversions", "touchpoints", "campaigns")
    ]


def test_source_mapping_is_used_by_the_resolver(db) -> None:
    paid_search = _id(db, "Paid Search")
    for raw in ("Google", "Pay per Click Ads"):
        set_alias(db, raw, paid_search)
    resolver = ChannelResolver(db)
    assert resolver.resolve(source="google")[0] == paid_search
    assert resolver.resolve(source="pay per click ads") == (
        paid_search, "pay per click ads/* mapped to this channel",
    )  # fmt: skip
    syndication = add_channel(db, "Content Syndication", paid=True)
    set_alias(db, "paid-content-syndication", syndication)
    assert ChannelResolver(db).resolve(explicit="paid-content-syndication")[0] == syndication
    assert [a.raw_value for a in list_aliases(db)] == [
        "Google",
        "Pay per Click Ads",
        "paid-content-syndication",
    ]
    with pytest.raises(ChannelAdminError, match="name of a channel"):
        set_alias(db, "email", paid_search)


def test_merge_moves_everything_and_undo_is_exact(db) -> None:
    fb = add_channel(db, "Facebook")
    social = _id(db, "Paid Social")
    goal = db.execute("INSERT INTO goals (name) VALUES ('Lead')").lastrowid
    camp = db.execute(
        "INSERT INTO campaigns (name, channel_id) VALUES ('Spring', ?)", [fb]
    ).lastrowid
    for n in range(3):
        db.execute(
            "INSERT INTO conversions (goal_id, occurred_at, local_date, currency, original_currency,"
            " channel_id, campaign_id) VALUES (?, ?, '2026-05-01', 'EUR', 'EUR', ?, ?)",
            [goal, f"2026-05-01T10:0{n}:00Z", fb if n < 2 else social, camp],
        )
    db.execute(
        "INSERT INTO touchpoints (customer_key, occurred_at, channel_id) VALUES ('k', '2026-05-01T09:00:00Z', ?)",
        [fb],
    )
    set_alias(db, "fb", fb)
    before = _dump(db)
    moved = merge_channels(db, fb, social)
    assert (
        db.execute("SELECT COUNT(*) FROM conversions WHERE channel_id = ?", [social]).fetchone()[0]
        == 3
    )
    assert db.execute("SELECT channel_id FROM touchpoints").fetchone()[0] == social
    assert db.execute("SELECT channel_id FROM campaigns").fetchone()[0] == social
    assert (
        ChannelResolver(db).resolve(explicit="Facebook")[0] == social
    )  # old name is now a mapping
    assert ChannelResolver(db).resolve(source="fb")[0] == social
    unmerge_channels(db, moved)
    assert _dump(db) == before


def test_rename_keeps_the_old_name_findable(db) -> None:
    search = _id(db, "Paid Search")
    undo = rename_channel(db, search, "Google Ads")
    # GA4 rules still name "Paid Search": it must land in the renamed channel, not a new one.
    resolver = ChannelResolver(db)
    assert resolver.resolve(source="google", medium="cpc")[0] == search
    assert resolver.created == []
    undo_rename(db, search, undo)
    assert list_aliases(db) == []
    with pytest.raises(ChannelAdminError, match="already a channel"):
        rename_channel(db, search, "paid social")


def test_flags_and_their_limits(db) -> None:
    phone = _id(db, "Phone")
    built_in_colour = db.execute("SELECT color FROM channels WHERE id = ?", [phone]).fetchone()[0]
    assert set_flag(db, phone, "paid", True) == 0
    assert set_flag(db, phone, "color", "#112233") == built_in_colour  # returns the previous value
    with pytest.raises(ChannelAdminError):
        set_flag(db, phone, "color", "red")
    with pytest.raises(ChannelAdminError):
        set_flag(db, _id(db, "Unassigned"), "hidden", True)


def test_exchange_rates_exact_text(db) -> None:
    code, rate = check_rate(db, "usd", "0,9215", EU)
    assert (code, rate) == ("USD", Decimal("0.9215"))
    added = add_rate(db, code, rate, date(2026, 1, 1))
    assert added.replaced is None
    assert db.execute("SELECT rate FROM exchange_rates").fetchone()[0] == "0.9215"
    with pytest.raises(RateError, match="own currency"):
        check_rate(db, "EUR", "1", EU)
    with pytest.raises(RateError, match="greater than zero"):
        check_rate(db, "GBP", "0", EU)
    removed = delete_rate(db, added.rate_id)
    assert list_rates(db) == []
    restore_rates(db, removed)
    assert [(r.id, r.rate) for r in list_rates(db)] == [(added.rate_id, Decimal("0.9215"))]


def test_undoing_an_add_or_a_rename_brings_back_the_mapping_its_name_replaced(db) -> None:
    """A channel named like a mapped source value takes that value over; undo gives it back."""
    from desktop_app.store.channel_admin import (
        add_channel_reversibly,
        rename_reversibly,
        set_alias,
    )

    search = _id(db, "Paid Search")
    set_alias(db, "podcast", search)
    set_alias(db, "radio", search)
    before = _dump(db)
    added = add_channel_reversibly(db, "Podcast")
    aliases = dict(db.execute("SELECT raw_value, channel_id FROM channel_aliases").fetchall())
    assert "podcast" not in aliases
    added.undo(db)
    assert _dump(db) == before
    added.redo(db)
    added.undo(db)
    assert _dump(db) == before
    renamed = rename_reversibly(db, _id(db, "Email"), "Radio")
    renamed.undo(db)
    renamed.redo(db)
    renamed.undo(db)
    assert _dump(db) == before
