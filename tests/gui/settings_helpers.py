"""Opening a tab of the Settings page as a user does: a click on its title."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt


def open_tab(qtbot: Any, page: Any, title: str) -> None:
    bar = page.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert page.tabs.currentIndex() == index
