"""The campaign form: channel, platform, dates, budget and UTM tags, with the link builder beside them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial

from PySide6.QtCore import QDate, QEvent, QObject
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import formatting
from desktop_app.domain.form_values import check_campaign
from desktop_app.domain.models import CampaignValues
from desktop_app.domain.timeutil import EARLIEST_DAY
from desktop_app.store import Database
from desktop_app.store.campaigns import dominant_goal
from desktop_app.store.channels import list_channels
from desktop_app.store.lookups import channel_ids, goal_choices, names_taken
from desktop_app.store.row_changes import Row
from desktop_app.ui.locale_numbers import amount_text, number_style
from desktop_app.ui.models.campaign_models import color_dot
from desktop_app.ui.widgets.date_edit import date_edit, show_day
from desktop_app.ui.widgets.field_form import FieldForm, recheck_on_change, save_cancel_buttons
from desktop_app.ui.widgets.utm_builder import UtmBuilder

PLATFORMS = ("Google Ads", "Meta Ads", "Microsoft Ads", "LinkedIn Ads", "TikTok Ads", "Mailer")
# The minimum of the date fields, shown as "Not set": the day before the first a date field
# holds (domain/timeutil), so every day `campaigns set` accepts can be shown and kept. A field
# holding a day stored before it (by another program) is "Not set" on the day before that one:
# "Not set" is always a field's minimum.
NO_DATE = QDate(1899, 12, 31)
_FIRST_SHOWN = date(100, 1, 2)  # a Qt date field holds days from 1 Jan 100; "Not set" is below


class _OpensAtToday(QObject):
    """The calendar of a field that is "Not set" opens on this month, not on the sentinel's."""

    def __init__(self, edit: QDateEdit) -> None:
        super().__init__(edit)
        self.edit = edit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self.edit.date() == self.edit.minimumDate():
            today = date.today()
            self.edit.calendarWidget().setCurrentPage(today.year, today.month)
        return False


def date_field() -> QDateEdit:
    edit = date_edit()
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("Not set")
    edit.setDate(NO_DATE)
    edit.calendarWidget().installEventFilter(_OpensAtToday(edit))
    return edit


def date_of(edit: QDateEdit) -> date | None:
    """The field's day; None at its minimum ("Not set")."""
    value = edit.date()
    if value == edit.minimumDate():
        return None
    return date(value.year(), value.month(), value.day())


_STORED_TEXTS = ("name", "platform", "utm_source", "utm_medium", "utm_campaign")


class CampaignForm(QDialog):
    """New or edit a campaign; `values` holds the checked campaign once accepted."""

    def __init__(
        self,
        db: Database,
        currency: str,
        campaign: Row | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.currency = db, currency
        self.campaign_id: int | None = campaign["id"] if campaign else None
        # What the campaign holds now: kept on save even where the rules refuse it typed anew.
        self.stored = {k: campaign[k] for k in _STORED_TEXTS} if campaign else {}
        self._unshown: dict[str, str] = {}  # stored dates a date field cannot hold, by key
        self.values: CampaignValues | None = None
        self.tried = campaign is not None  # a stored campaign's tag problems show at once
        self.setWindowTitle("Edit campaign" if campaign else "New campaign")
        outer = QVBoxLayout(self)
        outer.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        outer.setContentsMargins(22, 18, 22, 16)
        columns = QHBoxLayout()
        columns.setSpacing(22)
        outer.addLayout(columns)
        left = QVBoxLayout()
        self.form = FieldForm()
        left.addLayout(self.form)
        left.addStretch(1)
        columns.addLayout(left, 1)
        channels = [
            c
            for c in list_channels(db)
            if not c.hidden or c.id == (campaign or {}).get("channel_id")
        ]
        self.name_edit = self.form.add("name", "Name", QLineEdit())
        self.name_edit.setPlaceholderText("e.g. Search - Brand")
        self.channel_combo = self.form.add("channel", "Channel", QComboBox())
        for ch in channels:
            self.channel_combo.addItem(color_dot(ch.color), ch.name, ch.id)
        self.channel_combo.setMaxVisibleItems(14)
        self.platform_combo = self.form.add("platform", "Platform", QComboBox())
        self.platform_combo.setEditable(True)
        self.platform_combo.addItems(["", *PLATFORMS])
        self.start_edit = self.form.add("start_date", "Starts", date_field())
        self.end_edit = self.form.add("end_date", "Ends", date_field())
        self.budget_edit = self.form.add("budget", f"Budget ({currency})", QLineEdit())
        self.budget_edit.setPlaceholderText("optional")
        self.period_combo = self.form.add("budget_period", "Budget is", QComboBox())
        self.period_combo.addItem("per calendar month", "month")
        self.period_combo.addItem("for the whole campaign", "campaign")
        self.period_combo.setToolTip(
            "A budget for the whole campaign is paced over its start and end dates; without an "
            "end date, Budget used is the share spent so far"
        )
        self.goal_combo = self.form.add(
            "goal", "Works for", QComboBox(),
            "Its spend then counts toward this goal in the By goal report.",
        )  # fmt: skip
        self.goal_combo.addItem("No particular goal", None)
        for goal_id, goal_name in goal_choices(db):
            self.goal_combo.addItem(goal_name, goal_id)
        self.goal_hint = QLabel()
        self.goal_hint.setObjectName("muted")
        self.goal_hint.setVisible(False)
        self.form.addRow("", self.goal_hint)
        self.source_edit = self.form.add("utm_source", "utm_source", QLineEdit())
        self.source_edit.setPlaceholderText("e.g. google, facebook, newsletter")
        self.medium_edit = self.form.add("utm_medium", "utm_medium", QLineEdit())
        self.medium_edit.setPlaceholderText("e.g. cpc, paid, email, social")
        self.campaign_edit = self.form.add("utm_campaign", "utm_campaign", QLineEdit())
        self.campaign_edit.setPlaceholderText("e.g. spring_sale")
        self.notes_edit = self.form.add("notes", "Notes", QPlainTextEdit())
        self.notes_edit.setFixedHeight(64)
        self.notes_edit.setTabChangesFocus(True)
        self.builder = UtmBuilder({c.name: c.color for c in channels})
        self.builder.setMinimumWidth(380)
        self.builder.medium_suggested.connect(self.medium_edit.setText)
        columns.addWidget(self.builder, 1)
        self.landing_edit = self.builder.landing_edit
        self.buttons, self.save_button = save_cancel_buttons(self._save, self.reject)
        outer.addSpacing(8)
        outer.addWidget(self.buttons)
        if campaign:
            self._fill(campaign)
        recheck_on_change(
            self.check, self.name_edit, self.budget_edit, self.source_edit, self.medium_edit,
            self.campaign_edit, self.channel_combo, self.start_edit, self.end_edit,
            self.period_combo,
        )  # fmt: skip
        self.check()

    def _fill(self, campaign: Row) -> None:
        self.name_edit.setText(campaign["name"])
        self.channel_combo.setCurrentIndex(
            max(0, self.channel_combo.findData(campaign["channel_id"]))
        )
        self.platform_combo.setCurrentText(campaign["platform"])
        for edit, key in ((self.start_edit, "start_date"), (self.end_edit, "end_date")):
            text = campaign[key]
            if not text:
                continue
            try:
                stored: date | None = date.fromisoformat(text)
            except ValueError:  # another program's text, not a day
                stored = None
            if stored is None or stored < _FIRST_SHOWN:
                # A date field cannot hold it: its text shows at the field's minimum and is
                # written back as stored, unless another day is chosen.
                edit.setMinimumDate(QDate(_FIRST_SHOWN.year, 1, 1))
                edit.setSpecialValueText(text if stored else f"{text} (not a date)")
                edit.setDate(edit.minimumDate())
                self._unshown[key] = text
                edit.dateChanged.connect(partial(self._forget_unshown, edit, key))
                continue
            if stored < EARLIEST_DAY:  # "Not set" moves to the day before, below it
                edit.setMinimumDate(QDate(stored.year, stored.month, stored.day).addDays(-1))
            show_day(edit, stored)  # kept as stored, also outside the fields' usual range
        self.budget_edit.setText(amount_text(campaign["budget_minor"], self.currency))
        self.source_edit.setText(campaign["utm_source"])
        self.medium_edit.setText(campaign["utm_medium"])
        self.campaign_edit.setText(campaign["utm_campaign"])
        self.notes_edit.setPlainText(campaign["notes"])
        self.period_combo.setCurrentIndex(
            max(0, self.period_combo.findData(campaign.get("budget_period") or "month"))
        )
        goal_id = campaign.get("goal_id")
        if goal_id is None:  # propose the goal most of its conversions belong to
            found = dominant_goal(self.db, campaign["id"])
            if found is not None:
                goal_id, count, total = found
                self.goal_hint.setText(
                    f"Proposed: {formatting.count(count)} of its {formatting.count(total)} "
                    "conversions are this goal. Save to keep it."
                )
                self.goal_hint.setVisible(True)
        self.goal_combo.setCurrentIndex(max(0, self.goal_combo.findData(goal_id)))

    def _day(self, key: str) -> date | None:
        """The day a date field holds, or the stored day it cannot show (so "ends before it
        starts" is still checked against it); None for "Not set" and for text that is no day."""
        edit = self.start_edit if key == "start_date" else self.end_edit
        if key in self._unshown:
            try:
                return date.fromisoformat(self._unshown[key])
            except ValueError:
                return None
        return date_of(edit)

    def _forget_unshown(self, edit: QDateEdit, key: str, value: QDate) -> None:
        """Once another day is chosen, the field's minimum means "Not set" again."""
        if value != edit.minimumDate() and self._unshown.pop(key, None) is not None:
            edit.setSpecialValueText("Not set")

    def texts(self) -> dict[str, str]:
        return {
            "name": self.name_edit.text(),
            "platform": self.platform_combo.currentText(),
            "budget": self.budget_edit.text(),
            "utm_source": self.source_edit.text(),
            "utm_medium": self.medium_edit.text(),
            "utm_campaign": self.campaign_edit.text(),
            "notes": self.notes_edit.toPlainText(),
            "budget_period": str(self.period_combo.currentData()),
        }

    def _checked(self) -> tuple[CampaignValues | None, dict[str, str]]:
        values, errors = check_campaign(
            self.texts(), self.channel_combo.currentData(), self._day("start_date"),
            self._day("end_date"), self.currency, number_style(),
            taken=names_taken(self.db, "campaigns", self.campaign_id),
            channels=channel_ids(self.db), goal_id=self.goal_combo.currentData(),
            stored=self.stored,
        )  # fmt: skip
        if values is not None and self._unshown:  # written back exactly as stored
            values = replace(
                values,
                start_date=self._unshown.get("start_date", values.start_date),
                end_date=self._unshown.get("end_date", values.end_date),
            )
        return values, errors

    def check(self) -> dict[str, str]:
        values, errors = self._checked()
        if "end_date" in errors:
            self.form.touched.add("end_date")  # a date picker cannot be "half typed"
        self.form.show_errors(errors)
        self.save_button.setEnabled(values is not None)
        # Like the field messages: no tag warning before the user has been near the tags.
        warn = self.tried or bool(self.form.touched & {"utm_source", "utm_medium", "utm_campaign"})
        self.builder.update_link(
            self.source_edit.text(), self.medium_edit.text(), self.campaign_edit.text(),
            self.channel_combo.currentText(), warn,
        )  # fmt: skip
        return errors

    def _save(self) -> None:
        values, errors = self._checked()
        if values is None:
            self.tried = True
            self.check()
            self.form.show_errors(errors, everything=True)
            return
        self.values = values
        self.accept()
