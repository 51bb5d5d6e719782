"""The report workbook: Summary, Channels, Campaigns, Goals, Attribution and Conversions sheets
for a date range and an optional goal, written safely and recorded in the export log.

Every figure comes from the report engine (`reports.engine.build_report`, `reports.series`) and
the attribution engine (`attribution.credit.compare_models`); nothing is re-computed here.
The workbook is written in openpyxl's write-only mode, so the Conversions sheet streams.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from desktop_app.exporting.export_log import record_export
from desktop_app.exporting.files import (
    ExportCancelled,
    ExportError,
    atomic_target,
    check_target,
    remove_leftovers,
    sheet_files_beside,
)
from desktop_app.exporting.xlsx_conversions import conversions_sheet, count_rows, workbook_notes
from desktop_app.exporting.xlsx_report_sheets import (
    SheetContext,
    attribution_sheet,
    campaigns_sheet,
    channels_sheet,
    goals_sheet,
)
from desktop_app.exporting.xlsx_safety import clean_text, sheet_name
from desktop_app.exporting.xlsx_styles import Styles
from desktop_app.exporting.xlsx_summary import summary_sheet
from desktop_app.reports.engine import build_report
from desktop_app.reports.series import daily_series
from desktop_app.store.handle import Database
from desktop_app.store.settings import load_settings
from desktop_app.store.transactions import snapshot

__all__ = [
    "SHEETS",
    "ExportCancelled",
    "ExportError",
    "ExportResult",
    "export_workbook",
    "suggested_file_name",
]

SHEETS = ("Summary", "Channels", "Campaigns", "Goals", "Attribution", "Conversions")
# Progress units given to each summary sheet (the Conversions sheet counts one per row).
_SHEET_STEPS = 500

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    sheets: list[str]
    rows: dict[str, int] = field(default_factory=dict)  # data rows written per sheet
    conversions: int = 0  # records on the Conversions sheet (every goal, micro ones too)
    counted: Decimal = Decimal(0)  # conversions as the Dashboard counts them (macro, or the goal)


def suggested_file_name(first: date, last: date) -> str:
    """`Conversion report 2026-11.xlsx` for a calendar month, else the range's dates."""
    if first.day == 1 and last == _last_of_month(first):
        return f"Conversion report {first:%Y-%m}.xlsx"
    if first == last:
        return f"Conversion report {first.isoformat()}.xlsx"
    return f"Conversion report {first.isoformat()} to {last.isoformat()}.xlsx"


def _last_of_month(day: date) -> date:
    following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def export_workbook(
    db: Database,
    path: Path,
    first: date,
    last: date,
    *,
    goal_id: int | None = None,
    sheets: Sequence[str] = SHEETS,
    progress: Progress | None = None,
    cancelled: threading.Event | None = None,
    now: datetime | None = None,
    compare: str = "previous",
) -> ExportResult:
    """Write the report workbook to `path` (replacing it only once complete) and log it.

    Raises ExportError with a message for the user when the file cannot be written, and
    ExportCancelled when `cancelled` is set (an earlier file at `path` is then untouched).
    """
    unknown = [s for s in sheets if s not in SHEETS]
    if unknown or not sheets:
        raise ValueError(f"unknown or no sheets {unknown}; choose from {', '.join(SHEETS)}")
    wanted = [s for s in SHEETS if s in sheets]  # always in the workbook's order
    # One snapshot for every sheet: they agree with the totals even while the app writes.
    with snapshot(db):
        settings = load_settings(db)
        report = build_report(db, first, last, goal_id=goal_id, compare=compare)
        goal_name = report.goal_name
        created = (now or datetime.now(UTC)).astimezone(settings.tz).replace(tzinfo=None)
        n_conv = count_rows(db, first, last, goal_id) if "Conversions" in wanted else 0
        total = _SHEET_STEPS * len([s for s in wanted if s != "Conversions"]) + n_conv
        done = 0

        def step(n: int) -> None:
            nonlocal done
            if cancelled is not None and cancelled.is_set():
                raise ExportCancelled()
            done += n
            if progress is not None:
                progress(min(done, total), total)

        step(0)
        check_target(path)  # a missing or read-only folder is said before anything is written
        remove_leftovers(path)
        with sheet_files_beside(path):
            wb = Workbook(write_only=True)
            ctx = SheetContext(report, settings, goal_name, Styles(wb, report.currency), created,
                               compare=compare)  # fmt: skip
            if "Conversions" in wanted:
                ctx.notes.extend(workbook_notes(db, first, last, goal_id, n_conv))
            try:
                rows = _write_sheets(wb, db, ctx, wanted, step, cancelled)
                _set_properties(wb, ctx)
                with atomic_target(path) as tmp:
                    wb.save(tmp)
            except BaseException as exc:
                _discard(wb)
                if isinstance(exc, OSError):
                    reason = exc.strerror or str(exc)
                    raise ExportError(
                        f"Could not write {path.name}: {reason}. Check that the disk has space "
                        "and that you may save in that folder, then export again."
                    ) from exc
                raise
    counted = report.total.current.conversions
    result = ExportResult(path, wanted, rows, rows.get("Conversions", 0), counted)
    record_export(db, result_path=path, kind="xlsx", first=first, last=last,
                  goal=goal_name, rows=result.conversions, details={"sheets": rows})  # fmt: skip
    return result


def _set_properties(wb: Workbook, ctx: SheetContext) -> None:
    props = wb.properties
    props.title = clean_text(f"Conversion report {ctx.report.first} to {ctx.report.last}")
    props.creator = clean_text(ctx.business)
    props.lastModifiedBy = props.creator
    props.subject = clean_text(ctx.goal_line())
    props.created = ctx.created
    props.modified = ctx.created


def _write_sheets(
    wb: Workbook,
    db: Database,
    ctx: SheetContext,
    wanted: list[str],
    step: Callable[[int], None],
    cancelled: threading.Event | None,
) -> dict[str, int]:
    report, first, last = ctx.report, ctx.report.first, ctx.report.last
    used: set[str] = set()
    rows: dict[str, int] = {}
    for name in wanted:
        ws = wb.create_sheet(sheet_name(name, used))
        if name == "Summary":
            summary_sheet(ws, ctx, daily_series(db, first, last, report.goal_id))
            rows[name] = len(report.channels)
        elif name == "Channels":
            rows[name] = channels_sheet(ws, ctx)
        elif name == "Campaigns":
            rows[name] = campaigns_sheet(ws, ctx)
        elif name == "Goals":
            rows[name] = goals_sheet(ws, ctx)
        elif name == "Attribution":
            from desktop_app.attribution.credit import compare_models

            comparison = compare_models(db, first, last, report.goal_id, bootstrap_rounds=0)
            rows[name] = attribution_sheet(ws, ctx, comparison)
        else:
            rows[name] = conversions_sheet(
                ws, db, ctx.styles, ctx.settings.tz, first, last, report.goal_id, step, cancelled,
                next_sheet=lambda: wb.create_sheet(sheet_name("Conversions", used)),
            )  # fmt: skip
        if name != "Conversions":
            step(_SHEET_STEPS)
    return rows


def _discard(wb: Workbook) -> None:
    """Close the half-written sheets of a failed export and remove openpyxl's temp files."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        with contextlib.suppress(Exception):
            if not ws.closed:
                ws.close()
        with contextlib.suppress(Exception):
            writer.cleanup()
