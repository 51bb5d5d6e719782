"""Journeys from the database: touchpoints streamed in customer and time order, cut at conversions.

A conversion's journey is its customer's touchpoints after the previous conversion (of the goals
looked at) up to the touch at or just before it (the touch that records the conversion is its
last touch), within the goal's lookback window. Touches after a customer's last conversion, in
the period, form a non-converting journey. A conversion without touches keeps its own channel.
Rows are read in chunks into numpy columns; the matching is done with sorted searches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from operator import itemgetter
from typing import Any

import numpy as np

from desktop_app.attribution.assemble import Conversions as _Conversions
from desktop_app.attribution.assemble import assemble
from desktop_app.attribution.journeys import Journeys
from desktop_app.domain.money import currency_exponent
from desktop_app.domain.timeutil import EARLIEST_DAY, LATEST_DAY, UTC_FORMAT, range_bounds_utc
from desktop_app.store.handle import Database
from desktop_app.store.report_summary import repeat_filter
from desktop_app.store.settings import load_settings

CHUNK_ROWS = 100_000
# touch columns after the customer key: (name, index in the row, numpy type)
_COLUMNS = (("time", 1, np.int64), ("ch", 2, np.int32), ("camp", 3, np.int32), ("cid", 4, np.int32))
_DAY = 86_400
TOUCH_SQL = (
    "SELECT customer_key, unixepoch(occurred_at), channel_id, COALESCE(campaign_id, 0),"
    " COALESCE(conversion_id, 0) FROM touchpoints INDEXED BY idx_touchpoints_customer"
    " WHERE occurred_at >= ? AND occurred_at < ? ORDER BY customer_key, occurred_at, id"
)


@dataclass(frozen=True)
class Scope:
    """Which conversions: goals (with their lookback) and local dates `first..last`."""

    goal_lookback: dict[int, int]  # goal id -> lookback days
    first: date
    last: date
    once_per_customer: frozenset[int] = frozenset()  # goals counting a customer's first only


def goal_scope(
    db: Database, first: date | None, last: date | None, goal_id: int | None
) -> Scope | None:
    """Macro goals (or the one goal); missing dates default to the conversions' whole span
    among the days a report covers (see reports.conversions.data_span)."""
    where = "id = ?" if goal_id is not None else "level = 'macro'"
    params = [goal_id] if goal_id is not None else []
    rows = db.execute(f"SELECT id, lookback_days, counting FROM goals WHERE {where}", params)
    lookback: dict[int, int] = {}
    once: set[int] = set()
    for goal, days, counting in rows.fetchall():
        lookback[int(goal)] = int(days)
        if counting == "one_per_customer":
            once.add(int(goal))
    if not lookback:
        return None
    if first is None or last is None:
        marks = ",".join("?" * len(lookback))
        span = db.execute(
            f"SELECT MIN(local_date), MAX(local_date) FROM conversions"
            f" WHERE status = 'active' AND goal_id IN ({marks}) AND local_date BETWEEN ? AND ?",
            [*lookback, EARLIEST_DAY.isoformat(), LATEST_DAY.isoformat()],
        ).fetchone()
        if span[0] is None:
            return None
        first = first or date.fromisoformat(span[0])
        last = last or date.fromisoformat(span[1])
    return Scope(lookback, first, last, frozenset(once))


def _epoch(utc_text: str) -> int:
    return int(datetime.strptime(utc_text, UTC_FORMAT).replace(tzinfo=UTC).timestamp())


def _utc_text(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime(UTC_FORMAT)


def load_journeys(db: Database, scope: Scope) -> Journeys:
    settings = load_settings(db)
    exponent = currency_exponent(settings.currency)
    start_text, end_text = range_bounds_utc(scope.first, scope.last, settings.tz)
    start, end = _epoch(start_text), _epoch(end_text)
    touch_from = start - max(scope.goal_lookback.values()) * _DAY
    conv = _load_conversions(db, scope, touch_from, end)
    touches = _stream_touches(db, _utc_text(touch_from), end_text, conv)
    names = {int(r[0]): str(r[1]) for r in db.execute("SELECT id, name FROM channels")}
    return assemble(names, conv, touches, start, exponent)


def _repeats_left_out(once: frozenset[int]) -> tuple[str, list[int]]:
    """SQL condition (and its parameters) that drops repeats of goals counting one per customer.

    As the reports count them: only a customer's first active conversion of such a goal (by
    time, then id, over all time) counts, so it alone is a conversion here; a repeat is no
    conversion at all (its touches run on to the customer's next counted conversion).
    """
    if not once:
        return "", []
    marks = ",".join("?" * len(once))
    return f" AND NOT (c.goal_id IN ({marks}) AND {repeat_filter('c')})", sorted(once)


def _load_conversions(db: Database, scope: Scope, touch_from: int, end: int) -> _Conversions:
    marks = ",".join("?" * len(scope.goal_lookback))
    repeats_sql, repeats_params = _repeats_left_out(scope.once_per_customer)
    cursor = db.conn.execute(
        "SELECT c.customer_key, c.id, unixepoch(c.occurred_at), c.value_minor, c.channel_id,"
        " COALESCE(c.campaign_id, 0), c.local_date BETWEEN ? AND ?, c.goal_id FROM conversions c"
        f" WHERE c.status = 'active' AND c.goal_id IN ({marks})"
        f" AND c.occurred_at >= ? AND c.occurred_at < ?{repeats_sql}"
        " ORDER BY c.customer_key, c.occurred_at, c.id",
        [
            scope.first.isoformat(),
            scope.last.isoformat(),
            *scope.goal_lookback,
            _utc_text(touch_from),
            _utc_text(end),
            *repeats_params,
        ],
    )
    keys: list[np.ndarray] = []
    keyed: list[dict[str, np.ndarray]] = []
    unkeyed: list[dict[str, np.ndarray]] = []
    while rows := cursor.fetchmany(CHUNK_ROWS):  # in chunks: row tuples cost ~300 bytes each
        with_key = [r for r in rows if r[0]]
        keys.append(np.array([r[0] for r in with_key], dtype=object))
        keyed.append(_conversion_columns(with_key, scope))
        unkeyed.append(_conversion_columns([r for r in rows if not r[0] and r[6]], scope))
        del rows, with_key
    return _Conversions(
        keys=np.concatenate(keys) if keys else np.zeros(0, dtype=object),
        code=np.full(sum(len(k) for k in keys), -1, dtype=np.int64),
        cols=_joined(keyed, scope),
        unkeyed=_joined(unkeyed, scope),
    )


def _joined(parts: list[dict[str, np.ndarray]], scope: Scope) -> dict[str, np.ndarray]:
    if not parts:
        return _conversion_columns([], scope)
    return {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}


def _conversion_columns(rows: list[tuple[Any, ...]], scope: Scope) -> dict[str, np.ndarray]:
    def col(i: int, dtype: type) -> np.ndarray:
        return np.fromiter((r[i] for r in rows), dtype=dtype, count=len(rows))

    return {
        "id": col(1, np.int64),
        "time": col(2, np.int64),
        "value": col(3, np.int64),
        "channel": col(4, np.int64),
        "campaign": col(5, np.int64),
        "in_range": col(6, np.int64).astype(bool),
        "lookback": np.fromiter(
            (scope.goal_lookback[r[7]] * _DAY for r in rows), dtype=np.int64, count=len(rows)
        ),
    }


def _stream_touches(
    db: Database, from_text: str, end_text: str, conv: _Conversions
) -> dict[str, np.ndarray]:
    """Touch columns, with each customer numbered in stream order (and matched conversions)."""
    parts: dict[str, list[np.ndarray]] = {k: [] for k in ("cust", "time", "ch", "camp", "cid")}
    cursor = db.conn.execute(TOUCH_SQL, [from_text, end_text])
    last_key: object = None
    next_code = 0
    while rows := cursor.fetchmany(CHUNK_ROWS):
        n = len(rows)
        # one column at a time with itemgetter: much cheaper than zip(*rows) on big chunks
        key_arr = np.array(list(map(itemgetter(0), rows)), dtype=object)
        new = np.empty(n, dtype=bool)
        new[0] = key_arr[0] != last_key
        new[1:] = key_arr[1:] != key_arr[:-1]
        cust = np.cumsum(new, dtype=np.int64) + (next_code - 1)
        new_keys = key_arr[new]
        _match_customers(conv, new_keys, np.arange(next_code, next_code + len(new_keys)))
        next_code += len(new_keys)
        last_key = key_arr[-1]
        parts["cust"].append(cust.astype(np.int32))
        for name, index, dtype in _COLUMNS:
            parts[name].append(np.fromiter(map(itemgetter(index), rows), dtype=dtype, count=n))
        del rows, key_arr
    columns: dict[str, np.ndarray] = {}
    for k in list(parts):  # one column at a time, so the chunks and the whole never all coexist
        chunks = parts.pop(k)
        columns[k] = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int64)
        del chunks
    return columns


def _match_customers(conv: _Conversions, keys: np.ndarray, codes: np.ndarray) -> None:
    """Give the conversions of these customers (keys sorted, as in the stream) their codes."""
    if len(conv.keys) == 0 or len(keys) == 0:
        return
    lo = np.searchsorted(conv.keys, keys, side="left")
    hi = np.searchsorted(conv.keys, keys, side="right")
    count = hi - lo
    if not count.any():
        return
    starts = np.repeat(lo, count)
    within = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    conv.code[starts + within] = np.repeat(codes, count)
