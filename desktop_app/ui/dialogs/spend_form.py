"""One spend record typed in: a day or a period, the cost, and what the ad platform reported."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.form_values import check_spend
from desktop_app.store import Database
from desktop_app.store.row_changes import Row
from desktop_app.store.spend import SpendPeriod, duplicate_message, period_taken
from desktop_app.ui.locale_numbers import amount_text, number_style
from desktop_app.ui.widgets.date_edit import date_edit, day_of
from desktop_app.ui.widgets.field_form import FieldForm, recheck_on_change, save_cancel_buttons


def _date_edit(day: date) -> QDateEdit:
    return date_edit(day)


class SpendForm(QDialog):
    """Add or edit a spend record of one campaign; `values` holds it once accepted."""

    def __init__(
        self,
        db: Database,
        campaign_id: int,
        campaign_name: str,
        currency: str,
        today: date,
        spend: Row | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.campaign_id, self.currency = db, campaign_id, currency
        self.spend_id: int | None = spend["id"] if spend else None
        self.values: SpendPeriod | None = None
        self.setWindowTitle("Edit spend" if spend else "Add spend")
        self.setMinimumWidth(640)
        outer = QVBoxLayout(self)
        outer.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        outer.setContentsMargins(22, 18, 22, 16)
        intro = QLabel(
            f"Cost of <b>{campaign_name}</b> for one day, or for a period such as a monthly "
            "invoice (reports share it out by day)."
        )
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        outer.addWidget(intro)
        self.form = FieldForm()
        outer.addLayout(self.form)
        start = date.fromisoformat(spend["period_start"]) if spend else today
        end = date.fromisoformat(spend["period_end"]) if spend else today
        self.start_edit = self.form.add("period_start", "From", _date_edit(start))
        self.end_edit = self.form.add(
            "period_end", "To", _date_edit(end), "The same day for a single day."
        )
        self.cost_edit = self.form.add("cost", f"Cost ({currency})", QLineEdit())
        self.impressions_edit = self.form.add("impressions", "Impressions", QLineEdit())
        self.clicks_edit = self.form.add("clicks", "Clicks", QLineEdit())
        self.conversions_edit = self.form.add(
            "platform_conversions", "Platform conversions", QLineEdit()
        )
        self.value_edit = self.form.add(
            "platform_value", f"Platform value ({currency})", QLineEdit()
        )
        for edit in (
            self.impressions_edit,
            self.clicks_edit,
            self.conversions_edit,
            self.value_edit,
        ):
            edit.setPlaceholderText("optional")
        self.conversions_edit.setToolTip("What the ad platform itself claims; may have decimals.")
        if spend:
            mark = number_style().decimal
            self.cost_edit.setText(amount_text(spend["cost_minor"], currency))
            self.impressions_edit.setText(str(spend["impressions"] or ""))
            self.clicks_edit.setText(str(spend["clicks"] or ""))
            conv = spend["platform_conversions"]
            self.conversions_edit.setText(f"{conv:g}".replace(".", mark) if conv else "")
            self.value_edit.setText(amount_text(spend["platform_value_minor"] or None, currency))
        self.buttons, self.save_button = save_cancel_buttons(self._save, self.reject)
        outer.addWidget(self.buttons)
        recheck_on_change(
            self.check, self.cost_edit, self.impressions_edit, self.clicks_edit,
            self.conversions_edit, self.value_edit, self.start_edit, self.end_edit,
        )  # fmt: skip
        self.check()

    def texts(self) -> dict[str, str]:
        return {
            "cost": self.cost_edit.text(),
            "impressions": self.impressions_edit.text(),
            "clicks": self.clicks_edit.text(),
            "platform_conversions": self.conversions_edit.text(),
            "platform_value": self.value_edit.text(),
        }

    def _checked(self) -> tuple[SpendPeriod | None, dict[str, str]]:
        values, errors = check_spend(
            self.texts(),
            day_of(self.start_edit),
            day_of(self.end_edit),
            self.currency,
            number_style(),
        )
        if values is not None and period_taken(self.db, self.campaign_id, values, self.spend_id):
            return None, {"period_start": duplicate_message(values)}
        return values, errors

    def check(self) -> dict[str, str]:
        values, errors = self._checked()
        self.form.touched.update({"period_start", "period_end"} & set(errors))
        self.form.show_errors(errors)
        self.save_button.setEnabled(values is not None)
        return errors

    def _save(self) -> None:
        values, errors = self._checked()
        if values is None:
            self.form.show_errors(errors, everything=True)
            return
        self.values = values
        self.accept()
