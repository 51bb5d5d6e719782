"""Undo steps for the Settings page: channels, source mappings, exchange rates and business settings.

Each writes through the store, which returns the change (a `Reversible`), and puts it on the
undo stack with the pages it concerns.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from desktop_app.store import channel_admin as admin
from desktop_app.store.rate_list import (
    RateError,
    add_rate_reversibly,
    check_removal,
    delete_rate_reversibly,
)
from desktop_app.store.settings import save_settings_reversibly
from desktop_app.ui.commands.base import push_change
from desktop_app.ui.shell.context import AppContext

_CHANNEL_VIEWS = ("channels", "conversions")
# A rate re-prices stored amounts: every page that shows money refreshes.
_RATE_VIEWS = ("settings", "conversions", "spend")


def add_channel(ctx: AppContext, name: str, paid: bool = False) -> int:
    change = admin.add_channel_reversibly(ctx.require_db(), name, paid)
    push_change(ctx, f"Add channel '{change.row['name']}'", change, *_CHANNEL_VIEWS)
    return int(change.row["id"])


def rename_channel(ctx: AppContext, channel_id: int, new_name: str) -> None:
    db = ctx.require_db()
    old = admin.channel_row(db, channel_id)["name"]
    change = admin.rename_reversibly(db, channel_id, new_name)
    text = f"Rename channel '{old}' to '{new_name.strip()}'"
    push_change(ctx, text, change, *_CHANNEL_VIEWS)


def set_channel_flag(ctx: AppContext, channel_id: int, flag: str, value: Any) -> None:
    db = ctx.require_db()
    change = admin.set_flag_reversibly(db, channel_id, flag, value)
    labels = {
        "paid": ("Mark '{}' as paid", "Mark '{}' as unpaid"),
        "hidden": ("Hide channel '{}'", "Show channel '{}'"),
        "color": ("Change colour of '{}'", "Change colour of '{}'"),
    }
    text = labels[flag][0 if change.new else 1].format(admin.channel_row(db, channel_id)["name"])
    push_change(ctx, text, change, *_CHANNEL_VIEWS)


def merge_channels(ctx: AppContext, source_id: int, target_id: int) -> None:
    db = ctx.require_db()
    admin.check_merge(db, source_id, target_id)
    source = admin.channel_row(db, source_id)["name"]
    target = admin.channel_row(db, target_id)["name"]
    change = admin.merge_reversibly(db, source_id, target_id)
    text = f"Merge channel '{source}' into '{target}'"
    push_change(ctx, text, change, *_CHANNEL_VIEWS, "campaigns")


def map_source(ctx: AppContext, raw_value: str, channel_id: int | None) -> None:
    """Map a source value to a channel (None removes the mapping)."""
    db = ctx.require_db()
    change = admin.set_alias_reversibly(db, raw_value, channel_id)
    if channel_id is None:
        text = f"Remove mapping of '{change.raw_value}'"
    else:
        text = f"Map '{change.raw_value}' to '{admin.channel_row(db, channel_id)['name']}'"
    push_change(ctx, text, change, "channels")


def reclassify_records(ctx: AppContext) -> int:
    """Re-apply the channel rules to the stored records as one undoable step; returns how many
    records moved."""
    from desktop_app.store.reclassify import reclassify

    done = reclassify(ctx.require_db())
    push_change(ctx, "Re-classify stored records", done, *_CHANNEL_VIEWS)
    return done.records


def add_exchange_rate(ctx: AppContext, currency: str, rate: Decimal, valid_from: date) -> int:
    """Add (or replace) a rate as one undoable step; returns how many stored amounts it re-priced."""
    change = add_rate_reversibly(ctx.require_db(), currency, rate, valid_from)
    text = f"Exchange rate {currency} {rate} from {valid_from.isoformat()}"
    push_change(ctx, text, change, *_RATE_VIEWS, refusals=(RateError,), what="the exchange rate")
    return change.change.repriced


def delete_exchange_rate(ctx: AppContext, rate_id: int) -> int:
    """Remove a rate as one undoable step (RateError first when amounts depend on it alone);
    returns how many stored amounts were re-priced."""
    db = ctx.require_db()
    currency, valid_from = check_removal(db, rate_id)
    change = delete_rate_reversibly(db, rate_id)
    text = f"Delete exchange rate {currency} from {valid_from}"
    push_change(ctx, text, change, *_RATE_VIEWS, refusals=(RateError,), what="the exchange rate")
    return change.change.repriced


def change_settings(ctx: AppContext, changes: dict[str, str], before: dict[str, str]) -> None:
    """Store business settings (validated by the caller); undo puts the previous values back."""
    change = save_settings_reversibly(ctx.require_db(), changes, before)
    push_change(ctx, "Change business settings", change, "settings", "conversions")
