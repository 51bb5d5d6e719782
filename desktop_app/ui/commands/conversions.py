"""Undo steps for conversions logged, edited, cancelled and deleted by hand.

Each writes through the store, which returns the exact rows before and after (a
`ConversionChange`); the step on the undo stack puts them back and forward with the same ids.
"""

from __future__ import annotations

from typing import Any

from desktop_app.domain import formatting
from desktop_app.store import conversions as store
from desktop_app.store.lookups import goal_name_of_conversion
from desktop_app.ui.commands.base import push_change
from desktop_app.ui.shell.context import AppContext


def log_conversion(ctx: AppContext, row: dict[str, Any], goal_name: str) -> int:
    """Insert a checked row through the undo stack; returns the new conversion's id."""
    change = store.log_conversion(ctx.require_db(), row)
    push_change(ctx, f"Log conversion '{goal_name}'", change, "conversions")
    return change.ids[0]


def edit_conversion(
    ctx: AppContext, conversion_id: int, row: dict[str, Any], goal_name: str
) -> None:
    change = store.edit_conversion(ctx.require_db(), conversion_id, row)
    push_change(ctx, f"Edit conversion '{goal_name}'", change, "conversions")


def delete_conversions(ctx: AppContext, ids: list[int]) -> None:
    text = _step_text(ctx, "Delete", ids)
    push_change(ctx, text, store.delete_reversibly(ctx.require_db(), ids), "conversions")


def cancel_conversions(ctx: AppContext, ids: list[int], cancelled: bool = True) -> None:
    """Mark conversions cancelled (or active again) as one undoable step."""
    text = _step_text(ctx, "Cancel" if cancelled else "Reinstate", ids)
    change = store.cancel_reversibly(ctx.require_db(), ids, cancelled)
    push_change(ctx, text, change, "conversions")


def _step_text(ctx: AppContext, verb: str, ids: list[int]) -> str:
    """ "Delete conversion 'Purchase'" for one, "Delete 3 conversions" for several."""
    if len(ids) == 1:
        name = goal_name_of_conversion(ctx.require_db(), ids[0]) or ids[0]
        return f"{verb} conversion '{name}'"
    return f"{verb} {formatting.number(len(ids))} conversions"
