"""Monthly sums of the conversions that count, so long reports need not read every conversion.

`conversion_months` holds, per calendar month of the local date, goal, channel and campaign,
the number and value of the conversions that count: active ones, and for a goal counting one
per customer only each customer's first active conversion of it (conversions without a customer
key each count). Triggers on `conversions` and `goals` (schema migration 0002) mark every
(month, goal) a change may touch in `conversion_months_stale`, whoever writes: the app, an
import, an undo, a merge, a time-zone change, another tool's INSERT, UPDATE or DELETE (a
REPLACE deletes silently unless the connection has recursive_triggers on, as sqlite-utils
connections do). Reports read a month from the summary only when no goal of that month is
marked, and from the conversions otherwise, so a marked month is never wrong, only slower. `refresh` rebuilds the marked months; writers call it once their
work is done, and opening a database calls it too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from desktop_app.store.handle import Database, atomic


def repeat_filter(alias: str) -> str:
    """SQL condition: conversion `alias` is not its customer's first active one of its goal
    (by time, then id). The one definition of "a repeat" that reports and the summary share."""
    return (
        f"{alias}.customer_key IS NOT NULL AND EXISTS (SELECT 1 FROM conversions p"
        f" WHERE p.goal_id = {alias}.goal_id AND p.customer_key = {alias}.customer_key"
        f" AND p.status = 'active' AND (p.occurred_at < {alias}.occurred_at"
        f" OR (p.occurred_at = {alias}.occurred_at AND p.id < {alias}.id)))"
    )


def stale_months(db: Database) -> set[str]:
    """Months ('YYYY-MM') whose summary some goal may have out of date."""
    return {row[0] for row in db.execute("SELECT DISTINCT month FROM conversion_months_stale")}


def refresh(db: Database) -> int:
    """Rebuild the summary of every marked (month, goal) from the conversions and clear the
    marks, in one transaction (a savepoint inside the caller's). Returns how many were marked;
    costs one small query when none is."""
    if db.execute("SELECT 1 FROM conversion_months_stale LIMIT 1").fetchone() is None:
        return 0
    if db.conn.in_transaction:
        with atomic(db):
            return _rebuild(db)
    # The write lock first (waiting for another writer like any write), so that reading the
    # marks and then writing cannot fail at once with "database is locked".
    db.execute("BEGIN IMMEDIATE")
    try:
        marked = _rebuild(db)
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return marked


def _rebuild(db: Database) -> int:
    marked = db.execute("SELECT COUNT(*) FROM conversion_months_stale").fetchone()[0]
    db.execute(
        "DELETE FROM conversion_months WHERE (month, goal_id) IN"
        " (SELECT month, goal_id FROM conversion_months_stale)"
    )
    # Goals counting every conversion: the marked months' days of the report index. Dates
    # are ISO text, so a month's days lie between 'YYYY-MM-01' and 'YYYY-MM-31'.
    db.execute(
        "INSERT INTO conversion_months"
        " (month, goal_id, channel_id, campaign_id, conversions, value_minor)"
        " SELECT s.month, c.goal_id, c.channel_id, c.campaign_id, COUNT(*),"
        " SUM(c.value_minor) FROM conversion_months_stale s"
        " JOIN goals g ON g.id = s.goal_id AND g.counting <> 'one_per_customer'"
        " JOIN conversions c INDEXED BY idx_conversions_report ON c.status = 'active'"
        " AND c.local_date BETWEEN s.month || '-01' AND s.month || '-31'"
        " AND c.goal_id = s.goal_id"
        " GROUP BY 1, 2, 3, 4"
    )
    # Goals counting one per customer: a customer's first active conversion (by time, then
    # id; the same rule as `repeat_filter`) is found by numbering each customer's conversions
    # in the order idx_conversions_first_active already keeps them, one pass per goal.
    db.execute(
        "INSERT INTO conversion_months"
        " (month, goal_id, channel_id, campaign_id, conversions, value_minor)"
        " SELECT substr(local_date, 1, 7), goal_id, channel_id, campaign_id, COUNT(*),"
        " SUM(value_minor) FROM ("
        " SELECT c.goal_id, c.local_date, c.channel_id, c.campaign_id, c.value_minor,"
        " c.customer_key IS NULL OR ROW_NUMBER() OVER ("
        " PARTITION BY c.goal_id, c.customer_key ORDER BY c.occurred_at, c.id) = 1 AS counts"
        " FROM conversions c INDEXED BY idx_conversions_first_active"
        " WHERE c.status = 'active' AND c.goal_id IN (SELECT s.goal_id"
        " FROM conversion_months_stale s JOIN goals g ON g.id = s.goal_id"
        " AND g.counting = 'one_per_customer'))"
        " WHERE counts AND (substr(local_date, 1, 7), goal_id) IN"
        " (SELECT month, goal_id FROM conversion_months_stale)"
        " GROUP BY 1, 2, 3, 4"
    )
    db.execute("DELETE FROM conversion_months_stale")
    return int(marked)


# Per-row triggers that a bulk write may set aside (see `batch_marked_in_bulk`).
_ROW_TRIGGERS = ("conversions_summary_insert", "conversions_summary_delete")


def _mark_rows(db: Database, where: str, params: list[object]) -> None:
    """Mark the months of the conversions `where` picks (alias c), and of every active
    conversion of the same customer and goal when the goal counts one per customer (whose first
    conversion may have changed)."""
    db.execute(
        "INSERT OR IGNORE INTO conversion_months_stale (month, goal_id)"
        f" SELECT DISTINCT substr(c.local_date, 1, 7), c.goal_id FROM conversions c WHERE {where}",
        params,
    )
    db.execute(
        "INSERT OR IGNORE INTO conversion_months_stale (month, goal_id)"
        " SELECT DISTINCT substr(p.local_date, 1, 7), p.goal_id FROM conversions c"
        " JOIN goals g ON g.id = c.goal_id AND g.counting = 'one_per_customer'"
        " JOIN conversions p ON p.goal_id = c.goal_id AND p.customer_key = c.customer_key"
        " AND p.status = 'active'"
        f" WHERE ({where}) AND c.customer_key IS NOT NULL",
        params,
    )


def mark_conversions(db: Database, ids: Sequence[int]) -> None:
    """Mark the months of the conversions with these ids as they are now, and of their
    customers' other conversions: for a bulk write that puts rows back by id, before and after."""
    if ids:
        _mark_rows(db, "c.id IN (SELECT value FROM json_each(?))", [json.dumps(list(ids))])


@contextmanager
def batch_marked_in_bulk(db: Database, batch_id: int | None) -> Iterator[None]:
    """For a write that inserts or deletes many conversions of one import batch (None: one that
    only inserts, such as the demo), inside the caller's transaction: the per-row insert and
    delete triggers are set aside, and the months they would have marked are marked in bulk
    before and after instead, for the rows carrying the batch's id and any row added meanwhile
    (a superset: every month of their customers).
    Per-row triggers make a bulk insert of rows with a dozen indexes about 1.7x slower. The
    triggers are back before the transaction ends, and a rollback brings them back too. Updates
    keep their trigger."""
    if not db.conn.in_transaction:
        raise RuntimeError("set the summary triggers aside only inside a transaction")
    definitions = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?)",
        list(_ROW_TRIGGERS),
    ).fetchall()
    if batch_id is not None:
        _mark_rows(db, "c.batch_id = ?", [batch_id])  # before: rows about to be deleted
    newest = db.execute("SELECT IFNULL(MAX(id), 0) FROM conversions").fetchone()[0]
    for name, _sql in definitions:
        db.execute(f"DROP TRIGGER {name}")
    try:
        yield
    finally:
        present = {
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
        for name, sql in definitions:
            if name not in present:
                db.execute(sql)
    if batch_id is not None:
        _mark_rows(db, "c.batch_id = ?", [batch_id])  # after: rows just inserted or put back
    _mark_rows(db, "c.id > ?", [newest])  # and any row added without the batch's id
