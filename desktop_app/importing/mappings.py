"""Saved column mappings (named presets of the user), found again by the header they were made for."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from desktop_app.importing.fields import KINDS, all_fields, normalise_header
from desktop_app.store.handle import Database
from desktop_app.store.transactions import writing


@dataclass(frozen=True, slots=True)
class SavedMapping:
    name: str
    kind: str
    mapping: dict[str, str]  # normalised header -> field ('' = ignored)
    header_signature: str
    options: dict[str, object] = field(default_factory=dict)


def header_signature(headers: list[str]) -> str:
    """A stable fingerprint of a header: its normalised, non-empty column names in order."""
    names = [normalise_header(h) for h in headers if normalise_header(h)]
    return hashlib.sha1("\x1f".join(names).encode()).hexdigest()


def save_mapping(
    db: Database,
    name: str,
    kind: str,
    headers: list[str],
    mapping: dict[str, str | None],
    options: dict[str, object] | None = None,
) -> SavedMapping:
    """Save (or replace) a named mapping from header text to field for files like this one."""
    if not name.strip():
        raise ValueError("a saved mapping needs a name")
    if kind not in KINDS:
        raise ValueError(f"unknown kind '{kind}'")
    valid = set(all_fields(kind))
    clean: dict[str, str] = {}
    for header, target in mapping.items():
        if target and target not in valid:
            raise ValueError(f"'{target}' is not a field of a {kind} import")
        clean[normalise_header(header)] = target or ""
    saved = SavedMapping(name.strip(), kind, clean, header_signature(headers), dict(options or {}))
    with writing(db):
        db.execute(
            "INSERT INTO import_mappings (name, kind, header_signature, mapping, options)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET kind = excluded.kind,"
            " header_signature = excluded.header_signature, mapping = excluded.mapping,"
            " options = excluded.options",
            [saved.name, kind, saved.header_signature, json.dumps(clean, sort_keys=True),
             json.dumps(saved.options, sort_keys=True, default=str)],
        )  # fmt: skip
    return saved


def _row(row: tuple[str, str, str, str, str]) -> SavedMapping:
    return SavedMapping(row[0], row[1], json.loads(row[3]), row[2], json.loads(row[4]))


_SELECT = "SELECT name, kind, header_signature, mapping, options FROM import_mappings"


def list_mappings(db: Database) -> list[SavedMapping]:
    return [_row(r) for r in db.execute(_SELECT + " ORDER BY name")]


def get_mapping(db: Database, name: str) -> SavedMapping | None:
    row = db.execute(_SELECT + " WHERE name = ?", [name.strip()]).fetchone()
    return _row(row) if row else None


def find_mapping(db: Database, headers: list[str]) -> SavedMapping | None:
    """The saved mapping made for a file with exactly this header, if any (newest first)."""
    row = db.execute(
        _SELECT + " WHERE header_signature = ? ORDER BY id DESC LIMIT 1",
        [header_signature(headers)],
    ).fetchone()
    return _row(row) if row else None
