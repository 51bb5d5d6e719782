"""Import speed and peak memory next to raw baselines (calamine read, csv.reader, bare executemany).

Run: `python tests/benchmarks/bench_import.py` (or `pytest tests/benchmarks/bench_import.py -s`).
BENCH_XLSX_ROWS / BENCH_CSV_ROWS change the sizes (defaults 200,000 and 1,000,000). Each step runs
in its own child process, so the peak memory printed is that step's own.
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


def step_insert(rows: int) -> int:
    """A bare executemany of the same number of conversion rows into a fresh database."""
    from desktop_app.store import close_database, open_database

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "b.db")
        db.execute("INSERT INTO goals (name) VALUES ('Purchase')")
        cols = "goal_id, occurred_at, local_date, value_minor, currency, original_value_minor, original_currency, channel_id, order_id, batch_id"
        data = (
            (
                1,
                f"2024-01-01T00:00:{i % 60:02d}Z",
                "2024-01-01",
                i,
                "EUR",
                i,
                "EUR",
                1,
                f"O{i:08d}",
                None,
            )
            for i in range(rows)
        )
        with db.atomic():
            db.conn.executemany(
                f"INSERT INTO conversions ({cols}) VALUES ({','.join('?' * 10)})", data
            )
        close_database(db)
    return rows


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


def _child(conn, name: str, arg: object) -> None:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    count = globals()[name](arg)
    elapsed = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    conn.send((count, elapsed, peak_kb / 1024))


def measure(name: str, arg: object) -> tuple[int, float, float]:
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, name, arg))
    proc.start()
    result = parent.recv()
    proc.join()
    return result  # type: ignore[no-any-return]


def report(label: str, rows: int, read: str, read_arg: object) -> bool:
    _, t_read, m_read = measure(read, read_arg)
    _, t_insert, m_insert = measure("step_insert", rows)
    count, t_import, m_import = measure("step_import", read_arg)
    base = t_read + t_insert
    print(f"\n{label}: {rows:,} rows")
    print(f"  raw read    {t_read:7.2f} s  {rows / t_read:10,.0f} rows/s  peak {m_read:6.0f} MB")
    print(
        f"  raw insert  {t_insert:7.2f} s  {rows / t_insert:10,.0f} rows/s  peak {m_insert:6.0f} MB"
    )
    print(
        f"  full import {t_import:7.2f} s  {count / t_import:10,.0f} rows/s  peak {m_import:6.0f} MB"
    )
    print(f"  import / (read + insert) = {t_import / base:.2f}x")
    return count == rows and m_import < 500


def test_import_benchmark() -> None:
    ok_csv = report("csv", CSV_ROWS, "step_read_csv", str(csv_file()))
    ok_xlsx = report("xlsx", XLSX_ROWS, "step_read_xlsx", str(xlsx_file()))
    assert ok_csv and ok_xlsx


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    test_import_benchmark()
