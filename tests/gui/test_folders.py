"""File choosers start in Documents the first time, then in the folder the user chose last."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtWidgets import QDialog

from desktop_app.ui import seams
from tests.demo_copy import load_demo_copy
from tests.gui.report_helpers import LAST_DAY


@pytest.fixture(autouse=True)
def _no_remembered_folders() -> Iterator[None]:
    # QSettings keeps its file for the whole test session: start and end without our keys.
    QSettings().remove("folders")
    yield
    QSettings().remove("folders")


@pytest.fixture
def documents() -> Path:
    folder = Path.home() / "Documents"  # the tests' home is a temporary folder
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Chooser:
    """Stands in for the file dialog: records where it would open, answers with `answer`."""

    def __init__(self, answer: Path) -> None:
        self.answer = answer
        self.started_at: list[Path] = []

    def __call__(self, parent: Any, title: str, filters: str, start: str = "") -> str:
        self.started_at.append(Path(start))
        return str(self.answer)


def _export_dialog(window: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    opened: list[Any] = []
    monkeypatch.setattr(seams, "run_dialog", lambda d: opened.append(d) or 0)
    next(a for a in window.file_menu.actions() if a.text() == "&Export report…").trigger()
    return opened[0]


def test_export_starts_in_documents_then_in_the_last_folder(
    main_window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, documents: Path
) -> None:
    dialog = _export_dialog(main_window, monkeypatch)
    qtbot.addWidget(dialog)
    # Not the database's (hidden) data folder.
    assert Path(dialog.path_edit.text()).parent == documents
    assert main_window.ctx.db_path.parent != documents
    elsewhere = tmp_path / "reports"
    elsewhere.mkdir()
    chooser = Chooser(elsewhere / "march.xlsx")
    monkeypatch.setattr(seams, "choose_save_file", chooser)
    dialog.from_edit.setDate(QDate(2026, 3, 1))
    dialog.to_edit.setDate(QDate(2026, 3, 31))
    dialog.show()
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert chooser.started_at[0].parent == documents
    assert dialog.path_edit.text() == str(elsewhere / "march.xlsx")
    dialog.reject()
    again = _export_dialog(main_window, monkeypatch)
    qtbot.addWidget(again)
    assert Path(again.path_edit.text()).parent == elsewhere


@pytest.mark.slow
def test_save_chart_starts_in_documents_then_in_the_last_folder(
    main_window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, documents: Path
) -> None:
    ctx = main_window.ctx
    ctx.report_range.today = lambda: LAST_DAY + timedelta(days=1)  # the demo ends yesterday
    ctx.report_range.set_custom(date(2026, 6, 1), LAST_DAY)
    load_demo_copy(ctx.require_db(), seed=7, last_day=LAST_DAY)
    ctx.notify("all")
    page = main_window.show_page("reports")
    qtbot.waitUntil(lambda: page.data is not None and not page.loader.busy, timeout=20000)
    charts = tmp_path / "charts"
    charts.mkdir()
    chooser = Chooser(charts / "roi-by-channel.png")
    monkeypatch.setattr(seams, "choose_save_file", chooser)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert [p.parent for p in chooser.started_at] == [documents, charts]
    assert chooser.started_at[0].name == "roi-by-channel.png"  # named as its title


def test_open_and_new_database_start_in_documents_then_in_the_last_folder(
    main_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, documents: Path
) -> None:
    books = tmp_path / "books"
    books.mkdir()
    new = Chooser(books / "second.db")
    monkeypatch.setattr(seams, "choose_save_file", new)
    monkeypatch.setattr(seams, "run_dialog", lambda d: QDialog.DialogCode.Rejected)
    main_window.new_db_action.trigger()
    assert new.started_at == [documents / "business.db"]
    opener = Chooser(books / "second.db")
    monkeypatch.setattr(seams, "choose_open_file", opener)
    main_window.open_db_action.trigger()
    assert opener.started_at == [books]


def test_documents_falls_back_to_home(monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop_app.ui import folders

    monkeypatch.setattr(
        folders.QStandardPaths, "writableLocation", lambda _where: str(Path.home() / "missing")
    )
    assert folders.start_folder(folders.EXPORT) == Path.home()
