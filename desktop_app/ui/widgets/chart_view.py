"""A matplotlib chart drawn on a worker thread and shown as an image.

Building a figure and drawing it costs 100-700 ms (and matplotlib's first import more); on the
GUI thread that froze the window on every Dashboard load. Here `show_figure` takes the function
that builds the figure; once the chart can be seen, a worker builds it and draws it with Agg at
the widget's size, and the widget paints the finished image. A resize draws the same figure
again at the new size (after the resizing pauses), showing the old image scaled meanwhile.

The charts do not zoom or pan, so nothing is lost against an interactive canvas; the mouse
wheel over a chart scrolls the page around it. matplotlib is not thread-safe: one lock keeps
every figure's build and draw one at a time.

A chart is built only when it can be seen: a page that reloads out of sight, such as the
Dashboard behind the Reports page after an import, costs no drawing until the user goes back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QPalette, QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QSizePolicy, QWidget

from desktop_app.ui.workers import run_in_background

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# matplotlib keeps global state (font cache, text layout cache): one figure at a time.
MATPLOTLIB = threading.Lock()
_RESIZE_PAUSE_MS = 120


def _draw(figure: Figure, size: QSize, ratio: float, base_dpi: float) -> QImage:
    """Draw `figure` at `size` (logical pixels) into an image, with matplotlib's Agg."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    width, height = max(size.width(), 10), max(size.height(), 10)
    figure.set_dpi(base_dpi * ratio)
    figure.set_size_inches(width / base_dpi, height / base_dpi)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    buffer = canvas.buffer_rgba()
    image = QImage(
        bytes(buffer), buffer.shape[1], buffer.shape[0], QImage.Format.Format_RGBA8888
    ).copy()
    image.setDevicePixelRatio(ratio)
    return image


class ChartView(QWidget):
    """Shows one figure at a time; `show_figure` swaps it (the old one is released)."""

    def __init__(self, parent: QWidget | None = None, min_height: int = 220) -> None:
        super().__init__(parent)
        self.setMinimumHeight(min_height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._figure: Figure | None = None
        self._base_dpi = 100.0
        self._background: str | None = None
        self.image: QImage | None = None  # the chart as last drawn (None: not drawn yet)
        self.drawing = False  # a build or draw is on a worker
        self._pending: tuple[Callable[[], Figure], str | None] | None = None
        self._latest: tuple[Callable[[], Figure], str | None] | None = None  # what save() writes
        # A new figure being built on a worker: a resize meanwhile builds it again at the new
        # size (redrawing the figure on screen would drop the new one as out of date).
        self._building: tuple[Callable[[], Figure], str | None] | None = None
        # The generation of the figure last asked for, in a list a worker can read without
        # touching the widget: a drawing queued behind a newer request is skipped.
        self._asked = [0]
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(_RESIZE_PAUSE_MS)
        self._resize_timer.timeout.connect(self._redraw)

    @property
    def figure(self) -> Figure | None:
        """The figure on screen (None until its first drawing arrives)."""
        return self._figure

    @property
    def has_figure(self) -> bool:
        """A figure was asked for (drawn or on its way): there is something to save."""
        return self._latest is not None

    @property
    def ready(self) -> bool:
        """The latest figure asked for is on screen."""
        return self._pending is None and not self.drawing and self.image is not None

    @property
    def _generation(self) -> int:
        return self._asked[0]

    @_generation.setter
    def _generation(self, value: int) -> None:
        self._asked[0] = value

    def show_figure(self, make: Callable[[], Figure], background: str | None = None) -> None:
        """Show the figure `make` builds (on a worker: it must not touch widgets or the window's
        database connection), now if the chart is on screen, else once it is shown;
        `background` paints it in the colour of the card around it."""
        self._pending = self._latest = (make, background)
        self._generation += 1  # a drawing still on its way is for the old figure
        if self.isVisible():
            self._build_pending()

    def showEvent(self, event: object) -> None:
        self._build_pending()
        super().showEvent(event)  # type: ignore[arg-type]

    def _build_pending(self) -> None:
        if self._pending is None:
            return
        make, background = self._pending
        self._pending = None
        self._start(make, background)

    def _start(self, make: Callable[[], Figure] | None, background: str | None) -> None:
        """Build (when `make` is given) and draw on a worker; the result replaces the image."""
        if make is not None:
            self._building = (make, background)
        generation, size, ratio = self._generation, self.size(), self.devicePixelRatioF()
        figure, base_dpi = self._figure, self._base_dpi
        latest = self._asked

        def work(_progress: object, _cancelled: object) -> tuple[int, Figure | None, float, QImage]:
            with MATPLOTLIB:
                if latest[0] != generation:  # asked again while this waited its turn: skip it
                    return generation, None, 0.0, QImage()
                built, dpi = figure, base_dpi
                if make is not None:
                    built = make()
                    dpi = float(built.get_dpi())
                    if background is not None:
                        built.set_facecolor(background)
                        for ax in built.axes:
                            ax.set_facecolor(background)
                assert built is not None
                return generation, built, dpi, _draw(built, size, ratio, dpi)

        self.drawing = True
        self.update()
        run_in_background(work, self._arrived, self._failed, parent=self)

    def _arrived(self, result: tuple[int, Figure | None, float, QImage]) -> None:
        generation, figure, base_dpi, image = result
        if generation != self._generation or figure is None:  # a newer one was asked for
            return
        self.drawing = False
        self._building = None
        self._figure, self._base_dpi, self.image = figure, base_dpi, image
        drawn_at = image.deviceIndependentSize().toSize()
        if drawn_at != self.size():  # resized while it was being drawn
            self._resize_timer.start()
        self.update()

    def _failed(self, exc: BaseException, details: str) -> None:
        self.drawing = False
        self._building = None
        raise exc  # a bug in a chart: the app's error dialog shows it with its details

    def _redraw(self) -> None:
        if not self.isVisible() or self._pending:
            return
        if self._building is not None:  # the new figure, not yet arrived: build it again
            self._generation += 1
            self._start(*self._building)
        elif self._figure is not None:
            self._generation += 1
            self._start(None, None)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self._figure is not None:
            self._resize_timer.start()

    def wheelEvent(self, event: QWheelEvent) -> None:
        """The charts do not zoom or pan: the wheel scrolls the page around the chart (the
        nearest scroll area gets the event; without one it goes on to the parent as usual)."""
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QAbstractScrollArea):
            parent = parent.parentWidget()
        if parent is None:
            event.ignore()
            return
        QApplication.sendEvent(parent.viewport(), event)
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.image is None:
            if self.drawing:  # the first drawing is on its way
                painter = QPainter(self)
                painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Drawing the chart…")
                painter.end()
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(QRect(0, 0, self.width(), self.height()), self.image)
        painter.end()

    def sizeHint(self) -> QSize:
        return QSize(400, self.minimumHeight())

    def save(self, path: Path) -> None:
        """Write the figure as PNG or SVG (by the file's suffix), in its own colours."""
        fmt = "svg" if path.suffix.lower() == ".svg" else "png"
        with MATPLOTLIB:
            figure = self._figure
            if not self.ready and self._latest is not None:
                # The chart asked for last is still being drawn: save that one, not the old.
                make, background = self._latest
                figure = make()
                if background is not None:
                    figure.set_facecolor(background)
            if figure is None:
                raise RuntimeError("there is no chart to save")
            figure.savefig(path, format=fmt, dpi=150, facecolor=figure.get_facecolor())
