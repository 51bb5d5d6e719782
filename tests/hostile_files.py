"""Hostile and messy spreadsheets, made at test time (small and seeded; only this generator is kept).

`xlsx()` writes a workbook from raw XML, so a test can say exactly what the file claims: which
path the sheet sits at, how its attributes are quoted, which namespace prefix its elements carry,
what `<dimension>` and `uniqueCount` claim. Real spreadsheet programs write all of these forms.
"""

from __future__ import annotations

import random
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
SST_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def xlsx(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    sheet_path: str = "xl/worksheets/sheet1.xml",
    quote: str = '"',
    prefix: str = "",
    dimension: str | None = None,
    shared_count: int | None = None,
    extra_cells: Sequence[tuple[str, object]] = (),
    merged: Sequence[str] = (),
) -> Path:
    """A one-sheet workbook. Text goes to sharedStrings (so `shared_count` can lie about it),
    numbers stay numbers; `extra_cells` adds cells at given references (`XFD1048576`)."""
    q = quote
    p = f"{prefix}:" if prefix else ""
    xmlns = f"xmlns:{prefix}={q}{MAIN_NS}{q}" if prefix else f"xmlns={q}{MAIN_NS}{q}"
    strings: list[str] = []

    def cell(ref: str, value: object) -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return f"<{p}c r={q}{ref}{q}><{p}v>{value!r}</{p}v></{p}c>"
        strings.append(str(value))
        return f"<{p}c r={q}{ref}{q} t={q}s{q}><{p}v>{len(strings) - 1}</{p}v></{p}c>"

    body = []
    for r, values in enumerate(rows, start=1):
        cells = "".join(cell(f"{get_column_letter(c + 1)}{r}", v) for c, v in enumerate(values))
        body.append(f"<{p}row r={q}{r}{q}>{cells}</{p}row>")
    for ref, value in extra_cells:
        number = "".join(ch for ch in ref if ch.isdigit())
        body.append(f"<{p}row r={q}{number}{q}>{cell(ref, value)}</{p}row>")
    dim = f"<{p}dimension ref={q}{dimension}{q}/>" if dimension else ""
    merge = (
        f"<{p}mergeCells count={q}{len(merged)}{q}>"
        + "".join(f"<{p}mergeCell ref={q}{m}{q}/>" for m in merged)
        + f"</{p}mergeCells>"
        if merged
        else ""
    )
    sheet = (
        f"<?xml version={q}1.0{q} encoding={q}UTF-8{q}?>\n<{p}worksheet {xmlns}>{dim}"
        f"<{p}sheetData>{''.join(body)}</{p}sheetData>{merge}</{p}worksheet>"
    )
    count = len(strings) if shared_count is None else shared_count
    sst = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{MAIN_NS}" count="{count}" '
        f'uniqueCount="{count}">' + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    ) + "</sst>"
    target = sheet_path.removeprefix("xl/")
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
        '<sheets><sheet name="Orders" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    rels = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="{PKG_REL_NS}">'
        f'<Relationship Id="rId1" Type="{SHEET_TYPE}" Target="{target}"/>'
        f'<Relationship Id="rId2" Type="{SST_TYPE}" Target="sharedStrings.xml"/></Relationships>'
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/'
        f'{sheet_path}" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    root_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="{PKG_REL_NS}">'
        f'<Relationship Id="rId1" Type="{OFFICE_DOC}" Target="xl/workbook.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("_rels/.rels", root_rels)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", rels)
        zf.writestr(sheet_path, sheet)
        zf.writestr("xl/sharedStrings.xml", sst)
    return path


def xls(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    """A real Excel 97-2003 workbook (BIFF8), written by xlwt (a test-only dependency)."""
    import xlwt  # type: ignore[import-untyped]

    book = xlwt.Workbook()
    sheet = book.add_sheet("Orders")
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            sheet.write(r, c, value)
    book.save(str(path))
    return path


def noisy_bytes(seed: int, size: int) -> bytes:
    """Seeded random bytes (the fuzz corpus is reproducible)."""
    return random.Random(seed).randbytes(size)
