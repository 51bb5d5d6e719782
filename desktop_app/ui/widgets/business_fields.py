"""Pickers for the business's time zone, country and currency: searchable, and they only ever
hand out a real zone or code."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from desktop_app.domain.business_defaults import country_choices, currency_choices
from desktop_app.domain.timeutil import all_time_zones, is_time_zone


def _sized_by_length(combo: QComboBox, characters: int) -> None:
    """Size the box by a length instead of its widest item: measuring hundreds of items each
    time the box is placed (the app's style sheet repolishes it at every level it is added to)
    cost the Settings page's first visit about 20 ms. The form stretches the field anyway."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)


class TimeZoneCombo(QComboBox):
    """Type any part of a zone (`berl`, `new_y`, `Europe/`) and pick it from the list.

    Partial text is never looked up as a zone (a half-typed `Europe` is a folder of the zone
    database), and `zone()` is '' until the text is a whole, real zone name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(all_time_zones())
        self.setMaxVisibleItems(15)
        _sized_by_length(self, 24)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        line = self.lineEdit()
        assert line is not None  # an editable combo box always has one
        line.setPlaceholderText("Type a city, e.g. Berlin")
        line.editingFinished.connect(self._settle)

    def zone(self) -> str:
        """The chosen zone, or '' while the text is not one."""
        text = self.currentText().strip()
        return text if is_time_zone(text) else ""

    def set_zone(self, name: str) -> None:
        self.setCurrentText(name)

    def _settle(self) -> None:
        """On leaving the field, a text that names exactly one zone (`berlin`) becomes that zone."""
        text = self.currentText().strip()
        if not text or is_time_zone(text):
            return
        needle = text.casefold().replace(" ", "_")
        hits = [
            self.itemText(i) for i in range(self.count()) if needle in self.itemText(i).casefold()
        ]
        exact = [z for z in hits if z.casefold().rsplit("/", 1)[-1] == needle]
        if len(exact) == 1 or len(hits) == 1:
            self.setCurrentText((exact or hits)[0])


class _CodeCombo(QComboBox):
    """Items that show a name and carry a code (`Germany (DE)` -> `DE`); type to jump."""

    def __init__(self, items: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for code, label in items:
            self.addItem(label, code)
        self.setMaxVisibleItems(15)
        _sized_by_length(self, 24)

    def code(self) -> str:
        return str(self.currentData() or "")

    def set_code(self, code: str) -> None:
        index = self.findData(code.upper())
        if index >= 0:
            self.setCurrentIndex(index)


class CountryCombo(_CodeCombo):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(country_choices(), parent)
        self.setToolTip(
            "Phone numbers typed without +country code are read as numbers of this country"
        )


class CurrencyCombo(_CodeCombo):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(currency_choices(), parent)
