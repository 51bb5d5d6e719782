"""Settings > Business: name, base currency, time zone, default country, contact details, retention."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import formatting
from desktop_app.domain.settings_values import SettingError, normalise_setting
from desktop_app.store.faults import DatabaseError, explain
from desktop_app.store.privacy import clear_stored_contacts, count_stored_contacts
from desktop_app.store.settings import has_money_data, save_settings
from desktop_app.ui import seams
from desktop_app.ui.commands.channels import change_settings
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.widgets.business_fields import CountryCombo, CurrencyCombo, TimeZoneCombo

KEEP_CONTACTS_TEXT = (
    "Off (recommended): e-mail addresses and phone numbers typed into the app or imported are "
    "stored only as one-way SHA-256 hashes, which is what Google Ads and Meta need for matching. "
    "On: they are also kept in clear text in this database file, for your own follow-up. "
    "Turning this on does not bring back details stored before."
)


class BusinessTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._loaded: dict[str, str] | None = None  # what the fields showed after loading
        self._loaded_from: object = None  # ... from this database (another one shows all anew)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 16, 18, 16)
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.name_edit = QLineEdit()
        form.addRow("Business &name", self.name_edit)
        self.currency_combo = CurrencyCombo()
        self.currency_note = QLabel()
        self.currency_note.setObjectName("muted")
        self.currency_note.setWordWrap(True)
        form.addRow("Base &currency", self.currency_combo)
        form.addRow("", self.currency_note)
        self.zone_combo = TimeZoneCombo()
        form.addRow("&Time zone", self.zone_combo)
        self.country_combo = CountryCombo()
        form.addRow("C&ountry", self.country_combo)
        country_note = QLabel(
            "Phone numbers typed without +country code are read as this country's."
        )
        country_note.setObjectName("muted")
        country_note.setWordWrap(True)
        form.addRow("", country_note)
        self.keep_check = QCheckBox("Keep contact details in clear text")
        form.addRow("Privacy", self.keep_check)
        explain = QLabel(KEEP_CONTACTS_TEXT)
        explain.setObjectName("muted")
        explain.setWordWrap(True)
        form.addRow("", explain)
        self.retention_spin = QSpinBox()
        self.retention_spin.setRange(0, 240)
        self.retention_spin.setSuffix(" months")
        self.retention_spin.setSpecialValueText("Keep everything")
        form.addRow("Keep &records for", self.retention_spin)
        outer.addLayout(form)
        self.error_label = QLabel()
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        outer.addWidget(self.error_label)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_button = QPushButton("Save changes")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        outer.addLayout(row)
        outer.addStretch(1)
        self.name_edit.textChanged.connect(self._changed)
        self.zone_combo.currentTextChanged.connect(self._changed)
        for combo in (self.currency_combo, self.country_combo):
            combo.currentIndexChanged.connect(self._changed)
        self.keep_check.toggled.connect(self._changed)
        self.retention_spin.valueChanged.connect(self._changed)

    def refresh(self) -> None:
        """Show the stored settings, except in fields the user has edited and not saved: any
        change elsewhere (a channel, an exchange rate) refreshes this page too."""
        settings = self.ctx.settings
        widgets = (self.name_edit, self.currency_combo, self.zone_combo, self.country_combo,
                   self.keep_check, self.retention_spin)  # fmt: skip
        setters: dict[str, Callable[[], None]] = {
            "name": lambda: self.name_edit.setText(settings.name),
            "currency": lambda: self.currency_combo.set_code(settings.currency),
            "timezone": lambda: self.zone_combo.set_zone(settings.timezone),
            "country": lambda: self.country_combo.set_code(settings.country),
            "keep_contacts": lambda: self.keep_check.setChecked(settings.keep_contacts),
            "retention_months": lambda: self.retention_spin.setValue(settings.retention_months),
        }
        shown = self.values()
        if self._loaded_from is not self.ctx.db:
            self._loaded = None
        for widget in widgets:
            widget.blockSignals(True)
        before = self._loaded
        stored = self._stored()
        edited = {
            k for k in setters if before is not None and shown[k] not in (before[k], stored[k])
        }
        for key, show_stored in setters.items():
            if key not in edited:
                show_stored()
        for widget in widgets:
            widget.blockSignals(False)
        # An edited field still differs from what was loaded, however often the page refreshes
        # (a re-priced rate refreshes it once per kind of data that changed).
        now = self.values()
        self._loaded = {k: before[k] if before and k in edited else v for k, v in now.items()}
        self._loaded_from = self.ctx.db
        locked = bool(settings.currency) and has_money_data(self.ctx.require_db())
        self.currency_combo.setEnabled(not locked)
        self.currency_note.setText(
            "Amounts are already stored in this currency, so it cannot change. Other currencies "
            "are converted with the rates under Exchange rates."
            if locked
            else "Every amount is stored and reported in this currency."
        )
        self._changed()

    def values(self) -> dict[str, str]:
        return {
            "name": self.name_edit.text(),
            "currency": self.currency_combo.code(),
            "timezone": self.zone_combo.currentText(),
            "country": self.country_combo.code(),
            "keep_contacts": "true" if self.keep_check.isChecked() else "false",
            "retention_months": str(self.retention_spin.value()),
        }

    def _stored(self) -> dict[str, str]:
        current = self.ctx.settings.as_dict()
        return {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in current.items()}

    def changes(self) -> tuple[dict[str, str], str]:
        """(changed settings in stored form, the first problem or '')."""
        stored, changed = self._stored(), {}
        for key, value in self.values().items():
            try:
                normal = normalise_setting(key, value)
            except SettingError as exc:
                return {}, str(exc)[0].upper() + str(exc)[1:] + "."
            if normal != stored[key]:
                changed[key] = normal
        return changed, ""

    def _changed(self) -> None:
        changed, problem = self.changes()
        self.error_label.setText(problem)
        self.error_label.setVisible(bool(problem))
        self.save_button.setEnabled(bool(changed) and not problem)

    def save(self) -> None:
        changed, problem = self.changes()
        if problem or not changed:
            return
        stored = self._stored()
        db = self.ctx.require_db()
        clear = 0
        if changed.get("keep_contacts") == "false":
            clear = count_stored_contacts(db)
            if clear and not seams.confirm(
                self,
                "Stop keeping contacts",
                f"{formatting.number(clear)} {'record keeps' if clear == 1 else 'records keep'} an e-mail address "
                "or phone number in clear text. Switching this off removes them; their hashes "
                "stay, so matching and ad-platform uploads still work. This cannot be undone.",
                "Remove them",
            ):
                self.keep_check.setChecked(True)  # declining leaves the setting on
                return
        # A currency never set before has nothing to go back to.
        before = {k: stored[k] for k in changed if stored[k] or k != "currency"}
        change_settings(self.ctx, changed, before)
        if clear:
            try:
                cleared = clear_stored_contacts(db)
            except DatabaseError as exc:
                save_settings(db, {"keep_contacts": "true"})  # tried again on the next switch
                self.ctx.notify("settings")
                seams.show_error(self, "Contacts were not removed",
                                 explain(exc, self.ctx.db_path) or str(exc))  # fmt: skip
                return
            self.ctx.undo_stack.clear()  # earlier steps may hold the removed contacts
            self.ctx.notify("conversions")
            seams.inform(
                self,
                "Contacts removed",
                f"The e-mail addresses and phone numbers of {formatting.number(cleared)} "
                f"{'record were' if cleared == 1 else 'records were'} removed; their hashes are kept.",
            )
