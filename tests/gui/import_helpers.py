"""Driving the import wizard in tests: open it, press Continue, wait for the background work."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

DATA_TABLES = ("settings", "channels", "channel_aliases", "campaigns", "goals", "spend",
               "conversions", "touchpoints")  # fmt: skip


def dump(db: Any, tables: tuple[str, ...] = DATA_TABLES) -> dict[str, list[tuple]]:
    return {t: [tuple(r) for r in db.execute(f"SELECT * FROM {t} ORDER BY rowid")] for t in tables}


def full_dump(db: Any) -> list[str]:
    """Every table but the audit log (which records the undo itself)."""
    return [line for line in db.conn.iterdump() if "audit_log" not in line]


def open_wizard(window: Any, qtbot: Any, monkeypatch: Any, path: Path) -> Any:
    """File > Import… with the file chooser answered by `path`; returns the visible wizard."""
    from desktop_app.ui import seams

    monkeypatch.setattr(seams, "choose_open_files", lambda *a, **k: [str(path)])
    window.import_action.trigger()
    return shown_wizard(window, qtbot)


def shown_wizard(window: Any, qtbot: Any, timeout: int = 30_000) -> Any:
    launcher = window.import_launcher
    qtbot.waitUntil(
        lambda: launcher.wizard is not None and launcher.wizard.isVisible(), timeout=timeout
    )
    wizard = launcher.wizard
    wait_idle(wizard, qtbot, timeout)
    return wizard


def wait_idle(wizard: Any, qtbot: Any, timeout: int = 30_000) -> None:
    qtbot.waitUntil(lambda: not wizard.busy, timeout=timeout)


def press_continue(wizard: Any, qtbot: Any, timeout: int = 30_000) -> None:
    """Click Continue (or Import) and wait until the next step has what it shows."""
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled(), f"Continue is disabled on '{wizard.currentPage().title()}'"
    before = wizard.currentPage()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentPage() is not before or wizard.busy, timeout=timeout)
    wait_idle(wizard, qtbot, timeout)
    if wizard.currentPage() is wizard.preview_step:
        qtbot.waitUntil(lambda: wizard.preview_step.dry is not None, timeout=timeout)


def import_through_the_wizard(window: Any, qtbot: Any, monkeypatch: Any, path: Path) -> None:
    """File > Import… of `path`, Continue through every step with the choices as offered, Done."""
    wizard = open_wizard(window, qtbot, monkeypatch, path)
    for _ in range(5):
        press_continue(wizard, qtbot)
    assert wizard.outcome is not None and wizard.outcome.committed
    wizard.accept()
    qtbot.waitUntil(lambda: window.import_launcher.wizard is None)


def choose_field(wizard: Any, qtbot: Any, header: str, label: str) -> None:
    """Pick `label` in the 'Imported as' combo of column `header`, as a user would."""
    step = wizard.mapping_step
    combo = next(c for c in step.combos if c.property("column") == header)
    assert combo.findText(label) >= 0, f"{label!r} is not offered for {header!r}"
    combo.setFocus()
    qtbot.keyClicks(combo, label)  # typing an item's name picks it, as in any combo box
    assert combo.currentText() == label
    wait_idle(wizard, qtbot)


def click_option(qtbot: Any, button: Any) -> None:
    """Click a radio button on its circle (its middle may lie past the end of its text)."""
    from PySide6.QtCore import QPoint

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


@pytest.fixture(autouse=True)
def wizards_deleted(qapp: Any) -> Iterator[None]:
    """Closed wizards are deleted before the next test restyles the application.

    A QWizard still alive when `apply_theme` replaces the application style crashes Qt, so the
    deferred deletions of this test are carried out now rather than at some later event loop.
    """
    yield
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
