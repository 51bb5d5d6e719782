"""A matplotlib Figure inside a widget (FigureCanvasQTAgg); importing this module imports matplotlib.

A chart is built only when it can be seen: `show_figure` takes the function that builds the
figure and calls it at once when the chart is on screen, else when it is next shown (or when
its figure is asked for). A page that reloads out of sight, such as the Dashboard behind the
Reports page after an import, then costs no drawing until the user goes back to it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)


class _Canvas(FigureCanvasQTAgg):
    """The charts do not zoom or pan: the mouse wheel over one scrolls the page around it (the
    nearest scroll area gets the event; without one it goes on to the parent as usual)."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QAbstractScrollArea):
            parent = parent.parentWidget()
        if parent is None:
            event.ignore()
            return
        QApplication.sendEvent(parent.viewport(), event)
        event.accept()


class ChartView(QWidget):
    """Shows one Figure at a time; `show_figure` swaps it (the old one is released)."""

    def __init__(self, parent: QWidget | None = None, min_height: int = 220) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.canvas: FigureCanvasQTAgg | None = None
        self._pending: tuple[Callable[[], Figure], str | None] | None = None
        self.setMinimumHeight(min_height)

    @property
    def figure(self) -> Figure | None:
        self._build_pending()
        return self.canvas.figure if self.canvas is not None else None

    def show_figure(self, make: Callable[[], Figure], background: str | None = None) -> None:
        """Show the figure `make` builds, now if the chart is on screen, else once it is shown;
        `background` paints it in the colour of the card around it."""
        self._pending = (make, background)
        if self.isVisible():
            self._build_pending()

    def showEvent(self, event: object) -> None:
        self._build_pending()
        super().showEvent(event)  # type: ignore[arg-type]

    def _build_pending(self) -> None:
        if self._pending is not None:
            make, background = self._pending
            self._pending = None
            self._set_figure(make(), background)

    def _set_figure(self, figure: Figure, background: str | None) -> None:
        if background is not None:
            figure.set_facecolor(background)
            for ax in figure.axes:
                ax.set_facecolor(background)
        if self.canvas is not None:
            self._layout.removeWidget(self.canvas)
            self.canvas.setParent(None)
            self.canvas.deleteLater()
        self.canvas = _Canvas(figure)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setMinimumSize(10, 10)  # the figure shrinks with the window
        self._layout.addWidget(self.canvas)

    def save(self, path: Path) -> None:
        """Write the figure as PNG or SVG (by the file's suffix), in its own colours."""
        figure = self.figure
        if figure is None:
            raise RuntimeError("there is no chart to save")
        fmt = "svg" if path.suffix.lower() == ".svg" else "png"
        figure.savefig(path, format=fmt, dpi=150, facecolor=figure.get_facecolor())
