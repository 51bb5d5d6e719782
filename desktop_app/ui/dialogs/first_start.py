"""First start: the business's name, currency and time zone, prefilled from the system."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QTimeZone
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.money import ISO_CURRENCIES
from desktop_app.domain.timeutil import all_time_zones, is_time_zone
from desktop_app.store.settings import save_settings
from desktop_app.ui import seams
from desktop_app.ui.context import AppContext
from desktop_app.ui.widgets.field_form import FieldForm


def system_defaults() -> dict[str, str]:
    """Currency, time zone and country the system locale suggests."""
    locale = QLocale.system()
    currency = locale.currencySymbol(QLocale.CurrencySymbolFormat.CurrencyIsoCode) or "USD"
    if currency not in ISO_CURRENCIES:
        currency = "USD"
    tz = bytes(QTimeZone.systemTimeZoneId().data()).decode() or "UTC"
    # Servers and some Linux systems say Etc/UTC; the list offers it as plain UTC.
    if not is_time_zone(tz) or "/" not in tz or tz.startswith("Etc/"):
        tz = "UTC"
    country = locale.name().partition("_")[2][:2].upper() or "US"
    return {"currency": currency, "timezone": tz, "country": country}


class FirstStartDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Conversion Tracker")
        self.setMinimumWidth(460)
        defaults = system_defaults()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 20, 22, 16)
        layout.setSpacing(10)
        heading = QLabel("Welcome to Conversion Tracker")
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        intro = QLabel(
            "Tell us a little about your business. Amounts are shown in its currency and times in its "
            "time zone. You can change these later in Settings."
        )
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        layout.addWidget(intro)
        # Messages show only for fields the user has touched; Start stays disabled meanwhile.
        self.form = FieldForm()
        self.name_edit = self.form.add("name", "Business name", QLineEdit())
        self.name_edit.setPlaceholderText("e.g. Lakeside Dental Studio")
        self.currency_combo = self.form.add("currency", "Currency", QComboBox())
        self.currency_combo.addItems(sorted(ISO_CURRENCIES))
        self.currency_combo.setCurrentText(defaults["currency"])
        self.tz_combo = QComboBox()
        self.tz_combo.setEditable(True)
        self.form.add("timezone", "Time zone", self.tz_combo)
        zones = all_time_zones()
        if "UTC" not in zones:
            zones.insert(0, "UTC")
        self.tz_combo.addItems(zones)
        self.tz_combo.setCurrentText(defaults["timezone"])
        self.country = defaults["country"]
        layout.addLayout(self.form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Start")
        self.ok_button.setObjectName("primary")
        buttons.accepted.connect(self._start)
        layout.addWidget(buttons)
        self.name_edit.textChanged.connect(self._validate)
        self.tz_combo.currentTextChanged.connect(self._validate)
        self._validate()

    def problems(self) -> dict[str, str]:
        """What keeps the answers from being stored, by field."""
        problems = {}
        if not self.name_edit.text().strip():
            problems["name"] = "Enter your business's name."
        if not is_time_zone(self.tz_combo.currentText().strip()):
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
        import phonenumbers

        values = {
            "name": self.name_edit.text().strip(),
            "currency": self.currency_combo.currentText(),
            "timezone": self.tz_combo.currentText().strip(),
        }
        if self.country in phonenumbers.SUPPORTED_REGIONS:
            values["country"] = self.country
        return values


def ask_business_settings(parent: QWidget | None, ctx: AppContext) -> bool:
    """Ask the first-start questions and store the answers; False if the user closed the dialog."""
    dialog = FirstStartDialog(parent)
    if seams.run_dialog(dialog) != QDialog.DialogCode.Accepted:
        return False
    save_settings(ctx.require_db(), dialog.values())
    ctx.notify("settings")
    return True
