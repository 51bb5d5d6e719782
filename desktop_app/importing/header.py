"""Finding the header row below title rows, the period a title names, and rows to skip."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from desktop_app.importing.fields import KINDS, guess_field
from desktop_app.importing.readers import Cell, Row, text_of

SCAN_ROWS = 40

_TOTAL = re.compile(r"^\s*(total|totals|grand total|gesamt|gesamtsumme|summe|totaux|suma)\b", re.I)
_TOTAL_STARTS = frozenset("tgsTGS")
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        (
            "january jan januar janvier enero janeiro",
            "february feb februar fevrier février febrero fevereiro",
            "march mar märz maerz mars marzo marco março",
            "april apr avril abril",
            "may mai mayo maio",
            "june jun juni juin junio junho",
            "july jul juli juillet julio julho",
            "august aug août aout agosto",
            "september sep sept septembre septiembre setembro",
            "october oct oktober octobre octubre outubro",
            "november nov novembre noviembre novembro",
            "december dec dezember décembre decembre diciembre dezembro",
        )
    )
    for m in names.split()
}
_WORD_DATE = r"(?:[A-Za-zÀ-ÿ]+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\.?\s+[A-Za-zÀ-ÿ]+\.?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{8})"
_RANGE = re.compile(rf"({_WORD_DATE})\s*(?:-|–|—|to|bis|au|a|até)\s*({_WORD_DATE})", re.I)
_GA4_DATE = re.compile(r"#?\s*(start|end) date\s*:\s*(\d{8})", re.I)


@dataclass
class HeaderInfo:
    """Where the table starts: the header row (Excel numbering), its cells, and the titles above."""

    row: int
    headers: list[str]
    titles: list[str] = field(default_factory=list)
    period: tuple[date, date] | None = None  # from a title line such as `1 May 2026 - 8 May 2026`
    period_text: str = ""


# These two run on every row of a file, so they are plain loops rather than all()/any() over
# generator expressions, which cost a generator per row.
def is_blank(cells: list[Cell]) -> bool:
    for c in cells:  # noqa: SIM110
        if c is not None and not (isinstance(c, str) and not c.strip()):
            return False
    return True


def is_total_row(cells: list[Cell]) -> bool:
    """Google Ads writes `Total: …` rows, sometimes with the label in the third column."""
    for cell in cells[:3]:
        # Every label starts with t, g or s: most cells are passed over without the regex.
        if isinstance(cell, str) and cell.lstrip()[:1] in _TOTAL_STARTS and _TOTAL.match(cell):
            return True
    return False


def _is_texty(cell: Cell) -> bool:
    if not isinstance(cell, str) or not cell.strip():
        return False
    stripped = cell.strip().replace(",", "").replace(".", "")
    return not stripped.lstrip("-").isdigit()


def detect_header(rows: list[Row], kind_hint: str | None = None) -> HeaderInfo | None:
    """The header among the first rows: most recognised field names, else the first wide text row."""
    sample = rows[:SCAN_ROWS]
    kinds = [kind_hint] if kind_hint else list(KINDS)
    best: tuple[int, int] | None = None  # (recognised names, index)
    widths = [sum(1 for c in cells if not _blank_cell(c)) for _, cells in sample]
    for i, (_, cells) in enumerate(sample):
        texts = [c for c in cells if _is_texty(c)]
        if len(texts) < 2 or len(texts) < 0.6 * widths[i]:
            continue
        known = max(sum(1 for c in texts if guess_field(k, c)) for k in kinds)
        if known >= 2 and (best is None or known > best[0]):
            best = (known, i)
    if best is None:
        for i, (_, cells) in enumerate(sample):
            texts = [c for c in cells if _is_texty(c)]
            following = max(widths[i + 1 : i + 11], default=0)
            if len(texts) >= 2 and len(texts) >= 0.6 * max(widths[i], following):
                best = (0, i)
                break
    if best is None and max(widths, default=0) == 1:
        # A one-column file (an e-mail list): its header is the first cell naming a field (a
        # column of prose, such as a page of instructions, still has none).
        named = [
            i
            for i, (_, cells) in enumerate(sample)
            for c in cells
            if _is_texty(c) and any(guess_field(k, c) for k in kinds)
        ]
        if named:
            best = (1, named[0])
    if best is None:
        return None
    index = best[1]
    number, cells = sample[index]
    titles = [
        " ".join(text_of(c).strip() for c in r if not _blank_cell(c)) for _, r in sample[:index]
    ]
    titles = [t for t in titles if t]
    info = HeaderInfo(number, [text_of(c).strip() for c in cells], titles)
    info.period, info.period_text = period_from_titles(titles)
    return info


def _blank_cell(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def period_from_titles(titles: list[str]) -> tuple[tuple[date, date] | None, str]:
    """A date range written in a title line (`March 27, 2026 - April 23, 2026`), if any."""
    start = end = None
    for title in titles:
        m = _RANGE.search(title.strip().strip('"'))
        if m:
            first, last = parse_word_date(m.group(1)), parse_word_date(m.group(2))
            if first and last and first <= last:
                return (first, last), m.group(0)
        for m2 in _GA4_DATE.finditer(title):
            day = datetime.strptime(m2.group(2), "%Y%m%d").date()
            if m2.group(1).lower() == "start":
                start = day
            else:
                end = day
    if start and end and start <= end:
        return (start, end), f"{start.isoformat()} - {end.isoformat()}"
    return None, ""


def parse_word_date(text: str) -> date | None:
    """`March 27, 2026`, `1 May 2026`, `27. März 2026`, `2026-03-27` or `20260327`."""
    s = text.strip().replace(",", " ").replace(".", " ")
    parts = s.split()
    try:
        if len(parts) == 1:
            raw = parts[0]
            if re.fullmatch(r"\d{8}", raw):
                return datetime.strptime(raw, "%Y%m%d").date()
            return date.fromisoformat(text.strip())
        if len(parts) == 3:
            if parts[0].isdigit():
                day, month, year = int(parts[0]), _MONTHS.get(parts[1].lower()), int(parts[2])
            else:
                month, day, year = _MONTHS.get(parts[0].lower()), int(parts[1]), int(parts[2])
            if month:
                return date(year, month, day)
    except ValueError:
        return None
    return None
