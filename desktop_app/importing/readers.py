"""Readers: a workbook or text file as sheets of rows, each row with the number Excel shows."""

from __future__ import annotations

import bisect
import csv
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from desktop_app.importing.errors import ImportRefused
from desktop_app.importing.sniff import MIXED, FileFormat, detect_format, sniff_delimiter

Cell = str | float | int | bool | date | datetime | time | timedelta | None
Row = tuple[int, list[Cell]]  # (row number as Excel shows it, cells from column A)

# A 20 MB note is read as a cell (and then refused by row and column: a cell holds 32,767
# characters). Past this limit a cell is an unclosed quote or not a spreadsheet: reading stops
# there, so an unclosed quote near the top of a large file does not pull the file into memory.
FIELD_LIMIT = 32 << 20
csv.field_size_limit(FIELD_LIMIT)


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
    # Text files: (record, first physical line) wherever a quoted line break made the two differ
    _line_shifts: list[tuple[int, int]] = field(default_factory=list, repr=False)
    # Text files of mixed encoding: the physical lines that were read as Windows-1252
    odd_lines: list[int] = field(default_factory=list, repr=False)

    @property
    def file(self) -> str:
        return self.path.name

    def merged_ranges(self, sheet: str | None = None) -> int:
        """How many merged ranges of the sheet read (its rows were read) had their value filled in."""
        name = sheet if sheet is not None else (self.sheets[0].name if self.sheets else None)
        return int(getattr(self._grids.get(name), "merged", 0))

    def line_of(self, record: int) -> int:
        """The physical line a text file's record starts on (the same number, unless a quoted
        line break came before it)."""
        i = bisect.bisect_right(self._line_shifts, (record, 1 << 62)) - 1
        if i < 0:
            return record
        at, line = self._line_shifts[i]
        return line + (record - at)

    def _text_rows(self) -> Iterator[Row]:
        path, delimiter = self.path, self.delimiter or ","
        self._line_shifts.clear()
        self.odd_lines.clear()
        with text_lines(path, self.format.encoding or "utf-8", self.odd_lines) as lines:
            reader = csv.reader(lines, delimiter=delimiter, strict=True)
            number, last_line, shift = 0, 0, 0  # a record starts on line number + shift
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    if "field limit" in str(exc):
                        raise ImportRefused(
                            f"{path.name}, row {number + 1} (line {last_line + 1}): a cell "
                            f"starting here runs past {FIELD_LIMIT:,} characters. Either a quote "
                            '(") opens it and is never closed, or the file is not a table. Fix '
                            "the quote in a text editor, or save the file again from your "
                            "spreadsheet program, and import again.",
                            file=path.name,
                        ) from exc
                    raise ImportRefused(
                        f'{path.name}, row {number + 1} (line {last_line + 1}): a quote (") opens '
                        "a cell here and is never closed, so the rest of the file would be read as "
                        f"one cell ({exc}). Fix the quote in a text editor, or save the file again "
                        "from your spreadsheet program, and import again.",
                        file=path.name,
                    ) from exc
                number += 1
                if last_line + 1 != number + shift:  # a quoted line break came before
                    shift = last_line + 1 - number
                    self._line_shifts.append((number, last_line + 1))
                last_line = reader.line_num
                yield number, list(cells)

    def rows(self, sheet: str | None = None) -> Iterator[Row]:
        """The sheet's rows in order; can be iterated again (text is re-read, grids are kept)."""
        if self.format.kind == "text":
            yield from self._text_rows()
            return
        name = sheet if sheet is not None else self.sheets[0].name
        grid = self._grids.get(name)
        if grid is None:
            grid = self._grids[name] = _load_grid(self, name)
        for index, cells in enumerate(grid):
            yield index + 1, cells


def open_source(path: str | Path) -> Source:
    """Open `path` after the safety checks; raises ImportRefused with a clear message.

    A workbook is read in a child process (importing/isolated.py), so a reader that aborts or
    runs out of memory cannot take the app down. Its format comes from its bytes, never its name.
    """
    p = Path(path)
    fmt = detect_format(p)
    if fmt.kind == "text":
        return Source(p, fmt, [SheetInfo(None, True, 0, 0)], delimiter=_detect_delimiter(p, fmt))
    from desktop_app.importing.isolated import read_isolated

    source = Source(p, fmt, [])

    def pre_scan() -> None:
        """While the child reads: refuse bombs, and learn what the reader cannot tell (formulas
        without a value, error cells)."""
        if fmt.kind not in ("xlsx", "ods"):
            return
        from desktop_app.importing.safety import check_zip_workbook

        check = check_zip_workbook(p)
        if fmt.kind == "xlsx" and (check.uncached_formulas or check.error_cells):
            names = _sheet_entries(p)
            source.uncached_formulas = {
                names[e]: set(v) for e, v in check.uncached_formulas.items() if e in names
            }
            source.error_cells = {names[e]: v for e, v in check.error_cells.items() if e in names}

    listed, grids = read_isolated("sheets", str(p), None, source.file, meanwhile=pre_scan)
    source.sheets = [SheetInfo(*item) for item in listed]
    if not source.sheets:  # a damaged workbook can list none (found by the long fuzz run)
        raise ImportRefused(
            f"{p.name} has no sheet that can be read: the file may be damaged. Open it in Excel "
            "or LibreOffice, check that your data is there, save it again, and import the new "
            "copy.",
            file=p.name,
        )
    source._grids.update(grids)  # the only visible sheet comes read; others when asked for
    return source


def _detect_delimiter(path: Path, fmt: FileFormat) -> str:
    limit = 64 * 1024
    if fmt.encoding == MIXED:
        taken: list[str] = []
        with open(path, "rb") as raw:
            for line in _mixed_lines(iter(lambda: raw.readline(limit), b""), []):
                taken.append(line)
                if sum(map(len, taken)) >= limit:
                    break
        sample = "".join(taken)[:limit]
    else:
        with open(path, encoding=fmt.encoding, newline="") as fh:
            sample = fh.read(limit)
    if len(sample) == limit and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    return sniff_delimiter(text=sample)


@contextmanager
def text_lines(path: Path, encoding: str, odd: list[int]) -> Iterator[Iterable[str]]:
    """The lines of a text file, decoded. For a file mixing encodings (`MIXED`), each line is
    read as UTF-8, else as Windows-1252, and those lines' numbers are added to `odd`."""
    if encoding != MIXED:
        with open(path, encoding=encoding, newline="") as fh:
            yield fh
        return
    with open(path, "rb") as raw:
        yield _mixed_lines(raw, odd)


def _mixed_lines(raw: Iterable[bytes], odd: list[int]) -> Iterator[str]:
    for number, line in enumerate(raw, start=1):
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError:
            odd.append(number)
            yield line.decode("cp1252")


def _sheet_entries(path: Path) -> dict[str, str | None]:
    """Worksheet zip entry -> sheet name (via the workbook's relationships; either quote, any
    namespace prefix)."""
    import re
    import zipfile
    import zlib

    try:
        with zipfile.ZipFile(path) as zf:
            names = {n.lower(): n for n in zf.namelist()}
            workbook = zf.read(names.get("xl/workbook.xml", "xl/workbook.xml"))
            rels = zf.read(names.get("xl/_rels/workbook.xml.rels", "xl/_rels/workbook.xml.rels"))
    except (KeyError, zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError,
            NotImplementedError, ValueError) as exc:  # fmt: skip
        raise ImportRefused(
            f"{path.name} is damaged or incomplete (its list of sheets cannot be read). Open it "
            "in Excel or LibreOffice, save it again, and import the new copy.",
            file=path.name,
        ) from exc
    attr = r"""\b{}\s*=\s*["']([^"']*)["']"""
    targets = {}
    for tag in re.findall(r"<(?:[\w.-]+:)?Relationship\b[^>]*>", rels.decode("utf-8", "replace")):
        rid, target = re.search(attr.format("Id"), tag), re.search(attr.format("Target"), tag)
        if rid and target:
            targets[rid.group(1)] = target.group(1).lstrip("/").removeprefix("xl/")
    result: dict[str, str | None] = {}
    for tag in re.findall(r"<(?:[\w.-]+:)?sheet\b[^>]*>", workbook.decode("utf-8", "replace")):
        name, rid = re.search(attr.format("name"), tag), re.search(attr.format(r"[\w.-]+:id"), tag)
        if name and rid:
            result["xl/" + targets.get(rid.group(1), "")] = _unescape(name.group(1))
    return result


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _load_grid(source: Source, sheet: str | None) -> list[list[Cell]]:
    from desktop_app.importing.isolated import run_isolated

    grid: list[list[Cell]] = run_isolated("grid", str(source.path), sheet, source.file)
    return grid


def text_of(cell: Cell) -> str:
    """How a cell reads as text in messages."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell) if not isinstance(cell, str) else cell


__all__ = ["Cell", "Row", "SheetInfo", "Source", "open_source", "text_of"]
