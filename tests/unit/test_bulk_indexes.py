"""Indexes set aside during a large insert come back exactly as they were, and a small insert,
a unique index or one the writer reads is never touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.importing.batches import undo_batch
from desktop_app.importing.engine import ImportOptions, plan_import, run_import
from desktop_app.store import bulk_indexes
from desktop_app.store.bulk_indexes import indexes_built_after
from desktop_app.store.settings import save_settings
from desktop_app.store.transactions import writing


def _indexes(db) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'conversions'"
        " AND sql IS NOT NULL ORDER BY name"
    ).fetchall()


def _one_conversion(db) -> None:  # type: ignore[no-untyped-def]
    db.execute("INSERT INTO goals (name) VALUES ('Purchase')")
    db.execute(
        "INSERT INTO conversions (goal_id, occurred_at, local_date, currency, original_currency,"
        " channel_id) VALUES (1, '2026-01-02T10:00:00Z', '2026-01-02', 'EUR', 'EUR', 1)"
    )


def test_a_large_insert_sets_the_indexes_aside_and_builds_them_again(db) -> None:
    _one_conversion(db)  # a table with rows: the writer's lookups need the kept index
    before = _indexes(db)
    with (
        writing(db),
        indexes_built_after(
            db, "conversions", bulk_indexes.LARGE, keep=frozenset({"idx_conversions_time"})
        ) as aside,
    ):
        during = {name for name, _sql in _indexes(db)}
    assert aside and "idx_conversions_report" in aside
    # Unique indexes and the kept one stay while rows go in; the rest are gone meanwhile.
    assert {
        "idx_conversions_order",
        "idx_conversions_fingerprint",
        "idx_conversions_time",
    } <= during
    assert not during & set(aside)
    assert _indexes(db) == before
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_into_an_empty_table_even_the_kept_index_is_built_after(db) -> None:
    """Lookups of stored rows find nothing in an empty table, so the index they read is not
    kept up row by row either (in a shuffled file, that is every row's random page)."""
    before = _indexes(db)
    keep = frozenset({"idx_conversions_time"})
    with writing(db), indexes_built_after(db, "conversions", bulk_indexes.LARGE, keep) as aside:
        during = {name for name, _sql in _indexes(db)}
    assert "idx_conversions_time" in aside and "idx_conversions_time" not in during
    assert {"idx_conversions_order", "idx_conversions_fingerprint"} <= during
    assert _indexes(db) == before


def test_a_small_insert_or_a_big_table_keeps_every_index(db) -> None:
    before = _indexes(db)
    with writing(db), indexes_built_after(db, "conversions", bulk_indexes.LARGE - 1) as aside:
        assert aside == [] and _indexes(db) == before


def test_a_rollback_brings_the_indexes_back(db) -> None:
    before = _indexes(db)
    with (
        pytest.raises(RuntimeError),
        writing(db),
        indexes_built_after(db, "conversions", bulk_indexes.LARGE),
    ):
        assert len(_indexes(db)) < len(before)
        raise RuntimeError("the import failed halfway")
    assert _indexes(db) == before


def test_outside_a_transaction_it_refuses(db) -> None:
    with pytest.raises(RuntimeError), indexes_built_after(db, "conversions", 10**6):
        pass


def test_an_import_that_builds_its_indexes_after_stores_what_a_row_by_row_one_does(
    tmp_path: Path, monkeypatch
) -> None:
    """The same file imported with and without the indexes set aside: the same rows, the same
    report summary, the same schema, a sound file, and undo removes exactly the batch."""
    from desktop_app.store import close_database, open_database

    lines = ["Order ID,Created at,Total,Campaign,utm_source,utm_medium"]
    for i in range(300):
        lines.append(f"O{i},2026-0{1 + i % 6}-{1 + i % 27:02d} 1{i % 10}:00:00,{i}.50,"
                     f"Camp {i % 7},{('google', 'facebook')[i % 2]},{('cpc', 'paid')[i % 2]}")  # fmt: skip
    path = tmp_path / "orders.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dumps = []
    for large in (10**9, 100):  # row by row, then set aside (300 rows >= 100)
        monkeypatch.setattr(bulk_indexes, "LARGE", large)
        db = open_database(tmp_path / f"shop{large}.db")
        save_settings(db, {"currency": "EUR", "timezone": "Europe/Berlin"})
        result = run_import(db, plan_import(str(path), ImportOptions(kind="conversions",
                                                                     goal="Purchase"), db))  # fmt: skip
        assert result.inserted == 300
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        dumps.append((
            db.execute("SELECT goal_id, occurred_at, local_date, value_minor, channel_id,"
                       " campaign_id, order_id FROM conversions ORDER BY id").fetchall(),
            db.execute("SELECT * FROM conversion_months ORDER BY 1, 2").fetchall(),
            _indexes(db),
        ))  # fmt: skip
        assert result.batch is not None
        undo_batch(db, result.batch)
        assert db.execute("SELECT COUNT(*) FROM conversions").fetchone()[0] == 0
        close_database(db)
    assert dumps[0] == dumps[1]
