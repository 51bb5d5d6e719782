"""What the import wizard needs from the engine: row roles, chosen encoding/delimiter/currency, exact restore."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.importing.batches import undo_batch
from desktop_app.importing.engine import (
    ImportOptions,
    ImportRefused,
    plan_import,
    preview_rows,
    run_import,
)
from desktop_app.importing.restore import restore_batch, undo_batch_restorable


def dump(db) -> list[str]:  # type: ignore[no-untyped-def]
    return [line for line in db.conn.iterdump() if "audit_log" not in line]


def test_preview_rows_mark_titles_header_and_totals(db, shared_data: Path) -> None:
    path = shared_data / "googleads-calpreserving" / "Campaign report.csv"
    plan = plan_import(path, ImportOptions(), db)
    rows = preview_rows(plan, limit=40)
    roles = {r.number: r.role for r in rows}
    # Two title lines, the header in row 3, twelve campaigns, then five `Total:` rows.
    assert roles[1] == roles[2] == "title"
    assert roles[3] == "header"
    assert [n for n, r in roles.items() if r == "data"] == list(range(4, 16))
    assert [n for n, r in roles.items() if r == "total"] == list(range(16, 21))
    assert rows[2].cells[:2] == ["Campaign status", "Campaign"]


def test_chosen_delimiter_and_encoding_replace_the_detected_ones(db, tmp_path: Path) -> None:
    path = tmp_path / "euro.csv"
    path.write_bytes("Datum;Kampagne;Kosten\n02.01.2026;Café;1,50\n".encode("cp1252"))
    plan = plan_import(path, ImportOptions(), db)
    assert plan.source.delimiter == ";"
    assert [c.header for c in plan.columns] == ["Datum", "Kampagne", "Kosten"]
    latin = plan_import(path, ImportOptions(encoding="latin-1"), db)
    assert latin.source.format.encoding == "latin-1"
    assert preview_rows(latin)[1].cells[1] == "Café"
    with pytest.raises(ImportRefused) as info:
        plan_import(path, ImportOptions(encoding="utf-8"), db)
    assert "euro.csv" in str(info.value) and "encoding" in str(info.value)
    with pytest.raises(ImportRefused):  # one column "Datum;Kampagne;Kosten": no cost column
        plan_import(path, ImportOptions(delimiter=","), db)


def test_chosen_currency_applies_to_amounts_without_one(db, tmp_path: Path) -> None:
    path = tmp_path / "spend.csv"
    path.write_text("Date,Campaign,Cost\n2026-01-02,Brand,10.00\n", encoding="utf-8")
    plan = plan_import(path, ImportOptions(currency="usd"), db)
    result = run_import(db, plan, dry_run=True)
    # The business currency is EUR and no USD rate exists, so the row asks for a rate.
    assert len(result.rejected) == 1 and "USD" in result.rejected[0].reason
    plain = run_import(db, plan_import(path, ImportOptions(), db), dry_run=True)
    assert plain.rejected == [] and plain.preview[0]["cost_minor"] == 1000


def test_restore_puts_an_undone_batch_back_exactly(db, tmp_path: Path) -> None:
    first = tmp_path / "orders.csv"
    first.write_text(
        "Order ID,Created at,Total\nA1,2026-01-02 10:00,10.00\nA2,2026-01-03 11:00,20.00\n",
        encoding="utf-8",
    )
    run_import(db, plan_import(first, ImportOptions(kind="conversions"), db))
    second = tmp_path / "more.csv"  # updates A2 and adds A3: undo must restore A2's old value
    second.write_text(
        "Order ID,Created at,Total\nA2,2026-01-03 11:00,25.00\nA3,2026-01-04 12:00,5.00\n",
        encoding="utf-8",
    )
    result = run_import(db, plan_import(second, ImportOptions(kind="conversions"), db))
    assert result.batch is not None and (result.inserted, result.updated) == (1, 1)
    imported = dump(db)
    undo, snap = undo_batch_restorable(db, result.batch)
    assert undo.batch == result.batch
    assert dump(db) != imported
    restore_batch(db, snap)
    assert dump(db) == imported
    # The restored batch can be undone again, and restored again, with the same result.
    undone_again = undo_batch_restorable(db, result.batch)[1]
    restore_batch(db, undone_again)
    assert dump(db) == imported
    undo_batch(db, result.batch)
    assert db.execute("SELECT value_minor FROM conversions ORDER BY id").fetchall() == [
        (1000,),
        (2000,),
    ]
