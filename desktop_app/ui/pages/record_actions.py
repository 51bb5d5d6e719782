"""Add, edit, archive and delete for the pages of named records (goals, campaigns): one flow,
each step an undoable change, parameterised by what differs (`RecordKind`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtWidgets import QDialog, QWidget

from desktop_app.store import Database
from desktop_app.store.row_changes import RowChange, fetch_row
from desktop_app.ui import seams
from desktop_app.ui.commands.base import push_changes
from desktop_app.ui.shell.context import AppContext


class Record(Protocol):
    """A goal or campaign row as the page lists it (read-only)."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def archived(self) -> bool: ...


@dataclass(frozen=True)
class RecordKind:
    noun: str  # "goal": the undo steps' and messages' word
    table: str  # "goals": the table, and what changed for the pages
    form: Callable[[Database, str, dict[str, Any] | None, QWidget], QDialog]
    create: Callable[[Database, Any], RowChange]
    update: Callable[[Database, int, Any], RowChange]
    set_archived: Callable[[Database, int, bool], RowChange]
    delete: Callable[[Database, int], RowChange]
    # Why the record cannot be deleted (it is in use), or None; and the confirmation's text.
    in_use: Callable[[Database, Record], str | None]
    confirm: Callable[[Record], str]


def add_record(page: QWidget, ctx: AppContext, kind: RecordKind) -> int | None:
    """Open the empty form; a saved record is one undo step. Returns its id."""
    db = ctx.require_db()
    form = kind.form(db, ctx.settings.currency, None, page)
    if not seams.run_dialog(form) or (values := getattr(form, "values", None)) is None:
        return None
    change = kind.create(db, values)
    push_changes(ctx, f"Add {kind.noun} '{values.name}'", [change], kind.table)
    return change.row_id


def edit_record(page: QWidget, ctx: AppContext, kind: RecordKind, record: Record | None) -> None:
    db = ctx.require_db()
    stored = fetch_row(db, kind.table, record.id) if record else None
    if record is None or stored is None:
        return
    form = kind.form(db, ctx.settings.currency, stored, page)
    if seams.run_dialog(form) and (values := getattr(form, "values", None)) is not None:
        change = kind.update(db, record.id, values)
        push_changes(ctx, f"Edit {kind.noun} '{values.name}'", [change], kind.table)


def toggle_archived(ctx: AppContext, kind: RecordKind, record: Record | None) -> None:
    if record is None:
        return
    change = kind.set_archived(ctx.require_db(), record.id, not record.archived)
    verb = "Restore" if record.archived else "Archive"
    push_changes(ctx, f"{verb} {kind.noun} '{record.name}'", [change], kind.table)


def delete_record(page: QWidget, ctx: AppContext, kind: RecordKind, record: Record | None) -> None:
    """Delete a record nothing depends on, after asking; one in use is explained instead."""
    if record is None:
        return
    db = ctx.require_db()
    refusal = kind.in_use(db, record)
    if refusal:
        seams.inform(page, f"{kind.noun.capitalize()} in use", refusal)
        return
    if not seams.confirm(page, f"Delete {kind.noun}", kind.confirm(record), "Delete"):
        return
    change = kind.delete(db, record.id)
    push_changes(ctx, f"Delete {kind.noun} '{record.name}'", [change], kind.table)
