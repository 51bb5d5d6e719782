"""Standard output closed early (`conversion-tracker report | head`): a quiet stop, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.cli.common import OUTPUT_CLOSED_STATUS


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("closed") / "demo.db"
    done = subprocess.run(
        [sys.executable, "-m", "desktop_app", "demo", "--db", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return path


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
