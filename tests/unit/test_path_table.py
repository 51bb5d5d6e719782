"""The path-table reader sums lines per channel sequence exactly, whatever the number shapes."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.attribution.path_table import PathTableError, read_path_table

HEADER = "path;total_conversions;total_conversion_value;total_null\n"


def _expected(lines: list[tuple[str, str, str, str]]) -> dict[tuple[str, ...], list[Decimal]]:
    """Sums per channel sequence, by plain Decimal arithmetic (decimal commas read as points)."""
    sums: dict[tuple[str, ...], list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 3)
    for path, conv, value, null in lines:
        key = tuple(p.strip() for p in path.split(">"))
        c, v, n = sums[key]
        sums[key] = [c + Decimal(conv), v + Decimal(value.replace(",", ".")), n + Decimal(null)]
    return {k: s for k, s in sums.items() if s[0] or s[2]}


def _read(tmp_path: Path, lines: list[tuple[str, str, str, str]]):  # type: ignore[no-untyped-def]
    file = tmp_path / "paths.csv"
    file.write_text(HEADER + "".join(";".join(line) + "\n" for line in lines), encoding="utf-8")
    j = read_path_table(file)
    got = {}
    for p in range(j.n_journeys):
        chans = tuple(j.channel_names[c] for c in j.channel[j.offsets[p] : j.offsets[p + 1]])
        got[chans] = (int(j.conversions[p]), int(j.value[p]), int(j.nulls[p]))
    return j, got


def test_mixed_number_shapes_and_spacing_are_summed_per_path(tmp_path: Path) -> None:
    lines = [
        ("a > b", "1", "2.5", "0"),
        ("a>b", "2", "0,25", "1"),  # the same path written closer, a decimal comma
        ("b", "0", "0", "3"),
        ("c > a", "1", "1E1", "0"),  # a number in exponent form
        ("c > a", " 2 ", "3.", "0"),  # spaces round a count, a trailing point
        ("d", "0", "0", "0"),  # neither converts nor is seen: left out
        ("a > b", "2.0", ".125", "0"),  # a whole number written with a point
    ]
    j, got = _read(tmp_path, lines)
    # by hand: a>b 1+2+2 = 5 conversions, 2.5+0.25+0.125 = 2.875, 1 null; finest is 3 places
    assert j.value_exponent == 3
    assert got == {("a", "b"): (5, 2875, 1), ("b",): (0, 0, 3), ("c", "a"): (3, 13000, 0)}


def test_values_finer_than_a_millionth_are_rounded_so_the_total_stays_exact(
    tmp_path: Path,
) -> None:
    lines = [(f"p{i}", "1", "0.0000004", "0") for i in range(5)]  # 5 x 0.4 millionths = 2
    j, got = _read(tmp_path, lines)
    assert j.value_exponent == 6
    assert sorted(v for _c, v, _n in got.values()) == [0, 0, 0, 1, 1]  # earlier paths first
    assert got[("p0",)][1] == 1 and got[("p1",)][1] == 1


@pytest.mark.parametrize(
    ("cell", "column"),
    [("-1", "total_conversions"), ("1.5", "total_null"), ("x", "total_conversion_value")],
)
def test_a_bad_number_names_its_line_and_column(tmp_path: Path, cell: str, column: str) -> None:
    line = {"total_conversions": ("a", cell, "1", "0"), "total_null": ("a", "1", "1", cell),
            "total_conversion_value": ("a", "1", cell, "0")}[column]  # fmt: skip
    file = tmp_path / "paths.csv"
    file.write_text(HEADER + "a;1;1;0\n" + ";".join(line) + "\n", encoding="utf-8")
    with pytest.raises(PathTableError, match=f"line 3, column {column}: '{cell}'"):
        read_path_table(file)


_cells = st.tuples(
    st.lists(st.sampled_from(["a", "b", "c", " a", "b "]), min_size=1, max_size=4).map(" > ".join),
    st.integers(0, 5).map(str),
    st.one_of(
        st.decimals(0, 10_000, places=2).map(str),
        st.decimals(0, 10, places=7).map(str),
        st.integers(0, 99).map(lambda n: f"{n},5"),
    ),
    st.integers(0, 5).map(str),
)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(st.lists(_cells, min_size=1, max_size=30))
def test_sums_match_plain_decimal_arithmetic(tmp_path_factory, lines) -> None:  # type: ignore[no-untyped-def]
    j, got = _read(tmp_path_factory.mktemp("p"), lines)
    want = _expected(lines)
    assert {k: (c, n) for k, (c, _v, n) in got.items()} == {
        k: (int(c), int(n)) for k, (c, _v, n) in want.items()
    }
    places = j.value_exponent
    exact = {k: v.scaleb(places) for k, (_c, v, _n) in want.items()}
    total = sum(exact.values(), Decimal(0)).to_integral_value(rounding=ROUND_HALF_EVEN)
    assert sum(v for _c, v, _n in got.values()) == total
    for k, v in exact.items():  # each path within one unit of its exact value
        assert abs(got[k][1] - v) < 1
    if places < 6:  # below the cap every value is kept exactly
        assert all(got[k][1] == v for k, v in exact.items())
