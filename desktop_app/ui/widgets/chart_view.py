"""A matplotlib Figure inside a widget (FigureCanvasQTAgg); importing this module imports matplotlib."""

from __future__ import annotations

from pathlib import Path

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget


class ChartView(QWidget):
    """Shows one Figure at a time; `set_figure` swaps it (the old one is released)."""

    def __init__(self, parent: QWidget | None = None, min_height: int = 220) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.canvas: FigureCanvasQTAgg | None = None
        self.setMinimumHeight(min_height)

    @property
    def figure(self) -> Figure | None:
        return self.canvas.figure if self.canvas is not None else None

    def set_figure(self, figure: Figure, background: str | None = None) -> None:
        """Show `figure`; `background` paints it in the colour of the card around it."""
        if background is not None:
            figure.set_facecolor(background)
            for ax in figure.axes:
                ax.set_facecolor(background)
        if self.canvas is not None:
            self._layout.removeWidget(self.canvas)
            self.canvas.setParent(None)
            self.canvas.deleteLater()
        self.canvas = FigureCanvasQTAgg(figure)
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
