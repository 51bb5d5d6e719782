"""Readers: a workbook or text file as sheets of rows, each row with the number Excel shows."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from desktop_app.importing.errors import ImportRefused
from desktop_app.importing.sniff import FileFormat, detect_format, sniff_delimiter

Cell = str | float | int | bool | date | datetime | time | timedelta | None
Row = tuple[int, list[Cell]]  # (row number as Excel shows it, cells from column A)

csv.field_size_limit(1 << 24)  # a 16 MB cell is surely an unclosed quote; report it as one


@dataclass(frozen=True, slots=True)
class SheetInfo:
    """One sheet of a workbook as the wizard lists it (a text file has one sheet named None)."""

    name: str | None
    visible: bool
    rows: int
    columns: int


@dataclass
class Source:
    """An opened file: its real format, its sheets, and a way to read one sheet's rows."""

    path: Path
    format: FileFormat
    sheets: list[SheetInfo]
    delimiter: str | None = None
    # sheet name -> (row, column index) of formula cells saved without their result
    uncached_formulas: dict[str | None, set[tuple[int, int]]] = field(default_factory=dict)
    # sheet name -> {(row, column index): '#N/A'} for error cells, which calamine reads as empty
    error_cells: dict[str | None, dict[tuple[int, int], str]] = field(default_factory=dict)
    _grids: dict[str | None, list[list[Cell]]] = field(default_factory=dict, repr=False)
    # The calamine sheet that listing already parsed, kept until its grid is built (see _list_sheets)
    _parsed: dict[str | None, Any] = field(default_factory=dict, repr=False)

    @property
    def file(self) -> str:
        return self.path.name

    def merged_ranges(self, sheet: str | None = None) -> int:
        """How many merged ranges of the sheet read (its rows were read) had their value filled in."""
        name = sheet if sheet is not None else (self.sheets[0].name if self.sheets else None)
        return int(getattr(self._grids.get(name), "merged", 0))

    def rows(self, sheet: str | None = None) -> Iterator[Row]:
        """The sheet's rows in order; can be iterated again (text is re-read, grids are kept)."""
        if self.format.kind == "text":
            yield from _text_rows(self.path, self.format.encoding or "utf-8", self.delimiter or ",")
            return
        name = sheet if sheet is not None else self.sheets[0].name
        grid = self._grids.get(name)
        if grid is None:
            grid = self._grids[name] = _load_grid(self, name)
        for index, cells in enumerate(grid):
            yield index + 1, cells


def open_source(path: str | Path, isolate: bool | None = None) -> Source:
    """Open `path` after the safety checks; raises ImportRefused with a clear message.

    `isolate` runs the workbook reader in a child process (default: for formats whose size cannot
    be checked beforehand: xls, xlsb, ods), so a reader that aborts cannot take the app down.
    """
    p = Path(path)
    fmt = detect_format(p)
    if fmt.kind == "text":
        return Source(p, fmt, [SheetInfo(None, True, 0, 0)], delimiter=_detect_delimiter(p, fmt))
    uncached: dict[str | None, set[tuple[int, int]]] = {}
    errors: dict[str | None, dict[tuple[int, int], str]] = {}
    if fmt.kind in ("xlsx", "ods"):
        from desktop_app.importing.safety import check_zip_workbook

        check = check_zip_workbook(p)
        if fmt.kind == "xlsx":
            names = _sheet_entries(p) if (check.uncached_formulas or check.error_cells) else {}
            uncached = {names[e]: set(v) for e, v in check.uncached_formulas.items() if e in names}
            errors = {names[e]: v for e, v in check.error_cells.items() if e in names}
    isolate = fmt.kind in ("xls", "xlsb", "ods") if isolate is None else isolate
    source = Source(p, fmt, [], uncached_formulas=uncached, error_cells=errors)
    source._isolate = isolate  # type: ignore[attr-defined]
    source.sheets = _list_sheets(source)
    return source


def _detect_delimiter(path: Path, fmt: FileFormat) -> str:
    with open(path, encoding=fmt.encoding, newline="") as fh:
        sample = fh.read(64 * 1024)
    if len(sample) == 64 * 1024 and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    return sniff_delimiter(text=sample)


def _text_rows(path: Path, encoding: str, delimiter: str) -> Iterator[Row]:
    with open(path, encoding=encoding, newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter, strict=True)
        number, last_line = 0, 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ImportRefused(
                    f'{path.name}, row {number + 1} (line {last_line + 1}): a quote (") opens a '
                    "cell here and is never closed, so the rest of the file would be read as one "
                    f"cell ({exc}). Fix the quote in a text editor, or save the file again from "
                    "your spreadsheet program, and import again.",
                    file=path.name,
                ) from exc
            number += 1
            last_line = reader.line_num
            yield number, list(cells)


def _sheet_entries(path: Path) -> dict[str, str | None]:
    """Worksheet zip entry -> sheet name (via the workbook's relationships)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as zf:
        workbook = zf.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    targets = {
        m.group(1): m.group(2).lstrip("/").removeprefix("xl/")
        for m in re.finditer(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels)
    }
    targets.update(
        {
            m.group(2): m.group(1).lstrip("/").removeprefix("xl/")
            for m in re.finditer(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)
        }
    )
    result: dict[str, str | None] = {}
    for m in re.finditer(r'<sheet\b[^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', workbook):
        result["xl/" + targets.get(m.group(2), "")] = _unescape(m.group(1))
    return result


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _list_sheets(source: Source) -> list[SheetInfo]:
    if getattr(source, "_isolate", False):
        from desktop_app.importing.isolated import run_isolated

        listed: list[tuple[str, bool, int, int]] = run_isolated(
            "sheets", str(source.path), None, source.file
        )
        return [SheetInfo(*item) for item in listed]
    return [
        SheetInfo(*item)
        for item in workbook_sheets(str(source.path), source.file, keep=source._parsed)
    ]


def _load_grid(source: Source, sheet: str | None) -> list[list[Cell]]:
    if getattr(source, "_isolate", False):
        from desktop_app.importing.isolated import run_isolated

        grid: list[list[Cell]] = run_isolated("grid", str(source.path), sheet, source.file)
        return grid
    parsed = source._parsed.pop(sheet, None)
    source._parsed.clear()  # whichever sheet is read, the kept one is no longer needed
    if parsed is not None:
        return _to_grid(parsed, sheet, source.file)
    return workbook_grid(str(source.path), sheet, source.file)


def workbook_sheets(
    path: str, file: str, keep: dict[str | None, Any] | None = None
) -> list[tuple[str, bool, int, int]]:
    """(name, visible, rows, columns) of each worksheet, read by calamine.

    Calamine parses a whole sheet to tell its size. With `keep`, a workbook's only visible
    worksheet (the usual export) is kept there parsed, so reading its rows does not parse it again;
    sheets of larger workbooks are not kept, so they are not all held in memory at once.
    """
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_path(path)
        result, visible_count, only = [], 0, None
        for meta in wb.sheets_metadata:
            if meta.typ != pc.SheetTypeEnum.WorkSheet:
                continue
            sheet = wb.get_sheet_by_name(meta.name)
            visible = meta.visible == pc.SheetVisibleEnum.Visible
            result.append((meta.name, visible, sheet.total_height, sheet.total_width))
            if visible:
                visible_count += 1
                only = (meta.name, sheet) if visible_count == 1 and keep is not None else None
            del sheet
        if keep is not None and only is not None:
            keep[only[0]] = only[1]
        return result
    except Exception as exc:  # calamine raises its own error classes and PanicException
        raise _calamine_refusal(file, exc) from exc


def workbook_grid(path: str, sheet: str | None, file: str) -> list[list[Cell]]:
    """A worksheet as a list of rows starting at A1 (empty cells are '')."""
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_path(path)
        ws = wb.get_sheet_by_name(sheet) if sheet is not None else wb.get_sheet_by_index(0)
    except Exception as exc:
        raise _calamine_refusal(file, exc, sheet) from exc
    return _to_grid(ws, sheet, file)


class Grid(list):
    """A sheet's rows, and how many merged ranges were filled in (it travels from the child)."""

    merged = 0


def _to_grid(ws: Any, sheet: str | None, file: str) -> list[list[Cell]]:
    try:
        rows = Grid(ws.to_python(skip_empty_area=False))
    except Exception as exc:
        raise _calamine_refusal(file, exc, sheet) from exc
    try:
        ranges = ws.merged_cell_ranges or []
    except Exception:  # formats without merge information
        ranges = []
    # A merged range (C2:C4) shows its value in every cell it covers; the file stores it in the
    # first cell only, which left rows 3-4 without a campaign.
    for (top, left), (bottom, right) in ranges:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        if value in ("", None):
            continue
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            for c in range(left, min(right, len(rows[r]) - 1) + 1):
                if rows[r][c] in ("", None):
                    rows[r][c] = value
        rows.merged += 1
    return rows


def _calamine_refusal(file: str, exc: BaseException, sheet: str | None = None) -> ImportRefused:
    text = f"{type(exc).__name__}: {exc}"
    if "password" in text.lower() or "encrypt" in text.lower():
        return ImportRefused(
            f"{file} is protected with a password. Open it in Excel, remove the password, save, "
            "and import again.",
            file=file,
        )
    where = f", sheet {sheet}" if sheet else ""
    return ImportRefused(
        f"{file}{where} cannot be read as a spreadsheet ({text.strip()[:200]}). It may be damaged "
        "or incomplete: open it in Excel or LibreOffice, save it again (as .xlsx or .csv) and "
        "import the new copy.",
        file=file,
        sheet=sheet,
    )


def text_of(cell: Cell) -> str:
    """How a cell reads as text in messages."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell) if not isinstance(cell, str) else cell


__all__ = ["Cell", "Row", "SheetInfo", "Source", "open_source", "text_of"]
