"""Database faults on the command line (issue: data safety and privacy): a read-only file or
folder, a damaged file, a full disk, another program's lock. Each gives exit 2 and a sentence
naming the file and what to do, never a traceback, and leaves the data exactly as it was."""

from __future__ import annotations

import ctypes
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.store import connection
from tests.e2e.test_import_cli import business_with_orders, cli, dump


@pytest.fixture
def business(tmp_path: Path, capsys) -> Path:  # type: ignore[no-untyped-def]
    folder = tmp_path / "books"
    folder.mkdir()
    return business_with_orders(capsys, folder / "business.db", tmp_path)


def _limited(fsize: int | None = None) -> None:
    """In the child: no root bypass of file permissions, and optionally a file-size limit (the
    disk 'fills' at that size; the write fails with EFBIG instead of killing the process)."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            libc.prctl(24, capability, 0, 0, 0)  # PR_CAPBSET_DROP: gone after exec
    if fsize is not None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))


def run(*args: str, fsize: int | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        capture_output=True,
        text=True,
        preexec_fn=lambda: _limited(fsize),
        timeout=120,
    )


def _refused(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    return json.loads(result.stdout)["error"]


def test_a_read_only_database_file_still_reports_and_refuses_changes(business, tmp_path):
    before = dump(business)
    business.chmod(0o444)
    try:
        report = run("report", "--db", str(business), "--from", "2026-05-01", "--to",
                     "2026-05-31", "--format", "json")  # fmt: skip
        assert report.returncode == 0, report.stderr
        assert sum(row["conversions"] for row in json.loads(report.stdout)) == 2
        orders = tmp_path / "more.csv"
        orders.write_text("Order,Date,Total\nA3,2026-05-03,5.00\n", encoding="utf-8")
        message = _refused(run("import", str(orders), "--goal", "Sale", "--db", str(business),
                               "--format", "json"))  # fmt: skip
        assert "business.db is read-only" in message and "writable" in message
    finally:
        business.chmod(0o644)
    assert dump(business) == before


def test_a_read_only_folder_still_reports_and_refuses_changes(business, tmp_path):
    before = dump(business)
    folder = business.parent
    listing = sorted(p.name for p in folder.iterdir())
    folder.chmod(0o555)
    try:
        report = run("report", "--db", str(business), "--from", "2026-05-01", "--to",
                     "2026-05-31", "--format", "json")  # fmt: skip
        assert report.returncode == 0, report.stderr
        orders = tmp_path / "more.csv"
        orders.write_text("Order,Date,Total\nA3,2026-05-03,5.00\n", encoding="utf-8")
        message = _refused(run("import", str(orders), "--goal", "Sale", "--db", str(business),
                               "--format", "json"))  # fmt: skip
        assert "read-only" in message and str(folder) in message
        assert sorted(p.name for p in folder.iterdir()) == listing  # not even a lock file
    finally:
        folder.chmod(0o755)
    assert dump(business) == before


def test_a_damaged_file_is_named_and_a_backup_offered(business):
    conn = sqlite3.connect(business)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(business.read_bytes())
    page = 4096
    for at in range(page * 2, len(data), 997):  # every page after the first, here and there
        data[at] ^= 0x5A
    business.write_bytes(bytes(data))
    message = _refused(run("report", "--db", str(business), "--format", "json"))
    assert "business.db is damaged" in message and "conversion-tracker restore" in message


@pytest.mark.slow  # about 3 s (a whole demo, a real export or a child process)
def test_a_full_disk_during_an_import_changes_nothing(business, tmp_path):
    before = dump(business)
    big = tmp_path / "big.csv"
    with open(big, "w", encoding="utf-8") as fh:
        fh.write("Order,Date,Total,Notes\n")
        for n in range(20_000):
            fh.write(f"B{n},2026-05-0{1 + n % 9},{n % 97}.50,{'x' * 200}\n")
    size = sum(p.stat().st_size for p in business.parent.iterdir())
    result = run("import", str(big), "--goal", "Sale", "--db", str(business), "--format",
                 "json", fsize=size + 256 * 1024)  # fmt: skip
    message = _refused(result)
    assert "business.db" in message and "Nothing was changed" in message
    assert dump(business) == before
    check = sqlite3.connect(business).execute("PRAGMA integrity_check").fetchone()
    assert check == ("ok",)


def test_another_programs_write_lock_gives_a_sentence(business, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(connection, "BUSY_SECONDS", 0.5)
    before = dump(business)
    other = sqlite3.connect(business, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        orders = tmp_path / "more.csv"
        orders.write_text("Order,Date,Total\nA3,2026-05-03,5.00\n", encoding="utf-8")
        status, out, err = cli(capsys, "import", str(orders), "--goal", "Sale", "--db",
                               str(business), "--format", "json")  # fmt: skip
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert status == 2 and "Traceback" not in err
    assert "Another program is writing to business.db" in json.loads(out)["error"]
    assert dump(business) == before


def _small_disk_available() -> str | None:
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=16k tmpfs /mnt"],
                           capture_output=True, text=True)  # fmt: skip
    return None if probe.returncode == 0 else probe.stderr.strip() or "unshare failed"


@pytest.mark.slow
def test_a_full_disk_during_an_export_is_one_sentence(business, tmp_path):
    reason = _small_disk_available() if shutil.which("unshare") else "no unshare command"
    if reason:
        pytest.skip(f"a small disk cannot be mounted here: {reason}")
    disk = tmp_path / "small-disk"
    disk.mkdir()
    out = disk / "report.xlsx"
    script = (
        f"mount -t tmpfs -o size=16k tmpfs {disk} && exec {sys.executable} -m desktop_app export "
        f"xlsx {out} --db {business} --from 2026-05-01 --to 2026-05-31; "
    )
    result = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True,
                            text=True, timeout=120)  # fmt: skip
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert "report.xlsx" in result.stderr and "space" in result.stderr
    assert result.stderr.count("\n") == 1  # one sentence, nothing after it


def test_a_database_in_a_synced_folder_gets_a_warning(tmp_path, capsys):
    folder = tmp_path / "Dropbox"
    folder.mkdir()
    status, _, err = cli(capsys, "settings", "--db", str(folder / "business.db"), "currency=EUR")
    assert status == 0
    assert "Warning: business.db is in a folder that Dropbox keeps in sync" in err


@pytest.mark.slow  # 1.5 s: a deliberate wait for another program; run by .ci/run's slow step
def test_a_writer_says_it_is_waiting_for_another_programs_lock(business, tmp_path, capsys):
    import threading

    other = sqlite3.connect(business, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another program writes for a moment, then finishes
    release = threading.Timer(1.5, lambda: other.execute("ROLLBACK"))
    release.start()
    orders = tmp_path / "more.csv"
    orders.write_text("Order,Date,Total\nA3,2026-05-03,5.00\n", encoding="utf-8")
    try:
        status, _, err = cli(capsys, "import", str(orders), "--goal", "Sale", "--db",
                             str(business))  # fmt: skip
    finally:
        release.join()
        other.close()
    assert status == 0
    assert "Waiting for another program to finish writing to business.db" in err
