"""Standard output closed early (`conversion-tracker report | head`): a quiet stop, no traceback."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop_app.cli.common import OUTPUT_CLOSED_STATUS


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo business (the copy of this run's template; what `demo --db PATH` stores)."""
    from desktop_app.services.demo import DEMO_NAME
    from desktop_app.store import close_database, open_database
    from desktop_app.store.settings import save_settings
    from tests.demo_copy import load_demo_copy

    path = tmp_path_factory.mktemp("closed") / "demo.db"
    db = open_database(path, backup=False)
    save_settings(db, {"name": DEMO_NAME, "currency": "EUR", "timezone": "Europe/Berlin",
                       "country": "DE"})  # fmt: skip
    load_demo_copy(db, seed=7, last_day=date.today() - timedelta(days=1))
    close_database(db)
    return path


@pytest.mark.slow
@pytest.mark.parametrize(
    "argv",
    [
        ["report", "--format", "csv"],
        ["report", "--format", "json", "--by", "campaign"],
        ["report"],
        ["attribution", "--format", "json"],
        ["batches", "--format", "json"],
        ["settings"],
    ],
)
def test_closed_stdout_exits_quietly(demo_db: Path, argv: list[str]) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", *argv, "--db", str(demo_db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    # Close our end before the command can write (it takes far longer to start), so its
    # first write or final flush meets a closed pipe whatever the size of its output.
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    with proc.stderr:
        err = proc.stderr.read().decode()
    status = proc.wait(timeout=120)
    assert err == ""  # no "Traceback", no "Exception ignored ... BrokenPipeError"
    assert status == OUTPUT_CLOSED_STATUS == 141  # 128 + SIGPIPE, as a shell reports it
