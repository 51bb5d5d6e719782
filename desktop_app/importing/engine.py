"""The import engine: plan a file (format, sheet, header, mapping, choices), then run it as one batch.

Order of calls for a caller (the CLI, the GUI wizard):
    plan = plan_import(path, ImportOptions(...), db)   # reads the file; no database writes
    plan.questions                                     # what must still be chosen (date order, period)
    result = run_import(db, plan, dry_run=True)        # preview: every problem, rows as stored
    result = run_import(db, plan, skip_invalid=True, progress=..., cancel=...)  # one batch
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop_app.domain.business_defaults import BusinessDefaults
from desktop_app.domain.masking import mask_contacts
from desktop_app.domain.timeutil import UTC_FORMAT
from desktop_app.importing.errors import ImportCancelled, ImportRefused, Problem
from desktop_app.importing.header import HeaderInfo, detect_header, is_blank, is_total_row
from desktop_app.importing.plan import (
    ColumnMap,
    ImportOptions,
    ImportPlan,
    ImportResult,
    Question,
)
from desktop_app.importing.planning import build_plan
from desktop_app.importing.wording import plural
from desktop_app.store import report_summary
from desktop_app.store.audit import record
from desktop_app.store.bulk_indexes import indexes_built_after
from desktop_app.store.handle import Database
from desktop_app.store.transactions import writing

Progress = Callable[[int, int], None]

__all__ = [
    "ColumnMap",
    "HeaderInfo",
    "ImportCancelled",
    "ImportOptions",
    "ImportPlan",
    "ImportRefused",
    "ImportResult",
    "PreviewRow",
    "Problem",
    "Question",
    "audit_refusal",
    "detect_header",
    "plan_import",
    "preview_rows",
    "run_import",
]


# The indexes each kind's writer reads while it inserts (the rest may be built afterwards):
# conversions find records already stored by time (unique indexes always stay).
_KEPT_WHILE_WRITING = {"conversions": frozenset({"idx_conversions_time"})}
MAX_CELL_CHARS = 32_767  # the most a spreadsheet cell holds (Excel's limit)
# Control characters that no name, note or id means (tab, line feed and carriage return stay).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plan_import(
    path: str | Path, options: ImportOptions | None = None, db: Database | None = None
) -> ImportPlan:
    """Read and understand a file without writing anything; raises ImportRefused when hopeless.

    `db` (optional) lets saved mappings be found by the file's header.
    """
    try:
        return build_plan(Path(path), options or ImportOptions(), db)
    except (UnicodeError, LookupError) as exc:
        name = Path(path).name
        encoding = (options.encoding if options else None) or "the detected encoding"
        raise ImportRefused(
            f"{name} cannot be read as text in {encoding} ({exc.__class__.__name__}). Choose "
            "another encoding (UTF-8, Windows-1252, UTF-16), or save the file again from your "
            "spreadsheet program as 'CSV UTF-8' and import that.",
            file=name,
        ) from exc


@dataclass(frozen=True, slots=True)
class PreviewRow:
    """One of the file's first rows as the wizard shows it, and what the plan makes of it."""

    number: int  # as Excel shows it
    cells: list[str]
    role: str  # 'title', 'header', 'total', 'blank' or 'data'


def preview_rows(plan: ImportPlan, limit: int = 30) -> list[PreviewRow]:
    """The first `limit` rows of the planned sheet, each with its role (header, title, total…)."""
    from itertools import islice

    from desktop_app.importing.readers import text_of

    rows = []
    for number, cells in islice(plan.source.rows(plan.sheet), limit):
        if number == plan.header.row:
            role = "header"
        elif is_blank(cells):
            role = "blank"
        elif number < plan.header.row:
            role = "title"
        elif is_total_row(cells):
            role = "total"
        else:
            role = "data"
        rows.append(PreviewRow(number, [text_of(c) for c in cells], role))
    return rows


class _Rollback(Exception):
    """Raised inside the transaction to undo a dry run or an all-or-nothing import with problems."""


def _write_rows(
    plan: ImportPlan,
    ctx: Any,
    writer: Any,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> tuple[int, int]:
    """Hand every data row of the file to the writer (checked for shifted fields, over-long and
    control-character text first); returns (rows read, rows whose control characters went)."""
    total = plan.data_rows
    done = 0
    width = len(plan.header.headers)
    cleaned = 0  # rows whose text held control characters
    text_file = plan.source.format.kind == "text"
    for number, cells in plan.source.rows(plan.sheet):
        if number <= plan.header.row or is_blank(cells) or is_total_row(cells):
            continue
        if (
            text_file and len(cells) > width and any(c not in (None, "") for c in cells[width:])
        ):  # an unquoted comma (2,5) shifts every later value: never guessed
            ctx.reject(
                number,
                None,
                ",".join("" if c is None else str(c) for c in cells)[:200],
                f"the line has {len(cells)} fields but the header has {width} (an "
                "unquoted separator inside a value, such as the comma in 2,5?); "
                "quote that value or fix the line",
            )
            done += 1
            continue
        if text_file:  # every cell is a string: joined in one C call
            strings = "\ue000".join(cells)  # type: ignore[arg-type]
        else:
            strings = "\ue000".join([c for c in cells if c.__class__ is str])
        if len(strings) > MAX_CELL_CHARS and _too_long(ctx, number, cells, plan):
            done += 1
            continue
        if _CONTROL.search(strings):  # NUL and kin would be stored in names/notes
            cells = [_CONTROL.sub("", c) if isinstance(c, str) else c for c in cells]
            cleaned += 1
        writer.add(number, cells)
        done += 1
        if done % 2000 == 0:
            if cancel is not None and cancel.is_set():
                raise ImportCancelled(
                    f"the import of {plan.file} was cancelled; nothing was changed"
                )
            if progress:
                progress(done, total)
    writer.finish()
    return done, cleaned


def run_import(
    db: Database,
    plan: ImportPlan,
    *,
    skip_invalid: bool = True,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    preview_limit: int = 50,
    defaults: BusinessDefaults | None = None,
) -> ImportResult:
    """Import the planned file as one batch in one transaction.

    `skip_invalid=False` imports nothing when any row has a problem. `dry_run=True` does all the
    work and rolls it back, so the result shows exactly what an import would do. `progress(done,
    total)` is called every few thousand rows; setting `cancel` rolls everything back and raises
    ImportCancelled. A refused import writes one audit-log line and nothing else. `defaults`
    gives the currency of a database that has none when the file names none either.
    """
    from desktop_app.importing.context import ImportContext, bulk_cache
    from desktop_app.importing.kinds.conversions import ConversionWriter
    from desktop_app.importing.kinds.spend import SpendWriter
    from desktop_app.importing.kinds.touchpoints import TouchpointWriter

    blocking = [q for q in plan.questions if q.blocking]
    if blocking:
        _refuse(db, plan, "; ".join(q.message for q in blocking))
    writers = {
        "spend": SpendWriter,
        "conversions": ConversionWriter,
        "touchpoints": TouchpointWriter,
    }
    outcome: dict[str, Any] = {}
    try:
        with bulk_cache(db), writing(db):
            batch_id = _create_batch(db, plan)
            with report_summary.batch_marked_in_bulk(db, batch_id):
                ctx = ImportContext(
                    db,
                    batch_id,
                    plan.sheet,
                    plan.options.merge_campaigns,
                    preview_limit,
                    merge_channels=plan.options.merge_channels,
                    merge_goals=plan.options.merge_goals,
                    default_currency=defaults,
                )
                writer = writers[plan.kind](plan, ctx)
                total = plan.data_rows
                # A large file into a small table: its report indexes are built after the rows
                # are in, not row by row (store/bulk_indexes.py); the writer's own lookups keep
                # theirs.
                deferred = indexes_built_after(
                    db, plan.kind, total, keep=_KEPT_WHILE_WRITING.get(plan.kind, frozenset())
                ) if plan.kind in _KEPT_WHILE_WRITING else contextlib.nullcontext()  # fmt: skip
                with deferred:
                    done, cleaned = _write_rows(plan, ctx, writer, progress, cancel)
                merged = plan.source.merged_ranges(plan.sheet)
                if merged:
                    ctx.notes.append(
                        f"{plural(merged, 'merged range')} of cells: the value of each applies to "
                        "every row it covers."
                    )
                if cleaned:
                    ctx.notes.append(
                        f"{plural(cleaned, 'row')} held control characters (such as NUL) in "
                        "their text; they were removed."
                    )
                if ctx.repeated_times:
                    ctx.notes.append(
                        f"{plural(ctx.repeated_times, 'time')} fell in the hour the clocks went "
                        "back (daylight saving ends), which happens twice; each was read as the "
                        "first time, before the change."
                    )
                if plan.source.odd_lines:
                    ctx.notes.append(_odd_lines_note(plan.source.odd_lines))
                ctx.learn_channels()
                ctx.counts.rows_read = done
                if progress:
                    progress(done, total)
                if cancel is not None and cancel.is_set():
                    raise ImportCancelled(
                        f"the import of {plan.file} was cancelled; nothing was changed"
                    )
                ctx.problems.sort(key=lambda p: p.row or 0)
                _name_lines(plan.source, ctx)
                nothing = not skip_invalid and bool(ctx.problems)
                empty = ctx.counts.inserted + ctx.counts.updated == 0  # no batch for nothing stored
                _finish_batch(db, plan, ctx, batch_id)
            outcome["ctx"], outcome["batch"] = ctx, batch_id
            outcome["merge"] = _near_duplicates(db, ctx.campaign_names_used)
            outcome["committed"] = not (dry_run or nothing or empty)
            if not outcome["committed"]:
                raise _Rollback
    except _Rollback:
        pass
    except ImportRefused as exc:
        _refuse(db, plan, str(exc))
    ctx = outcome["ctx"]
    stored = ctx.counts.inserted + ctx.counts.updated
    committed = outcome["committed"]
    result = ImportResult(
        file=plan.file,
        kind=plan.kind,
        sheet=plan.sheet,
        rows_read=ctx.counts.rows_read,
        inserted=ctx.counts.inserted,
        updated=ctx.counts.updated,
        duplicates=ctx.counts.duplicates,
        rejected=list(ctx.problems),
        warnings=sorted(ctx.warnings, key=lambda p: p.row or 0),
        batch=outcome["batch"] if committed else None,
        dry_run=dry_run,
        committed=committed,
        conversions_from_touchpoints=ctx.counts.conversions_inserted,
        # What a dry run would create, or what an import did; nothing when it stored nothing.
        created={
            "campaigns": ctx.created.campaigns if committed or dry_run else [],
            "channels": ctx.channel_created() if committed or dry_run else [],
            "goals": ctx.created.goals if committed or dry_run else [],
        },
        merge_suggestions=outcome["merge"],
        notes=plan.notes + ctx.notes + ctx.rate_notes(),
        missing_rates=dict(ctx.missing_rates),
        blank_costs=ctx.counts.blank_costs,
        preview=ctx.preview,
        total_rows_skipped=len(plan.total_rows),
        nothing_reason=_nothing_reason(plan, ctx),
        explained=list(ctx.explained),
    )
    if not committed and not dry_run and stored:
        audit_refusal(db, plan.file, f"{len(ctx.problems)} rows had problems; nothing was imported")
    elif not committed and not dry_run and result.nothing_reason:
        audit_refusal(db, plan.file, result.nothing_reason)
    return result


def _too_long(ctx: Any, number: int, cells: list[Any], plan: ImportPlan) -> bool:
    """Refuse a row with a cell longer than a spreadsheet cell holds (a 20 MB note)."""
    for i, cell in enumerate(cells):
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            headers = plan.header.headers
            ctx.reject(
                number,
                headers[i] if i < len(headers) else None,
                cell[:40] + "…",
                f"the cell is {len(cell):,} characters long; a cell holds at most "
                f"{MAX_CELL_CHARS:,} (Excel's limit), so this is not a name, id or note. Shorten "
                "it, or leave this column out of the import",
            )
            return True
    return False


def _odd_lines_note(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:5]) + (
        f" and {len(lines) - 5:,} more" if len(lines) > 5 else ""
    )
    return (
        f"The file is UTF-8 text except {plural(len(lines), 'line')} in Windows text (cp1252): "
        f"{'line' if len(lines) == 1 else 'lines'} {shown}. Each line was read in its own "
        "encoding; check the names on those lines."
    )


def _name_lines(source: Any, ctx: Any) -> None:
    """After a quoted line break, problems name the physical line beside the record."""
    if source.format.kind != "text" or not source._line_shifts:
        return
    for found in (ctx.problems, ctx.warnings):
        for i, problem in enumerate(found):
            if problem.row is not None and (line := source.line_of(problem.row)) != problem.row:
                found[i] = replace(problem, line=line)


def _nothing_reason(plan: ImportPlan, ctx: Any) -> str:
    """Why an import stores nothing at all ('' when it stores something or only finds duplicates)."""
    c = ctx.counts
    if c.inserted + c.updated + c.duplicates:
        return ""
    if c.rows_read == 0:
        return f"the file has no data rows below its header (row {plan.header.row})"
    # The row that caused it, not a row rejected only for belonging to the same record.
    first = next((p for p in ctx.problems if not p.reason.startswith("part of ")), None)
    example = f"; row {first.row}: {first.reason}" if first else ""
    return f"every row was rejected ({plural(len(ctx.problems), 'row')}){example}"


def audit_refusal(db: Database, file: str | Path, reason: str) -> None:
    """The one trace a refused import leaves: a line in the audit log (contacts masked)."""
    with writing(db):
        record(
            db,
            "import_refused",
            "import_batches",
            None,
            {"file": Path(file).name, "reason": mask_contacts(reason[:500])},
        )


def _masked(problem: Problem, phone: bool) -> tuple[str | None, str]:
    """(value, reason) of a problem as stored: e-mail addresses masked, a phone column masked."""
    value = problem.value or ""
    masked = mask_contacts(value, phone)
    reason = problem.reason.replace(value, masked) if value else problem.reason
    return (masked if problem.value is not None else None), mask_contacts(reason)


def _refuse(db: Database, plan: ImportPlan, message: str) -> None:
    if plan.file not in message:
        message = f"{plan.file}: {message}"
    audit_refusal(db, plan.file, message)
    raise ImportRefused(message, file=plan.file, sheet=plan.sheet)


def _create_batch(db: Database, plan: ImportPlan) -> int:
    options = {
        "mapping": plan.field_columns(),
        "date_order": plan.options.date_order,
        "period": [d.isoformat() for d in plan.period] if plan.period else None,
        "goal": plan.default_goal if plan.kind != "spend" else None,
    }
    cursor = db.execute(
        "INSERT INTO import_batches (file_name, file_hash, kind, preset, sheet, imported_at, options)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            plan.file,
            plan.file_hash,
            plan.kind,
            plan.preset.name if plan.preset else plan.saved_mapping,
            plan.sheet,
            datetime.now(UTC).strftime(UTC_FORMAT),
            json.dumps(options, sort_keys=True),
        ],
    )
    return int(cursor.lastrowid or 0)


def _finish_batch(db: Database, plan: ImportPlan, ctx: Any, batch_id: int) -> None:
    c = ctx.counts
    db.execute(
        "UPDATE import_batches SET rows_read = ?, inserted = ?, updated = ?, duplicates = ?,"
        " rejected = ? WHERE id = ?",
        [c.rows_read, c.inserted, c.updated, c.duplicates, len(ctx.problems), batch_id],
    )
    if ctx.problems:
        # A refused row's e-mail or phone is kept masked (j•••@example.com): enough to find the
        # row again, never the raw contact (keep_contacts or not).
        phones = {c.header for c in plan.columns if c.field == "phone"}
        db.conn.executemany(
            'INSERT INTO import_rejects (batch_id, sheet, row, "column", value, reason) VALUES (?, ?, ?, ?, ?, ?)',
            [(batch_id, p.sheet, p.row, p.column, *_masked(p, p.column in phones))
             for p in ctx.problems],
        )  # fmt: skip
    record(db, "import", "import_batches", batch_id, {
        "file": plan.file, "kind": plan.kind, "rows_read": c.rows_read, "inserted": c.inserted,
        "updated": c.updated, "duplicates": c.duplicates, "rejected": len(ctx.problems),
    })  # fmt: skip


def _near_duplicates(db: Database, names: set[str]) -> list[tuple[str, str]]:
    """Campaign names of this import that look like another campaign (`Data Analytcis`)."""
    from difflib import SequenceMatcher

    if not names:
        return []
    others = [r[0] for r in db.execute("SELECT name FROM campaigns")]
    squash = {n: "".join(ch for ch in n.lower() if ch.isalnum()) for n in {*others, *names}}
    pairs: set[tuple[str, str]] = set()
    for name in sorted(names):
        for other in others:
            if other.strip().lower() == name.strip().lower():
                continue
            a, b = squash[name], squash[other]
            if a == b or (min(len(a), len(b)) >= 6 and SequenceMatcher(None, a, b).ratio() >= 0.88):
                pairs.add(tuple(sorted((name, other))))
    return sorted(pairs)


def with_options(plan: ImportPlan, **changes: Any) -> ImportOptions:
    """The plan's options with some changed (for the wizard's 'plan again')."""
    return replace(plan.options, **changes)
