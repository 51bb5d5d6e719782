"""Bugs: one excepthook that logs the traceback and shows it in a dialog the user can copy from."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from desktop_app.ui import seams

log = logging.getLogger(__name__)


def install_excepthook() -> None:
    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unexpected error:\n%s", details)
        if issubclass(exc_type, KeyboardInterrupt):
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
