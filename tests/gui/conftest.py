"""GUI fixtures: a themed application, and a main window on a temporary database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.store.settings import save_settings


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["conversion-tracker-tests"]


@pytest.fixture(autouse=True)
def _themed(qapp, tmp_path_factory: pytest.TempPathFactory) -> None:  # type: ignore[no-untyped-def]
    """Light theme, and QSettings in a fresh folder for every test (Qt caches the settings path
    at first use, so the per-test user folders alone would not keep tests apart)."""
    from PySide6.QtCore import QSettings

    from desktop_app.ui.theme import apply_theme

    qapp.setApplicationName("Conversion Tracker Tests")
    qapp.setOrganizationName("Conversion Tracker Tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat,
        QSettings.Scope.UserScope,
        str(tmp_path_factory.mktemp("qsettings")),
    )
    apply_theme(qapp, dark=False)


@pytest.fixture(autouse=True)
def _collected_on_the_gui_thread(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """As in the app, garbage is collected on the GUI thread only (ui/shell/collector.py); after
    the test (its workers done), Python collects again by itself for the tests without Qt."""
    from desktop_app.ui.shell.collector import collect_on_gui_thread

    collector = collect_on_gui_thread(qapp)
    yield
    collector.stop()


@pytest.fixture(autouse=True)
def _nothing_left_open(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """After each test: background work finished, and no dialog or wizard left open.

    A test that fails halfway can leave a wizard open or a worker running; both would otherwise
    act on the next test's widgets.
    """
    yield
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication, QDialog

    from desktop_app.ui.workers import wait_for_all

    wait_for_all(60_000)
    QApplication.processEvents()
    left = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    titles = [w.windowTitle() or type(w).__name__ for w in left]
    for widget in left:
        widget.reject()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if left:  # a test closes what it opens; a dialog left open would act on the next test
        pytest.fail(f"the test left open: {', '.join(map(repr, titles))}", pytrace=False)


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Records every message the app would show, instead of showing it."""
    from desktop_app.ui import seams

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        seams, "show_error", lambda parent, title, text, details="": shown.append((title, text))
    )
    monkeypatch.setattr(seams, "inform", lambda parent, title, text: shown.append((title, text)))
    return shown


@pytest.fixture
def configured_db_path(tmp_path: Path) -> Path:
    from desktop_app.store import close_database, open_database

    path = tmp_path / "shop.db"
    db = open_database(path)
    save_settings(db, {"name": "Test shop", "currency": "EUR", "timezone": "Europe/Berlin"})
    close_database(db)
    return path


@pytest.fixture
def main_window(qtbot, configured_db_path: Path, dialogs) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from desktop_app.ui.shell.context import AppContext
    from desktop_app.ui.shell.main_window import MainWindow

    ctx = AppContext()
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.open_path(configured_db_path)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
