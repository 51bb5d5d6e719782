"""The Export report dialog writes the workbook for the chosen range, goal and sheets."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt

from tests import report_dataset


@pytest.fixture
def filled_window(main_window: Any) -> Any:
    report_dataset.fill(main_window.ctx.db)
    main_window.ctx.notify("all")
    return main_window


def _dialog(window: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Open the dialog through File > Export report… and keep it (run_dialog does not block)."""
    from desktop_app.ui import seams

    opened: list[Any] = []
    monkeypatch.setattr(seams, "run_dialog", lambda d: opened.append(d) or 0)
    action = next(a for a in window.file_menu.actions() if a.text() == "&Export report…")
    assert action.shortcut().toString() == "Ctrl+E"
    action.trigger()
    dialog = opened[0]
    dialog.show()  # shown without a nested event loop, so the test drives it
    return dialog


def test_export_dialog_writes_the_file_for_the_chosen_range(
    filled_window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialogs: Any
) -> None:
    from desktop_app.ui.dialogs import export_report

    opened_urls: list[str] = []
    monkeypatch.setattr(
        export_report, "open_url", lambda url: opened_urls.append(url.toLocalFile())
    )
    dialog = _dialog(filled_window, monkeypatch)
    qtbot.addWidget(dialog)
    dialog.from_edit.setDate(QDate(2026, 3, 1))
    dialog.to_edit.setDate(QDate(2026, 3, 10))
    assert Path(dialog.path_edit.text()).name == "Conversion report 2026-03-01 to 2026-03-10.xlsx"
    target = tmp_path / "march.xlsx"
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(target))
    dialog.goal_combo.setCurrentIndex(dialog.goal_combo.findText("Purchase"))
    qtbot.mouseClick(dialog.sheet_boxes["Attribution"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.open_button.isVisible(), timeout=20_000)
    assert dialogs == []
    wb = openpyxl.load_workbook(target)
    assert "Attribution" not in wb.sheetnames and wb.sheetnames[0] == "Summary"
    assert wb["Summary"]["A2"].value.startswith("Period: 1 March 2026 – 10 March 2026")
    assert wb["Summary"]["A4"].value == "Goal: Purchase"
    assert wb["Conversions"].max_row - 1 == 5  # the five active purchases of 1-10 March
    assert "march.xlsx" in dialog.status.text()
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert opened_urls == [str(tmp_path), str(target)]
    dialog.accept()


def test_default_range_is_the_one_on_screen_and_errors_are_shown(
    filled_window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialogs: Any
) -> None:
    filled_window.ctx.report_range.set_custom(date(2026, 11, 1), date(2026, 11, 30))
    dialog = _dialog(filled_window, monkeypatch)
    qtbot.addWidget(dialog)
    assert (dialog.first, dialog.last) == (date(2026, 11, 1), date(2026, 11, 30))
    assert Path(dialog.path_edit.text()).name == "Conversion report 2026-11.xlsx"
    target = tmp_path / "ro.xlsx"
    target.write_bytes(b"earlier")
    target.chmod(0o444)
    dialog.path_edit.setText(str(target))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=20_000)
    assert dialogs[0][0] == "Cannot export the report" and "read-only" in dialogs[0][1]
    assert target.read_bytes() == b"earlier"
    dialog.to_edit.setDate(QDate(2026, 10, 1))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "ends before it starts" in dialog.status.text()
    dialog.reject()


@pytest.mark.parametrize("page_key", ["dashboard", "reports"])
def test_report_pages_open_the_dialog_on_their_range(
    filled_window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch, page_key: str
) -> None:
    from desktop_app.ui import seams

    opened: list[Any] = []
    monkeypatch.setattr(seams, "run_dialog", lambda d: opened.append(d) or 0)
    filled_window.ctx.report_range.set_custom(date(2026, 3, 1), date(2026, 3, 31))
    page = filled_window.show_page(page_key)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert (opened[0].first, opened[0].last) == (date(2026, 3, 1), date(2026, 3, 31))
    assert Path(opened[0].path_edit.text()).name == "Conversion report 2026-03.xlsx"
    opened[0].reject()


def test_the_count_after_saving_is_the_dashboards_and_says_what_the_sheet_holds(
    filled_window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1-10 March (tests/report_dataset.py): 5 purchases and 6 lead records, of which 4 count
    (one per customer), make the Dashboard's 9 conversions; with 3 newsletter sign-ups (micro)
    the Conversions sheet lists 5 + 6 + 3 = 14 records."""
    dialog = _dialog(filled_window, monkeypatch)
    qtbot.addWidget(dialog)
    dialog.from_edit.setDate(QDate(2026, 3, 1))
    dialog.to_edit.setDate(QDate(2026, 3, 10))
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "all.xlsx"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.open_button.isVisible(), timeout=20_000)
    assert dialog.status.text() == (
        "Saved all.xlsx: 9 conversions, 6 sheets. The Conversions sheet lists all 14 records of "
        "the period, micro goals included."
    )
    dialog.accept()


def test_the_workbook_compares_as_the_reports_do(
    filled_window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialogs: Any
) -> None:
    """Was: with "vs a year earlier" chosen on the Reports page or the Dashboard, the workbook
    still compared with the previous period."""
    filled_window.ctx.report_range.set_custom(date(2026, 3, 1), date(2026, 3, 10))
    filled_window.ctx.report_range.set_compare("year")
    dialog = _dialog(filled_window, monkeypatch)
    qtbot.addWidget(dialog)
    target = tmp_path / "march.xlsx"
    dialog.path_edit.setText(str(target))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.open_button.isVisible(), timeout=20_000)
    wb = openpyxl.load_workbook(target)
    texts = [c.value for row in wb["Summary"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any(t.startswith("Compared with: 1 March 2025 – 10 March 2025") for t in texts)
    assert "A year earlier" in texts  # the key figures' column
    channels = [c.value for c in wb["Channels"][3]]  # the heading's second line
    assert channels[0].startswith("A year earlier: 1 March 2025 – 10 March 2025")
    dialog.accept()
