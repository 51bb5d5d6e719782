"""How `conversion-tracker report` writes its numbers: table columns, JSON and CSV digits."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.main import main
from tests import report_dataset

RANGE = ["--from", "2026-03-01", "--to", "2026-03-10"]


@pytest.fixture
def business(tmp_path: Path) -> Path:
    """The hand-made business (tests/report_dataset.py) plus one big platform figure: Meta Spring
    on 03-05 reports 4,776.99 platform conversions for 10.00 spend."""
    from desktop_app.store import close_database, open_database
    from desktop_app.store.settings import save_settings

    path = tmp_path / "business.db"
    db = open_database(path)
    save_settings(db, {"currency": "EUR", "timezone": "Europe/Berlin"})
    report_dataset.fill(db)
    campaign = db.execute("SELECT id FROM campaigns WHERE name = 'Meta Spring'").fetchone()[0]
    with db.atomic():
        db.execute(
            "INSERT INTO spend (campaign_id, period_start, period_end, cost_minor, currency,"
            " original_cost_minor, original_currency, impressions, clicks,"
            " platform_conversions, platform_value_minor)"
            " VALUES (?, '2026-03-05', '2026-03-05', 1000, 'EUR', 1000, 'EUR', 0, 0, 4776.99, 0)",
            [campaign],
        )
    close_database(db)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def columns(table: str, name: str) -> dict[str, str]:
    """The cells of one table row by header (cells are separated by two or more spaces)."""
    lines = table.splitlines()
    header_at = next(i for i, line in enumerate(lines) if line.startswith(("Channel", "Campaign")))
    headers = [h.strip() for h in lines[header_at].split("  ") if h.strip()]
    row = next(line for line in lines[header_at + 2 :] if line.startswith(name + "  "))
    cells = [c.strip() for c in row.split("  ") if c.strip()]
    return dict(zip(headers, cells, strict=True))


def test_platform_conversions_always_two_decimals(
    capsys: pytest.CaptureFixture[str], business: Path
) -> None:
    table = run(capsys, "report", "--db", str(business), *RANGE)
    # Paid Search 2.5 + 0.5; Meta Spring 4 * 4/8 days + 4,776.99; Print 3.1 * 10/31 days; Email 0.
    assert columns(table, "Paid Search")["Platf. conv."] == "3.00"
    assert columns(table, "Paid Social")["Platf. conv."] == "4,778.99"
    assert columns(table, "Print")["Platf. conv."] == "1.00"
    assert columns(table, "Email")["Platf. conv."] == "0.00"
    assert columns(table, "Total")["Platf. conv."] == "4,782.99"  # 3 + 4,778.99 + 1
    # recorded conversions stay whole numbers
    assert columns(table, "Paid Search")["Conv."] == "3"
    assert columns(table, "Total")["Conv."] == "9"


def test_credited_conversions_two_decimals_on_every_row(
    capsys: pytest.CaptureFixture[str], business: Path
) -> None:
    # Under a model conversions are credited shares; last touch gives whole ones here, shown
    # with the same 2 decimals as fractional shares would be.
    table = run(capsys, "report", "--db", str(business), *RANGE, "--model", "last_touch")
    assert columns(table, "Paid Search")["Conv."] == "3.00"
    assert columns(table, "Total")["Conv."] == "9.00"
    assert columns(table, "Total")["Micro"] == "3"  # micro conversions are never credited
