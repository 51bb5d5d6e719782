"""A sort arrow points the way the rows run: ▼ for newest (largest) first, ▲ for oldest first."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from tests.demo_copy import load_demo_copy

ARROW = QColor("#8A8F98")  # the colour of resources/icons/sort/*.svg


def arrow_points_down(header, section: int) -> bool:  # type: ignore[no-untyped-def]
    """Read the arrow's pixels at the right end of the section: a ▼ is widest at its top."""
    image = header.grab().toImage()
    right = header.sectionViewportPosition(section) + header.sectionSize(section)
    widths: list[int] = []
    for y in range(image.height()):
        row = sum(
            1 for x in range(max(right - 30, 0), right) if _near(image.pixelColor(x, y), ARROW)
        )
        if row:
            widths.append(row)
    assert len(widths) >= 3, "no sort arrow drawn"
    assert widths[0] != widths[-1]
    return widths[0] > widths[-1]


def _near(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 40


def test_when_column_shows_newest_first_with_a_down_arrow(main_window, qtbot) -> None:
    load_demo_copy(main_window.ctx.require_db(), seed=7, last_day=date(2026, 6, 30))
    main_window.ctx.notify("all")
    page = main_window.show_page("conversions")
    header = page.table.horizontalHeader()
    qtbot.waitUntil(lambda: page.model.rowCount() > 2)
    model = page.model
    first, second = model.row_at(0).occurred_at, model.row_at(1).occurred_at
    assert first >= second  # newest on top
    assert header.sortIndicatorSection() == 0
    assert arrow_points_down(header, 0)
    # A click turns the order round, and the arrow with it.
    x = header.sectionViewportPosition(0) + header.sectionSize(0) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 8))
    qtbot.waitUntil(lambda: model.row_at(0).occurred_at <= model.row_at(1).occurred_at)
    assert not arrow_points_down(header, 0)
