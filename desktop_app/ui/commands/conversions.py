"""Undo steps for conversions logged, edited and deleted by hand; each restores the exact rows."""

from __future__ import annotations

from typing import Any

from desktop_app.domain import formatting
from desktop_app.store.conversions import (
    conversion_snapshot,
    insert_conversion,
    remove_conversion,
    restore_conversion,
    restore_conversions,
    set_cancelled,
    update_conversion,
    write_snapshot,
)
from desktop_app.store.conversions import (
    delete_conversions as delete_stored,
)
from desktop_app.store.lookups import goal_name_of_conversion
from desktop_app.ui.commands.base import FunctionCommand
from desktop_app.ui.shell.context import AppContext


def log_conversion(ctx: AppContext, row: dict[str, Any], goal_name: str) -> int:
    """Insert a checked row through the undo stack; returns the new conversion's id."""
    db = ctx.require_db()
    state: dict[str, Any] = {"id": None, "snapshot": None}

    def do() -> None:
        if state["snapshot"] is None:
            state["id"] = insert_conversion(db, row)
        else:
            restore_conversion(db, state["snapshot"], action="redo create")

    def undo() -> None:
        state["snapshot"] = conversion_snapshot(db, state["id"])
        remove_conversion(db, state["id"])

    ctx.undo_stack.push(FunctionCommand(ctx, f"Log conversion '{goal_name}'", do, undo))
    return int(state["id"])


def edit_conversion(
    ctx: AppContext, conversion_id: int, row: dict[str, Any], goal_name: str
) -> None:
    db = ctx.require_db()
    before = conversion_snapshot(db, conversion_id)
    state: dict[str, Any] = {"after": None}

    def do() -> None:
        if state["after"] is None:
            update_conversion(db, conversion_id, row)
            state["after"] = conversion_snapshot(db, conversion_id)
        else:
            write_snapshot(db, state["after"], action="redo edit")

    def undo() -> None:
        write_snapshot(db, before, action="undo edit")

    ctx.undo_stack.push(FunctionCommand(ctx, f"Edit conversion '{goal_name}'", do, undo))


def delete_conversions(ctx: AppContext, ids: list[int]) -> None:
    db = ctx.require_db()
    snapshots: list[dict[str, Any]] = []

    def do() -> None:
        snapshots.clear()
        snapshots.extend(delete_stored(db, ids))

    def undo() -> None:
        restore_conversions(db, snapshots, action="undo delete")

    if len(ids) == 1:
        text = f"Delete conversion '{goal_name_of_conversion(db, ids[0]) or ids[0]}'"
    else:
        text = f"Delete {formatting.number(len(ids))} conversions"
    ctx.undo_stack.push(FunctionCommand(ctx, text, do, undo))


def cancel_conversions(ctx: AppContext, ids: list[int], cancelled: bool = True) -> None:
    """Mark conversions cancelled (or active again) as one undoable step."""
    db = ctx.require_db()
    before = [conversion_snapshot(db, i) for i in ids]
    after: list[dict[str, Any]] = []

    def do() -> None:
        if after:
            for snapshot in after:
                write_snapshot(db, snapshot, action="redo cancel")
            return
        set_cancelled(db, ids, cancelled)
        after.extend(conversion_snapshot(db, i) for i in ids)

    def undo() -> None:
        for snapshot in before:
            write_snapshot(db, snapshot, action="undo cancel")

    what = "Cancel" if cancelled else "Reinstate"
    if len(ids) == 1:
        text = f"{what} conversion '{goal_name_of_conversion(db, ids[0]) or ids[0]}'"
    else:
        text = f"{what} {formatting.number(len(ids))} conversions"
    ctx.undo_stack.push(FunctionCommand(ctx, text, do, undo))
