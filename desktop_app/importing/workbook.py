"""Parsing a workbook with calamine: what the reader child process runs (importing/isolated.py).

Kept apart from readers.py, which starts that child, so the two never import each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop_app.importing.errors import ImportRefused

if TYPE_CHECKING:
    from desktop_app.importing.readers import Cell


def workbook_sheets(
    path: str, file: str, keep: dict[str | None, Any] | None = None
) -> list[tuple[str, bool, int, int]]:
    """(name, visible, rows, columns) of each worksheet, read by calamine (in the reader child).

    Calamine parses a whole sheet to tell its size. With `keep`, a workbook's only visible
    worksheet (the usual export) is kept there parsed, so reading its rows does not parse it again;
    sheets of larger workbooks are not kept, so they are not all held in memory at once.
    """
    import python_calamine as pc

    try:
        wb = open_workbook(path)
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
        raise calamine_refusal(file, exc) from exc


def workbook_grid(path: str, sheet: str | None, file: str) -> list[list[Cell]]:
    """A worksheet as a list of rows starting at A1 (empty cells are '')."""
    try:
        wb = open_workbook(path)
        ws = wb.get_sheet_by_name(sheet) if sheet is not None else wb.get_sheet_by_index(0)
    except Exception as exc:
        raise calamine_refusal(file, exc, sheet) from exc
    return to_grid(ws, sheet, file)


def open_workbook(path: str) -> Any:
    """The workbook, its format told by calamine from the bytes (a real .xls named .xlsx reads)."""
    import python_calamine as pc

    with open(path, "rb") as fh:
        return pc.CalamineWorkbook.from_filelike(fh)


class Grid(list[list[Any]]):
    """A sheet's rows, and how many merged ranges were filled in (it travels from the child)."""

    merged = 0


def to_grid(ws: Any, sheet: str | None, file: str) -> list[list[Cell]]:
    try:
        rows = Grid(ws.to_python(skip_empty_area=False))
    except Exception as exc:
        raise calamine_refusal(file, exc, sheet) from exc
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


def calamine_refusal(file: str, exc: BaseException, sheet: str | None = None) -> ImportRefused:
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
