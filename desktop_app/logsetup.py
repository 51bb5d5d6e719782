"""Logging in one place: a rotating file in the user's log folder (never contact details in a line)."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path


def log_folder() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir("Conversion Tracker", appauthor=False))


def setup_logging(level: int = logging.INFO) -> Path:
    """Log to `conversion-tracker.log` (1 MB, 3 old files kept); returns the file's path."""
    folder = log_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "conversion-tracker.log"
    root = logging.getLogger()
    if any(getattr(h, "_ct_handler", False) for h in root.handlers):
        return path
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._ct_handler = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    if os.name == "posix":
        os.chmod(path, 0o600)
    return path
