"""Cell values that Excel can open safely: no formula injection, no illegal XML, Excel's limits.

Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first) stays a
string cell with its text unchanged; it gets the quote-prefix style, so editing the cell in
Excel keeps it text too. Nothing is added to the text itself.
"""

from __future__ import annotations

import re
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE as _OPENPYXL_ILLEGAL
from openpyxl.styles.cell_style import StyleArray

from desktop_app.exporting.csv_safety import FORMULA_STARTS

# Excel's limit on the characters in one cell.
MAX_CELL_CHARS = 32_767
TRUNCATED_MARKER = " … [truncated]"
REPLACEMENT = "\ufffd"
# openpyxl refuses these control characters; XML 1.0 also forbids unpaired surrogates and
# U+FFFE/U+FFFF, which a database row can still hold.
ILLEGAL_CHARACTERS_RE = re.compile(_OPENPYXL_ILLEGAL.pattern + "|[\ud800-\udfff\ufffe\uffff]")
MAX_SHEET_NAME = 31
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def clean_text(text: str) -> str:
    """Illegal XML characters replaced (U+FFFD) and the text cut to Excel's cell limit."""
    if ILLEGAL_CHARACTERS_RE.search(text):
        text = ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, text)
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - len(TRUNCATED_MARKER)] + TRUNCATED_MARKER
    return text


def needs_text_guard(text: str) -> bool:
    """True for text that Excel would read as a formula or an error value."""
    return text.startswith(FORMULA_STARTS) or text in ERROR_CODES


def text_cell(ws: Any, text: str, style: StyleArray | None = None) -> WriteOnlyCell | str:
    """A cleaned string for a write-only sheet: the plain text when harmless, else a cell typed
    as a string with the quote-prefix style (on top of `style`)."""
    text = clean_text(text)
    if style is None and not needs_text_guard(text):
        return text
    cell = WriteOnlyCell(ws)
    if style is not None:
        cell._style = StyleArray(style)
    cell.value = text
    if needs_text_guard(text):
        cell.data_type = "s"  # openpyxl would make "=..." a formula and "#N/A" an error
        cell.quotePrefix = True
    return cell


def safe_value(ws: Any, value: object, style: StyleArray | None = None) -> object:
    """Any exported value: text goes through `text_cell`, numbers and dates stay as they are."""
    if isinstance(value, str):
        return text_cell(ws, value, style)
    if style is None:
        return value
    cell = WriteOnlyCell(ws)
    cell._style = StyleArray(style)
    cell.value = value
    return cell


def sheet_name(wanted: str, used: set[str]) -> str:
    """A valid sheet name, unique among `used` (case-insensitively), added to `used`."""
    name = _SHEET_NAME_BAD.sub("_", clean_text(wanted)).strip("'").strip() or "Sheet"
    name = name[:MAX_SHEET_NAME]
    taken = {u.lower() for u in used}
    candidate, n = name, 2
    while candidate.lower() in taken or candidate.lower() == "history":
        suffix = f" ({n})"
        candidate = name[: MAX_SHEET_NAME - len(suffix)] + suffix
        n += 1
    used.add(candidate)
    return candidate
