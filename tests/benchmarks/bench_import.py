"""Import speed and peak memory next to raw baselines (calamine read, csv.reader, bare executemany).

Run: `python tests/benchmarks/bench_import.py` (or `pytest tests/benchmarks/bench_import.py -s`).
BENCH_XLSX_ROWS / BENCH_CSV_ROWS change the sizes (defaults 200,000 and 1,000,000). Each step runs
in its own child process, so the peak memory printed is that step's own. The insert baseline
stores the very rows the import stores (all 31 columns, same values) into the same table with all
its indexes, so the ratio is the engine's own overhead. Wall and CPU seconds are both printed: on
a busy machine the CPU ratio is the steadier one.
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


def _row(i: int) -> list[object]:
    return [
        f"O{i:08d}", f"2024-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:00",
        f"{(i % 5000) / 7:.2f}", "EUR", f"Campaign {i % 40}", ("google", "facebook", "newsletter")[i % 3],
        ("cpc", "paid", "email")[i % 3], "",
    ]  # fmt: skip


def csv_file() -> Path:
    path = CACHE / f"conversions_{CSV_ROWS}.csv"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(HEADER)
            writer.writerows(_row(i) for i in range(CSV_ROWS))
    return path


def xlsx_file() -> Path:
    path = CACHE / f"conversions_{XLSX_ROWS}.xlsx"
    if not path.exists():
        import openpyxl

        CACHE.mkdir(exist_ok=True)
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet("Orders")
        ws.append(HEADER)
        for i in range(XLSX_ROWS):
            row = _row(i)
            row[2] = float(str(row[2]))
            ws.append(row)
        wb.save(path)
    return path


# ------------------------------------------------------------------ steps (run in children)


def step_read_csv(path: str) -> int:
    with open(path, newline="", encoding="utf-8") as fh:
        return sum(1 for _ in csv.reader(fh))


def step_read_xlsx(path: str) -> int:
    import python_calamine as pc

    return len(pc.CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python())


# The columns the conversion writer inserts, in its order.
STORED = (
    "goal_id, occurred_at, local_date, value_minor, currency, original_value_minor, "
    "original_currency, quantity, status, status_detail, channel_id, channel_rule, campaign_id, "
    "source, medium, utm_campaign, order_id, order_name, customer_key, click_id, click_id_type, "
    "email_hash, phone_hash, email, phone, consent_ad_user_data, consent_ad_personalization, "
    "notes, origin, batch_id, fingerprint"
)


def _stored_rows(start: int, stop: int, batch_id: int) -> list[tuple[object, ...]]:
    """The rows the import stores for file rows start..stop, computed directly from `_row`."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    berlin = ZoneInfo("Europe/Berlin")
    out = []
    for i in range(start, stop):
        order, when, total, cur, _campaign, source, medium, _email = _row(i)
        local = datetime.fromisoformat(str(when)).replace(tzinfo=berlin)
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
                chunk = _stored_rows(start, min(start + 20_000, rows), int(batch or 0))
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
    result = parent.recv()
    proc.join()
    return result  # type: ignore[no-any-return]


def report(label: str, rows: int, read: str, read_arg: object, goal: float) -> bool:
    _, t_read, c_read, m_read = measure(read, read_arg)
    _, t_insert, c_insert, m_insert = measure("step_insert", rows)
    _, t_trig, c_trig, m_trig = measure("step_insert_triggered", rows)
    count, t_import, c_import, m_import = measure("step_import", read_arg)
    print(f"\n{label}: {rows:,} rows (wall seconds, CPU seconds, rows per wall second, peak)")
    for name, t, c, m, n in (
        ("raw read", t_read, c_read, m_read, rows),
        ("raw insert", t_insert, c_insert, m_insert, rows),
        ("raw insert, triggers on", t_trig, c_trig, m_trig, rows),
        ("full import", t_import, c_import, m_import, count),
    ):
        print(f"  {name:<23} {t:7.2f} s {c:7.2f} s cpu {n / t:10,.0f} rows/s  peak {m:6.0f} MB")
    print(f"  per-row summary triggers would make the insert {t_trig / t_insert:.2f}x slower")
    ratio = t_import / (t_read + t_insert)
    print(
        f"  import / (read + insert) = {ratio:.2f}x wall, "
        f"{c_import / (c_read + c_insert):.2f}x cpu (goal {goal:g}x, peak < 500 MB)"
    )
    return count == rows and m_import < 500


def test_import_benchmark() -> None:
    ok_csv = report("csv", CSV_ROWS, "step_read_csv", str(csv_file()), 3)
    ok_xlsx = report("xlsx", XLSX_ROWS, "step_read_xlsx", str(xlsx_file()), 2)
    assert ok_csv and ok_xlsx


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    test_import_benchmark()
