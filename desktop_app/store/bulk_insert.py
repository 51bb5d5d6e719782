"""Many rows into one table with the values every row shares written once, not bound per row.

An import's rows repeat most of their columns: the batch id, the origin, the goal, the currency,
and every column the file does not have (NULL). Binding a parameter costs about as much as
storing it, so binding 33 of them per row was most of an import's INSERT time. `insert_many`
looks at each column of the rows once (in C: `list.count`) and writes the columns that hold one
value in every row into the statement as SQL literals; only the others are bound.

Only values whose literal means exactly what the bound value would are written so: None, int
of 64 bits (not bool), and str without a NUL character. Anything else is bound as before.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any


def _literal(value: object) -> str | None:
    """The SQL literal that stores exactly `value`, or None where it must be bound."""
    if value is None:
        return "NULL"
    kind = value.__class__
    if kind is int:  # past 64 bits SQLite would read the literal as a REAL; bound, it fails
        return str(value) if -(2**63) <= value < 2**63 else None  # type: ignore[operator]
    if kind is str:
        text = str(value)
        if "\x00" not in text:
            return "'" + text.replace("'", "''") + "'"
    return None


def insert_many(
    conn: sqlite3.Connection,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    verb: str = "INSERT",
) -> int:
    """`verb INTO table (columns) VALUES (...)` for each row; returns the rows SQLite counted.

    Stores the same values as binding every column would; only the statement differs.
    """
    if not rows:
        return 0
    values: list[str] = []
    bound: list[tuple[Any, ...]] = []  # the columns bound per row
    count = len(rows)
    for column in zip(*rows, strict=True):  # one column at a time, all in C
        first = column[0]
        literal = _literal(first)
        # Equal and of one exact type (1 == True == 1.0, but they are not stored alike).
        if (
            literal is not None
            and column.count(first) == count
            and len(set(map(type, column))) == 1
        ):
            values.append(literal)
        else:
            values.append("?")
            bound.append(column)
    sql = f"{verb} INTO {table} ({', '.join(columns)}) VALUES ({', '.join(values)})"
    params: Any = rows if len(bound) == len(columns) else zip(*bound, strict=True)
    if not bound:
        params = [()] * count
    cursor = conn.executemany(sql, params)
    return max(cursor.rowcount, 0)
