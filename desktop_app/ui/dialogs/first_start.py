"""First start: the business's name, country, currency and time zone, preselected from the computer.

Closing the dialog keeps the preselected country, currency and zone, so a business is never left
without a currency (goals showed "Default value ()" and amounts had no symbol)."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QTimeZone
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.domain.business_defaults import BusinessDefaults, currency_of_country, defaults_for
from desktop_app.store.settings import save_settings
from desktop_app.ui import seams
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.widgets.business_fields import CountryCombo, CurrencyCombo, TimeZoneCombo
from desktop_app.ui.widgets.field_form import FieldForm


def system_defaults() -> BusinessDefaults:
    """Country, currency and time zone the computer's locale and zone suggest."""
    zone = bytes(QTimeZone.systemTimeZoneId().data()).decode(errors="replace")
    return defaults_for(QLocale.system().name(), zone)


class FirstStartDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Conversion Tracker")
        self.setMinimumWidth(500)
        self.defaults = system_defaults()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 20, 22, 16)
        layout.setSpacing(10)
        heading = QLabel("Welcome to Conversion Tracker")
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        intro = QLabel(
            "Tell us a little about your business. Amounts are shown in its currency, times in "
            "its time zone, and phone numbers without a country code are read as numbers of its "
            "country. We filled in what this computer says; you can change it later in Settings."
        )
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        layout.addWidget(intro)
        # Messages show only for fields the user has touched; Start stays disabled meanwhile.
        self.form = FieldForm()
        self.name_edit = self.form.add("name", "Business name", QLineEdit())
        self.name_edit.setPlaceholderText("e.g. Lakeside Dental Studio")
        self.country_combo = self.form.add("country", "Country", CountryCombo())
        self.country_combo.set_code(self.defaults.country)
        self.currency_combo = self.form.add("currency", "Currency", CurrencyCombo())
        self.currency_combo.set_code(self.defaults.currency)
        self.tz_combo = self.form.add("timezone", "Time zone", TimeZoneCombo())
        self.tz_combo.set_zone(self.defaults.timezone)
        layout.addLayout(self.form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Start")
        self.ok_button.setObjectName("primary")
        buttons.accepted.connect(self._start)
        layout.addWidget(buttons)
        self._currency_touched = False
        self.currency_combo.activated.connect(self._touch_currency)
        self.country_combo.currentIndexChanged.connect(self._country_changed)
        self.name_edit.textChanged.connect(self._validate)
        self.tz_combo.currentTextChanged.connect(self._validate)
        self._validate()

    def _touch_currency(self) -> None:
        self._currency_touched = True

    def _country_changed(self) -> None:
        """A country chosen before the currency brings its currency along."""
        code = currency_of_country(self.country_combo.code())
        if code and not self._currency_touched:
            self.currency_combo.set_code(code)

    def problems(self) -> dict[str, str]:
        """What keeps the answers from being stored, by field."""
        problems = {}
        if not self.name_edit.text().strip():
            problems["name"] = "Enter your business's name."
        if not self.tz_combo.zone():
            problems["timezone"] = "Choose a time zone from the list, e.g. Europe/Berlin."
        return problems

    def _validate(self) -> None:
        problems = self.problems()
        self.form.show_errors(problems)
        self.ok_button.setEnabled(not problems)

    def _start(self) -> None:
        problems = self.problems()
        if problems:
            self.form.show_errors(problems, everything=True)
            return
        self.accept()

    def values(self) -> dict[str, str]:
        return {
            "name": self.name_edit.text().strip(),
            "country": self.country_combo.code(),
            "currency": self.currency_combo.code(),
            "timezone": self.tz_combo.zone(),
        }


def ask_business_settings(parent: QWidget | None, ctx: AppContext) -> bool:
    """Ask the first-start questions and store the answers; False if the user closed the dialog,
    which stores the computer's country, currency and time zone instead."""
    dialog = FirstStartDialog(parent)
    accepted = seams.run_dialog(dialog) == QDialog.DialogCode.Accepted
    save_settings(ctx.require_db(), dialog.values() if accepted else dialog.defaults.as_settings())
    ctx.notify("settings")
    return accepted
