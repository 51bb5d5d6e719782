"""Read-only commands on a --db that does not exist: exit 2 naming the file, and create nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.main import main


@pytest.mark.parametrize(
    "argv",
    [
        ["report"],
        ["report", "--format", "json"],
        ["attribution", "--format", "json"],
        ["batches"],
        ["batches", "--format", "json"],
        ["export", "xlsx", "out.xlsx"],
        ["settings"],
        ["settings", "--format", "json"],
        ["undo-import", "1"],
    ],
)
def test_read_only_command_refuses_missing_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    typo = tmp_path / "typo.db"
    status = main([*argv, "--db", str(typo)])
    out, err = capsys.readouterr()
    message = (
        f"{typo} does not exist. Create it with: "
        f"conversion-tracker demo --db {typo}, or import a file into it."
    )
    assert status == 2
    # PRODUCT.md: with --format json, standard output holds one JSON document also on failure.
    assert out == "" if "json" not in argv else json.loads(out) == {"error": message}
    assert err == f"conversion-tracker: {message}\n"
    assert list(tmp_path.iterdir()) == []  # no empty database (nor its -wal/-shm) left behind


def test_settings_assignment_creates_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = tmp_path / "new.db"
    assert main(["settings", "--db", str(new), "currency=EUR"]) == 0
    assert "currency = EUR" in capsys.readouterr().out
    assert new.exists()
    # now that it exists, showing the settings works
    assert main(["settings", "--db", str(new)]) == 0
    assert "currency = EUR" in capsys.readouterr().out


def test_import_creates_the_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spend = tmp_path / "spend.csv"
    spend.write_text(
        "Date,Campaign,Cost,Currency\n2026-03-01,Search Brand,12.30,EUR\n", encoding="utf-8"
    )
    new = tmp_path / "new.db"
    status = main(["import", str(spend), "--db", str(new), "--kind", "spend"])
    capsys.readouterr()
    assert status == 0 and new.exists()
    assert main(["batches", "--db", str(new)]) == 0
    assert "spend.csv" in capsys.readouterr().out
