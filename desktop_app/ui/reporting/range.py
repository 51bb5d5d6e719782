"""The one report date range every report page shows (Dashboard, Reports, Attribution), remembered between runs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QObject, QSettings, Signal

from desktop_app.domain.timeutil import EARLIEST_DAY, LATEST_DAY
from desktop_app.reports.date_presets import COMPARISONS, DEFAULT_PRESET, PRESETS, preset_range

_KEY = "reports/range"


def _today() -> date:
    return date.today()


def _nothing() -> date | None:
    return None


class ReportRange(QObject):
    """The chosen preset, its dates and what they are compared with. `changed(first, last)`
    fires whenever the dates or the comparison change.

    Presets are resolved against "today" in the business's time zone (`today` callable; "All
    time" also asks `first_data` for the first recorded day); a custom range keeps its dates.
    The choice is saved in QSettings and restored on start.
    """

    changed = Signal(object, object)  # first: date, last: date

    def __init__(
        self,
        parent: QObject | None = None,
        today: Callable[[], date] = _today,
        first_data: Callable[[], date | None] = _nothing,
    ) -> None:
        super().__init__(parent)
        self.today = today
        self.first_data = first_data
        self.preset = DEFAULT_PRESET
        self.compare = "previous"
        self.first, self.last = preset_range(DEFAULT_PRESET, today())
        self._restore()

    def _resolve(self, key: str) -> tuple[date, date]:
        first_data = self.first_data() if key == "all_time" else None
        return preset_range(key, self.today(), first_data)

    def set_compare(self, compare: str) -> None:
        """Compare with the period just before ('previous') or a year earlier ('year')."""
        if compare not in dict(COMPARISONS):
            raise ValueError(f"unknown comparison '{compare}'")
        if compare != self.compare:
            self.compare = compare
            self._save()
            self.changed.emit(self.first, self.last)

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
        self._set_dates(*self._resolve(key))

    def set_custom(self, first: date, last: date) -> None:
        """Choose explicit dates (swapped when given the wrong way round)."""
        if last < first:
            first, last = last, first
        self.preset = "custom"
        self._set_dates(first, last)

    def reresolve(self) -> None:
        """Resolve the preset again (a new day, or the business's time zone changed)."""
        if self.preset != "custom":
            self._set_dates(*self._resolve(self.preset))

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
        settings.setValue(f"{_KEY}/compare", self.compare)

    def _restore(self) -> None:
        settings = QSettings()
        compare = str(settings.value(f"{_KEY}/compare", "previous"))
        self.compare = compare if compare in dict(COMPARISONS) else "previous"
        preset = str(settings.value(f"{_KEY}/preset", DEFAULT_PRESET))
        if preset not in dict(PRESETS):
            return
        self.preset = preset
        if preset != "custom":
            self.first, self.last = self._resolve(preset)
            return
        try:
            first = datetime.strptime(str(settings.value(f"{_KEY}/first")), "%Y-%m-%d").date()
            last = datetime.strptime(str(settings.value(f"{_KEY}/last")), "%Y-%m-%d").date()
        except ValueError:
            self.preset = DEFAULT_PRESET
            return
        # Within the days a range may name: an older version's fields allowed 1752 to 9999,
        # and a saved range reaching 9999 could not be reported (the date fields show these).
        first, last = sorted((first, last))
        self.first = min(max(first, EARLIEST_DAY), LATEST_DAY)
        self.last = min(max(last, EARLIEST_DAY), LATEST_DAY)
