"""Undo steps for the Settings page: channels, source mappings, exchange rates and business settings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from desktop_app.store import channel_admin as admin
from desktop_app.store.rate_list import (
    RateError,
    add_rate,
    check_removal,
    delete_rate,
    restore_rates,
)
from desktop_app.store.settings import save_settings
from desktop_app.ui.commands.base import FunctionCommand
from desktop_app.ui.shell.context import AppContext

_CHANNEL_VIEWS = ("channels", "conversions")
# A rate re-prices stored amounts: every page that shows money refreshes.
_RATE_VIEWS = ("settings", "conversions", "spend")


def add_channel(ctx: AppContext, name: str, paid: bool = False) -> int:
    db = ctx.require_db()
    admin.check_new_name(db, name)
    state: dict[str, Any] = {"row": None, "id": None}

    def do() -> None:
        if state["row"] is None:
            state["id"] = admin.add_channel(db, name, paid)
        else:
            admin.restore_channel(db, state["row"])

    def undo() -> None:
        state["row"] = admin.channel_row(db, state["id"])
        admin.remove_unused_channel(db, state["id"])

    ctx.undo_stack.push(
        FunctionCommand(ctx, f"Add channel '{name.strip()}'", do, undo, _CHANNEL_VIEWS)
    )
    return int(state["id"])


def rename_channel(ctx: AppContext, channel_id: int, new_name: str) -> None:
    db = ctx.require_db()
    state: dict[str, Any] = {}

    def do() -> None:
        state["undo"] = admin.rename_channel(db, channel_id, new_name)

    def undo() -> None:
        admin.undo_rename(db, channel_id, state["undo"])

    admin.check_new_name(db, new_name, exclude_id=channel_id)
    old = admin.channel_row(db, channel_id)["name"]
    text = f"Rename channel '{old}' to '{new_name.strip()}'"
    ctx.undo_stack.push(FunctionCommand(ctx, text, do, undo, _CHANNEL_VIEWS))


def set_channel_flag(ctx: AppContext, channel_id: int, flag: str, value: Any) -> None:
    db = ctx.require_db()
    value = admin.check_flag(db, channel_id, flag, value)
    row = admin.channel_row(db, channel_id)
    old = row[flag]
    labels = {
        "paid": ("Mark '{}' as paid", "Mark '{}' as unpaid"),
        "hidden": ("Hide channel '{}'", "Show channel '{}'"),
        "color": ("Change colour of '{}'", "Change colour of '{}'"),
    }
    text = labels[flag][0 if value else 1].format(row["name"])
    ctx.undo_stack.push(
        FunctionCommand(
            ctx,
            text,
            lambda: admin.set_flag(db, channel_id, flag, value),
            lambda: admin.set_flag(db, channel_id, flag, old),
            _CHANNEL_VIEWS,
        )
    )


def merge_channels(ctx: AppContext, source_id: int, target_id: int) -> None:
    db = ctx.require_db()
    admin.check_merge(db, source_id, target_id)
    state: dict[str, Any] = {}
    source = admin.channel_row(db, source_id)["name"]
    target = admin.channel_row(db, target_id)["name"]

    def do() -> None:
        state["moved"] = admin.merge_channels(db, source_id, target_id)

    def undo() -> None:
        admin.unmerge_channels(db, state["moved"])

    text = f"Merge channel '{source}' into '{target}'"
    ctx.undo_stack.push(FunctionCommand(ctx, text, do, undo, (*_CHANNEL_VIEWS, "campaigns")))


def map_source(ctx: AppContext, raw_value: str, channel_id: int | None) -> None:
    """Map a source value to a channel (None removes the mapping)."""
    db = ctx.require_db()
    state: dict[str, Any] = {}

    def do() -> None:
        state["previous"] = admin.set_alias(db, raw_value, channel_id)

    def undo() -> None:
        admin.set_alias(db, raw_value, state["previous"])

    raw = admin.check_alias(db, raw_value, channel_id)
    if channel_id is None:
        text = f"Remove mapping of '{raw}'"
    else:
        text = f"Map '{raw}' to '{admin.channel_row(db, channel_id)['name']}'"
    ctx.undo_stack.push(FunctionCommand(ctx, text, do, undo, ("channels",)))


def reclassify_records(ctx: AppContext) -> int:
    """Re-apply the channel rules to the stored records as one undoable step; returns how many
    records moved."""
    from desktop_app.store.reclassify import put_back, reclassify

    db = ctx.require_db()
    state: dict[str, Any] = {}

    def do() -> None:
        state["done"] = reclassify(db)

    def undo() -> None:
        put_back(db, state["done"])

    ctx.undo_stack.push(
        FunctionCommand(ctx, "Re-classify stored records", do, undo, _CHANNEL_VIEWS)
    )
    return int(state["done"].records)


def add_exchange_rate(ctx: AppContext, currency: str, rate: Decimal, valid_from: date) -> int:
    """Add (or replace) a rate as one undoable step; returns how many stored amounts it re-priced."""
    db = ctx.require_db()
    state: dict[str, Any] = {}

    def do() -> None:
        state["change"] = add_rate(db, currency, rate, valid_from)

    def undo() -> None:
        restore_rates(db, state["change"])

    text = f"Exchange rate {currency} {rate} from {valid_from.isoformat()}"
    ctx.undo_stack.push(
        FunctionCommand(ctx, text, do, undo, _RATE_VIEWS, (RateError,), "the exchange rate")
    )
    return int(state["change"].repriced)


def delete_exchange_rate(ctx: AppContext, rate_id: int) -> int:
    """Remove a rate as one undoable step (RateError first when amounts depend on it alone);
    returns how many stored amounts were re-priced."""
    db = ctx.require_db()
    currency, valid_from = check_removal(db, rate_id)
    state: dict[str, Any] = {}

    def do() -> None:
        state["change"] = delete_rate(db, rate_id)

    def undo() -> None:
        restore_rates(db, state["change"])

    text = f"Delete exchange rate {currency} from {valid_from}"
    ctx.undo_stack.push(
        FunctionCommand(ctx, text, do, undo, _RATE_VIEWS, (RateError,), "the exchange rate")
    )
    return int(state["change"].repriced)


def change_settings(ctx: AppContext, changes: dict[str, str], before: dict[str, str]) -> None:
    """Store business settings (validated by the caller); undo puts the previous values back."""
    db = ctx.require_db()
    ctx.undo_stack.push(
        FunctionCommand(
            ctx,
            "Change business settings",
            lambda: save_settings(db, changes),
            lambda: save_settings(db, before),
            ("settings", "conversions"),
        )
    )
