"""`conversion-tracker attribution --paths` on a path table of 275,000 lines: time and peak memory.

The file is generated once into tests/benchmarks/.cache/ (git-ignored): random paths of 1 to 20
touches over twelve channels, as ChannelAttribution's example data names them, with conversions,
values to the cent and nulls; most lines are distinct paths, which is the hard case (a table of
repeated paths is summed to a few thousand). Each run is a fresh process so its peak memory
(interpreter and libraries included) is its own. Baselines in the same run: the interpreter
alone, and a bare `csv.reader` pass over the file that sums the three number columns.

ChannelAttribution (GPL, not a dependency) is timed too when BENCH_CHANNELATTRIBUTION_PYTHON
names an interpreter that has it and pandas: its heuristic models plus its Markov model on the
same file, which is what the app's six models do.

Run: `python tests/benchmarks/bench_path_table.py`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache"
LINES = 275_000
FILE = CACHE / f"paths_{LINES}.csv"
NAMES = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu".split()  # noqa: SIM905
)

_PEAK = """
import sys
from pathlib import Path
for line in Path("/proc/self/status").read_text().splitlines():
    if line.startswith("VmHWM:"):
        print(int(line.split()[1]) / 1024, file=sys.stderr)
"""

_BARE = """
import csv, sys
conv = nulls = 0
value = 0.0
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    rows = csv.reader(f, delimiter=";")
    next(rows)
    for path, c, v, n in rows:
        conv += int(c); nulls += int(n); value += float(v)
"""

_APP = """
import sys
from desktop_app.main import main
code = main(["attribution", "--paths", sys.argv[1], "--format", "json"])
assert code == 0, code
"""

_CHANNELATTRIBUTION = """
import sys
import pandas as pd
from ChannelAttribution import heuristic_models, markov_model
df = pd.read_csv(sys.argv[1], sep=";")
heuristic_models(df, "path", "total_conversions", var_value="total_conversion_value")
markov_model(df, "path", "total_conversions", var_value="total_conversion_value",
             var_null="total_null", sep=">", verbose=0)
"""


def make_file(path: Path) -> None:
    import numpy as np

    rng = np.random.default_rng(7)
    lengths = rng.geometric(0.3, LINES).clip(1, 20)
    conversions = rng.poisson(1.5, LINES)
    nulls = rng.poisson(6, LINES)
    cents = (conversions * rng.uniform(100, 1000, LINES)).astype(np.int64)
    channels = rng.integers(0, len(NAMES), int(lengths.sum()))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as out:
        out.write("path;total_conversions;total_conversion_value;total_null\n")
        at = 0
        for n, c, v, z in zip(lengths, conversions, cents, nulls, strict=True):
            touches = " > ".join(NAMES[k] for k in channels[at : at + n])
            at += n
            out.write(f"{touches};{c};{v // 100}.{v % 100:02d};{z}\n")
    tmp.rename(path)


def timed(python: str, code: str) -> tuple[float, float]:
    """Seconds and peak MB of `code` run by `python` on the file, in a fresh process."""
    start = time.perf_counter()
    done = subprocess.run(
        [python, "-c", code + _PEAK, str(FILE)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seconds = time.perf_counter() - start
    return seconds, float(done.stderr.strip().splitlines()[-1])


def run_benchmark() -> dict[str, tuple[float, float]]:
    if not FILE.exists():
        make_file(FILE)
    results = {
        "python alone": timed(sys.executable, "pass"),
        "bare csv.reader pass": timed(sys.executable, _BARE),
        "attribution --paths (6 models)": timed(sys.executable, _APP),
    }
    other = os.environ.get("BENCH_CHANNELATTRIBUTION_PYTHON")
    if other:
        results["ChannelAttribution (heuristics + Markov)"] = timed(other, _CHANNELATTRIBUTION)
    print(f"{LINES:,} path lines ({FILE.stat().st_size / 1e6:.1f} MB)")
    print(f"{'run':42} {'seconds':>8} {'peak MB':>8}")
    for name, (seconds, peak) in results.items():
        print(f"{name:42} {seconds:8.2f} {peak:8.0f}")
    app = results["attribution --paths (6 models)"]
    print(f"goal: peak under 300 MB (is {app[1]:.0f})", end="")
    if other:
        ratio = app[0] / results["ChannelAttribution (heuristics + Markov)"][0]
        print(f", time within 2x ChannelAttribution's (is {ratio:.2f}x)", end="")
    print()
    print(json.dumps({k: list(v) for k, v in results.items()}), file=sys.stderr)
    return results


def test_path_table_benchmark() -> None:
    results = run_benchmark()
    assert results["attribution --paths (6 models)"][1] > 0


if __name__ == "__main__":
    run_benchmark()
