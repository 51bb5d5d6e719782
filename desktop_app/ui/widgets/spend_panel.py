"""One campaign's spend records: add, edit, delete, and paste rows copied from Excel (Ctrl+V)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desktop_app.domain import formatting
from desktop_app.domain.spend_paste import parse_spend_paste
from desktop_app.store.campaigns import CampaignRow
from desktop_app.store.row_changes import fetch_row
from desktop_app.store.spend import (
    SpendError,
    add_spend_rows,
    delete_spend,
    list_spend,
    update_spend,
)
from desktop_app.ui import seams
from desktop_app.ui.commands.base import push_changes
from desktop_app.ui.dialogs.spend_form import SpendForm
from desktop_app.ui.locale_numbers import date_order, money_text, number_style
from desktop_app.ui.models.campaign_models import SORT_ROLE, SpendModel
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.widgets.record_table import RecordTable

PASTE_HELP = (
    "Copy rows in Excel and press Ctrl+V here. Columns: date (or from and to), cost, "
    "impressions, clicks, platform conversions, platform value; only date and cost are needed."
)


class SpendPanel(QFrame):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.setObjectName("card")
        self.ctx = ctx
        self.campaign: CampaignRow | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 10, 14, 10)
        top = QHBoxLayout()
        self.title = QLabel("Spend")
        self.title.setObjectName("sectionTitle")
        self.total_label = QLabel()
        self.total_label.setObjectName("muted")
        top.addWidget(self.title)
        top.addSpacing(8)
        top.addWidget(self.total_label, 1)
        self.add_button = QPushButton("Add spend…")
        self.add_button.clicked.connect(self.add_spend)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(self.edit_spend)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete_selected)
        self.paste_button = QPushButton("Paste from Excel")
        self.paste_button.setToolTip(PASTE_HELP)
        self.paste_button.clicked.connect(self.paste)
        for button in (self.paste_button, self.add_button, self.edit_button, self.delete_button):
            top.addWidget(button)
        column.addLayout(top)
        self.model = SpendModel()
        self.table = RecordTable(self.model, SORT_ROLE)
        self.table.open_requested.connect(self.edit_spend)
        self.table.delete_requested.connect(self.delete_selected)
        self.table.paste_requested.connect(self.paste)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.setToolTip(PASTE_HELP)
        column.addWidget(self.table, 1)
        self.show_campaign(None)

    def show_campaign(self, campaign: CampaignRow | None) -> None:
        self.campaign = campaign
        self.reload()

    def reload(self) -> None:
        campaign, db = self.campaign, self.ctx.db
        currency = self.ctx.settings.currency if db is not None else ""
        rows = list_spend(db, campaign.id) if campaign and db is not None else []
        self.model.load(rows, currency)
        self.table.fit_columns()
        self.title.setText(f"Spend of {campaign.name}" if campaign else "Spend")
        total = sum(r.cost_minor for r in rows)
        self.total_label.setText(
            f"{formatting.number(len(rows))} records, {money_text(total, currency)} in all"
            if campaign
            else "Choose a campaign above to see and enter its spend."
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = bool(self.table.selected_rows())
        for button in (self.add_button, self.paste_button):
            button.setEnabled(self.campaign is not None)
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def add_spend(self) -> None:
        campaign, db = self.campaign, self.ctx.require_db()
        if campaign is None:
            return
        currency = self.ctx.settings.currency
        form = SpendForm(db, campaign.id, campaign.name, currency, self.ctx.today(), parent=self)
        if seams.run_dialog(form) and form.values is not None:
            try:
                changes = add_spend_rows(db, campaign.id, [form.values], currency)
            except SpendError as exc:
                seams.show_error(self, "Spend not added", str(exc))
                return
            push_changes(self.ctx, f"Add spend to '{campaign.name}'", changes, "spend")

    def edit_spend(self) -> None:
        rows = self.table.selected_rows()
        campaign, db = self.campaign, self.ctx.require_db()
        spend = self.model.row_at(rows[0]) if rows else None
        stored = fetch_row(db, "spend", spend.id) if spend else None
        if campaign is None or stored is None:
            return
        currency = self.ctx.settings.currency
        form = SpendForm(db, campaign.id, campaign.name, currency, self.ctx.today(), stored, self)
        if seams.run_dialog(form) and form.values is not None:
            try:
                change = update_spend(db, stored["id"], form.values, currency)
            except SpendError as exc:
                seams.show_error(self, "Spend not changed", str(exc))
                return
            push_changes(self.ctx, f"Edit spend of '{campaign.name}'", [change], "spend")

    def delete_selected(self) -> None:
        campaign = self.campaign
        ids = [self.model.rows[r].id for r in self.table.selected_rows()]
        if campaign is None or not ids:
            return
        what = "this spend record" if len(ids) == 1 else f"these {len(ids)} spend records"
        if not seams.confirm(
            self, "Delete spend", f"Delete {what} of '{campaign.name}'?", "Delete"
        ):
            return
        changes = delete_spend(self.ctx.require_db(), ids)
        label = "1 spend row" if len(changes) == 1 else f"{len(changes)} spend rows"
        push_changes(self.ctx, f"Delete {label} of '{campaign.name}'", changes, "spend")

    def paste(self) -> None:
        """Add the clipboard's rows (copied from Excel) as one step; any bad cell pastes nothing."""
        campaign = self.campaign
        if campaign is None:
            seams.inform(
                self, "Choose a campaign", "Choose the campaign the spend belongs to first."
            )
            return
        currency = self.ctx.settings.currency
        try:
            rows = parse_spend_paste(
                QApplication.clipboard().text(), currency, number_style(), date_order()
            )
            changes = add_spend_rows(self.ctx.require_db(), campaign.id, rows, currency)
        except ValueError as exc:  # PasteError and SpendError say which line and what to do
            seams.show_error(self, "Nothing was pasted", str(exc), PASTE_HELP)
            return
        label = "1 spend row" if len(changes) == 1 else f"{len(changes)} spend rows"
        push_changes(self.ctx, f"Paste {label} into '{campaign.name}'", changes, "spend")
