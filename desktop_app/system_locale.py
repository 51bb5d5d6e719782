"""The computer's own locale and time zone, for the defaults of a new business (no Qt here: the
command line uses it too; the GUI passes Qt's reading of the same settings instead)."""

from __future__ import annotations

import logging
import os
import sys

from desktop_app.domain.business_defaults import BusinessDefaults, defaults_for

log = logging.getLogger(__name__)


def computer_locale_name() -> str | None:
    """`de_DE.UTF-8` or `en-GB`: the locale the computer's money and numbers follow, if it says."""
    for var in ("LC_ALL", "LC_MONETARY", "LANG"):
        value = os.environ.get(var, "").strip()
        if value:
            return value
    if sys.platform == "win32":  # pragma: no cover - Windows has no LANG; ask the system
        import ctypes

        buffer = ctypes.create_unicode_buffer(85)
        if ctypes.windll.kernel32.GetUserDefaultLocaleName(buffer, len(buffer)):
            return buffer.value
    return None


def computer_zone_name() -> str | None:
    """The computer's IANA time zone (`Europe/Berlin`), or None when it cannot be told."""
    tz = os.environ.get("TZ", "").strip().removeprefix(":")
    if tz:  # read each time (tzlocal keeps its first answer for the whole process)
        return tz
    try:
        import tzlocal

        return str(tzlocal.get_localzone_name() or "") or None
    except Exception as exc:  # tzlocal raises several kinds on odd set-ups; the default is fine
        log.info("could not read the computer's time zone: %s", exc)
        return None


def computer_defaults() -> BusinessDefaults:
    return defaults_for(computer_locale_name(), computer_zone_name())
