"""Waiting for a chart, which is built and drawn on a worker thread."""

from __future__ import annotations

from typing import Any


def drawn_figure(qtbot: Any, chart: Any, timeout: int = 20_000) -> Any:
    """Wait until the latest figure asked of `chart` (a ChartView) is on screen; returns it."""
    qtbot.waitUntil(lambda: chart.ready, timeout=timeout)
    return chart.figure
