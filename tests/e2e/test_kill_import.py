"""kill -9 at random moments of a large import (issue: data safety and privacy): whenever the
process dies, the database is whole and holds all of the import or none of it."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.store import close_database, open_database
from tests.e2e.test_import_cli import cli, set_currency

ROWS = 30_000


def _big_orders(path: Path, rows: int = ROWS) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("Order,Date,Total,Campaign\n")
        for n in range(rows):
            fh.write(f"K{n},2025-{1 + n % 12:02d}-{1 + n % 28:02d},{n % 500}.25,C{n % 30}\n")
    return path


def _kill_during_import(tmp_path: Path, capsys, seed: int) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / f"business-{seed}.db"
    set_currency(capsys, db, "EUR")
    small = tmp_path / "first.csv"
    small.write_text("Order,Date,Total\nF1,2025-01-02,1.00\n", encoding="utf-8")
    assert cli(capsys, "import", str(small), "--goal", "Sale", "--db", str(db))[0] == 0
    orders = _big_orders(tmp_path / f"orders-{seed}.csv")
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "import", str(orders), "--goal", "Sale", "--db",
         str(db)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(random.Random(seed).uniform(0.3, 4.0))  # somewhere in reading or writing
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    count = conn.execute("SELECT COUNT(*) FROM conversions").fetchone()[0]
    batches = conn.execute("SELECT COUNT(*) FROM import_batches").fetchone()[0]
    conn.close()
    assert (count, batches) in ((1, 1), (1 + ROWS, 2)), (count, batches)  # all or nothing
    reopened = open_database(db)  # the app opens it again (the dead process's lock is gone)
    close_database(reopened)


@pytest.mark.parametrize("seed", [1])
def test_a_killed_import_leaves_all_or_nothing(tmp_path, capsys, seed) -> None:
    _kill_during_import(tmp_path, capsys, seed)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(2, 13))
def test_a_killed_import_leaves_all_or_nothing_more_seeds(tmp_path, capsys, seed) -> None:
    _kill_during_import(tmp_path, capsys, seed)
