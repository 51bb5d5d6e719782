"""The light database handle the command line reads with, and `atomic`, the transaction both
handles share: they must behave as sqlite-utils' `Database` does on the app's connections."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database as SqliteUtilsDatabase

from desktop_app.store import StoreError, close_database, open_database
from desktop_app.store.connection import open_read_only
from desktop_app.store.handle import Database, PlainDatabase, atomic
from desktop_app.store.schema_version import MIGRATION_NAMES, SCHEMA_VERSION


def _conn() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE t (x INTEGER PRIMARY KEY)")
    return conn


@pytest.fixture(params=["plain", "sqlite-utils"])
def db(request: pytest.FixtureRequest) -> Database:
    conn = _conn()
    if request.param == "plain":
        return PlainDatabase(conn)
    return SqliteUtilsDatabase(conn, execute_plugins=False)


def _xs(db: Database) -> list[int]:
    return [r[0] for r in db.execute("SELECT x FROM t ORDER BY x")]


def test_a_block_commits_and_an_error_rolls_it_back(db: Database) -> None:
    with atomic(db):
        db.execute("INSERT INTO t VALUES (?)", (1,))
    with pytest.raises(ZeroDivisionError), atomic(db):
        db.execute("INSERT INTO t VALUES (2)")
        _ = 1 / 0
    assert _xs(db) == [1]
    assert not db.conn.in_transaction


def test_an_inner_block_is_a_savepoint_undone_alone(db: Database) -> None:
    with atomic(db):
        db.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(KeyError), atomic(db):
            db.execute("INSERT INTO t VALUES (2)")
            raise KeyError("inner")
        with atomic(db):
            db.execute("INSERT INTO t VALUES (3)")
        assert db.conn.in_transaction
    assert _xs(db) == [1, 3]


def test_a_trigger_that_ends_the_transaction_raises_its_own_error(db: Database) -> None:
    """RAISE(ROLLBACK) ends the whole transaction, savepoints included: the trigger's message
    comes out, not "no such savepoint" from the clean-up."""
    db.execute(
        "CREATE TRIGGER no_nines BEFORE INSERT ON t WHEN NEW.x = 9 "
        "BEGIN SELECT RAISE(ROLLBACK, 'nine refused'); END"
    )
    with pytest.raises(sqlite3.IntegrityError, match="nine refused"), atomic(db):
        db.execute("INSERT INTO t VALUES (1)")
        with atomic(db):
            db.execute("INSERT INTO t VALUES (9)")
    assert _xs(db) == [] and not db.conn.in_transaction


def test_both_handles_run_statements_alike_and_turn_recursive_triggers_on() -> None:
    plain, full = PlainDatabase(_conn()), SqliteUtilsDatabase(_conn(), execute_plugins=False)
    for handle in (plain, full):
        handle.execute("INSERT INTO t VALUES (?)", [5])
        handle.execute("INSERT INTO t VALUES (:x)", {"x": 6})
        handle.execute("INSERT INTO t VALUES (7)")
    assert _xs(plain) == _xs(full) == [5, 6, 7]
    assert plain.execute("PRAGMA recursive_triggers").fetchone()[0] == 1
    assert full.execute("PRAGMA recursive_triggers").fetchone()[0] == 1


def test_a_connection_that_opens_transactions_itself_is_refused() -> None:
    with pytest.raises(ValueError, match="isolation_level=None"):
        PlainDatabase(sqlite3.connect(":memory:"))


def test_the_command_line_reads_a_current_file_without_sqlite_utils(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    close_database(open_database(path))  # created and upgraded through sqlite-utils
    db = open_database(path, alongside=True, backup=False)
    try:
        assert isinstance(db, PlainDatabase)
    finally:
        close_database(db)
    db = open_read_only(path)
    try:
        assert isinstance(db, PlainDatabase)
    finally:
        close_database(db)
    db = open_database(path)  # the app itself keeps sqlite-utils
    try:
        assert isinstance(db, SqliteUtilsDatabase)
    finally:
        close_database(db)


def test_a_file_missing_a_migration_record_is_upgraded_through_sqlite_utils(
    tmp_path: Path,
) -> None:
    """The version number alone does not make a file current: every migration must be
    recorded, or the command line opens it as the app does and applies what is missing."""
    path = tmp_path / "shop.db"
    close_database(open_database(path))
    conn = sqlite3.connect(path)
    last = conn.execute("SELECT MAX(id) FROM _sqlite_migrations").fetchone()[0]
    conn.execute("DELETE FROM _sqlite_migrations WHERE id = ?", (last,))
    conn.commit()
    conn.close()
    db = open_database(path, alongside=True, backup=False)
    try:
        assert isinstance(db, SqliteUtilsDatabase)
        count = db.execute("SELECT COUNT(*) FROM _sqlite_migrations").fetchone()[0]
        assert count == SCHEMA_VERSION
    finally:
        close_database(db)


def _scenarios() -> list[tuple[str, str, list[str]]]:
    """(name, setup SQL, statements run inside the block; 'RAISE' raises in Python)."""
    return [
        ("commits", "", ["INSERT INTO t VALUES (1)"]),
        ("python error", "", ["INSERT INTO t VALUES (1)", "RAISE"]),
        ("constraint", "", ["INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (1)"]),
        (
            "trigger ends it",
            "CREATE TRIGGER r BEFORE INSERT ON t WHEN NEW.x = 9 "
            "BEGIN SELECT RAISE(ROLLBACK, 'nine'); END",
            ["INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (9)"],
        ),
        (
            "commit refused",  # a deferred foreign key is checked at COMMIT
            "CREATE TABLE c (p INTEGER REFERENCES t(x) DEFERRABLE INITIALLY DEFERRED)",
            ["INSERT INTO t VALUES (1)", "INSERT INTO c VALUES (5)"],
        ),
    ]


def _run(db: Database, block: object, statements: list[str], nested: bool) -> object:
    """Run the statements in `block` (inside an outer transaction when nested); what is left
    and what was raised."""
    raised: object = None
    if nested:
        db.conn.execute("BEGIN")
    try:
        with block():  # type: ignore[operator]
            for sql in statements:
                if sql == "RAISE":
                    raise KeyError("stop")
                db.execute(sql)
    except Exception as exc:
        raised = (type(exc), str(exc))
    state = (db.conn.in_transaction, _xs(db))
    ended: object = None
    if db.conn.in_transaction:
        try:
            db.conn.execute("COMMIT")
        except sqlite3.Error as exc:  # the outer commit refused (a deferred foreign key)
            ended = (type(exc), str(exc))
            db.conn.execute("ROLLBACK")
    return raised, state, ended, _xs(db)


@pytest.mark.parametrize("nested", [False, True])
@pytest.mark.parametrize("scenario", _scenarios(), ids=lambda s: s[0])
def test_atomic_does_what_sqlite_utils_atomic_does(
    scenario: tuple[str, str, list[str]], nested: bool
) -> None:
    _name, setup, statements = scenario
    outcomes = []
    for kind in ("ours", "sqlite-utils"):
        conn = _conn()
        conn.execute("PRAGMA foreign_keys=ON")
        if setup:
            conn.execute(setup)
        full = SqliteUtilsDatabase(conn, execute_plugins=False)
        block = (lambda db=full: atomic(db)) if kind == "ours" else full.atomic
        outcomes.append(_run(full, block, statements, nested))
    assert outcomes[0] == outcomes[1]


def test_a_refused_commit_leaves_no_transaction_open() -> None:
    conn = _conn()
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("CREATE TABLE c (p INTEGER REFERENCES t(x) DEFERRABLE INITIALLY DEFERRED)")
    db = PlainDatabase(conn)
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"), atomic(db):
        db.execute("INSERT INTO t VALUES (1)")
        db.execute("INSERT INTO c VALUES (5)")
    assert not conn.in_transaction
    assert _xs(db) == []


def test_a_file_with_a_migration_under_another_name_is_not_current(tmp_path: Path) -> None:
    """Current means every migration of this version recorded by name, as sqlite-utils
    decides: a record under another name leaves that migration to be applied."""
    path = tmp_path / "shop.db"
    close_database(open_database(path))
    conn = sqlite3.connect(path)
    conn.execute(
        "UPDATE _sqlite_migrations SET name = 'elsewhere' WHERE name = ?", (MIGRATION_NAMES[-1],)
    )
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="needs an upgrade"):
        open_read_only(path)
    db = open_database(path, alongside=True, backup=False)
    try:
        assert isinstance(db, SqliteUtilsDatabase)
        names = {r[0] for r in db.execute("SELECT name FROM _sqlite_migrations")}
        assert set(MIGRATION_NAMES) <= names
    finally:
        close_database(db)


def test_a_locked_file_is_waited_for_once(tmp_path: Path, monkeypatch) -> None:
    """A file another program holds locked (outside WAL mode) is refused after one wait,
    without a second try through sqlite-utils."""
    from desktop_app.store import connection

    path = tmp_path / "shop.db"
    close_database(open_database(path))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(connection, "BUSY_SECONDS", 0.2)
    tried: list[object] = []
    monkeypatch.setattr(connection, "_sqlite_utils", lambda conn: tried.append(conn))
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            open_database(path, alongside=True, backup=False)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert tried == []
