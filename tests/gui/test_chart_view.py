"""Charts are built and drawn on a worker, never on the GUI thread, and redrawn at a new size."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_app.ui.widgets.chart_view import ChartView
from tests.gui.chart_helpers import drawn_figure


def _bars(threads: list[str]):  # type: ignore[no-untyped-def]
    from matplotlib.figure import Figure

    def make() -> Figure:
        threads.append(threading.current_thread().name)
        figure = Figure(figsize=(4, 2))
        figure.add_subplot().bar(["a", "b"], [1, 3], color="#1f77b4")
        return figure

    return make


def _shown_chart(qtbot):  # type: ignore[no-untyped-def]
    """A ChartView in a 500 x 300 window on screen: (window, chart); keep the window."""
    window = QWidget()
    qtbot.addWidget(window)
    chart = ChartView(min_height=200)
    QVBoxLayout(window).addWidget(chart)
    window.resize(500, 300)
    window.show()
    qtbot.waitExposed(window)
    return window, chart


def test_a_chart_is_built_and_drawn_off_the_gui_thread(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    chart = ChartView(min_height=200)
    layout.addWidget(chart)
    threads: list[str] = []
    chart.show_figure(_bars(threads), "#ffffff")
    assert threads == [] and chart.image is None  # not on screen yet: nothing built
    window.resize(500, 300)
    window.show()
    figure = drawn_figure(qtbot, chart)
    assert threads and threads[0] != threading.main_thread().name
    assert figure.axes[0].patches[1].get_height() == 3
    image = chart.image
    assert (image.width(), image.height()) == (chart.width(), chart.height())
    # Some pixel is the bars' blue: the figure was really drawn, not left blank.
    blue = {image.pixelColor(x, y).name() for x in range(0, image.width(), 4)
            for y in range(0, image.height(), 4)}  # fmt: skip
    assert "#1f77b4" in blue
    window.resize(700, 400)
    qtbot.waitUntil(lambda: chart.image is not image and chart.ready, timeout=10_000)
    assert (chart.image.width(), chart.image.height()) == (chart.width(), chart.height())
    assert len(threads) == 1  # a resize draws the same figure again; it is not rebuilt


def test_figures_asked_for_while_another_is_drawing_build_only_the_latest(qtbot) -> None:
    """Quick changes (a range clicked three times) queue three figures; the two that are out of
    date by the time a worker gets to them are skipped, not built and drawn for nothing."""
    from desktop_app.ui.widgets.chart_view import MATPLOTLIB

    _window, chart = _shown_chart(qtbot)
    built: list[str] = []

    def named(name: str, height: int):  # type: ignore[no-untyped-def]
        from matplotlib.figure import Figure

        def make() -> Figure:
            built.append(name)
            figure = Figure(figsize=(4, 2))
            figure.add_subplot().bar(["a"], [height])
            return figure

        return make

    with MATPLOTLIB:  # a drawing under way holds matplotlib: the requests wait their turn
        for name, height in (("first", 1), ("second", 2), ("third", 3)):
            chart.show_figure(named(name, height))
    figure = drawn_figure(qtbot, chart)
    assert built == ["third"]
    assert figure.axes[0].patches[0].get_height() == 3


@pytest.mark.slow  # 1-2 s; .ci/run's slow step runs it (the README command stays near 100 s)
def test_a_resize_while_a_new_figure_is_built_keeps_the_new_figure(qtbot) -> None:
    """Was: a resize while a new figure was still being built redrew the old one at the new
    size and dropped the new one as out of date, so the chart kept showing the old figures
    (the Dashboard after a range change, when a card appearing moved the charts)."""
    import time

    from matplotlib.figure import Figure

    window, chart = _shown_chart(qtbot)
    chart.show_figure(_bars([]))
    old = drawn_figure(qtbot, chart)

    def slow_new() -> Figure:
        time.sleep(0.6)  # still building when the resize pause (120 ms) is over
        figure = Figure(figsize=(4, 2))
        figure.add_subplot().bar(["x", "y", "z"], [5, 6, 7])
        return figure

    chart.show_figure(slow_new)
    window.resize(700, 400)
    qtbot.wait(300)
    figure = drawn_figure(qtbot, chart)
    assert figure is not old and len(figure.axes[0].patches) == 3
    assert (chart.image.width(), chart.image.height()) == (chart.width(), chart.height())
