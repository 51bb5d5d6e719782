"""`conversion-tracker batches --format json`: `undone` is a boolean, false until the batch is undone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.main import main


def batches(capsys: pytest.CaptureFixture[str], db: Path) -> list[dict[str, object]]:
    assert main(["batches", "--db", str(db), "--format", "json"]) == 0
    rows: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return rows


def test_undone_is_true_or_false(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "b.db"
    spend = tmp_path / "spend.csv"
    spend.write_text(
        "Date,Campaign,Cost,Currency\n2026-03-01,Search Brand,12.30,EUR\n"
        "2026-03-02,Search Brand,7.70,EUR\n",
        encoding="utf-8",
    )
    assert main(["import", str(spend), "--db", str(db), "--kind", "spend"]) == 0
    # Only duplicates: nothing stored, so no (empty) batch is written.
    assert main(["import", str(spend), "--db", str(db), "--kind", "spend", "--again"]) == 0
    spend.write_text(spend.read_text(encoding="utf-8").replace("7.70", "8.70"), encoding="utf-8")
    assert main(["import", str(spend), "--db", str(db), "--kind", "spend"]) == 0  # one updated
    capsys.readouterr()
    first, second = batches(capsys, db)
    assert (first["batch"], first["inserted"], first["undone"]) == (1, 2, False)
    assert (second["batch"], second["updated"], second["duplicates"]) == (2, 1, 1)
    assert second["undone"] is False
    assert main(["undo-import", "1", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.endswith("; restored 1 updated row.\n")  # one row: singular
    first, second = batches(capsys, db)
    assert first["undone"] is True and second["undone"] is False
