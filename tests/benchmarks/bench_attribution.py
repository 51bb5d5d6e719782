"""Attribution speed: 10,000,000 touchpoints of 2,000,000 customers, journeys and all seven
models, timed next to a bare read of the same touchpoints from SQLite in the same run.

Run: `python tests/benchmarks/bench_attribution.py` or `pytest tests/benchmarks/bench_attribution.py -s`.
The database is generated once into tests/benchmarks/.cache/ (git-ignored) and reused. Each phase
runs in a fresh process so its peak memory (peak RSS, interpreter and libraries included) is its own.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

CACHE = Path(__file__).resolve().parent / ".cache"
DB_FILE = CACHE / "bench_attribution_10m_v1.db"
TOUCHPOINTS = 10_000_000
CUSTOMERS = 2_000_000
CONVERTING = 0.2  # share of customers who buy
REPEAT = 0.15  # share of buyers who buy a second time
CHANNELS = {
    "Paid Search": 0.25,
    "Paid Social": 0.20,
    "Organic Search": 0.15,
    "Direct": 0.15,
    "Email": 0.10,
    "Display": 0.05,
    "Referral": 0.05,
    "Organic Social": 0.05,
}
PAID = ("Paid Search", "Paid Social", "Display")
CAMPAIGNS_PER_PAID_CHANNEL = 12
CHUNK = 250_000
START = np.datetime64("2024-01-01T00:00:00", "s").astype(np.int64)


def _utc_text(seconds: np.ndarray) -> list[str]:
    return [s + "Z" for s in np.datetime_as_string(seconds.astype("datetime64[s]"), unit="s")]


def build_database(path: Path) -> None:
    from desktop_app.store import close_database, open_database
    from desktop_app.store.settings import save_settings

    rng = np.random.default_rng(5)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = open_database(tmp)
    save_settings(db, {"currency": "EUR", "timezone": "UTC"})
    ids = {n: i for i, n in db.execute("SELECT id, name FROM channels").fetchall()}
    chan_ids = np.array([ids[n] for n in CHANNELS])
    camp_of: dict[int, list[int]] = {}
    with db.atomic():
        db.execute("INSERT INTO goals (name, level, lookback_days) VALUES ('Sale', 'macro', 30)")
        for name in PAID:
            for k in range(CAMPAIGNS_PER_PAID_CHANNEL):
                cur = db.execute(
                    "INSERT INTO campaigns (name, channel_id) VALUES (?, ?)",
                    [f"{name} {k}", ids[name]],
                )
                camp_of.setdefault(ids[name], []).append(int(cur.lastrowid or 0))
    counts = 1 + np.bincount(
        rng.integers(0, CUSTOMERS, TOUCHPOINTS - CUSTOMERS), minlength=CUSTOMERS
    )
    offsets = np.concatenate(([0], np.cumsum(counts)))
    cust = np.repeat(np.arange(CUSTOMERS), counts)
    gaps = rng.exponential(3 * 86_400, TOUCHPOINTS).astype(np.int64)
    gaps[offsets[:-1]] = START + rng.integers(0, 330 * 86_400, CUSTOMERS)
    csum = np.cumsum(gaps)
    times = csum - np.repeat(csum[offsets[:-1]] - gaps[offsets[:-1]], counts)
    channel = chan_ids[rng.choice(len(CHANNELS), TOUCHPOINTS, p=list(CHANNELS.values()))]
    campaign = np.zeros(TOUCHPOINTS, dtype=np.int64)
    for cid, camps in camp_of.items():
        on = channel == cid
        campaign[on] = np.array(camps)[rng.integers(0, len(camps), int(on.sum()))]
    # buyers buy at a random touch (that touch records the sale); some again at their last touch
    buyers = np.flatnonzero(rng.random(CUSTOMERS) < CONVERTING)
    at = offsets[buyers] + (rng.random(len(buyers)) * counts[buyers]).astype(np.int64)
    again = buyers[(rng.random(len(buyers)) < REPEAT) & (at < offsets[buyers + 1] - 1)]
    marker_touch = np.sort(np.concatenate((at, offsets[again + 1] - 1)))
    marker = np.zeros(TOUCHPOINTS, dtype=np.int64)
    marker[marker_touch] = np.arange(1, len(marker_touch) + 1)  # conversion ids, in this order
    value = rng.integers(1_000, 20_000, len(marker_touch))
    conv_times = _utc_text(times[marker_touch])
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO conversions (id, goal_id, occurred_at, local_date, value_minor, currency,"
            " original_value_minor, original_currency, channel_id, campaign_id, customer_key)"
            " VALUES (?, 1, ?, ?, ?, 'EUR', ?, 'EUR', ?, ?, ?)",
            (
                (
                    i + 1,
                    t,
                    t[:10],
                    int(v),
                    int(v),
                    int(channel[k]),
                    int(campaign[k]) or None,
                    f"c{cust[k]:07d}",
                )
                for i, (k, t, v) in enumerate(zip(marker_touch, conv_times, value, strict=True))
            ),
        )
        for lo in range(0, TOUCHPOINTS, CHUNK):
            hi = min(lo + CHUNK, TOUCHPOINTS)
            text = _utc_text(times[lo:hi])
            db.conn.executemany(
                "INSERT INTO touchpoints (customer_key, occurred_at, channel_id, campaign_id,"
                " conversion_id) VALUES (?, ?, ?, ?, ?)",
                (
                    (
                        f"c{cust[i]:07d}",
                        text[i - lo],
                        int(channel[i]),
                        int(campaign[i]) or None,
                        int(marker[i]) or None,
                    )
                    for i in range(lo, hi)
                ),
            )
    db.execute("ANALYZE")
    close_database(db)
    tmp.rename(path)


def _has_data(path: Path) -> bool:
    """True for a finished benchmark database (checked without opening, so nothing is created)."""
    if not path.exists() or path.stat().st_size < 100_000_000:
        path.unlink(missing_ok=True)
        return False
    return True


def _peak_rss_mb() -> float:
    """This process's peak resident memory. (ru_maxrss would include the parent's peak on Linux,
    which survives fork and exec; VmHWM belongs to this address space alone.)"""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _phase(name: str) -> dict[str, float]:
    """Run one phase in this process and return its numbers (called in a child process)."""
    from desktop_app.attribution.compare import compare_journeys
    from desktop_app.attribution.from_db import CHUNK_ROWS, TOUCH_SQL, goal_scope, load_journeys
    from desktop_app.store import close_database, open_database

    db = open_database(DB_FILE)
    out: dict[str, float] = {}
    t0 = time.perf_counter()
    if name == "read":
        rows = 0
        cursor = db.conn.execute(TOUCH_SQL, ["0000", "9999"])
        while chunk := cursor.fetchmany(CHUNK_ROWS):
            rows += len(chunk)
        out["rows"] = rows
    elif name == "models":
        scope = goal_scope(db, None, None, None)
        assert scope is not None
        journeys = load_journeys(db, scope)
        out["journeys_s"] = time.perf_counter() - t0
        out["journeys"] = journeys.n_journeys
        out["touches"] = len(journeys.channel)
        t1 = time.perf_counter()
        result = compare_journeys(journeys)
        out["models_s"] = time.perf_counter() - t1
        out["conversions"] = float(result.models["linear"].conversions)
    out["seconds"] = time.perf_counter() - t0
    out["peak_mb"] = _peak_rss_mb()
    close_database(db)
    return out


def _child(name: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--phase", name], check=True, capture_output=True, text=True
    )
    return dict(json.loads(done.stdout))


def run_benchmark() -> dict[str, dict[str, float]]:
    if not _has_data(DB_FILE):
        t0 = time.perf_counter()
        build_database(DB_FILE)
        print(f"generated {DB_FILE.name} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    base = _child("baseline")
    read = _child("read")
    models = _child("models")
    ratio = models["seconds"] / read["seconds"]
    print(
        f"read {read['rows']:,.0f} touchpoints from SQLite: {read['seconds']:.2f} s, "
        f"peak {read['peak_mb']:.0f} MB (interpreter + libraries alone: {base['peak_mb']:.0f} MB)"
    )
    print(
        f"journeys ({models['journeys']:,.0f}, {models['touches']:,.0f} touches kept): "
        f"{models['journeys_s']:.2f} s; all seven models: {models['models_s']:.2f} s"
    )
    print(
        f"journeys + models: {models['seconds']:.2f} s = {ratio:.2f} x the read "
        f"(goal <= 3); peak {models['peak_mb']:.0f} MB (goal < 1000)"
    )
    return {"read": read, "models": models, "baseline": base}


def test_attribution_benchmark() -> None:
    numbers = run_benchmark()
    assert numbers["models"]["conversions"] > 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--phase":
        print(json.dumps(_phase(sys.argv[2])))
    else:
        run_benchmark()
