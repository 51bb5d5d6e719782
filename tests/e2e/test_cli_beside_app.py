"""The command line's reports work while the app has the database open; imports are refused plainly."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from desktop_app.store import close_database, open_database
from tests.demo_copy import load_demo_copy


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args], capture_output=True, text=True, timeout=120
    )


@pytest.mark.slow  # about 3 s (a whole demo, a real export or a child process)
def test_report_while_the_app_holds_the_file(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    app_db = open_database(path)  # stands for the running app: this process holds the lock
    try:
        load_demo_copy(app_db, seed=7, last_day=date(2026, 6, 30))
        out = run_cli(
            "report",
            "--db",
            str(path),
            "--from",
            "2026-06-01",
            "--to",
            "2026-06-30",
            "--format",
            "json",
        )
        assert out.returncode == 0, out.stderr
        rows = json.loads(out.stdout)
        expected = app_db.execute(
            "SELECT COUNT(*) FROM conversions c JOIN goals g ON g.id = c.goal_id"
            " WHERE g.level = 'macro' AND c.status = 'active'"
            " AND c.local_date BETWEEN '2026-06-01' AND '2026-06-30'"
        ).fetchone()[0]
        assert sum(r["conversions"] for r in rows) == expected
        csv_file = tmp_path / "orders.csv"
        csv_file.write_text("Date,Order,Value\n2026-06-01,A1,10.00\n", encoding="utf-8")
        refused = run_cli("import", str(csv_file), "--db", str(path), "--goal", "Purchase")
        assert refused.returncode == 2
        assert "already open in Conversion Tracker" in refused.stderr
    finally:
        close_database(app_db)
