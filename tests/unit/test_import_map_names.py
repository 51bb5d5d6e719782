"""New channel and goal names of a file can be mapped to existing ones instead of created."""

from __future__ import annotations

from desktop_app.importing.engine import ImportOptions, plan_import, run_import


def test_new_channels_and_goals_mapped_to_existing_ones(db, tmp_path) -> None:
    db.execute(
        "INSERT INTO goals (name, category, level, currency) VALUES ('Purchase', 'transaction',"
        " 'macro', 'EUR')"
    )
    path = tmp_path / "orders.csv"
    path.write_text(
        "Order ID,Created at,Total,Channel,Goal\n"
        "A1,2026-01-02 10:00,10.00,Newsletter X,Sale\n"
        "A2,2026-01-03 10:00,5.00,newsletter x ,sale\n",
        encoding="utf-8",
    )
    dry = run_import(db, plan_import(path, ImportOptions(), db), dry_run=True)
    assert dry.created["channels"] == ["Newsletter X"] and dry.created["goals"] == ["Sale"]

    options = ImportOptions(
        merge_channels={"Newsletter X": "Email"}, merge_goals={"Sale": "Purchase"}
    )
    result = run_import(db, plan_import(path, options, db))
    assert result.created == {"campaigns": [], "channels": [], "goals": []}
    stored = db.execute(
        "SELECT c.order_id, g.name, ch.name FROM conversions c JOIN goals g ON g.id = c.goal_id"
        " JOIN channels ch ON ch.id = c.channel_id ORDER BY c.order_id"
    ).fetchall()
    assert stored == [("A1", "Purchase", "Email"), ("A2", "Purchase", "Email")]
    assert db.execute("SELECT COUNT(*) FROM channels WHERE name LIKE 'newsletter%'").fetchone() == (
        0,
    )
    assert db.execute("SELECT COUNT(*) FROM goals").fetchone() == (1,)
