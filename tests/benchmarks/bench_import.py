"""Import speed and peak memory next to plain baselines measured in the same run.

Run: `python tests/benchmarks/bench_import.py` (or `pytest tests/benchmarks/bench_import.py -s`).
BENCH_XLSX_ROWS / BENCH_CSV_ROWS change the sizes (defaults 200,000 and 1,000,000).

The order file's rows run forward in time over three years; the same rows are also imported
shuffled (random order, fixed seed), which is what hurts an index-heavy insert. The baselines are
plain, as a programmer without this app would write them:
- CSV: `csv.reader` plus `executemany` into a table of the stored columns with the three indexes
  a report needs (date, goal and channel; time; order id), one transaction;
- xlsx: calamine's read of the sheet plus that same insert.
The app's own full-index insert (the rows the import stores, computed directly) is printed too:
the gap between it and the plain insert is the cost of the schema, the gap between it and the
import the cost of the engine. Each step runs in a child process of its own, so the peak memory
printed is that step's own; wall and CPU seconds are both printed (on a busy machine the CPU
ratio is the steadier one).
"""

from __future__ import annotations

import csv
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

CACHE = Path(__file__).parent / ".cache"
XLSX_ROWS = int(os.environ.get("BENCH_XLSX_ROWS", "200000"))
CSV_ROWS = int(os.environ.get("BENCH_CSV_ROWS", "1000000"))
HEADER = [
    "Order ID",
    "Created at",
    "Total",
    "Currency",
    "Campaign",
    "utm_source",
    "utm_medium",
    "Email",
]


START = 1_672_531_200  # 2023-01-01 00:00 UTC; the rows span three years


def _row(i: int, rows: int) -> list[object]:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    # Local time with its offset, as shop exports write it (a time in the spring-forward gap
    # cannot happen; one in the autumn's repeated hour is told apart by its offset).
    when = datetime.fromtimestamp(START + i * (3 * 365 * 86_400 // rows), ZoneInfo("Europe/Berlin"))
    return [
        f"O{i:08d}", when.isoformat(sep=" "), f"{(i * 7919 % 50_000) / 100:.2f}", "EUR",
        f"Campaign {i % 40}", ("google", "facebook", "newsletter")[i % 3],
        ("cpc", "paid", "email")[i % 3], "",
    ]  # fmt: skip


def csv_file(shuffled: bool = False) -> Path:
    """The order export, rows in time order (or the same rows shuffled)."""
    path = CACHE / f"orders_{CSV_ROWS}{'_shuffled' if shuffled else ''}.csv"
    if not path.exists():
        import random

        CACHE.mkdir(exist_ok=True)
        rows = [_row(i, CSV_ROWS) for i in range(CSV_ROWS)]
        if shuffled:
            random.Random(21).shuffle(rows)
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(HEADER)
            writer.writerows(rows)
    return path


def xlsx_file() -> Path:
    path = CACHE / f"orders_{XLSX_ROWS}.xlsx"
    if not path.exists():
        import openpyxl

        CACHE.mkdir(exist_ok=True)
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet("Orders")
        ws.append(HEADER)
        for i in range(XLSX_ROWS):
            row = _row(i, XLSX_ROWS)
            row[2] = float(str(row[2]))
            ws.append(row)
        wb.save(path)
    return path


# ------------------------------------------------------------------ steps (run in children)


_PLAIN_TABLE = """
CREATE TABLE conversions (id INTEGER PRIMARY KEY, occurred_at TEXT, local_date TEXT,
    goal_id INTEGER, channel_id INTEGER, campaign TEXT, value_minor INTEGER, currency TEXT,
    order_id TEXT, source TEXT, medium TEXT, email TEXT);
CREATE INDEX plain_report ON conversions(local_date, goal_id, channel_id);
CREATE INDEX plain_time ON conversions(occurred_at);
CREATE INDEX plain_order ON conversions(order_id);
"""


def _plain_insert(rows: object) -> int:
    """The plain insert: the cells as they come (the money as cents), one transaction."""
    import sqlite3

    with tempfile.TemporaryDirectory() as tmp:
        conn = sqlite3.connect(Path(tmp) / "plain.db", isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(_PLAIN_TABLE)
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO conversions (occurred_at, local_date, goal_id, channel_id, campaign,"
            " value_minor, currency, order_id, source, medium, email)"
            " VALUES (?, substr(?, 1, 10), 1, 1, ?, CAST(ROUND(? * 100) AS INTEGER), ?, ?, ?, ?, ?)",
            ((r[1], r[1], r[4], r[2], r[3], r[0], r[5], r[6], r[7]) for r in rows),  # type: ignore[attr-defined]
        )
        conn.execute("COMMIT")
        count = int(conn.execute("SELECT COUNT(*) FROM conversions").fetchone()[0])
        conn.close()
    return count


def step_plain_csv(path: str) -> int:
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        return _plain_insert(reader)


def step_plain_xlsx(path: str) -> int:
    import python_calamine as pc

    rows = pc.CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    return _plain_insert(rows[1:])


# The columns the conversion writer inserts, in its order.
STORED = (
    "goal_id, occurred_at, local_date, value_minor, currency, original_value_minor, "
    "original_currency, quantity, status, status_detail, channel_id, channel_rule, campaign_id, "
    "source, medium, utm_campaign, order_id, order_name, customer_key, click_id, click_id_type, "
    "email_hash, phone_hash, email, phone, consent_ad_user_data, consent_ad_personalization, "
    "notes, origin, batch_id, fingerprint"
)


def _stored_rows(start: int, stop: int, batch_id: int, rows: int) -> list[tuple[object, ...]]:
    """The rows the import stores for file rows start..stop, computed directly from `_row`."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    berlin = ZoneInfo("Europe/Berlin")
    out = []
    for i in range(start, stop):
        order, when, total, cur, _campaign, source, medium, _email = _row(i, rows)
        local = datetime.fromisoformat(str(when)).astimezone(berlin)
        minor = int(str(total).replace(".", ""))
        out.append((
            1, local.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), local.date().isoformat(),
            minor, cur, minor, cur, 1, "active", "", 1 + i % 3, "channel of its campaign",
            1 + i % 40, source, medium, "", order, None, None, None, None, None, None, None,
            None, "unknown", "unknown", "", "import", batch_id, None,
        ))  # fmt: skip
    return out


def step_insert(rows: int, summary_triggers: bool = False) -> tuple[int, float, float]:
    """A bare executemany of the rows the import stores (same table, indexes and cache size).

    The database holds the goal and campaigns the rows point to. Only the inserts and the commit
    are timed: the rows are computed between timed chunks. Like the import, the baseline sets the
    per-row report-summary triggers aside; with `summary_triggers` they stay, to show what the
    import saves by marking months in bulk instead.
    """
    from desktop_app.importing.context import bulk_cache
    from desktop_app.store import close_database, open_database

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "b.db")
        if not summary_triggers:
            for (trigger,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'conversions'"
            ).fetchall():
                db.execute(f"DROP TRIGGER {trigger}")
        db.execute("INSERT INTO goals (name) VALUES ('Purchase')")
        for k in range(40):
            db.execute("INSERT INTO campaigns (name, channel_id) VALUES (?, 1)", [f"Campaign {k}"])
        batch = db.execute("INSERT INTO import_batches (file_name, file_hash, kind, imported_at)"
                           " VALUES ('b', 'h', 'conversions', 'now')").lastrowid  # fmt: skip
        sql = f"INSERT INTO conversions ({STORED}) VALUES ({', '.join('?' * 31)})"
        elapsed = cpu = 0.0
        with bulk_cache(db), db.atomic():  # the import's own page cache size
            for start in range(0, rows, 20_000):
                chunk = _stored_rows(start, min(start + 20_000, rows), int(batch or 0), rows)
                t, c = time.perf_counter(), time.process_time()
                db.conn.executemany(sql, chunk)
                elapsed, cpu = elapsed + time.perf_counter() - t, cpu + time.process_time() - c
            t, c = time.perf_counter(), time.process_time()
        elapsed, cpu = elapsed + time.perf_counter() - t, cpu + time.process_time() - c  # commit
        close_database(db)
    return rows, elapsed, cpu


def step_insert_triggered(rows: int) -> tuple[int, float, float]:
    return step_insert(rows, summary_triggers=True)


def step_import(path: str) -> int:
    from desktop_app.importing.engine import ImportOptions, plan_import, run_import
    from desktop_app.store import close_database, open_database
    from desktop_app.store.settings import save_settings

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "i.db")
        save_settings(db, {"currency": "EUR", "timezone": "Europe/Berlin"})
        result = run_import(
            db, plan_import(path, ImportOptions(kind="conversions", goal="Purchase"), db)
        )
        close_database(db)
    assert not result.rejected, result.rejected[:3]
    return result.inserted


def _children_cpu() -> float:
    times = os.times()
    return times.children_user + times.children_system


def _child(conn, name: str, arg: object) -> None:  # type: ignore[no-untyped-def]
    start, cpu, child_cpu = time.perf_counter(), time.process_time(), _children_cpu()
    result = globals()[name](arg)
    if isinstance(result, tuple):  # the step timed itself
        count, elapsed, used = result
    else:
        count, elapsed, used = result, time.perf_counter() - start, time.process_time() - cpu
    # A workbook is read in a child process of its own: its CPU time and memory count too.
    used += _children_cpu() - child_cpu
    peak_kb = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    conn.send((count, elapsed, used, peak_kb / 1024))


def measure(name: str, arg: object) -> tuple[int, float, float, float]:
    """(rows, wall seconds, CPU seconds, peak MB) of one step run in a fresh child process."""
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, name, arg))
    proc.start()
    while not parent.poll(1):
        if not proc.is_alive():  # the step failed (its traceback is on stderr)
            raise RuntimeError(f"{name} ended without a result (exit code {proc.exitcode})")
    result = parent.recv()
    proc.join()
    return result  # type: ignore[no-any-return]


def _line(name: str, rows: int, t: float, c: float, m: float) -> None:
    print(f"  {name:<40} {t:7.2f} s {c:7.2f} s cpu {rows / t:10,.0f} rows/s  peak {m:6.0f} MB")


def report_csv(goal: float = 3) -> bool:
    rows, ok = CSV_ROWS, True
    print(f"\ncsv: {rows:,} order rows (wall seconds, CPU seconds, rows per wall second, peak)")
    _, t_full, c_full, m_full = measure("step_insert", rows)
    _line("app's full-index insert (no parse)", rows, t_full, c_full, m_full)
    for order in ("in time order", "shuffled"):
        path = str(csv_file(shuffled=order == "shuffled"))
        _, t_plain, c_plain, m_plain = measure("step_plain_csv", path)
        count, t_imp, c_imp, m_imp = measure("step_import", path)
        _line(f"plain csv.reader + insert, {order}", rows, t_plain, c_plain, m_plain)
        _line(f"import, {order}", count, t_imp, c_imp, m_imp)
        print(f"    import / plain = {t_imp / t_plain:.2f}x wall, {c_imp / c_plain:.2f}x cpu"
              f" (goal {goal:g}x, peak < 400 MB)")  # fmt: skip
        ok = ok and count == rows and m_imp < 400
    return ok


def report_xlsx(goal: float = 2) -> bool:
    rows, path = XLSX_ROWS, str(xlsx_file())
    print(f"\nxlsx: {rows:,} order rows")
    _, t_plain, c_plain, m_plain = measure("step_plain_xlsx", path)
    count, t_imp, c_imp, m_imp = measure("step_import", path)
    _line("plain calamine read + insert", rows, t_plain, c_plain, m_plain)
    _line("import", count, t_imp, c_imp, m_imp)
    print(f"    import / plain = {t_imp / t_plain:.2f}x wall, {c_imp / c_plain:.2f}x cpu"
          f" (goal {goal:g}x, peak < 400 MB)")  # fmt: skip
    return count == rows and m_imp < 400


def step_make_files(_arg: object) -> int:
    csv_file(), csv_file(shuffled=True), xlsx_file()
    return 0


def test_import_benchmark() -> None:
    # The files are made in a child: a forked child starts with its parent's memory counted in
    # its peak, so the parent must never hold a million rows.
    measure("step_make_files", None)
    ok_csv = report_csv()
    ok_xlsx = report_xlsx()
    assert ok_csv and ok_xlsx


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    test_import_benchmark()
