"""A segmented switch: joined checkable buttons that read as one control (views, metrics)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QButtonGroup, QPushButton

from desktop_app.ui.theme import colors


def segment_style(n: int, count: int) -> str:
    """The n-th of `count` joined buttons: rounded only at the outer ends, accent when checked."""
    c = colors()
    left = "6px" if n == 0 else "0px"
    right = "6px" if n == count - 1 else "0px"
    return (
        f"QPushButton {{ border-radius: 0px; border-top-left-radius: {left};"
        f" border-bottom-left-radius: {left}; border-top-right-radius: {right};"
        f" border-bottom-right-radius: {right}; padding: 6px 14px; }}"
        f" QPushButton:checked {{ background: {c['accent']}; color: {c['card']};"
        f" border-color: {c['accent']}; }}"
    )


def segmented_switch(
    choices: tuple[tuple[str, str], ...],
    on_choose: Callable[[str], None],
    parent: QObject | None = None,
) -> tuple[QButtonGroup, dict[str, QPushButton]]:
    """Joined checkable buttons (the first checked) that call `on_choose(key)` when clicked."""
    group = QButtonGroup(parent)
    buttons: dict[str, QPushButton] = {}
    for n, (key, label) in enumerate(choices):
        button = QPushButton(label)
        button.setCheckable(True)
        button.setStyleSheet(segment_style(n, len(choices)))
        group.addButton(button)
        buttons[key] = button
        button.clicked.connect(lambda _=False, k=key: on_choose(k))
    buttons[choices[0][0]].setChecked(True)
    return group, buttons
