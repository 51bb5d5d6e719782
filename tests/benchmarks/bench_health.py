"""Tracking-health checks on a big business: the database of bench_reports.py (1M conversions,
5M touchpoints, 3 years of daily spend for 50 campaigns), checked as of the day after its last.
Timed next to a bare full count of the conversions, in the same run.

Run: `pytest tests/benchmarks/bench_health.py -s` or `python tests/benchmarks/bench_health.py`.
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.bench_reports import DB_FILE, END, generate


def run_benchmark() -> tuple[float, float]:
    from desktop_app.services.health import run_checks
    from desktop_app.store import close_database, open_database

    if not DB_FILE.exists():
        print(f"Generating {DB_FILE.name} (once; a few minutes) ...", file=sys.stderr)
        generate(DB_FILE)
    db = open_database(DB_FILE, backup=False)
    today = END + timedelta(days=1)
    try:
        run_checks(db, today)  # warm the page cache
        times, bare = [], []
        for _ in range(3):
            start = time.perf_counter()
            findings = run_checks(db, today)
            times.append(time.perf_counter() - start)
            start = time.perf_counter()
            db.execute("SELECT COUNT(*), SUM(value_minor) FROM conversions"
                       " WHERE status = 'active'").fetchone()  # fmt: skip
            bare.append(time.perf_counter() - start)
        tracemalloc.start()
        run_checks(db, today)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    finally:
        close_database(db)
    seconds, baseline = statistics.median(times), statistics.median(bare)
    print(f"health checks: {seconds * 1000:.0f} ms (median of 3), {len(findings)} findings;"
          f" bare full count {baseline * 1000:.0f} ms; ratio {seconds / baseline:.2f};"
          f" peak {peak:.1f} MiB")  # fmt: skip
    for finding in findings:
        print(f"  [{finding.severity}] {finding.check}: {finding.count}")
    return seconds, baseline


def test_health_checks_take_under_a_second() -> None:
    seconds, _baseline = run_benchmark()
    assert seconds < 1.0, f"the checks took {seconds:.2f} s"


if __name__ == "__main__":
    run_benchmark()
