"""The store: migrations (fresh, upgrade, refusal of newer files), backups, permissions, the lock."""

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlite_utils import Database

from desktop_app.store import (
    DatabaseLockedError,
    FutureDatabaseError,
    StoreError,
    close_database,
    open_database,
)
from desktop_app.store.schema import migrations
from desktop_app.store.schema_version import SCHEMA_VERSION

TABLES = {
    "settings", "channels", "channel_aliases", "campaigns", "spend", "goals", "conversions",
    "touchpoints", "exchange_rates", "import_batches", "import_rejects", "batch_updates",
    "import_mappings", "export_log", "audit_log",
}  # fmt: skip


def test_fresh_database_has_every_table_and_default_channels(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        assert set(db.table_names()) >= TABLES
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        names = {r[0] for r in db.execute("SELECT name FROM channels")}
        assert {"Paid Search", "Direct", "Phone", "Walk-in", "Unassigned"} <= names
    finally:
        close_database(db)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_database_is_readable_by_owner_only(db_path: Path) -> None:
    close_database(open_database(db_path))
    assert (db_path.stat().st_mode & 0o777) == 0o600


@pytest.mark.parametrize("stop_index", range(len(migrations._migrations)))
def test_upgrade_from_every_older_version_backs_up_first(tmp_path: Path, stop_index: int) -> None:
    path = tmp_path / "old.db"
    names = [m.name for m in migrations._migrations]
    old = Database(path)
    migrations.apply(old, stop_before=names[stop_index])
    old.execute(f"PRAGMA user_version={stop_index}")
    old.conn.close()
    db = open_database(path)
    try:
        assert [m.name for m in migrations.applied(db)] == names
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        close_database(db)
    backups = list((tmp_path / "backups").glob("old-*.db"))
    assert len(backups) == (1 if stop_index > 0 else 0)


def test_database_from_a_newer_version_is_refused_and_unchanged(db_path: Path) -> None:
    close_database(open_database(db_path))
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 5}")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(FutureDatabaseError, match="newer version"):
        open_database(db_path)
    assert db_path.read_bytes() == before
    # the lock was released, so a later attempt gives the same clear answer rather than "locked"
    with pytest.raises(FutureDatabaseError):
        open_database(db_path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("hello, this is not SQLite")
    with pytest.raises(StoreError, match="not a Conversion Tracker database"):
        open_database(path)
    assert path.read_text() == "hello, this is not SQLite"


def test_an_unrelated_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a Conversion Tracker database"):
        open_database(path)


def test_second_process_is_told_plainly(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        script = textwrap.dedent(
            f"""
            from desktop_app.store import open_database, DatabaseLockedError
            try:
                open_database({str(db_path)!r})
            except DatabaseLockedError as exc:
                print("LOCKED:", exc)
            """
        )
        out = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        )
        assert "LOCKED:" in out.stdout
        assert "already open in Conversion Tracker" in out.stdout
    finally:
        close_database(db)
    # once closed, another process may open it
    script = (
        f"from desktop_app.store import open_database; open_database({str(db_path)!r}); print('OK')"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "OK"


def test_connections_of_one_process_share_the_lock(db_path: Path) -> None:
    first = open_database(db_path)
    second = open_database(db_path)  # a worker thread's own connection
    close_database(second)
    close_database(first)
    assert not db_path.with_name(db_path.name + ".lock").exists()


def test_lock_error_type_is_exported() -> None:
    assert issubclass(DatabaseLockedError, RuntimeError)


def test_reading_alongside_the_app(db_path: Path) -> None:
    """The command line's reports may open a file the app holds; writers that migrate may not."""
    db = open_database(db_path)
    db.execute("INSERT INTO goals (name) VALUES ('Lead')")
    try:
        script = textwrap.dedent(
            f"""
            from desktop_app.store import open_database, DatabaseLockedError
            try:
                open_database({str(db_path)!r})
            except DatabaseLockedError:
                print("LOCKED")
            other = open_database({str(db_path)!r}, alongside=True)
            print(other.execute("SELECT name FROM goals").fetchone()[0])
            """
        )
        out = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        )
        assert out.stdout.split() == ["LOCKED", "Lead"]
    finally:
        close_database(db)


def test_the_campaign_list_sums_spend_from_an_index_alone(db) -> None:  # type: ignore[no-untyped-def]
    """The Campaigns page's list sums each campaign's spend on every visit: from an index that
    holds the cost (no lookup of each spend row in the table; 20 ms -> 8 ms on three years)."""
    from desktop_app.store.campaigns import list_campaigns

    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    try:
        list_campaigns(db)
    finally:
        db.conn.set_trace_callback(None)
    query = next(s for s in seen if "SUM(cost_minor)" in s)
    plan = " ".join(str(row) for row in db.execute(f"EXPLAIN QUERY PLAN {query}"))
    assert "COVERING INDEX idx_spend_campaign_cost" in plan


def test_asking_whether_a_file_needs_an_upgrade_writes_nothing_beside_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Found in review: a read-only connection to a WAL file left -shm and -wal files beside a
    file the app then refused (a newer version's) as "not changed"."""
    import sqlite3

    from desktop_app.store.connection import needs_upgrade

    newer = tmp_path / "v99.db"
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE t (x)")
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    before = sorted(p.name for p in tmp_path.iterdir())
    assert before == ["v99.db"]
    assert not needs_upgrade(newer)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    older = tmp_path / "v1.db"
    conn = sqlite3.connect(older)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA user_version=1")
    conn.close()
    assert needs_upgrade(older)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v1.db", "v99.db"]
