"""What an import is planned as and what it did: the engine's types, apart from the runner.

`planning.py` builds an `ImportPlan`, `engine.py` runs it into an `ImportResult`; both import these
types from here, so neither imports the other back.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.domain.money import NumberStyle
from desktop_app.importing.date_orders import DateOrderGuess
from desktop_app.importing.errors import Problem
from desktop_app.importing.header import HeaderInfo
from desktop_app.importing.presets import Preset
from desktop_app.importing.readers import SheetInfo, Source


@dataclass
class ImportOptions:
    """Everything the user may choose; None means 'detect it'."""

    kind: str | None = None  # conversions | spend | touchpoints
    preset: str | None = None  # a built-in preset name or a saved mapping's name
    sheet: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)  # header -> field ('ignore' skips)
    date_order: str | None = None  # dmy | mdy | ymd, for columns whose values do not settle it
    decimal: str | None = None  # '.' or ',' for every number column (else inferred per column)
    period: tuple[date, date] | None = None  # dates of a spend file that has none
    goal: str | None = None  # goal of conversion rows that do not name one
    header_row: int | None = None  # the header's row number, when detection picked wrong
    merge_campaigns: dict[str, str] = field(default_factory=dict)  # name -> existing campaign
    merge_channels: dict[str, str] = field(default_factory=dict)  # file's name -> existing channel
    merge_goals: dict[str, str] = field(default_factory=dict)  # file's name -> existing goal
    encoding: str | None = None  # text files: read with this encoding instead of the detected one
    delimiter: str | None = None  # text files: cells separated by this instead of the detected one
    currency: str | None = None  # amounts that name no currency (no currency column) are in this
    blank_cost: str = "reject"  # spend rows whose cost is blank or NA: 'reject' or 'zero'


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """One column of the file: its position, header, the field it fills, and why."""

    index: int
    header: str
    field: str | None
    how: str  # 'chosen', 'saved', 'preset', 'guessed', 'duplicate', ''


@dataclass(frozen=True, slots=True)
class Question:
    """A choice the caller must make before the import can run (the CLI exits 2 instead)."""

    key: str  # 'date_order' or 'period'
    message: str
    column: str | None = None
    choices: tuple[str, ...] = ()
    blocking: bool = True  # False: the engine has a sensible answer (said in the notes)


@dataclass
class ImportPlan:
    """What `plan_import` found; the wizard shows it, changes options, and plans again."""

    path: Path
    file_hash: str
    source: Source
    sheets: list[SheetInfo]
    sheet: str | None
    header: HeaderInfo
    kind: str
    preset: Preset | None
    saved_mapping: str | None
    columns: list[ColumnMap]
    options: ImportOptions
    date_guesses: dict[int, DateOrderGuess]
    number_styles: dict[int, NumberStyle | None]
    header_currency: dict[int, str]
    period: tuple[date, date] | None
    period_source: str  # 'title', 'option' or ''
    default_goal: str
    data_rows: int
    total_rows: list[int]
    questions: list[Question]
    notes: list[str]
    # Money columns whose amounts name a currency ($231.88, 12 EUR): index -> (code, example).
    amount_currencies: dict[int, tuple[str, str]] = field(default_factory=dict)

    @property
    def file(self) -> str:
        return self.path.name

    @property
    def date_mixed(self) -> bool:
        """A date column is not settled one way (forms in different orders, or values left open)."""
        return any(g.mixed or (g.span is not None and g.fitted) for g in self.date_guesses.values())

    def field_columns(self) -> dict[str, str]:
        return {c.field: c.header for c in self.columns if c.field}


@dataclass
class ImportResult:
    """What an import did (or, for a dry run, would do)."""

    file: str
    kind: str
    sheet: str | None
    rows_read: int
    inserted: int
    updated: int
    duplicates: int
    rejected: list[Problem]
    batch: int | None
    dry_run: bool
    committed: bool
    conversions_from_touchpoints: int = 0
    created: dict[str, list[str]] = field(default_factory=dict)
    merge_suggestions: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    preview: list[dict[str, Any]] = field(default_factory=list)
    total_rows_skipped: int = 0
    nothing_reason: str = ""  # why nothing could be imported (exit status 2), else ''
    explained: list[str] = field(default_factory=list)  # how rows_read adds up to the counts
    missing_rates: dict[str, date] = field(default_factory=dict)  # currency -> earliest day
    warnings: list[Problem] = field(default_factory=list)  # imported, one value left out
    blank_costs: int = 0  # spend rows whose cost was blank or NA (see ImportOptions.blank_cost)

    def as_json(self) -> dict[str, Any]:
        """The CLI's JSON document (PRODUCT.md's keys)."""
        return {
            "file": self.file,
            "kind": self.kind,
            "rows_read": self.rows_read,
            "inserted": self.inserted,
            "updated": self.updated,
            "duplicates": self.duplicates,
            "rejected": [p.as_dict() for p in self.rejected],
            "batch": self.batch,
            "created": {
                k: list(self.created.get(k, [])) for k in ("goals", "campaigns", "channels")
            },
            "notes": list(self.notes),
            "warnings": [p.as_dict() for p in self.warnings],
        }

    @property
    def stored(self) -> int:
        """Records the import adds or changes (0: it writes no batch)."""
        return self.inserted + self.updated

    @property
    def exit_status(self) -> int:
        if not self.committed and not self.dry_run and self.stored:
            return 2  # all or nothing, and some rows had problems
        if self.stored + self.duplicates == 0:
            return 2  # nothing could be imported
        return 1 if self.rejected else 0


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
