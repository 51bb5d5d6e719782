"""What a file really is, judged from its bytes (never its name), and how its text is encoded."""

from __future__ import annotations

import codecs
import zipfile
from dataclasses import dataclass
from pathlib import Path

from desktop_app.importing.errors import ImportRefused

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
DELIMITERS = (",", ";", "\t", "|")
# A text file whose lines are UTF-8 except a few in Windows-1252: read line by line.
MIXED = "utf-8/cp1252"


@dataclass(frozen=True, slots=True)
class FileFormat:
    """`kind` is xlsx, xls, ods or text; `encoding` is set for text files."""

    kind: str
    encoding: str | None = None


def detect_format(path: Path) -> FileFormat:
    """The real format of `path`, or ImportRefused with a message a shop owner understands."""
    name = path.name
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        raise ImportRefused(f"{name} cannot be read: {exc.strerror or exc}", file=name) from exc
    if size == 0 or not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ImportRefused(f"{name} is empty: there is nothing to import.", file=name)
    if head.startswith(ZIP_MAGIC) or head.startswith(_EMPTY_ZIP):
        return FileFormat(_zip_kind(path))
    if head.startswith(OLE_MAGIC):
        return FileFormat(_ole_kind(path, head))
    text_start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text_start.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")):
        raise ImportRefused(
            f"{name} is a web page (HTML) saved under a spreadsheet name, not a real workbook. "
            "Open it in Excel or LibreOffice and save it as .xlsx or .csv, then import that file.",
            file=name,
        )
    if text_start.startswith(b"<?xml"):
        raise ImportRefused(
            f"{name} is an XML file (an old 'XML Spreadsheet 2003' or similar), which cannot be "
            "read. Open it in Excel and save it as .xlsx or .csv, then import that file.",
            file=name,
        )
    return FileFormat("text", detect_encoding(path, head))


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "mimetype" in names and zf.read("mimetype").startswith(
                b"application/vnd.oasis.opendocument.spreadsheet"
            ):
                return "ods"
    except (
        zipfile.BadZipFile,
        OSError,
        EOFError,
        NotImplementedError,
        ValueError,
        RuntimeError,
    ) as exc:
        raise ImportRefused(
            f"{path.name} is damaged or incomplete (the workbook's zip structure cannot be read; "
            "the file may have been cut off while copying or downloading). Save or download it "
            "again and import the new copy.",
            file=path.name,
        ) from exc
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        if "xl/workbook.bin" in names:
            return "xlsb"
        return "xlsx"
    if "word/document.xml" in names:
        raise ImportRefused(f"{path.name} is a Word document, not a spreadsheet.", file=path.name)
    raise ImportRefused(
        f"{path.name} is a zip archive, not a spreadsheet. Unpack it and import the .xlsx or "
        ".csv file inside.",
        file=path.name,
    )


def _ole_kind(path: Path, head: bytes) -> str:
    # An encrypted xlsx is an OLE container with an "EncryptedPackage" stream; its directory
    # names are UTF-16, so look for that spelling in the first part of the file.
    with open(path, "rb") as fh:
        start = fh.read(1 << 20)
    if "EncryptedPackage".encode("utf-16-le") in start or (
        "EncryptionInfo".encode("utf-16-le") in start
    ):
        raise ImportRefused(
            f"{path.name} is protected with a password. Open it in Excel, remove the password "
            "(File > Info > Protect Workbook > Encrypt with Password, clear it), save, and import "
            "again.",
            file=path.name,
        )
    return "xls"


def detect_encoding(path: Path, head: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or cp1252 when the bytes are not UTF-8."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    # UTF-16, with a BOM or without (every other byte of ASCII text is zero), only when the
    # whole file decodes so: an odd byte count or a broken pair is no UTF-16 text.
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and _decodes(path, "utf-16"):
        return "utf-16"
    if (
        len(head) >= 4
        and head[1:4:2] == b"\x00\x00"
        and head[0:4:2] != b"\x00\x00"
        and _decodes(path, "utf-16-le")
    ):
        return "utf-16-le"
    if _is_utf8(path):
        return "utf-8"
    if _mixes_utf8_and_cp1252(path):
        return MIXED
    if _decodes(path, "cp1252"):
        return "cp1252"
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise ImportRefused(
            f"{path.name} is not a spreadsheet the app can read: it is neither a workbook (Excel "
            "or OpenDocument) nor a text file, so it may be damaged or not the file you meant. "
            "Open it in the program that made it and save it again (as .xlsx, or as 'CSV UTF-8'), "
            "or export the data again, then import that file.",
            file=path.name,
        )
    raise ImportRefused(
        f"{path.name} is not a file the app can read: it is neither a workbook (Excel or "
        "OpenDocument) nor text in a known encoding (tried UTF-8, UTF-16 and Windows cp1252). "
        "Open it in the program that made it and save it as .xlsx or 'CSV UTF-8', then import that.",
        file=path.name,
    )


def _is_utf8(path: Path) -> bool:
    return _decodes(path, "utf-8")


def _decodes(path: Path, encoding: str) -> bool:
    """Whether the whole file decodes (checked in chunks, so big files cost little memory)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def sniff_delimiter(sample_lines: list[list[str]] | None = None, text: str = "") -> str:
    """The delimiter that splits the sample's lines into the most rows of the same width."""
    import csv
    import io
    from collections import Counter

    best, best_score = ",", (-1, -1)
    for delim in DELIMITERS:
        try:
            rows = list(csv.reader(io.StringIO(text), delimiter=delim))
        except csv.Error:
            continue
        widths = Counter(len(r) for r in rows if len(r) > 1)
        if not widths:
            continue
        width, count = widths.most_common(1)[0]
        score = (count, width)
        if score > best_score:
            best, best_score = delim, score
    return best


def _mixes_utf8_and_cp1252(path: Path) -> bool:
    """Whether a file that is not UTF-8 as a whole has UTF-8 lines (with accents) beside lines
    that only Windows-1252 reads: a file assembled from two sources."""
    utf8_lines = odd_lines = 0
    with open(path, "rb") as fh:
        for line in iter(lambda: fh.readline(1 << 20), b""):  # bounded: a file may lack newlines
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
                utf8_lines += 1
            except UnicodeDecodeError:
                try:
                    line.decode("cp1252")
                except UnicodeDecodeError:
                    return False
                odd_lines += 1
    return utf8_lines > 0 and odd_lines > 0
