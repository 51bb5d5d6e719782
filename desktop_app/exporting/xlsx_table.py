"""One formatted table on a write-only sheet: title lines, header, rows, a totals row, notes.

The header row is frozen and filtered, widths fit the longest value, "—" stands for a ratio
that is undefined, and the totals row holds plain values (the engine's totals, not formulas).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.properties import PageSetupProperties

from desktop_app.domain.metrics import DASH
from desktop_app.exporting.xlsx_safety import safe_value
from desktop_app.exporting.xlsx_styles import Styles

T = TypeVar("T")

MIN_WIDTH, MAX_WIDTH = 8.0, 48.0


@dataclass(frozen=True)
class Column(Generic[T]):
    header: str
    kind: str  # one of xlsx_styles.KINDS
    value: Callable[[T], object]  # None is shown as "—"


@dataclass(frozen=True)
class HeaderGroup:
    """A label above a run of columns (merged), e.g. a model's name over its two columns."""

    label: str
    first: int  # 1-based column numbers
    last: int


def display_width(value: object, kind: str, currency_chars: int, decimals: int = 2) -> float:
    """Characters a value needs in its column's number format (a close estimate)."""
    if value is None:
        return 1
    if isinstance(value, str):
        return max((len(line) for line in value.splitlines()), default=0)
    if kind in ("datetime",) or isinstance(value, datetime):
        return 16
    if kind == "date" or isinstance(value, date):
        return 10
    number = float(value) if isinstance(value, Decimal | int | float) else 0.0
    if kind in ("percent", "change"):
        return len(f"{number * 100:+,.1f}%")
    if kind == "ratio":
        return len(f"{number:,.2f}") + 1
    if kind == "money":
        return len(f"{number:,.{decimals}f}") + currency_chars
    if kind == "decimal":
        return len(f"{number:,.2f}")
    return len(f"{number:,.0f}")


def write_table(
    ws: Any,
    styles: Styles,
    *,
    title: str,
    subtitle: Sequence[str],
    columns: Sequence[Column[T]],
    rows: Sequence[T],
    total: T | None = None,
    total_label: str = "Total",
    groups: Sequence[HeaderGroup] = (),
    notes: Sequence[str] = (),
    freeze_columns: int = 1,
) -> int:
    """Write the table on an empty write-only sheet; returns the number of data rows."""
    positive = styles.formats["money"].split(";")[0]  # '"€"#,##0.00': symbol and decimals
    currency_chars = len(positive.replace("#,##0", "").strip('".0'))
    decimals = positive.count("0") - 1
    # Headers wrap onto at most two lines.
    widths = [
        max(len(max(c.header.split(), key=len, default="")), (len(c.header) + 1) // 2) + 2.0
        for c in columns
    ]
    for item in [*rows, *([total] if total is not None else [])]:
        for i, col in enumerate(columns):
            widths[i] = max(
                widths[i], display_width(col.value(item), col.kind, currency_chars, decimals) + 2
            )
    widths[0] = max(widths[0], len(total_label) + 2)
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = min(max(width, MIN_WIDTH), MAX_WIDTH)

    header_row = len(subtitle) + 3 + (1 if groups else 0)
    # A write-only sheet writes its view and properties with the first row: set them first.
    ws.freeze_panes = f"{get_column_letter(freeze_columns + 1)}{header_row + 1}"
    landscape(ws)
    ws.append([safe_value(ws, title, styles.get("text", "title"))])
    ws.row_dimensions[1].height = 24
    for line in subtitle:
        ws.append([safe_value(ws, line, styles.get("text", "subtitle"))])
    ws.append([])
    if groups:
        group_cells: list[object] = [None] * len(columns)
        for g in groups:
            for number in range(g.first, g.last + 1):
                label = g.label if number == g.first else ""
                group_cells[number - 1] = safe_value(ws, label, styles.get("text", "header"))
            if g.last > g.first:
                ws.merged_cells.add(
                    CellRange(min_col=g.first, min_row=header_row - 1, max_col=g.last,
                              max_row=header_row - 1)
                )  # fmt: skip
        first_col = safe_value(ws, "", styles.get("text", "header"))
        ws.append([first_col if cell is None else cell for cell in group_cells])
    ws.row_dimensions[header_row].height = 30
    ws.append([safe_value(ws, c.header, styles.get(c.kind, "header")) for c in columns])
    for item in rows:
        ws.append(_cells(ws, styles, columns, item, "body"))
    last_data_row = header_row + len(rows)
    if total is not None:
        cells = _cells(ws, styles, columns, total, "total")
        cells[0] = safe_value(ws, total_label, styles.get("text", "total"))
        ws.append(cells)
    for note in notes:
        ws.append([])
        ws.append([safe_value(ws, note, styles.get("text", "note"))])
    ws.auto_filter.ref = (
        f"A{header_row}:{get_column_letter(len(columns))}{max(last_data_row, header_row)}"
    )
    ws.print_title_rows = f"{header_row}:{header_row}"
    return len(rows)


def _cells(
    ws: Any, styles: Styles, columns: Sequence[Column[T]], item: T, role: str
) -> list[object]:
    cells: list[object] = []
    for col in columns:
        value = col.value(item)
        if value is None:
            cells.append(
                safe_value(
                    ws, DASH, styles.get(col.kind, "dash" if role == "body" else "dash_total")
                )
            )
        else:
            cells.append(safe_value(ws, value, styles.get(col.kind, role)))
    return cells


def landscape(ws: Any) -> None:
    """Print on landscape pages one page wide, without the grid (the table has its own rules)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.sheet_view.showGridLines = False
    ws.print_options.gridLines = False
