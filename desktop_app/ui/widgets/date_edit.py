"""The one way to make a date field: `date_edit()`.

Fields where a date is typed show it as ISO (2026-06-01): unambiguous in every country, and what
the command line and the import files use. The report pages' range fields show it as the rest of
the app writes dates ("1 Jun 2026", domain/formatting.py). Month and day names are English, the
app's language, so a field never reads "1 Juni 2026" beside a subtitle that says "1 Jun 2026";
the calendar keeps the country's first day of the week.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QDateEdit, QWidget

from desktop_app.domain.timeutil import EARLIEST_DAY, LATEST_DAY

ISO = "yyyy-MM-dd"
READABLE = "d MMM yyyy"  # as formatting.day writes a date


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def show_day(edit: QDateEdit, day: date) -> None:
    """Put a stored `day` in the field; one outside its range (stored by an older version, or
    another program) widens the range instead of being clamped, so saving keeps it as it was."""
    shown = qdate(day)
    if shown > edit.maximumDate():
        edit.setMaximumDate(shown)
    if shown < edit.minimumDate():
        edit.setMinimumDate(shown)
    edit.setDate(shown)


def day_of(edit: QDateEdit) -> date:
    """The date a field shows."""
    value = edit.date()
    return date(value.year(), value.month(), value.day())


def app_locale() -> QLocale:
    """English (the app's language) in the user's country (its calendar's first weekday)."""
    return QLocale(QLocale.Language.English, QLocale().territory())


def date_edit(
    day: date | None = None,
    *,
    tip: str = "",
    shown_as: str = ISO,
    parent: QWidget | None = None,
) -> QDateEdit:
    """A date field with a calendar popup, `day` in it (today's date when None)."""
    edit = QDateEdit(parent)
    edit.setLocale(app_locale())
    edit.setCalendarPopup(True)
    edit.calendarWidget().setLocale(app_locale())
    edit.setDisplayFormat(shown_as)
    # The days a range may name (domain/timeutil); Qt's own limits reach 9999 and 1752.
    edit.setDateRange(qdate(EARLIEST_DAY), qdate(LATEST_DAY))
    if shown_as == READABLE:
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
    if day is not None:
        show_day(edit, day)  # a stored day outside the range is kept, not clamped
    if tip:
        edit.setToolTip(tip)
        edit.setAccessibleName(tip)
    return edit
