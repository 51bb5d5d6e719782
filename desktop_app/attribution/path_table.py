"""Read an analyst's path table: `path;total_conversions;total_conversion_value;total_null`.

Channels in a path are joined by `>`; the file may be separated by semicolons or commas; the
same path on several lines is summed. There are no timestamps, so time decay cannot run on it.
"""

from __future__ import annotations

import csv
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal, InvalidOperation
from pathlib import Path as FilePath

from desktop_app.attribution.journeys import Journeys, Path, journeys_from_paths

COLUMNS = ("path", "total_conversions", "total_conversion_value", "total_null")
MAX_VALUE_PLACES = 6


class PathTableError(ValueError):
    """A path table that cannot be read; the message names the file and line."""


def read_path_table(file: FilePath) -> Journeys:
    where = str(file)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise PathTableError(f"{where}: cannot be read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise PathTableError(f"{where}: is not UTF-8 text; save it as CSV UTF-8") from exc
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise PathTableError(
            f"{where}, line 1: empty file; expected the header {';'.join(COLUMNS)}"
        )
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.reader(lines, delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    missing = [c for c in COLUMNS if c not in header and c != "total_conversion_value"]
    if missing:
        raise PathTableError(
            f"{where}, line 1: no column {', '.join(missing)}; the header must name "
            f"{', '.join(COLUMNS)} (total_conversion_value may be left out)"
        )
    col = {name: header.index(name) for name in COLUMNS if name in header}
    totals: dict[tuple[str, ...], list[Decimal]] = {}
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise PathTableError(
                f"{where}, line {number}: {len(row)} columns where the header has {len(header)}"
            )
        channels = tuple(part.strip() for part in row[col["path"]].split(">"))
        if not all(channels):
            raise PathTableError(
                f"{where}, line {number}, column path: {row[col['path']]!r} has an empty channel"
            )
        conv = _number(row[col["total_conversions"]], where, number, "total_conversions", True)
        null = _number(row[col["total_null"]], where, number, "total_null", True)
        value = Decimal(0)
        if "total_conversion_value" in col:
            cell = row[col["total_conversion_value"]]
            if delimiter == ";" and "," in cell and "." not in cell:
                cell = cell.replace(",", ".")  # a decimal comma, as European spreadsheets write
            value = _number(cell, where, number, "total_conversion_value", False)
        entry = totals.setdefault(channels, [Decimal(0), Decimal(0), Decimal(0)])
        entry[0] += conv
        entry[1] += value
        entry[2] += null
    kept = {chans: t for chans, t in totals.items() if t[0] or t[2]}
    places = min(max((_places(v) for _c, v, _n in kept.values()), default=0), MAX_VALUE_PLACES)
    units = _whole_units([v for _c, v, _n in kept.values()], places)
    paths = [
        Path(list(chans), conversions=int(c), value=u, nulls=int(n))
        for (chans, (c, _v, n)), u in zip(kept.items(), units, strict=True)
    ]
    return journeys_from_paths(paths, value_exponent=places)


def _whole_units(values: list[Decimal], places: int) -> list[int]:
    """Values in units of 10**-places whose sum is the exact total rounded to that unit.

    Values with more decimals than MAX_VALUE_PLACES are rounded so that the error never piles up:
    each path is floored and the units left go to the largest remainders.
    """
    scaled = [v.scaleb(places) for v in values]
    floors = [int(x.to_integral_value(rounding=ROUND_FLOOR)) for x in scaled]
    total = int(sum(scaled, Decimal(0)).to_integral_value(rounding=ROUND_HALF_EVEN))
    left = total - sum(floors)
    by_remainder = sorted(range(len(scaled)), key=lambda i: floors[i] - scaled[i])
    for i in by_remainder[:left]:
        floors[i] += 1
    return floors


def _number(text: str, where: str, line: int, column: str, whole: bool) -> Decimal:
    cell = text.strip()
    try:
        number = Decimal(cell or "0")
    except InvalidOperation:
        number = Decimal("NaN")
    kind = "a whole number" if whole else "a number"
    if not number.is_finite() or number < 0 or (whole and number != number.to_integral_value()):
        raise PathTableError(
            f"{where}, line {line}, column {column}: {text!r} is not {kind} of 0 or more"
        )
    return number


def _places(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0
