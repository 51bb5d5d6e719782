"""Backups and restore on the command line (issue: data safety and privacy; PRODUCT.md `backup`,
`backups`, `restore`)."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

from desktop_app.store.backup import backups_folder, daily_backup, list_backups, rotate
from tests.e2e.test_import_cli import business_with_orders, cli, dump, full_dump


def _business(tmp_path: Path, capsys) -> Path:  # type: ignore[no-untyped-def]
    return business_with_orders(capsys, tmp_path / "business.db", tmp_path)


def test_backup_change_restore_gives_back_exactly_the_earlier_data(tmp_path, capsys) -> None:
    db = _business(tmp_path, capsys)
    earlier = dump(db)
    status, out, _ = cli(capsys, "backup", "--db", str(db))
    assert status == 0 and out.startswith("Backed up business.db to ")
    made = Path(out.strip().split(" to ", 1)[1])
    assert made.parent == backups_folder(db) and oct(made.stat().st_mode & 0o777) == "0o600"

    more = tmp_path / "more.csv"
    more.write_text("Order,Date,Total\nA3,2026-05-03,5.00\n", encoding="utf-8")
    assert cli(capsys, "import", str(more), "--goal", "Sale", "--db", str(db))[0] == 0
    changed = dump(db)
    assert changed != earlier

    status, out, _ = cli(capsys, "backups", "--db", str(db), "--format", "json")
    listed = json.loads(out)
    manual = next(b for b in listed if b["file"] == str(made))
    assert manual["conversions"] == 2 and manual["size"] == made.stat().st_size
    datetime.strptime(manual["created_at"], "%Y-%m-%d %H:%M:%S")

    status, out, err = cli(capsys, "restore", made.name, "--db", str(db))
    assert status == 0 and "Restored business.db" in out and "business.db.before-restore" in err
    assert dump(db) == earlier
    kept = db.with_name("business.db.before-restore")
    assert dump(kept) == changed and oct(kept.stat().st_mode & 0o777) == "0o600"
    check = sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()
    assert check == ("ok",)


def test_restore_refuses_a_damaged_or_foreign_backup(tmp_path, capsys) -> None:
    db = _business(tmp_path, capsys)
    before = full_dump(db)
    foreign = tmp_path / "recipes.db"
    sqlite3.connect(foreign).execute("CREATE TABLE recipes (name TEXT)").connection.commit()
    status, _, err = cli(capsys, "restore", str(foreign), "--db", str(db))
    assert status == 2 and "not a Conversion Tracker database" in err
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"SQLite format 3\x00" + os.urandom(8000))
    status, _, err = cli(capsys, "restore", str(broken), "--db", str(db))
    assert status == 2 and "broken.db" in err and "Traceback" not in err
    assert full_dump(db) == before


def test_the_app_backs_up_once_a_day_and_keeps_7_daily_and_4_weekly(tmp_path, capsys) -> None:
    db = _business(tmp_path, capsys)
    # Opening it for writing made today's automatic copy; opening again makes no second one.
    cli(capsys, "settings", "--db", str(db), "name=Shop")
    autos = [b for b in list_backups(db) if b.kind == "auto"]
    assert len(autos) == 1 and autos[0].created_at.date() == date.today()
    # Forty days of automatic copies (as if the app had been opened every day) ...
    for n in range(1, 41):
        day = datetime.now() - timedelta(days=n)
        old = backups_folder(db) / f"business-{day:%Y%m%d}-090000-auto.db"
        old.write_bytes(autos[0].path.read_bytes())
    manual = (
        backups_folder(db)
        / f"business-{datetime.now() - timedelta(days=90):%Y%m%d}-090000-manual.db"
    )
    manual.write_bytes(autos[0].path.read_bytes())
    rotate(db)
    kept = sorted(b.created_at.date() for b in list_backups(db) if b.kind == "auto")
    today = date.today()
    daily = {today - timedelta(days=n) for n in range(7)}
    assert daily <= set(kept)
    weeks = {d.isocalendar()[:2] for d in kept}
    assert len(weeks) == 4 and len(kept) <= 7 + 4
    assert manual.exists()  # never rotated away
    conn = sqlite3.connect(db)
    assert daily_backup(conn, db) is None  # today's is there


def test_two_restores_keep_both_replaced_files_and_odd_paths_work(tmp_path, capsys) -> None:
    folder = tmp_path / "shop #1 100%?"
    folder.mkdir()
    db = _business(folder, capsys)
    assert cli(capsys, "backup", "--db", str(db))[0] == 0
    [made] = [b for b in list_backups(db) if b.kind == "manual"]
    assert made.conversions == 2  # the copy is read and verified despite '#', '%' and '?'
    assert cli(capsys, "restore", str(made.path), "--db", str(db))[0] == 0
    assert cli(capsys, "restore", str(made.path), "--db", str(db))[0] == 0
    kept = sorted(p.name for p in folder.iterdir() if ".before-restore" in p.name)
    assert len(kept) == 2 and kept[0] == "business.db.before-restore"
    status, _, err = cli(capsys, "backup", "--db", str(db), str(made.path))
    assert status == 2 and "already exists" in err  # an existing file is never overwritten
