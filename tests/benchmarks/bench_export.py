"""Excel export speed: a month with 100,000 conversions, the whole report workbook next to
openpyxl's write-only mode writing the same 100,000 rows with no formatting, in the same run.

Goal: within 1.5x of that baseline, under 300 MB peak memory. Each measurement runs in a fresh
process, so its peak resident memory is its own.

Run: `pytest tests/benchmarks/bench_export.py -s` or `python tests/benchmarks/bench_export.py`.
The database is generated once into tests/benchmarks/.cache/ (git-ignored) and reused.
"""

from __future__ import annotations

import multiprocessing as mp
import random
import resource
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

CACHE = Path(__file__).resolve().parent / ".cache"
DB_FILE = CACHE / "bench_export_v1.db"
CONVERSIONS = 100_000
FIRST, LAST = date(2026, 5, 1), date(2026, 5, 31)


def build_database() -> Path:
    from desktop_app.store import close_database, open_database
    from desktop_app.store.settings import save_settings

    if DB_FILE.exists():
        return DB_FILE
    CACHE.mkdir(exist_ok=True)
    tmp = DB_FILE.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = open_database(tmp)
    save_settings(db, {"name": "Big shop", "currency": "EUR", "timezone": "Europe/Berlin"})
    rng = random.Random(3)
    channels = [r[0] for r in db.execute("SELECT id FROM channels")][:10]
    with db.atomic():
        for i, name in enumerate(("Purchase", "Lead", "Newsletter sign-up")):
            db.execute(
                "INSERT INTO goals (name, level) VALUES (?, ?)",
                [name, "micro" if i == 2 else "macro"],
            )
        for n in range(30):
            db.execute(
                "INSERT INTO campaigns (name, channel_id) VALUES (?, ?)",
                [f"Campaign {n:02d}", channels[n % 10]],
            )
        campaigns = [(r[0], r[1]) for r in db.execute("SELECT id, channel_id FROM campaigns")]
        for cid, _ in campaigns:
            day = FIRST - timedelta(days=31)
            while day <= LAST:
                db.execute(
                    "INSERT INTO spend (campaign_id, period_start, period_end, cost_minor, currency,"
                    " original_cost_minor, original_currency, impressions, clicks)"
                    " VALUES (?, ?, ?, ?, 'EUR', ?, 'EUR', ?, ?)",
                    [cid, day.isoformat(), day.isoformat(), c := rng.randrange(1000, 20000), c,
                     rng.randrange(1000, 9000), rng.randrange(10, 300)],
                )  # fmt: skip
                day += timedelta(days=1)
        start = datetime(2026, 4, 30, 22, 0, tzinfo=UTC)  # 1 May 00:00 in Berlin
        span = int((datetime(2026, 5, 31, 22, 0, tzinfo=UTC) - start).total_seconds())
        rows = []
        for i in range(CONVERSIONS):
            at = start + timedelta(seconds=rng.randrange(span))
            local = (at + timedelta(hours=2)).date().isoformat()
            cid, ch = rng.choice(campaigns)
            notes = rng.choice(("", "", "", "Called about a sofa", "=SUM(A1)", "+49 30 1234"))
            rows.append((rng.randrange(1, 4), at.strftime("%Y-%m-%dT%H:%M:%SZ"), local,
                         rng.choice((0, 1500, 4990, 12000)), ch, cid, f"ORD-{i:06d}",
                         "google", "cpc", notes))  # fmt: skip
        db.conn.executemany(
            "INSERT INTO conversions (goal_id, occurred_at, local_date, value_minor, currency,"
            " original_value_minor, original_currency, channel_id, campaign_id, order_id,"
            " source, medium, notes) VALUES (?, ?, ?, ?, 'EUR', 0, 'EUR', ?, ?, ?, ?, ?, ?)",
            [(g, at, d, v, ch, cp, o, s, m, n) for g, at, d, v, ch, cp, o, s, m, n in rows],
        )
    close_database(db)
    tmp.rename(DB_FILE)
    return DB_FILE


def _export(db_path: str, out: str) -> int:
    from desktop_app.exporting.workbook import export_workbook
    from desktop_app.store import close_database, open_database

    db = open_database(Path(db_path))
    try:
        return export_workbook(db, Path(out), FIRST, LAST).conversions
    finally:
        close_database(db)


def _baseline(db_path: str, out: str) -> int:
    """openpyxl write-only, no styles: the same query, the same values, one plain sheet."""
    from zoneinfo import ZoneInfo

    from openpyxl import Workbook

    from desktop_app.exporting.xlsx_conversions import SQL
    from desktop_app.store import close_database, open_database

    tz = ZoneInfo("Europe/Berlin")
    db = open_database(Path(db_path))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Conversions")
    n = 0
    for (
        at,
        goal,
        level,
        channel,
        campaign,
        minor,
        order,
        src,
        med,
        origin,
        notes,
    ) in db.conn.execute(SQL.format(goal=""), [FIRST.isoformat(), LAST.isoformat()]):
        when = datetime.fromisoformat(at).astimezone(tz).replace(tzinfo=None)
        ws.append(
            [
                when,
                goal,
                level,
                channel,
                campaign,
                minor / 100,
                order,
                f"{src} / {med}",
                origin,
                notes,
            ]
        )
        n += 1
    wb.save(out)
    close_database(db)
    return n


def _measure(target: Any, db_path: str, out: str, queue: Any) -> None:
    start = time.perf_counter()
    rows = target(db_path, out)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((rows, seconds, peak_mb))


def measure(target: Any, db_path: Path, out: Path) -> tuple[int, float, float]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=_measure, args=(target, str(db_path), str(out), queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def run() -> tuple[float, float]:
    db_path = build_database()
    out_dir = CACHE / "out"
    out_dir.mkdir(exist_ok=True)
    base = measure(_baseline, db_path, out_dir / "baseline.xlsx")
    full = measure(_export, db_path, out_dir / "report.xlsx")
    ratio = full[1] / base[1]
    print()
    print(
        f"baseline (openpyxl write-only, no formatting): {base[0]:,} rows in {base[1]:.2f} s, "
        f"{base[0] / base[1]:,.0f} rows/s, peak {base[2]:.0f} MB"
    )
    print(
        f"report workbook (6 sheets, charts, styles):     {full[0]:,} rows in {full[1]:.2f} s, "
        f"{full[0] / full[1]:,.0f} rows/s, peak {full[2]:.0f} MB"
    )
    print(f"time ratio {ratio:.2f}x (goal <= 1.5x); peak {full[2]:.0f} MB (goal < 300 MB)")
    return ratio, full[2]


def test_export_benchmark() -> None:
    ratio, peak = run()
    assert ratio <= 1.5 and peak < 300


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    run()
