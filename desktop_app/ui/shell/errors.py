"""Bugs: one excepthook that logs the traceback and shows it in a dialog the user can copy from."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from desktop_app.store.faults import explain
from desktop_app.ui import seams

log = logging.getLogger(__name__)


def install_excepthook(database_path: Callable[[], Path | None] = lambda: None) -> None:
    """Log every uncaught error; a database or disk fault (a full disk, a read-only file, another
    program's lock, a damaged file) is told as what it is, anything else as a bug with details."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unexpected error:\n%s", details)
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        fault = explain(exc, database_path())
        if fault is not None:
            try:
                seams.show_error(None, "The change could not be saved", fault)
            except Exception:
                sys.__excepthook__(exc_type, exc, tb)
            return
        try:
            seams.show_error(
                None,
                "Something went wrong",
                "Conversion Tracker ran into an unexpected problem. Your data is safe: "
                "unfinished changes were not saved.\n\nThe details below help us fix it; "
                "use 'Show Details…' to copy them.",
                details,
            )
        except Exception:
            sys.__excepthook__(exc_type, exc, tb)

    sys.excepthook = hook
