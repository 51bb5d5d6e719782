"""The goal form: what counts as a conversion, checked while the user types."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.form_values import check_goal
from desktop_app.domain.models import COUNTING_LABELS, MAX_LOOKBACK, GoalValues
from desktop_app.domain.money import currency_exponent
from desktop_app.store import Database
from desktop_app.store.lookups import names_taken
from desktop_app.store.row_changes import Row
from desktop_app.ui.locale_numbers import amount_text, number_style
from desktop_app.ui.widgets.field_form import FieldForm, recheck_on_change, save_cancel_buttons

CATEGORY_LABELS = {
    "lead": "Lead (a quote request, a call, a booking)",
    "transaction": "Transaction (a sale, an order)",
    "engagement": "Engagement (a sign-up, a download)",
}
LEVEL_LABELS = {
    "macro": "Macro: a business outcome",
    "micro": "Micro: a step towards one",
}


def _combo(labels: dict[str, str]) -> QComboBox:
    combo = QComboBox()
    for key, label in labels.items():
        combo.addItem(label, key)
    return combo


_STORED_TEXTS = ("name", "google_ads_name", "meta_name", "microsoft_name")


class GoalForm(QDialog):
    """New or edit a goal; `values` holds the checked goal once accepted."""

    def __init__(
        self, db: Database, currency: str, goal: Row | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.currency = db, currency
        self.goal_id: int | None = goal["id"] if goal else None
        # What the goal holds now: kept on save even where the rules refuse it typed anew.
        self.stored = {k: goal[k] for k in _STORED_TEXTS} if goal else {}
        self.values: GoalValues | None = None
        self.setWindowTitle("Edit goal" if goal else "New goal")
        self.setMinimumWidth(640)
        outer = QVBoxLayout(self)
        outer.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # grows when errors show
        outer.setContentsMargins(22, 18, 22, 16)
        intro = QLabel(
            "A goal says what counts as a conversion. Macro goals are the results you are in "
            "business for; micro goals are steps on the way."
        )
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        outer.addWidget(intro)
        outer.addSpacing(6)
        self.form = FieldForm()
        outer.addLayout(self.form)
        mark = number_style().decimal
        example = "1234" + (
            mark + "0" * currency_exponent(currency) if currency_exponent(currency) else ""
        )
        self.name_edit = self.form.add("name", "Name", QLineEdit())
        self.name_edit.setPlaceholderText("e.g. Quote request")
        self.category_combo = self.form.add("category", "Category", _combo(CATEGORY_LABELS))
        self.level_combo = self.form.add("level", "Level", _combo(LEVEL_LABELS))
        self.value_edit = self.form.add(
            "default_value", f"Default value ({currency})", QLineEdit(),
            "What one conversion is worth unless told otherwise.",
        )  # fmt: skip
        self.value_edit.setPlaceholderText(f"e.g. {example}")
        self.counting_combo = self.form.add("counting", "Counting", _combo(COUNTING_LABELS))
        self.lookback_edit = self.form.add(
            "lookback_days", "Lookback (days)", QLineEdit("30"),
            f"How far back a touch may earn credit (1–{MAX_LOOKBACK} days).",
        )  # fmt: skip
        self.target_edit = self.form.add("target_count", "Target per month", QLineEdit())
        self.target_edit.setPlaceholderText("optional, e.g. 40")
        self.cpa_edit = self.form.add(
            "target_cpa", f"Target cost per conversion ({currency})", QLineEdit()
        )
        self.cpa_edit.setPlaceholderText("optional")
        self.margin_edit = self.form.add(
            "margin", "Gross margin (%)", QLineEdit(),
            "What is left of a conversion's value after the goods or the work, before marketing.",
        )  # fmt: skip
        self.margin_edit.setPlaceholderText("optional, e.g. 35 (100 for a pure service fee)")
        self.google_edit = self.form.add("google_ads_name", "Google Ads name", QLineEdit())
        self.google_edit.setPlaceholderText("optional: the conversion action's name")
        self.meta_edit = self.form.add("meta_name", "Meta name", QLineEdit())
        self.meta_edit.setPlaceholderText("optional: the event name, e.g. Lead")
        self.microsoft_edit = self.form.add("microsoft_name", "Microsoft Ads name", QLineEdit())
        self.microsoft_edit.setPlaceholderText("optional: the conversion goal's name")
        self.names_edit = self.google_edit  # the first of the platform names
        self.buttons, self.save_button = save_cancel_buttons(self._save, self.reject)
        outer.addSpacing(8)
        outer.addWidget(self.buttons)
        if goal:
            self._fill(goal)
        recheck_on_change(
            self.check, self.name_edit, self.value_edit, self.lookback_edit, self.target_edit,
            self.cpa_edit, self.margin_edit, self.google_edit, self.meta_edit,
            self.microsoft_edit, self.category_combo, self.level_combo,
            self.counting_combo,
        )  # fmt: skip
        self.check()

    def _fill(self, goal: Row) -> None:
        self.name_edit.setText(goal["name"])
        for combo, key in ((self.category_combo, "category"), (self.level_combo, "level"),
                           (self.counting_combo, "counting")):  # fmt: skip
            combo.setCurrentIndex(max(0, combo.findData(goal[key])))
        self.value_edit.setText(amount_text(goal["default_value_minor"] or None, self.currency))
        self.lookback_edit.setText(str(goal["lookback_days"]))
        self.target_edit.setText(str(goal["target_count"] or ""))
        self.cpa_edit.setText(amount_text(goal["target_cpa_minor"], self.currency))
        margin = goal["margin"]
        self.margin_edit.setText(
            "" if margin is None else format((Decimal(margin) * 100).normalize(), "f")
        )
        self.google_edit.setText(goal["google_ads_name"] or "")
        self.meta_edit.setText(goal["meta_name"] or "")
        self.microsoft_edit.setText(goal["microsoft_name"] or "")

    def texts(self) -> dict[str, str]:
        return {
            "name": self.name_edit.text(),
            "category": self.category_combo.currentData(),
            "level": self.level_combo.currentData(),
            "default_value": self.value_edit.text(),
            "counting": self.counting_combo.currentData(),
            "lookback_days": self.lookback_edit.text(),
            "target_count": self.target_edit.text(),
            "target_cpa": self.cpa_edit.text(),
            "margin": self.margin_edit.text(),
            "google_ads_name": self.google_edit.text(),
            "meta_name": self.meta_edit.text(),
            "microsoft_name": self.microsoft_edit.text(),
        }

    def check(self) -> dict[str, str]:
        """Check every field; show messages next to the touched ones; Save only when all is well."""
        values, errors = check_goal(
            self.texts(),
            self.currency,
            number_style(),
            names_taken(self.db, "goals", self.goal_id),
            self.stored,
        )
        self.form.show_errors(errors)
        self.save_button.setEnabled(values is not None)
        return errors

    def _save(self) -> None:
        values, errors = check_goal(
            self.texts(),
            self.currency,
            number_style(),
            names_taken(self.db, "goals", self.goal_id),
            self.stored,
        )
        if values is None:
            self.form.show_errors(errors, everything=True)
            return
        self.values = values
        self.accept()
