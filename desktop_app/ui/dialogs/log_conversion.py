"""The log-a-conversion form: built for the keyboard, checked while typing, Save / Save and new / Cancel."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
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
from desktop_app.domain.business_defaults import country_name
from desktop_app.domain.channels import CLICK_ID_TYPES
from desktop_app.domain.conversion_form import MAX_QUANTITY, ConversionDraft
from desktop_app.domain.timeutil import from_utc_text, outside_reportable, to_local
from desktop_app.services.conversion_entry import check_draft
from desktop_app.store.conversions import get_conversion
from desktop_app.store.form_choices import campaigns_for, recent_channels, recent_goals
from desktop_app.store.handle import Database
from desktop_app.store.lookups import name_of
from desktop_app.ui.commands.conversions import edit_conversion, log_conversion
from desktop_app.ui.locale_numbers import amount_text, number_style
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.theme import colors
from desktop_app.ui.widgets.date_time_field import DateTimeField, FieldError

CONSENT_CHOICES = (("Unknown", "unknown"), ("Granted", "granted"), ("Denied", "denied"))
_KEEP_CONTACTS = ("email", "phone", "email_hash", "phone_hash", "customer_key")


def cannot_edit(db: Database, tz: tzinfo, conversion_id: int) -> str | None:
    """Why the form cannot show the stored conversion as it is (None: it can). Another program
    may have stored a time outside the days the app works with, or a quantity that is no count;
    the form would show something else and save that."""
    row = get_conversion(db, conversion_id)
    try:
        local = from_utc_text(row.occurred_at).astimezone(tz)
    except (OverflowError, ValueError):
        local = None
    if local is None or outside_reportable(local.date()):
        return (
            f"It is dated {row.occurred_at}, outside the days the app works with (1 January "
            "1900 to 31 December 2099 in the business's time zone), so the form cannot show "
            "its time. Delete it on this page, and log it again with the right date if it "
            "happened."
        )
    if not isinstance(row.quantity, int) or not -(2**31) < row.quantity < 2**31:
        return (
            f"Its quantity is {row.quantity}, which is not a count of items the form can show. "
            "Delete it on this page, and log it again if it happened."
        )
    return None


class LogConversionDialog(QDialog):
    """Log a new conversion, or edit one (`conversion_id`); every change goes through undo."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, conversion_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.require_db()
        self.settings = ctx.settings
        self.style_ = number_style()
        self.conversion_id = conversion_id
        self.saved_ids: list[int] = []
        self._value_touched = False
        self.setWindowTitle("Edit conversion" if conversion_id else "Log a conversion")
        self.setMinimumWidth(660)
        self.errors: dict[str, QLabel] = {}
        self._build()
        if conversion_id is not None:
            self._load(conversion_id)
        else:
            self._reset()
        self._check()

    # -- layout ---------------------------------------------------------------------------
    def _field(self, form: QFormLayout, label: str, widget: QWidget, key: str) -> None:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = QLabel()
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.hide()
        column.addWidget(error)
        self.errors[key] = error
        form.addRow(label, box)

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(22, 18, 22, 16)
        outer.setSpacing(10)
        title = QLabel(self.windowTitle())
        title.setObjectName("pageTitle")
        outer.addWidget(title)
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(6)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.goal_combo = QComboBox()
        self._field(form, "&Goal", self.goal_combo, "goal")
        when = QWidget()
        row = QHBoxLayout(when)
        row.setContentsMargins(0, 0, 0, 0)
        # Typed text read by our own rules: a wrong date is reported, not silently corrected.
        self.when = DateTimeField()
        self.date_edit, self.time_edit = self.when.date_edit, self.when.time_edit
        row.addWidget(self.when, 1)
        zone_label = QLabel(self.settings.timezone)
        zone_label.setObjectName("muted")
        row.addWidget(zone_label)
        self._field(form, "&When", when, "time")
        self.channel_combo = QComboBox()
        self._field(form, "How did you &hear about us?", self.channel_combo, "channel")
        self.campaign_combo = QComboBox()
        self._field(form, "Ca&mpaign", self.campaign_combo, "campaign")
        money = QWidget()
        row = QHBoxLayout(money)
        row.setContentsMargins(0, 0, 0, 0)
        self.value_edit = QLineEdit()
        self.value_edit.setPlaceholderText(f"e.g. 1{self.style_.group}250{self.style_.decimal}00")
        self.value_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        currency = QLabel(self.settings.currency)
        currency.setObjectName("muted")
        self.quantity_spin = QSpinBox()
        self.quantity_spin.setRange(1, MAX_QUANTITY)
        self.quantity_spin.setPrefix("× ")
        self.quantity_spin.setToolTip(
            "Quantity (number of items); a conversion always counts as one"
        )
        row.addWidget(self.value_edit, 1)
        row.addWidget(currency)
        row.addSpacing(12)
        quantity_label = QLabel("&Quantity")
        quantity_label.setBuddy(self.quantity_spin)
        row.addWidget(quantity_label)
        row.addWidget(self.quantity_spin)
        self._field(form, "&Value", money, "value")
        self.order_edit = QLineEdit()
        self.order_edit.setPlaceholderText("Invoice, order or quote number (optional)")
        self._field(form, "&Order / reference", self.order_edit, "order_id")
        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText("optional")
        self._field(form, "&E-mail", self.email_edit, "email")
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText(
            f"optional; numbers without +country code are read as {country_name(self.settings.country)} numbers"
        )
        self._field(form, "&Phone", self.phone_edit, "phone")
        privacy = QLabel(
            "Kept in clear text (Settings > Business)."
            if self.settings.keep_contacts
            else "Stored only as a one-way SHA-256 hash, never in clear text."
        )
        privacy.setObjectName("muted")
        privacy.setWordWrap(True)
        form.addRow("", privacy)
        self.consent_data_combo, self.consent_pers_combo = QComboBox(), QComboBox()
        for combo in (self.consent_data_combo, self.consent_pers_combo):
            for text, value in CONSENT_CHOICES:
                combo.addItem(text, value)
        self._field(form, "Consent: ad user &data", self.consent_data_combo, "consent_ad_user_data")
        self._field(
            form, "Consent: ad pe&rsonalisation", self.consent_pers_combo,
            "consent_ad_personalization",
        )  # fmt: skip
        click = QWidget()
        row = QHBoxLayout(click)
        row.setContentsMargins(0, 0, 0, 0)
        self.click_type_combo = QComboBox()
        for kind in CLICK_ID_TYPES:
            self.click_type_combo.addItem(kind, kind)
        self.click_edit = QLineEdit()
        self.click_edit.setPlaceholderText("Paste the click id or the landing page URL")
        row.addWidget(self.click_type_combo)
        row.addWidget(self.click_edit, 1)
        self._field(form, "C&lick id", click, "click_id")
        self.notes_edit = QLineEdit()
        self.notes_edit.setMaxLength(2000)
        self._field(form, "No&tes", self.notes_edit, "notes")
        outer.addLayout(form)
        self.status_label = QLabel()
        self.status_label.setObjectName("muted")
        outer.addWidget(self.status_label)
        buttons = QHBoxLayout()
        hint = QLabel("Enter: save · Ctrl+Enter: save and new · Esc: cancel")
        hint.setObjectName("muted")
        buttons.addWidget(hint, 1)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAutoDefault(False)
        self.save_new_button = QPushButton("Save and new")
        self.save_new_button.setAutoDefault(False)
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("primary")
        self.save_button.setDefault(True)
        for button in (self.cancel_button, self.save_new_button, self.save_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            buttons.addWidget(button)
        self.save_new_button.setVisible(self.conversion_id is None)
        outer.addLayout(buttons)
        self.cancel_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        self.save_new_button.clicked.connect(self.save_and_new)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save_and_new)
        self._fill_choices()
        self.goal_combo.currentIndexChanged.connect(self._goal_changed)
        self.channel_combo.currentIndexChanged.connect(self._channel_changed)
        self.value_edit.textEdited.connect(self._value_edited)
        for edit in (self.value_edit, self.order_edit, self.email_edit, self.phone_edit,
                     self.click_edit, self.notes_edit):  # fmt: skip
            edit.textChanged.connect(self._check)
        for combo in (self.campaign_combo, self.consent_data_combo, self.consent_pers_combo,
                      self.click_type_combo):  # fmt: skip
            combo.currentIndexChanged.connect(self._check)
        self.when.changed.connect(self._check)
        self.quantity_spin.valueChanged.connect(self._check)

    def _fill_choices(self) -> None:
        self.goals = recent_goals(self.db)
        for goal in self.goals:
            self.goal_combo.addItem(goal.name, goal.id)
        self.channel_combo.addItem("Don't know / not asked", None)
        for channel_id, name, _color in recent_channels(self.db):
            self.channel_combo.addItem(name, channel_id)
        self._fill_campaigns()

    def _fill_campaigns(self) -> None:
        current = self.campaign_combo.currentData()
        self.campaign_combo.blockSignals(True)
        self.campaign_combo.clear()
        self.campaign_combo.addItem("No campaign", None)
        for campaign_id, name in campaigns_for(self.db, self.channel_combo.currentData()):
            self.campaign_combo.addItem(name, campaign_id)
        found = self.campaign_combo.findData(current)
        self.campaign_combo.setCurrentIndex(max(found, 0))
        self.campaign_combo.blockSignals(False)

    # -- behaviour ------------------------------------------------------------------------
    def _goal_changed(self) -> None:
        if not self._value_touched and self.conversion_id is None:
            self._prefill_value()
        self._check()

    def _prefill_value(self) -> None:
        goal = next((g for g in self.goals if g.id == self.goal_combo.currentData()), None)
        minor = goal.default_value_minor if goal else 0
        self.value_edit.setText(amount_text(minor or None, self.settings.currency))

    def _value_edited(self) -> None:
        self._value_touched = True

    def _channel_changed(self) -> None:
        self._fill_campaigns()
        self._check()

    def draft(self, local_time: datetime | None = None) -> ConversionDraft:
        """The form as a draft; `local_time` stands in while the typed time is not valid."""
        return ConversionDraft(
            goal_id=self.goal_combo.currentData(),
            local_time=local_time or self.when.value(),
            value_text=self.value_edit.text(),
            quantity=self.quantity_spin.value(),
            order_id=self.order_edit.text(),
            channel_id=self.channel_combo.currentData(),
            campaign_id=self.campaign_combo.currentData(),
            email=self.email_edit.text(),
            phone=self.phone_edit.text(),
            consent_ad_user_data=self.consent_data_combo.currentData(),
            consent_ad_personalization=self.consent_pers_combo.currentData(),
            click_id=self.click_edit.text(),
            click_id_type=self.click_type_combo.currentData(),
            notes=self.notes_edit.text(),
        )

    def _check(self) -> dict[str, Any] | None:
        try:
            moment, time_error = self.when.value(), ""
        except FieldError as exc:
            moment, time_error = datetime(2000, 1, 1), str(exc)  # checks the other fields
        checked = check_draft(
            self.db, self.draft(moment), self.style_, editing_id=self.conversion_id
        )
        errors = {**checked.errors, "time": time_error} if time_error else dict(checked.errors)
        if "quantity" in errors:  # the quantity sits in the value's row, and says so there
            errors["value"] = errors.get("value") or errors["quantity"]
        for key, label in self.errors.items():
            message = errors.get(key, "")
            label.setText(message)
            label.setVisible(bool(message))
        ok = checked.ok and not time_error
        self.save_button.setEnabled(ok)
        self.save_new_button.setEnabled(ok)
        return checked.row if ok else None

    def _store(self) -> bool:
        row = self._check()
        if row is None:
            return False
        goal_name = self.goal_combo.currentText()
        if self.conversion_id is None:
            self.saved_ids.append(log_conversion(self.ctx, row, goal_name))
        else:
            self._keep_unretyped_contacts(row)
            edit_conversion(self.ctx, self.conversion_id, row, goal_name)
        return True

    def _keep_unretyped_contacts(self, row: dict[str, Any]) -> None:
        """In the edit form, what cannot be shown again is kept unless the user retypes it."""
        old = get_conversion(self.db, self.conversion_id or 0)
        # Hashed contacts cannot be shown again; an empty field keeps what was stored.
        # Every platform's hashes: Meta's too (an edit of the value erased them before).
        if not self.email_edit.text().strip():
            row["email"], row["email_hash"] = old.email, old.email_hash
            row["meta_email_hash"] = old.meta_email_hash
        if not self.phone_edit.text().strip():
            row["phone"], row["phone_hash"] = old.phone, old.phone_hash
            row["meta_phone_hash"] = old.meta_phone_hash
        row["customer_key"] = (
            old.customer_key if old.origin != "manual" else row["email_hash"] or row["phone_hash"]
        )
        # A channel found from the imported tags stays (with its rule) unless the user picks
        # another one.
        unchanged_campaign = row["campaign_id"] == old.campaign_id
        if self.channel_combo.currentData() in (None, old.channel_id) and unchanged_campaign:
            row["channel_id"], row["channel_rule"] = old.channel_id, old.channel_rule

    def save(self) -> None:
        if self._store():
            self.accept()

    def save_and_new(self) -> None:
        if self.conversion_id is not None or not self._store():
            return
        stored = get_conversion(self.db, self.saved_ids[-1]).value_minor
        money = formatting.money_minor(stored, self.settings.currency)
        self.status_label.setText(f"Saved '{self.goal_combo.currentText()}' ({money}). Next one:")
        self.status_label.setStyleSheet(f"color: {colors()['good']};")
        self._reset()
        self.goal_combo.setFocus()

    def _reset(self) -> None:
        self.when.set_value(datetime.now(UTC).astimezone(self.settings.tz))
        for edit in (self.order_edit, self.email_edit, self.phone_edit, self.click_edit,
                     self.notes_edit):  # fmt: skip
            edit.clear()
        self.quantity_spin.setValue(1)
        self._value_touched = False
        self._prefill_value()

    def _name(self, table: str, row_id: int | None) -> str:
        return name_of(self.db, table, row_id)

    def _load(self, conversion_id: int) -> None:
        row = get_conversion(self.db, conversion_id)
        if self.goal_combo.findData(row.goal_id) < 0:  # an archived goal is still shown here
            self.goal_combo.addItem(name_of(self.db, "goals", row.goal_id), row.goal_id)
        self.goal_combo.setCurrentIndex(self.goal_combo.findData(row.goal_id))
        self.when.set_value(to_local(row.occurred_at, self.settings.tz))
        # The stored channel and campaign show however they were found (asked, tags, click id).
        channel = self._name("channels", row.channel_id)
        known = row.channel_id if channel and channel != "Unassigned" else None
        _select(self.channel_combo, known, channel)
        self._fill_campaigns()
        _select(self.campaign_combo, row.campaign_id, self._name("campaigns", row.campaign_id))
        self.value_edit.setText(
            amount_text(row.original_value_minor, row.original_currency)
            + (
                ""
                if row.original_currency == self.settings.currency
                else f" {row.original_currency}"
            )
        )
        if not 1 <= row.quantity <= MAX_QUANTITY:  # stored by an older import: shown as it is
            self.quantity_spin.setRange(min(1, row.quantity), max(MAX_QUANTITY, row.quantity))
        self.quantity_spin.setValue(row.quantity)  # (its check then asks for a real count)
        self.order_edit.setText(row.order_id or "")
        self.email_edit.setText(row.email or "")
        self.phone_edit.setText(row.phone or "")
        if row.email_hash or row.phone_hash:
            if not row.email:
                self.email_edit.setPlaceholderText("stored as a hash; leave empty to keep it")
            if not row.phone:
                self.phone_edit.setPlaceholderText("stored as a hash; leave empty to keep it")
        self.consent_data_combo.setCurrentIndex(
            self.consent_data_combo.findData(row.consent_ad_user_data)
        )
        self.consent_pers_combo.setCurrentIndex(
            self.consent_pers_combo.findData(row.consent_ad_personalization)
        )
        if row.click_id_type:
            self.click_type_combo.setCurrentIndex(self.click_type_combo.findData(row.click_id_type))
        self.click_edit.setText(row.click_id or "")
        self.notes_edit.setText(row.notes or "")


def _select(combo: QComboBox, item_id: int | None, name: str) -> None:
    """Choose `item_id` in `combo`, adding it when the list of recent ones left it out."""
    if item_id is None:
        combo.setCurrentIndex(0)
        return
    if combo.findData(item_id) < 0:
        combo.addItem(name, item_id)
    combo.setCurrentIndex(combo.findData(item_id))
