"""Shared fixtures: every test gets its own folders and database; nothing touches real user data."""

from __future__ import annotations

import compileall
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("MPLBACKEND", "Agg")

# Bytecode caches for this checkout even where PYTHONDONTWRITEBYTECODE turns them off (as on the
# CI machine): otherwise every test worker compiles every module and rewrites every test file
# again, and every command-line test's child process compiles the app's modules again. An
# installed app has its bytecode written by pip; the checkout gets the same here.
sys.dont_write_bytecode = False


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # once, before the workers and their children start
        compileall.compile_dir(Path(__file__).resolve().parents[1] / "desktop_app", quiet=1)
        # The demo templates of tests/demo_copy.py, shared by the workers (built once each).
        from tests.demo_copy import SHARED_FOLDER

        folder = tempfile.mkdtemp(prefix="demo-templates-")
        os.environ[SHARED_FOLDER] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _isolated_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point the data, config, cache and log folders (and QSettings) at a temporary place."""
    home = tmp_path_factory.mktemp("home")
    for var in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.setenv("CONVERSION_TRACKER_TESTING", "1")


@pytest.fixture(autouse=True)
def _plain_figures() -> Iterator[None]:
    """Figures in plain English marks unless a test sets a locale (the app does at start); a
    locale a GUI test set never reaches the next test, nor the command line's text."""
    from desktop_app.domain import formatting
    from desktop_app.domain.money import EN

    formatting.use_style(EN)
    yield
    formatting.use_style(EN)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "business.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[object]:
    """A migrated, empty database with currency EUR and time zone Europe/Berlin."""
    from desktop_app.store import close_database, open_database
    from desktop_app.store.settings import save_settings

    database = open_database(db_path)
    save_settings(database, {"name": "Test shop", "currency": "EUR", "timezone": "Europe/Berlin"})
    yield database
    close_database(database)


@pytest.fixture
def shared_data() -> Path:
    """The real sample exports beside the project; tests that need them skip clearly without them."""
    if not SHARED_DATA.is_dir():
        pytest.skip("the shared sample data folder (../shared/data) is not present on this machine")
    return SHARED_DATA
