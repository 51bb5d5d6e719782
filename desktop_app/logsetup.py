"""Logging in one place: a rotating file in the user's log folder (never contact details in a line)."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path
from typing import Any

from desktop_app.domain.masking import mask_email


def log_folder() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir("Conversion Tracker", appauthor=False))


class _PrivateRotatingHandler(logging.handlers.RotatingFileHandler):
    """Every log file, the rotated ones too, is created owner-only (0600 on POSIX)."""

    def _open(self) -> Any:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if os.name == "posix":
            os.fchmod(fd, 0o600)
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


class _MaskingFormatter(logging.Formatter):
    """No raw e-mail address reaches the log, whoever logged it (a traceback too)."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_email(super().format(record))


def setup_logging(level: int = logging.INFO) -> Path:
    """Log to `conversion-tracker.log` (1 MB, 3 old files kept); returns the file's path."""
    folder = log_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "conversion-tracker.log"
    root = logging.getLogger()
    if any(getattr(h, "_ct_handler", False) for h in root.handlers):
        return path
    handler = _PrivateRotatingHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(_MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._ct_handler = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    if os.name == "posix":
        os.chmod(path, 0o600)
    return path
