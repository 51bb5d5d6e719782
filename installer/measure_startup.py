"""Start-up time to the first painted window: the frozen bundle against the virtual environment.

    python installer/measure_startup.py [--runs 7] [--bundle PATH]

Each run starts the app on a demo database with CONVERSION_TRACKER_EXIT_AFTER_SHOW=1 (it prints
the wall-clock time of its first painted frame and quits) and takes the time from launch to that
frame. Prints the median of each. Qt's platform is the environment's (offscreen unless set; run it
under xvfb-run for a real X server).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build import BUNDLE_DIST, isolated_env, program_name  # noqa: E402


def time_to_paint(command: list[str], env: dict[str, str]) -> float:
    launched = time.time()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    for line in done.stderr.splitlines():
        if line.startswith("first-paint "):
            return float(line.split()[1]) - launched
    raise SystemExit(f"{command[0]} showed no window (exit {done.returncode}):\n{done.stderr}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bundle", type=Path, default=BUNDLE_DIST / "conversion-tracker")
    args = parser.parse_args()
    venv_program = shutil.which("conversion-tracker", path=str(Path(sys.executable).parent))
    venv = [venv_program] if venv_program else [sys.executable, "-m", "desktop_app"]
    frozen = [str(args.bundle / program_name())]
    with tempfile.TemporaryDirectory(prefix="conversion-tracker-startup-") as name:
        env = isolated_env(Path(name))
        if "QT_QPA_PLATFORM" in os.environ:
            env["QT_QPA_PLATFORM"] = os.environ["QT_QPA_PLATFORM"]
        db = str(Path(name) / "demo.db")
        subprocess.run([*venv, "demo", "--db", db], env=env, check=True, capture_output=True)
        env["CONVERSION_TRACKER_EXIT_AFTER_SHOW"] = "1"
        results: dict[str, list[float]] = {"venv": [], "bundle": []}
        for _ in range(args.runs):  # interleaved, so both see the same machine load
            results["venv"].append(time_to_paint([*venv, "--db", db], env))
            results["bundle"].append(time_to_paint([*frozen, "--db", db], env))
    print(f"platform {env['QT_QPA_PLATFORM']}, {args.runs} runs each, seconds to first paint")
    for label, times in results.items():
        runs = " ".join(f"{t:.2f}" for t in times)
        print(f"{label:7s} median {statistics.median(times):.2f}  (runs: {runs})")
    gap = statistics.median(results["bundle"]) - statistics.median(results["venv"])
    print(f"bundle - venv: {gap:+.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
