"""Checks a workbook must pass before any reader touches it: sizes, ratios, the cells it really uses.

A sheet's `<dimension>` is not trusted either way: a lying one (A1:XFD1048576 around two rows) is
ignored, and the extent comes from the cells found.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.importing.errors import ImportRefused

# Limits far above any real export (Excel's own maximum sheet is 1,048,576 x 16,384, but a
# business export with more than 20 million cells is not something a laptop app should load).
MAX_ENTRY_BYTES = 1 << 30  # 1 GiB of XML in one zip entry
MAX_TOTAL_BYTES = 2 << 30
MAX_RATIO = 200  # compressed XML of real sheets shrinks 5-30x; bombs shrink thousands of times
RATIO_FLOOR_BYTES = 10 << 20  # small entries may compress well without being a threat
MAX_CELLS = 20_000_000
MAX_RELS_PARTS = 64
MAX_RELS_BYTES = 4 << 20
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384

# Attributes may be quoted either way and elements may carry any namespace prefix: readers accept
# all of these forms, so the scan does too (a far-corner cell written `<x:c r='XFD1048576'>` is as
# real to the reader as `<c r="XFD1048576">`).
_Q = rb"[\"']"
_ROW = re.compile(rb"<(?:[\w.-]+:)?row\b[^>]*?\br=" + _Q + rb"(\d+)")
_CELL_COL = re.compile(rb"<(?:[\w.-]+:)?c\s[^>]*?\br=" + _Q + rb"([A-Z]{1,3})\d+")
_COUNT = re.compile(rb"\buniqueCount=" + _Q + rb"(\d+)")
_SHEET_TARGET = re.compile(r"<(?:[\w.-]+:)?Relationship\b[^>]*>", re.I)
_ATTR = re.compile(r"""\b(Type|Target)=["']([^"']*)["']""")
# Smallest possible entry of the shared text table (`<si/>`): a claim of more entries than the part
# could hold is a lie that makes a reader reserve memory for all of them.
MIN_SHARED_ENTRY_BYTES = 5
_P = rb"(?:[\w.-]+:)?"  # any namespace prefix
# A formula whose cell has no cached value: `<f>..</f></c>` or `<f .../></c>` with no `<v>`.
_UNCACHED = re.compile(
    rb"<" + _P + rb"c\s[^>]*?\br=" + _Q + rb"([A-Z]+)(\d+)" + _Q + rb"[^>]*>\s*<" + _P
    + rb"f\b[^>]*(?:/>|>[^<]*</" + _P + rb"f>)\s*(?:<" + _P + rb"v\s*/>|<" + _P + rb"v></"
    + _P + rb"v>)?\s*</" + _P + rb"c>"
)  # fmt: skip
# An error cell (`t="e"`): calamine reads it as empty, so remember what Excel shows there.
_ERROR = re.compile(
    rb"<" + _P + rb"c\s[^>]*?\br=" + _Q + rb"([A-Z]+)(\d+)" + _Q + rb"[^>]*?\bt=" + _Q
    + rb"e" + _Q + rb"[^>]*>\s*(?:<" + _P + rb"f\b[^>]*(?:/>|>[^<]*</" + _P + rb"f>))?\s*<"
    + _P + rb"v>([^<]*)</" + _P + rb"v>"
)  # fmt: skip


@dataclass
class WorkbookCheck:
    """What the pre-check learnt: each worksheet's real extent and formulas lacking a value."""

    max_row: dict[str, int] = field(default_factory=dict)  # zip entry name -> last row
    uncached_formulas: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    error_cells: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)


def column_index(letters: bytes | str) -> int:
    """`A` -> 0, `Z` -> 25, `AA` -> 26."""
    text = letters.decode() if isinstance(letters, bytes) else letters
    n = 0
    for ch in text:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def check_zip_workbook(path: Path) -> WorkbookCheck:
    """Refuse zip bombs, oversized or far-corner sheets before calamine sees the file."""
    name = path.name
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError) as exc:
        raise _damaged(name) from exc
    check = WorkbookCheck()
    with zf:
        infos = zf.infolist()
        total = sum(i.file_size for i in infos)
        if total > MAX_TOTAL_BYTES:
            raise _bomb(name, f"it would unpack to {total >> 20} MB")
        for info in infos:
            if info.file_size > MAX_ENTRY_BYTES:
                raise _bomb(name, f"one part would unpack to {info.file_size >> 20} MB")
            if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise _bomb(name, "it is compressed far more than any real spreadsheet")
        sheets = _worksheet_parts(zf, infos)  # after the size checks: it unpacks .rels parts
        for info in infos:
            if info.filename in sheets:
                _scan_sheet(zf, info, check, name)
            elif info.filename.lower().endswith("sharedstrings.xml"):
                _check_shared_strings(zf, info, name)
            elif info.filename == "content.xml":
                _scan_entry_size(zf, info, name)
    return check


def _worksheet_parts(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> set[str]:
    """Every part a reader may read as a worksheet: those under xl/worksheets/ and whatever the
    workbook's relationships name as a worksheet, wherever it sits in the zip."""
    names = {i.filename for i in infos}
    by_lower = {n.lower(): n for n in names}
    parts = {n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")}
    # A workbook's own relationship lists are few and small; more or larger ones are not read
    # here (the reader meets them in its own process, under its memory cap).
    rels = [n for n in names if n.endswith(".rels") and "_rels/" in n][:MAX_RELS_PARTS]
    for rels_name in rels:
        info = zf.getinfo(rels_name)
        if info.file_size > MAX_RELS_BYTES:
            continue
        try:
            text = zf.read(info).decode("utf-8", "replace")
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            RuntimeError,
            NotImplementedError,
            ValueError,
        ):
            continue
        folder = rels_name.split("_rels/")[0]
        for tag in _SHEET_TARGET.findall(text):
            attrs = dict(_ATTR.findall(tag))
            if not attrs.get("Type", "").endswith("/worksheet"):
                continue
            target = attrs.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else folder + target
            found = by_lower.get(_normalise(part).lower())
            if found:
                parts.add(found)
    return parts


def _normalise(part: str) -> str:
    """`xl/worksheets/../sheets/a.xml` -> `xl/sheets/a.xml`."""
    out: list[str] = []
    for piece in part.split("/"):
        if piece == "..":
            if out:
                out.pop()
        elif piece not in ("", "."):
            out.append(piece)
    return "/".join(out)


def _check_shared_strings(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    """Refuse a shared text table that claims more entries than it could hold."""
    head = next(_stream(zf, info, name, chunk=4096), b"")
    m = _COUNT.search(head[:4096])
    if m and int(m.group(1)) > max(info.file_size, 64) // MIN_SHARED_ENTRY_BYTES:
        raise ImportRefused(
            f"{name} is damaged: its table of text claims {int(m.group(1)):,} entries, far more "
            "than the file holds, and reading it would exhaust the computer's memory. Open it in "
            "Excel or LibreOffice (which repair such files), save it again as .xlsx or .csv, and "
            "import the new copy.",
            file=name,
        )


def _scan_entry_size(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    for _ in _stream(zf, info, name):
        pass


def _stream(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, chunk: int = 1 << 22
) -> Iterator[bytes]:
    """Decompress an entry in chunks, refusing as soon as it grows beyond what it claimed."""
    seen = 0
    try:
        with zf.open(info) as fh:
            while data := fh.read(chunk):
                seen += len(data)
                if seen > MAX_ENTRY_BYTES or seen > info.file_size + 1024:
                    raise _bomb(name, "a part unpacks to more than the file says")
                yield data
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        NotImplementedError,
        ValueError,
    ) as exc:  # NotImplementedError: a zip version or compression method zipfile lacks
        raise _damaged(name) from exc
    except RuntimeError as exc:  # zipfile raises this for encrypted entries
        raise ImportRefused(
            f"{name} is protected with a password. Open it in Excel, remove the password, save, "
            "and import again.",
            file=name,
        ) from exc


def _scan_sheet(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, check: WorkbookCheck, name: str
) -> None:
    max_row, max_col = 0, 0
    uncached: list[tuple[int, int]] = []
    errors: dict[tuple[int, int], str] = {}
    tail = b""
    for chunk in _stream(zf, info, name):
        data = tail + chunk
        # Keep the last partial tag for the next round so no element is split.
        cut = data.rfind(b"<")
        body, tail = data[:cut], data[cut:]
        max_row = max(max_row, max(map(int, _ROW.findall(body)), default=0))
        # Column letters compare by (length, text): only the widest is converted. A sheet repeats
        # the same few letters on every row, so the distinct ones are compared.
        widest = max(set(_CELL_COL.findall(body)), key=lambda c: (len(c), c), default=b"")
        if widest:
            max_col = max(max_col, column_index(widest) + 1)
        if b't="e"' in body or b"t='e'" in body:
            for m in _ERROR.finditer(body):
                errors[(int(m.group(2)), column_index(m.group(1)))] = m.group(3).decode(
                    "utf-8", "replace"
                )
        if b"<f" in body or b":f>" in body or b":f " in body or b":f/" in body:
            uncached.extend(
                (int(m.group(2)), column_index(m.group(1))) for m in _UNCACHED.finditer(body)
            )
    _check_extent(name, max_row, max_col)
    check.max_row[info.filename] = max_row
    if uncached:
        check.uncached_formulas[info.filename] = uncached
    if errors:
        check.error_cells[info.filename] = errors


def _check_extent(name: str, rows: int, cols: int) -> None:
    if rows > MAX_ROWS or cols > MAX_COLUMNS or rows * cols > MAX_CELLS:
        raise ImportRefused(
            f"{name} uses a sheet of {rows:,} rows x {cols:,} columns "
            f"({rows * cols:,} cells), far more than any real export; reading it could exhaust "
            "the computer's memory. Open it in Excel, copy only the table you need into a new "
            "workbook (or save the sheet as CSV), and import that file.",
            file=name,
        )


def _bomb(name: str, detail: str) -> ImportRefused:
    return ImportRefused(
        f"{name} was refused as unsafe: {detail} (a 'zip bomb' or a damaged file). "
        "Import the original export instead, or save the sheet as CSV.",
        file=name,
    )


def _damaged(name: str) -> ImportRefused:
    return ImportRefused(
        f"{name} is damaged or incomplete (its workbook structure cannot be read; it may have "
        "been cut off while copying or downloading). Save or download it again and import the "
        "new copy.",
        file=name,
    )
