"""The one report date range every report page shows (Dashboard, Reports, Attribution), remembered between runs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QObject, QSettings, Signal

from desktop_app.reports.date_presets import DEFAULT_PRESET, PRESETS, preset_range

_KEY = "reports/range"


def _today() -> date:
    return date.today()


class ReportRange(QObject):
    """The chosen preset and its dates. `changed(first, last)` fires whenever the dates change.

    Presets are resolved against "today" in the business's time zone (`today` callable); a custom
    range keeps its dates. The choice is saved in QSettings and restored on start.
    """

    changed = Signal(object, object)  # first: date, last: date

    def __init__(self, parent: QObject | None = None, today: Callable[[], date] = _today) -> None:
        super().__init__(parent)
        self.today = today
        self.preset = DEFAULT_PRESET
        self.first, self.last = preset_range(DEFAULT_PRESET, today())
        self._restore()

    @property
    def dates(self) -> tuple[date, date]:
        return self.first, self.last

    def set_preset(self, key: str) -> None:
        """Choose a preset; "custom" keeps the current dates until `set_custom` changes them."""
        if key not in dict(PRESETS):
            raise ValueError(f"unknown date range preset '{key}'")
        self.preset = key
        if key == "custom":
            self._save()
            return
        self._set_dates(*preset_range(key, self.today()))

    def set_custom(self, first: date, last: date) -> None:
        """Choose explicit dates (swapped when given the wrong way round)."""
        if last < first:
            first, last = last, first
        self.preset = "custom"
        self._set_dates(first, last)

    def reresolve(self) -> None:
        """Resolve the preset again (a new day, or the business's time zone changed)."""
        if self.preset != "custom":
            self._set_dates(*preset_range(self.preset, self.today()))

    def _set_dates(self, first: date, last: date) -> None:
        changed = (first, last) != (self.first, self.last)
        self.first, self.last = first, last
        self._save()
        if changed:
            self.changed.emit(first, last)

    def _save(self) -> None:
        settings = QSettings()
        settings.setValue(f"{_KEY}/preset", self.preset)
        settings.setValue(f"{_KEY}/first", self.first.isoformat())
        settings.setValue(f"{_KEY}/last", self.last.isoformat())

    def _restore(self) -> None:
        settings = QSettings()
        preset = str(settings.value(f"{_KEY}/preset", DEFAULT_PRESET))
        if preset not in dict(PRESETS):
            return
        self.preset = preset
        if preset != "custom":
            self.first, self.last = preset_range(preset, self.today())
            return
        try:
            first = datetime.strptime(str(settings.value(f"{_KEY}/first")), "%Y-%m-%d").date()
            last = datetime.strptime(str(settings.value(f"{_KEY}/last")), "%Y-%m-%d").date()
        except ValueError:
            self.preset = DEFAULT_PRESET
            return
        self.first, self.last = min(first, last), max(first, last)
