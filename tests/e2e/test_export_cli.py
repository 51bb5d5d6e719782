"""`conversion-tracker export` on the hand-made business: the workbook, the range, the refusals."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from desktop_app.main import main
from tests import report_dataset


@pytest.fixture
def business(tmp_path: Path) -> Path:
    from desktop_app.store import close_database, open_database
    from desktop_app.store.settings import save_settings

    path = tmp_path / "business.db"
    db = open_database(path)
    save_settings(db, {"name": "Shop", "currency": "EUR", "timezone": "Europe/Berlin"})
    report_dataset.fill(db)
    close_database(db)
    return path


def test_export_xlsx_for_a_range_and_goal(
    business: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "march.xlsx"
    argv = ["export", "xlsx", str(out), "--db", str(business), "--from", "2026-03-01"]
    status = main([*argv, "--to", "2026-03-10", "--goal", "purchase"])
    assert status == 0
    assert f"Wrote {out} (5 conversions)" in capsys.readouterr().out
    wb = openpyxl.load_workbook(out)
    assert wb["Summary"]["A2"].value.startswith("Period: 1 March 2026 – 10 March 2026")
    assert wb["Summary"]["A4"].value == "Goal: Purchase"


def test_the_workbook_export_s_json_is_one_document_and_nothing_else(
    business: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was: `export xlsx --format json` printed the text line "Wrote …" (PRODUCT.md: with
    --format json, standard output holds one JSON document and nothing else)."""
    out = tmp_path / "march.xlsx"
    argv = ["export", "xlsx", str(out), "--db", str(business), "--from", "2026-03-01", "--to",
            "2026-03-10", "--goal", "purchase", "--format", "json"]  # fmt: skip
    assert main(argv) == 0
    document = json.loads(capsys.readouterr().out)
    assert document == {
        "file": str(out), "target": "xlsx", "from": "2026-03-01", "to": "2026-03-10",
        "goal": "Purchase", "conversions": 5,
        "sheets": openpyxl.load_workbook(out, read_only=True).sheetnames,
    }  # fmt: skip


def test_default_range_is_everything_recorded(business: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.xlsx"
    assert main(["export", "xlsx", str(out), "--db", str(business)]) == 0
    rows = openpyxl.load_workbook(out)["Conversions"].max_row - 1
    assert rows == 20 - 2  # all 20 conversions of the dataset but the two cancelled ones


@pytest.mark.parametrize(
    "target", ["google-ads", "google-ads-ecl", "google-ads-adjustments", "meta", "microsoft"]
)
def test_every_upload_target_exists_and_says_when_nothing_qualifies(
    business: Path, tmp_path: Path, target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The report dataset has no consented click ids beyond March; April has nothing at all."""
    out = tmp_path / "x.csv"
    status = main(["export", target, str(out), "--db", str(business), "--from", "2026-04-01",
                   "--to", "2026-04-30", "--format", "json"])  # fmt: skip
    assert status == 1
    document = json.loads(capsys.readouterr().out)
    assert document == {"file": None, "target": target, "rows": 0, "left_out": [],
                        "already_exported": 0}  # fmt: skip
    assert not out.exists()


def test_refusals_say_what_to_do(
    business: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "xlsx", str(tmp_path / "a.xlsx"), "--db", str(business),
                 "--goal", "Nope"]) == 2  # fmt: skip
    assert "there is no goal named 'Nope'" in capsys.readouterr().err
    out = tmp_path / "locked.xlsx"
    out.write_bytes(b"earlier")
    out.chmod(0o444)
    assert main(["export", "xlsx", str(out), "--db", str(business)]) == 2
    assert "read-only" in capsys.readouterr().err
    assert out.read_bytes() == b"earlier"
    missing = tmp_path / "no" / "such" / "r.xlsx"
    assert main(["export", "xlsx", str(missing), "--db", str(business)]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_the_workbook_says_how_many_conversions_lack_a_margin(
    business: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was: where Profit ROI was "—" because some goals had no margin, the workbook said
    nothing of it, and its Goals sheet had no break-even ROAS. 1-10 March: Purchase (5) gets
    a 35 % margin, Lead (4) none."""
    assert main(["goals", "set", "Purchase", "margin=35%", "--db", str(business)]) == 0
    out = tmp_path / "march.xlsx"
    argv = ["export", "xlsx", str(out), "--db", str(business), "--from", "2026-03-01", "--to",
            "2026-03-10"]  # fmt: skip
    assert main(argv) == 0
    capsys.readouterr()
    wb = openpyxl.load_workbook(out)

    def texts(sheet: str) -> list[str]:
        return [c.value for row in wb[sheet].iter_rows() for c in row if isinstance(c.value, str)]

    for sheet in ("Summary", "Channels", "Goals"):
        assert any("4 conversions' goals have none" in t for t in texts(sheet)), sheet
    goals = wb["Goals"]
    header_row = next(r for r in goals.iter_rows() if r[0].value == "Goal")
    column = next(c.column for c in header_row if c.value == "Break-even ROAS")
    purchase = next(r for r in goals.iter_rows() if r[0].value == "Purchase")
    assert round(purchase[column - 1].value, 4) == round(1 / 0.35, 4)  # 2.8571
