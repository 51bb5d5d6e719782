"""First start: the business's name, currency and time zone, prefilled from the system."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QTimeZone
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
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


def system_defaults() -> dict[str, str]:
    """Currency, time zone and country the system locale suggests."""
    locale = QLocale.system()
    currency = locale.currencySymbol(QLocale.CurrencySymbolFormat.CurrencyIsoCode) or "USD"
    if currency not in ISO_CURRENCIES:
        currency = "USD"
    tz = bytes(QTimeZone.systemTimeZoneId().data()).decode() or "UTC"
    if not is_time_zone(tz) or "/" not in tz:
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
        intro = QLabel(
            "Tell us a little about your business. Amounts are shown in its currency and times in its "
            "time zone. You can change these later in Settings."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("e.g. Lakeside Dental Studio")
        form.addRow("Business name", self.name_edit)
        self.currency_combo = QComboBox()
        self.currency_combo.addItems(sorted(ISO_CURRENCIES))
        self.currency_combo.setCurrentText(defaults["currency"])
        form.addRow("Currency", self.currency_combo)
        self.tz_combo = QComboBox()
        self.tz_combo.setEditable(True)
        zones = all_time_zones()
        if "UTC" not in zones:
            zones.insert(0, "UTC")
        self.tz_combo.addItems(zones)
        self.tz_combo.setCurrentText(defaults["timezone"])
        form.addRow("Time zone", self.tz_combo)
        self.country = defaults["country"]
        layout.addLayout(form)
        self.error_label = QLabel()
        self.error_label.setObjectName("fieldError")
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start")
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.name_edit.textChanged.connect(self._validate)
        self.tz_combo.currentTextChanged.connect(self._validate)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._validate()

    def _validate(self) -> None:
        problems = []
        if not self.name_edit.text().strip():
            problems.append("Enter your business's name.")
        if not is_time_zone(self.tz_combo.currentText().strip()):
            problems.append("Choose a time zone from the list, e.g. Europe/Berlin.")
        self.error_label.setText(" ".join(problems))
        self.ok_button.setEnabled(not problems)

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
