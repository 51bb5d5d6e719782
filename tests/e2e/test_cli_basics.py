"""The command line's frame: version, help, demo, settings, and the README documenting every command."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app import __version__
from desktop_app.cli import _COMMANDS, build_parser
from desktop_app.main import main

README = Path(__file__).resolve().parents[2] / "README.md"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args], capture_output=True, text=True, timeout=120
    )


def test_version_and_help() -> None:
    out = run_cli("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"conversion-tracker {__version__}"
    out = run_cli("--help")
    assert out.returncode == 0
    for command in _COMMANDS:
        assert command in out.stdout


@pytest.mark.parametrize("command", sorted(_COMMANDS))
def test_every_command_has_help(command: str, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    assert "usage: conversion-tracker " + command in capsys.readouterr().out


@pytest.mark.slow  # 2-3 s (a whole demo, or a deliberate wait for another program)
def test_demo_and_settings_json(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    out = run_cli("demo", "--db", str(db))
    assert out.returncode == 0, out.stderr
    assert "Demo business loaded" in out.stdout
    out = run_cli("settings", "--db", str(db), "--format", "json")
    assert out.returncode == 0
    settings = json.loads(out.stdout)  # stdout is the JSON document and nothing else
    assert settings["currency"] == "EUR" and settings["name"] == "Harbor & Pine Furniture"
    again = run_cli("demo", "--db", str(db))
    assert again.returncode == 2
    assert "already holds data" in again.stderr and again.stdout == ""


@pytest.mark.slow
def test_settings_change_and_refusal(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    out = run_cli("settings", "--db", db, "currency=usd", "timezone=America/Chicago", "name=Tow Co")
    assert out.returncode == 0, out.stderr
    assert "currency = USD" in out.stdout and "timezone = America/Chicago" in out.stdout
    bad = run_cli("settings", "--db", db, "currency=dollars")
    assert bad.returncode == 2 and "ISO 4217" in bad.stderr
    bad = run_cli("settings", "--db", db, "currency")
    assert bad.returncode == 2 and "KEY=VALUE" in bad.stderr


def test_readme_documents_every_command() -> None:
    text = README.read_text(encoding="utf-8")
    first_lines = "\n".join(text.splitlines()[:15])
    assert "pip install . && conversion-tracker" in first_lines
    assert 'pip install -e ".[test]" && pytest' in first_lines
    documented = set(re.findall(r"^### `conversion-tracker ([a-z-]+)", text, flags=re.M))
    assert set(_COMMANDS) <= documented, set(_COMMANDS) - documented


def test_ci_runs_the_readme_test_command() -> None:
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install -e ".[test]" && pytest' in ci


def test_parser_has_the_product_options() -> None:
    parser = build_parser()
    args = parser.parse_args(
        ["import", "f.csv", "--map", "Cost=cost", "--map", "Day=date", "--dry-run"]
    )
    assert args.map == ["Cost=cost", "Day=date"] and args.dry_run
    args = parser.parse_args(["report", "--by", "goal", "--model", "markov", "--format", "json"])
    assert (args.by, args.model, args.format) == ("goal", "markov", "json")


def test_version_and_help_import_no_database_library() -> None:
    """--version and --help answer without sqlite-utils (which pulls in numpy), sqlite3, the
    money module or what reading a KEY=VALUE needs (dataclasses, decimals, time zones): a script that asks the version should not pay for them (issue: scale, fast
    start for scripts; tests/benchmarks/bench_startup.py times it)."""
    probe = (
        "import sys, contextlib, io\n"
        "from desktop_app.main import main\n"
        "for argv in (['--version'], ['--help'], ['report', '--help']):\n"
        "    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "        main(argv)\n"
        "heavy = [m for m in ('sqlite_utils', 'sqlite3', 'numpy', 'PySide6', 'matplotlib',\n"
        "                     'desktop_app.domain.money', 'desktop_app.cli.common',\n"
        "                     'dataclasses', 'decimal', 'zoneinfo')\n"
        "         if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_a_report_loads_no_database_number_chart_phone_or_qt_library(tmp_path) -> None:
    """`report` on an up-to-date database reads it without sqlite-utils (and the click,
    dateutil and pluggy it brings: about 80 ms), numpy, phonenumbers, babel, Qt or matplotlib,
    and a database that has its currency does not ask the computer for its defaults (tzlocal:
    about 15 ms): each costs milliseconds on every start (issue: scale, fast start for
    scripts)."""
    path = tmp_path / "shop.db"
    made = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--db", str(path), "settings", "currency=EUR",
         "timezone=Europe/Berlin", "country=DE"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    probe = (
        "import sys, contextlib, io, json\n"
        "from desktop_app.main import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):\n"
        f"    main(['--db', {str(path)!r}, 'report', '--format', 'json'])\n"
        "assert isinstance(json.loads(out.getvalue()), list), out.getvalue()\n"
        "heavy = ('sqlite_utils', 'click', 'dateutil', 'pluggy', 'numpy', 'pandas',\n"
        "         'phonenumbers', 'babel', 'PySide6', 'matplotlib', 'tzlocal')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    no_tz = {k: v for k, v in os.environ.items() if k != "TZ"}  # the zone is asked of tzlocal
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60, env=no_tz)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_numpy_still_loads_after_sqlite_utils() -> None:
    """Only sqlite-utils is told numpy is missing; attribution and charts get it as usual."""
    probe = (
        "import desktop_app, sqlite_utils.db, numpy\n"
        "print(sqlite_utils.db.np is None, numpy.arange(3).sum())\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "3"]
