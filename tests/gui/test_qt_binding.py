"""The Qt binding keeps Python's reference counts: PySide6 6.12's wheels for Python 3.11 dropped a
reference to None on every call that returns nothing, so the app aborted ("deallocating None")
after a few thousand table cells. pyproject.toml keeps such a version out; this test keeps it out."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QTableWidget, QTableWidgetItem


def test_calls_that_return_nothing_keep_the_count_of_none(qapp) -> None:
    table = QTableWidget(500, 1)
    combo = QComboBox()
    model = QStandardItemModel(500, 1)
    calls = (
        lambda i: table.setItem(i, 0, QTableWidgetItem("x")),
        lambda i: combo.addItem("x", i),
        lambda i: model.setItem(i, 0, QStandardItem("x")),
        lambda i: table.item(i, 0).setData(Qt.ItemDataRole.UserRole, i),
    )
    # A binding that leaks loses one reference per call, every time (500 a round); other objects
    # freed meanwhile (garbage of earlier tests) only add noise, so the collector is held off
    # and the best of three rounds must lose far fewer than 500.
    gc.collect()
    gc.disable()
    try:
        for call in calls:
            changes = []
            for _round in range(3):
                before = sys.getrefcount(None)
                for i in range(500):
                    call(i)
                changes.append(sys.getrefcount(None) - before)
            assert max(changes) > -100, changes
    finally:
        gc.enable()
