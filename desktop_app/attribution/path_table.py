"""Read an analyst's path table: `path;total_conversions;total_conversion_value;total_null`.

Channels in a path are joined by `>`; the file may be separated by semicolons or commas; the
same path on several lines is summed. There are no timestamps, so time decay cannot run on it.
"""

from __future__ import annotations

import csv
import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from pathlib import Path as FilePath

import numpy as np

from desktop_app.attribution.journeys import Journeys

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
    i_path, i_conv, i_null = col["path"], col["total_conversions"], col["total_null"]
    i_value = col.get("total_conversion_value")
    # Summed per distinct channel sequence; a path string seen before is not split again (a
    # big table repeats a few thousand paths). Values are summed exactly as integers in units
    # of 10**-places, rescaled when a cell has more decimals than the sum so far.
    group_of: dict[str, int] = {}  # path text -> group
    groups: dict[tuple[str, ...], int] = {}  # channel sequence -> group
    conv: list[int] = []
    null: list[int] = []
    value: list[int] = []
    value_places: list[int] = []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise PathTableError(
                f"{where}, line {number}: {len(row)} columns where the header has {len(header)}"
            )
        text_path = row[i_path]
        g = group_of.get(text_path)
        if g is None:
            channels = tuple(part.strip() for part in text_path.split(">"))
            if not all(channels):
                raise PathTableError(
                    f"{where}, line {number}, column path: {text_path!r} has an empty channel"
                )
            g = group_of[text_path] = groups.setdefault(channels, len(groups))
            if g == len(conv):
                conv.append(0)
                null.append(0)
                value.append(0)
                value_places.append(0)
        cell = row[i_conv]
        conv[g] += (
            int(cell)
            if cell.isascii() and cell.isdigit()
            else _whole(cell, where, number, "total_conversions")
        )
        cell = row[i_null]
        null[g] += (
            int(cell)
            if cell.isascii() and cell.isdigit()
            else _whole(cell, where, number, "total_null")
        )
        if i_value is not None:
            cell = row[i_value]
            if delimiter == ";" and "," in cell and "." not in cell:
                cell = cell.replace(",", ".")  # a decimal comma, as European spreadsheets write
            units, places = _fixed(cell, where, number)
            have = value_places[g]
            if places == have:
                value[g] += units
            elif places > have:
                value[g] = value[g] * 10 ** (places - have) + units
                value_places[g] = places
            else:
                value[g] += units * 10 ** (have - places)
    names: dict[str, int] = {}
    chan: list[int] = []
    offsets = [0]
    kept: list[int] = []
    for channels, g in groups.items():
        if conv[g] or null[g]:
            kept.append(g)
            chan.extend([names.setdefault(name, len(names)) for name in channels])
            offsets.append(len(chan))
    sums = [_normal(value[g], value_places[g]) for g in kept]
    places = min(max((p for _v, p in sums), default=0), MAX_VALUE_PLACES)
    return Journeys(
        channel=np.array(chan, dtype=np.int16),
        campaign=np.zeros(len(chan), dtype=np.int32),
        age_days=None,
        offsets=np.array(offsets, dtype=np.int64),
        conversions=np.array([conv[g] for g in kept], dtype=np.int64),
        value=np.array(_whole_units(sums, places), dtype=np.int64),
        nulls=np.array([null[g] for g in kept], dtype=np.int64),
        own=np.zeros(len(kept), dtype=bool),
        channel_names=tuple(names),
        channel_ids=tuple(None for _ in names),
        campaign_ids=(None,),
        value_exponent=places,
    )


def _normal(units: int, places: int) -> tuple[int, int]:
    """The same number with no trailing zeros after the point: (150, 2) -> (15, 1)."""
    if units == 0:
        return 0, 0
    while places and units % 10 == 0:
        units //= 10
        places -= 1
    return units, places


def _whole_units(sums: list[tuple[int, int]], places: int) -> list[int]:
    """Values in units of 10**-places whose sum is the exact total rounded to that unit.

    `sums` are exact values, each `units * 10**-its_places`. Values with more decimals than
    MAX_VALUE_PLACES are rounded so that the error never piles up: each path is floored and the
    units left (the total rounded half to even) go to the largest remainders, earlier paths first
    among equal ones.
    """
    finest = max((p for _v, p in sums), default=0)
    unit = 10 ** max(finest - places, 0)  # one unit of the result, in the finest scale
    floors: list[int] = []
    remainders: list[int] = []  # in the finest scale
    total = 0
    for units, p in sums:
        exact = units * 10 ** (finest - p)
        total += exact
        whole, rest = divmod(exact, unit)
        floors.append(whole)
        remainders.append(rest)
    rounded, rest = divmod(total, unit)
    if 2 * rest > unit or (2 * rest == unit and rounded % 2):
        rounded += 1
    left = rounded - sum(floors)
    for i in sorted(range(len(sums)), key=lambda i: -remainders[i])[:left]:
        floors[i] += 1
    return floors


_PLAIN = re.compile(r"(\d*)(?:\.(\d*))?")
_MOST_PLACES = 30  # finer than any money; a longer fraction is rounded to it


def _fixed(text: str, where: str, line: int) -> tuple[int, int]:
    """A value cell as (units, places): "12.50" -> (1250, 2); plain digits parsed directly."""
    plain = _PLAIN.fullmatch(text)
    if plain and (plain[1] or plain[2]):
        fraction = plain[2] or ""
        if len(fraction) <= _MOST_PLACES:
            return int((plain[1] or "") + fraction or "0"), len(fraction)
    number = _number(text, where, line, "total_conversion_value", False)
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # finite: checked by _number
    places = min(max(0, -exponent), _MOST_PLACES)
    scaled = number.scaleb(places).to_integral_value(rounding=ROUND_HALF_EVEN)
    return int(scaled), places


def _whole(text: str, where: str, line: int, column: str) -> int:
    return int(_number(text, where, line, column, True))


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
