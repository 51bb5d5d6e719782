"""Waiting for the Conversions table, whose queries run on a worker thread."""

from __future__ import annotations

from typing import Any


def wait_for_rows(qtbot: Any, page: Any, timeout: int = 10_000) -> Any:
    """Wait until the Conversions page's reload (count and first page) has arrived; returns the
    page's model."""
    qtbot.waitUntil(lambda: not page.model.loading, timeout=timeout)
    return page.model
