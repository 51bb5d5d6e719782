"""A date and a time typed as text and read by our own rules, so a wrong entry is reported, never
silently "corrected" the way QDateTimeEdit fixes up 2026-13-45 or a year it does not allow."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from desktop_app.ui.theme import page_icon
from desktop_app.ui.widgets.date_edit import app_locale

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_TIME = re.compile(r"^(\d{1,2})(?::?(\d{2}))?$")


class FieldError(ValueError):
    """What is wrong with a typed date or time, in words for the user."""


def parse_date(text: str, locale: QLocale | None = None) -> date:
    """YYYY-MM-DD, YYYYMMDD, or the locale's short date (e.g. 31.12.2026, 12/31/26)."""
    text = text.strip()
    if not text:
        raise FieldError("Enter the date, e.g. 2026-06-01.")
    found = _ISO.match(text) or _COMPACT.match(text)
    if found:
        year, month, day = (int(part) for part in found.groups())
        return _checked(year, month, day, text)
    locale = locale or QLocale()
    for style in (QLocale.FormatType.ShortFormat, QLocale.FormatType.LongFormat):
        # QLocale.toDate refuses impossible dates instead of fixing them up.
        parsed = locale.toDate(text, locale.dateFormat(style))
        if parsed.isValid():
            return date(parsed.year(), parsed.month(), parsed.day())
    example = locale.toString(QDate(2026, 6, 1), QLocale.FormatType.ShortFormat)
    raise FieldError(f"'{text}' is not a date; type it as 2026-06-01 or {example}.")


def _checked(year: int, month: int, day: int, text: str) -> date:
    if not 1 <= month <= 12:
        raise FieldError(f"'{text}' has no month {month}; months run from 1 to 12.")
    try:
        return date(year, month, day)
    except ValueError:
        raise FieldError(f"'{text}': {date(year, month, 1):%B %Y} has no day {day}.") from None


def parse_time(text: str) -> time:
    """HH:MM, H:MM or HHMM on a 24-hour clock."""
    text = text.strip()
    found = _TIME.match(text)
    if not found:
        raise FieldError(f"'{text}' is not a time; type it as 09:30 (24-hour clock).")
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    if hour > 23 or minute > 59:
        raise FieldError(f"'{text}' is not a time of day; hours run 0–23, minutes 0–59.")
    return time(hour, minute)


class DateTimeField(QWidget):
    """A date field with a calendar button and a time field; `value()` raises FieldError."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.date_edit = QLineEdit()
        self.date_edit.setAccessibleName("Date")
        self.date_edit.setPlaceholderText("YYYY-MM-DD")
        self.date_edit.setToolTip("Type the date (2026-06-01), or pick it with the calendar button")
        self.calendar_button = QToolButton()
        self.calendar_button.setIcon(page_icon("calendar", size=18))
        self.calendar_button.setToolTip("Pick the date from a calendar (Alt+Down in the date)")
        self.calendar_button.setAccessibleName("Calendar")
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes date -> time
        self.calendar_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar = QCalendarWidget()
        self.calendar.setLocale(app_locale())  # month names as every other date field's
        self.calendar.setGridVisible(False)
        menu = QMenu(self.calendar_button)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        menu.aboutToShow.connect(self._sync_calendar)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self.calendar_button.setMenu(menu)
        self.time_edit = QLineEdit()
        self.time_edit.setAccessibleName("Time")
        self.time_edit.setPlaceholderText("HH:MM")
        self.time_edit.setMaximumWidth(80)
        row.addWidget(self.date_edit, 1)
        row.addWidget(self.calendar_button)
        row.addWidget(self.time_edit)
        for edit in (self.date_edit, self.time_edit):
            edit.textChanged.connect(self.changed)
        self.date_edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and event.modifiers() & Qt.KeyboardModifier.AltModifier
        ):
            menu = self.calendar_button.menu()
            if menu is not None:  # popup, not exec: the form's own event loop keeps running
                corner = self.calendar_button.rect().bottomLeft()
                menu.popup(self.calendar_button.mapToGlobal(corner))
                self.calendar.setFocus()
            return True
        return False

    def set_value(self, moment: datetime) -> None:
        self.date_edit.setText(moment.date().isoformat())
        self.time_edit.setText(f"{moment:%H:%M}")

    def value(self) -> datetime:
        """The typed moment (naive, local); FieldError says what is wrong with it."""
        return datetime.combine(
            parse_date(self.date_edit.text()), parse_time(self.time_edit.text())
        )

    def _sync_calendar(self) -> None:
        try:
            day = parse_date(self.date_edit.text())
        except FieldError:
            return
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    def _picked(self, day: QDate) -> None:
        self.date_edit.setText(f"{day.year():04d}-{day.month():02d}-{day.day():02d}")
        menu = self.calendar_button.menu()
        if menu is not None:
            menu.close()
        self.date_edit.setFocus()
