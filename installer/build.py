"""Build the installers for this OS: icons, the PyInstaller bundle, a smoke test of it, the packages.

    python installer/build.py            # everything; outputs in installer/dist/
    python installer/build.py --no-packages   # bundle and smoke test only

Linux gives a .deb and a .tar.gz, Windows a setup .exe (Inno Setup), macOS a .dmg.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUILD = HERE / "build"  # intermediate files (git-ignored)
DIST = HERE / "dist"  # the packages (git-ignored, never committed)
BUNDLE_DIST = BUILD / "dist"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))


def step(title: str) -> float:
    print(f"\n== {title}", flush=True)
    return time.perf_counter()


def ensure_build_tools() -> None:
    """PyInstaller and Pillow (the project's `build` extra) in this Python, installed if missing."""
    missing = [m for m in ("PyInstaller", "PIL") if importlib.util.find_spec(m) is None]
    if missing:
        print(f"installing the build tools ({', '.join(missing)} missing)")
        pip = [sys.executable, "-m", "pip", "install", "-q", "pyinstaller>=6.6", "Pillow>=10"]
        subprocess.run(pip, check=True)


def build_bundle() -> Path:
    from icons import make_icons

    make_icons(BUILD / "icons")
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", str(BUNDLE_DIST), "--workpath", str(BUILD / "work"),
        str(HERE / "conversion-tracker.spec"),
    ]  # fmt: skip
    subprocess.run(command, check=True, cwd=ROOT)
    bundle = BUNDLE_DIST / "conversion-tracker"
    if not (bundle / program_name()).is_file():
        raise SystemExit(f"PyInstaller made no {program_name()} in {bundle}")
    return bundle


def program_name(gui: bool = False) -> str:
    name = "conversion-tracker-gui" if gui else "conversion-tracker"
    return name + ".exe" if sys.platform == "win32" else name


def isolated_env(home: Path) -> dict[str, str]:
    """The smoke test's environment: offscreen Qt, and user folders in a temporary place."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(home / var.lower())
    if sys.platform == "win32":
        env["APPDATA"] = env["LOCALAPPDATA"] = str(home)
    return env


def smoke_test(bundle: Path) -> None:
    """Run the frozen program: --version, two CLI commands and the GUI --self-test; stop on failure."""
    from desktop_app import __version__

    program = str(bundle / program_name())
    with tempfile.TemporaryDirectory(prefix="conversion-tracker-smoke-") as name:
        env = isolated_env(Path(name))

        def run(*args: str, timeout: float = 300) -> str:
            done = subprocess.run(
                [program, *args], env=env, capture_output=True, text=True, timeout=timeout
            )
            if done.returncode != 0:
                sys.stderr.write(done.stdout + done.stderr)
                raise SystemExit(f"smoke test failed: conversion-tracker {' '.join(args)} "
                                 f"exited with {done.returncode}")  # fmt: skip
            return done.stdout + done.stderr

        version = run("--version").strip()
        if version != f"conversion-tracker {__version__}":
            raise SystemExit(f"smoke test failed: --version printed {version!r}")
        print(version)
        db = str(Path(name) / "demo.db")
        run("demo", "--db", db)
        rows = json.loads(run("report", "--db", db, "--format", "json"))
        if not rows or "roi" not in rows[0]:
            raise SystemExit(f"smoke test failed: report printed {rows!r}")
        print(f"CLI: demo and report work ({len(rows)} channels)")
        print(run("--self-test").strip())


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def make_packages(bundle: Path) -> list[Path]:
    from desktop_app import __version__

    DIST.mkdir(parents=True, exist_ok=True)
    if sys.platform.startswith("linux"):
        from concurrent.futures import ThreadPoolExecutor

        from linux_packages import DESKTOP_FILE, make_deb, make_tarball

        # The tarball compresses in a thread (zlib lets go of the GIL) while dpkg-deb runs.
        pool = ThreadPoolExecutor(1)
        tarball = pool.submit(make_tarball, bundle, DIST, __version__, platform.machine())
        made: list[Path] = []
        if shutil.which("desktop-file-validate"):
            subprocess.run(["desktop-file-validate", str(DESKTOP_FILE)], check=True)
        else:
            print("note: desktop-file-validate is not installed; the menu entry was not checked")
        if shutil.which("dpkg-deb"):
            made.append(make_deb(bundle, BUILD / "icons", DIST, __version__, BUILD / "deb"))
        else:
            print("note: dpkg-deb is not installed; no .deb made")
        made.insert(0, tarball.result())
        pool.shutdown()
        return made
    if sys.platform == "win32":
        iscc = shutil.which("iscc") or r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe"
        script = HERE / "windows" / "conversion-tracker.iss"
        subprocess.run([iscc, f"/DAppVersion={__version__}", str(script)], check=True)
        return sorted(DIST.glob("*.exe"))
    if sys.platform == "darwin":
        subprocess.run(["bash", str(HERE / "macos" / "make-dmg.sh"), __version__], check=True)
        return sorted(DIST.glob("*.dmg"))
    raise SystemExit(f"no packages are made on {sys.platform}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-bundle", action="store_true", help="reuse the last bundle")
    parser.add_argument("--no-packages", action="store_true", help="bundle and smoke test only")
    args = parser.parse_args(argv)
    times: dict[str, float] = {}

    started = step("build tools")
    ensure_build_tools()
    started = step("bundle (PyInstaller)")
    bundle = BUNDLE_DIST / "conversion-tracker"
    if not args.skip_bundle:
        bundle = build_bundle()
    times["bundle"] = time.perf_counter() - started
    started = step("smoke test of the frozen app")
    smoke_test(bundle)
    times["smoke test"] = time.perf_counter() - started
    made: list[Path] = []
    if not args.no_packages:
        started = step("packages")
        made = make_packages(bundle)
        times["packages"] = time.perf_counter() - started

    print(f"\nbundle: {bundle} ({folder_size(bundle) / 1e6:.0f} MB)")
    for path in made:
        print(f"package: {path} ({path.stat().st_size / 1e6:.0f} MB)")
    print("times: " + ", ".join(f"{k} {v:.0f} s" for k, v in times.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
