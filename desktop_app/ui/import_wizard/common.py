"""What every wizard step shares: access to the wizard and its plan, a refresh on each new plan."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QWizardPage

from desktop_app.importing.engine import ImportPlan

if TYPE_CHECKING:
    from desktop_app.ui.import_wizard.wizard import ImportWizard

KIND_TITLES = {
    "conversions": "Conversions",
    "spend": "Spend",
    "touchpoints": "Touchpoints",
}
KIND_TEXT = {
    "conversions": "Sales, orders or leads: one row per conversion (date, value, order id…).",
    "spend": "Advertising costs: what each campaign cost per day or for a period.",
    "touchpoints": "Visits and clicks of customers before they converted (for attribution).",
}
FIELD_LABELS = {
    "time": "Date / time", "date": "Date", "period_start": "Period start",
    "period_end": "Period end", "order_id": "Order ID", "order_name": "Order name",
    "value": "Value", "cost": "Cost", "currency": "Currency", "campaign": "Campaign",
    "channel": "Channel", "source": "Source", "medium": "Medium", "goal": "Goal",
    "utm_campaign": "UTM campaign", "customer_id": "Customer ID", "email": "E-mail",
    "phone": "Phone", "platform_value": "Platform conv. value",
    "platform_conversions": "Platform conversions", "source_medium": "Source / medium",
    "conversion_value": "Conversion value", "cancelled_at": "Cancelled at",
    "campaign_type": "Campaign type", "note_attributes": "Note attributes",
    "consent_ad_user_data": "Consent: ad user data",
    "consent_ad_personalization": "Consent: ad personalisation",
}  # fmt: skip


def field_label(field: str) -> str:
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


def column_letter(index: int) -> str:
    """A, B, …, Z, AA: how a spreadsheet names column `index` (0-based)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def muted(text: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setObjectName("muted")
    label.setWordWrap(wrap)
    return label


class Step(QWizardPage):
    """A wizard page that shows the current plan; `show_plan` runs on entry and on each new plan."""

    def __init__(self, wizard: ImportWizard, title: str, subtitle: str) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(title)
        self.setSubTitle(subtitle)
        wizard.planned.connect(self._on_planned)

    @property
    def plan(self) -> ImportPlan:
        assert self.w.plan is not None
        return self.w.plan

    def _on_planned(self) -> None:
        if self.w.currentPage() is self:
            self.show_plan()

    def initializePage(self) -> None:
        if self.w.plan is not None:
            self.show_plan()

    def cleanupPage(self) -> None:
        """Going back keeps the options chosen (QWizard would otherwise reset the fields)."""

    def show_plan(self) -> None:
        """Fill the widgets from `self.plan`."""

    def isComplete(self) -> bool:
        return self.w.plan is not None and not self.w.busy
