"""insert_many stores exactly what binding every value would, whatever the rows hold."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.store.bulk_insert import insert_many

# One column of each affinity, and one without: a literal and a bound value must convert alike.
_TABLE = "CREATE TABLE t (a INTEGER, b TEXT, c REAL, d NUMERIC, e, f TEXT NOT NULL DEFAULT 'x')"
_COLUMNS = ("a", "b", "c", "d", "e", "f")

_VALUE = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.booleans(),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.sampled_from(["'", "''", "a'b", "\x00", "x\x00y", "12", "1.50", " 7", "NULL", "?", ";"]),
    st.binary(max_size=4),
)


def _stored(rows: list[tuple[Any, ...]], bulk: bool) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(":memory:")
    conn.execute(_TABLE)
    if bulk:
        counted = insert_many(conn, "t", _COLUMNS, rows)
    else:
        sql = f"INSERT INTO t ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
        counted = conn.executemany(sql, rows).rowcount
    assert counted == len(rows)
    return conn.execute(
        "SELECT "
        + ", ".join(f"typeof({c}), quote({c})" for c in _COLUMNS)
        + " FROM t ORDER BY rowid"
    ).fetchall()


def _rows(draw: Any) -> list[tuple[Any, ...]]:
    # Columns are either one value repeated (the case inlined) or drawn per row.
    n = draw(st.integers(min_value=1, max_value=6))
    columns = []
    for _ in _COLUMNS:
        if draw(st.booleans()):
            columns.append([draw(_VALUE)] * n)
        else:
            columns.append([draw(_VALUE) for _ in range(n)])
    # f is NOT NULL: give it text where a None was drawn.
    columns[-1] = ["" if v is None else v for v in columns[-1]]
    return list(zip(*columns, strict=True))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_rows_are_stored_as_binding_each_value_stores_them(data: st.DataObject) -> None:
    rows = _rows(data.draw)
    assert _stored(rows, bulk=True) == _stored(rows, bulk=False)


def test_values_equal_in_python_but_stored_differently_are_not_taken_for_one() -> None:
    # 1 == True == 1.0 in Python; SQLite stores 1, 1 and 1.0. A literal must not merge them.
    # The untyped column e keeps each as it came; the first value is the one a literal would be.
    rows = [(1, "1", 1, 1, 1, "a"), (True, "1", 1.0, True, 1.0, "a"), (1.0, "1", 1, 1, 1, "a")]
    assert _stored(rows, bulk=True) == _stored(rows, bulk=False)
    stored = _stored(rows, bulk=True)
    assert [r[8:10] for r in stored] == [("integer", "1"), ("real", "1.0"), ("integer", "1")]


def test_quotes_and_nul_characters_survive() -> None:
    rows = [(None, "O'Brien's", None, None, "a\x00b", "it''s")] * 3
    stored = _stored(rows, bulk=True)
    assert stored == _stored(rows, bulk=False)
    assert stored[0][3] == "'O''Brien''s'"
    conn = sqlite3.connect(":memory:")
    conn.execute(_TABLE)
    insert_many(conn, "t", _COLUMNS, rows)
    assert (
        conn.execute("SELECT b, e, f FROM t").fetchall() == [("O'Brien's", "a\x00b", "it''s")] * 3
    )


def test_an_integer_past_64_bits_is_never_written_as_a_literal() -> None:
    # SQLite would read the literal 10**20 as the REAL 1e20; bound, it is refused at once.
    conn = sqlite3.connect(":memory:")
    conn.execute(_TABLE)
    rows = [(10**20, "x", None, None, None, "a")] * 2
    with pytest.raises(OverflowError):
        insert_many(conn, "t", _COLUMNS, rows)
    assert conn.execute("SELECT COUNT(*) FROM t").fetchone()[0] == 0
    edge = [(2**63 - 1, "x", -(2**63), None, None, "a")] * 2
    assert _stored(edge, bulk=True) == _stored(edge, bulk=False)


def test_no_rows_inserts_nothing() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(_TABLE)
    assert insert_many(conn, "t", _COLUMNS, []) == 0
    assert conn.execute("SELECT COUNT(*) FROM t").fetchone()[0] == 0


def test_or_ignore_counts_only_the_rows_it_stored() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE u (k TEXT UNIQUE, n INTEGER)")
    conn.execute("INSERT INTO u VALUES ('b', 0)")
    rows = [("a", 5), ("b", 5), ("c", 5), ("a", 5)]
    assert insert_many(conn, "u", ("k", "n"), rows, verb="INSERT OR IGNORE") == 2
    assert conn.execute("SELECT k, n FROM u ORDER BY k").fetchall() == [
        ("a", 5), ("b", 0), ("c", 5),
    ]  # fmt: skip
