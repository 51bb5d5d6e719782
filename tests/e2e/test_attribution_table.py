"""`conversion-tracker attribution --format table`: two tables (conversions, then value) that
fit about 100 columns, every number in one format; the JSON stays PRODUCT.md's list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.main import main

# 1024 single-touch search journeys worth 12,345.67; 3 journeys email > social > search worth
# 30.00 (10.00 each); 1 direct journey worth 5.00. 1,028 conversions, 12,380.67 in all.
PATHS = (
    "path;total_conversions;total_conversion_value;total_null\n"
    "search;1024;12345.67;10\n"
    "email > social > search;3;30.00;2\n"
    "direct;1;5.00;0\n"
)


@pytest.fixture
def paths(tmp_path: Path) -> Path:
    file = tmp_path / "paths.csv"
    file.write_text(PATHS, encoding="utf-8")
    return file


def test_table_layout_and_numbers(paths: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["attribution", "--paths", str(paths)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 100
    conv_at = lines.index("Conversions credited per channel")
    value_at = lines.index("Value credited per channel")
    conv, value = lines[conv_at + 2 : value_at - 1], lines[value_at + 2 :]
    # Conversions, hand-worked per model (search, then email, social, direct):
    #   last touch / last non-direct: 1024 + 3, 0, 0, 1
    #   first touch: 1024, 3, 0, 1; linear: 1024 + 3/3, 1, 1, 1
    #   position-based (40/20/40): 1024 + 3 * 0.4 = 1025.2, 1.2, 0.6, 1
    assert conv[0].startswith(
        "Channel  Last touch  Non-direct  First touch   Linear  Position   Markov"
    )
    assert conv[0].endswith("±")
    assert conv[2].startswith("search      1,027.0     1,027.0      1,024.0  1,025.0   1,025.2  ")
    assert conv[3].startswith("direct          1.0         1.0          1.0      1.0       1.0  ")
    assert conv[4].startswith("email           0.0         0.0          3.0      1.0       1.2  ")
    assert conv[5].startswith("social          0.0         0.0          0.0      1.0       0.6  ")
    # totals in the same format as the rows (each model credits every conversion once)
    assert conv[6] == ("Total       1,028.0     1,028.0      1,028.0  1,028.0   1,028.0  1,028.0")
    # Value: search 12,345.67 + 30.00 (last), + 10.00 (linear), + 12.00 (40% of 30.00)
    assert value[0] == (
        "Channel  Last touch  Non-direct  First touch     Linear   Position     Markov"
    )
    assert value[2].startswith(
        "search    12,375.67   12,375.67    12,345.67  12,355.67  12,357.67  "
    )
    assert value[4].startswith(
        "email          0.00        0.00        30.00      10.00      12.00  "
    )
    assert value[5].startswith(
        "social         0.00        0.00         0.00      10.00       6.00  "
    )
    assert value[6] == (
        "Total     12,380.67   12,380.67    12,380.67  12,380.67  12,380.67  12,380.67"
    )
    assert value[8] == "Non-direct = last non-direct touch; Position = position-based."
    for row in conv[2:6]:  # Markov and its ± also have one decimal
        markov, spread = row.split()[-2:]
        assert markov.split(".")[1:] and len(markov.split(".")[1]) == 1
        assert len(spread.split(".")[1]) == 1


def test_json_unchanged(paths: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["attribution", "--paths", str(paths), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert all(list(r) == ["channel", "model", "conversions", "value"] for r in rows)
    by = {(r["channel"], r["model"]): r for r in rows}
    assert by["search", "last_touch"] == {
        "channel": "search",
        "model": "last_touch",
        "conversions": 1027,
        "value": 12375.67,
    }
    assert by["email", "position_based"]["value"] == 12.0
    assert {m for _c, m in by} == {
        "last_touch",
        "last_non_direct",
        "first_touch",
        "linear",
        "position_based",
        "markov",
    }
