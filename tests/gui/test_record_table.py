"""Record tables fit their columns to the rows shown first, in the order they are shown."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop_app.ui.models.row_table import SORT_ROLE, RowTableModel
from desktop_app.ui.widgets.record_table import FIT_ROWS, RecordTable


class _Names(RowTableModel):
    HEADERS = ("Name", "Note")

    def display(self, row: Any, col: int) -> Any:
        return row[col]


def test_columns_fit_the_first_rows_as_sorted_not_as_stored(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = _Names()
    # Stored last, shown first once sorted by name: the widest name must set the width.
    wide = "A long campaign name, wider than the rest"  # under the 360 px cap
    model.rows = [(f"Z {n:03d}", "x") for n in range(FIT_ROWS + 50)] + [(wide, "x")]
    table = RecordTable(model, SORT_ROLE)
    qtbot.addWidget(table)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    table.resize(900, 400)
    table.show()
    table.fit_columns()
    assert table.proxy.index(0, 0).data() == wide
    assert table.columnWidth(0) >= table.fontMetrics().horizontalAdvance(wide)
    # Sorted the other way the wide name is past the rows measured: the column stays narrow.
    table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    table.fit_columns()
    assert table.columnWidth(0) < table.fontMetrics().horizontalAdvance(wide)
