"""Settings > Exchange rates: what one unit of another currency is worth in the base currency, from a day on."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import formatting
from desktop_app.domain.money import ISO_CURRENCIES
from desktop_app.store.rate_list import RateError, check_rate, list_rates
from desktop_app.ui.commands.channels import add_exchange_rate, delete_exchange_rate
from desktop_app.ui.locale_numbers import number_style
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.widgets.date_edit import date_edit


class RatesTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 16, 18, 16)
        self.intro = QLabel()
        self.intro.setObjectName("muted")
        self.intro.setWordWrap(True)
        outer.addWidget(self.intro)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            ["Currency", "Rate", "Valid from", "Prices the dates", "Amounts priced"]
        )
        for col, tip in (
            (3, "The dates whose amounts this rate converts: from its day until the next rate "
                "of the currency; the earliest rate also covers every earlier date"),
            (4, "Stored conversions and spend records in this currency that this rate prices"),
        ):  # fmt: skip
            header_item = self.table.horizontalHeaderItem(col)
            if header_item is not None:
                header_item.setToolTip(tip)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        outer.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.currency_combo = QComboBox()
        self.currency_combo.setEditable(True)
        self.currency_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.rate_edit = QLineEdit()
        self.rate_edit.setPlaceholderText("Rate, e.g. 0.92")
        self.from_edit = date_edit()
        self.add_button = QPushButton("Add rate")
        self.add_button.setObjectName("primary")
        self.delete_button = QPushButton("Delete")
        row.addWidget(QLabel("1"))
        row.addWidget(self.currency_combo)
        self.base_label = QLabel("=")
        row.addWidget(self.base_label)
        row.addWidget(self.rate_edit, 1)
        row.addWidget(QLabel("valid from"))
        row.addWidget(self.from_edit)
        row.addWidget(self.add_button)
        row.addStretch(0)
        row.addWidget(self.delete_button)
        outer.addLayout(row)
        self.error_label = QLabel()
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        outer.addWidget(self.error_label)
        self.done_label = QLabel()  # what the last change re-priced
        self.done_label.setObjectName("muted")
        outer.addWidget(self.done_label)
        self.add_button.clicked.connect(self.add)
        self.rate_edit.returnPressed.connect(self.add)
        self.rate_edit.textChanged.connect(self._check)
        self.currency_combo.currentTextChanged.connect(self._check)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)

    def refresh(self) -> None:
        db = self.ctx.require_db()
        base = self.ctx.settings.currency
        self.intro.setText(
            f"Amounts in another currency are converted into {base} with the latest rate on or "
            "before their day; a currency's earliest rate also covers every earlier day. Adding "
            "or changing a rate re-prices the stored amounts it covers (Edit > Undo puts them "
            f"back). Without a rate such amounts are refused, never added up as if they were "
            f"{base}."
        )
        self.base_label.setText(f"= ({base})")
        current = self.currency_combo.currentText() or ("USD" if base != "USD" else "EUR")
        self.currency_combo.blockSignals(True)
        self.currency_combo.clear()
        self.currency_combo.addItems(sorted(ISO_CURRENCIES - {base}))
        self.currency_combo.setCurrentText(current)
        self.currency_combo.blockSignals(False)
        if self.from_edit.date() == QDate(2000, 1, 1):
            today = self.ctx.today()
            self.from_edit.setDate(QDate(today.year, today.month, today.day))
        rates = list_rates(db)
        self.table.setRowCount(len(rates))
        for n, rate in enumerate(rates):
            cells = (
                rate.currency,
                f"1 {rate.currency} = {formatting.exact(rate.rate)} {base}",
                rate.valid_from,
                rate.covers_text(),
                f"{formatting.number(rate.amounts)}" if rate.amounts else "None",
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, rate.id)
                if col == 4:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(n, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self._check()
        self._update_buttons()

    def _check(self) -> bool:
        problem = ""
        if self.rate_edit.text().strip():
            try:
                check_rate(self.ctx.require_db(), self.currency_combo.currentText(),
                           self.rate_edit.text(), number_style())  # fmt: skip
            except RateError as exc:
                problem = str(exc)
        self.error_label.setText(problem)
        self.error_label.setVisible(bool(problem))
        ok = bool(self.rate_edit.text().strip()) and not problem
        self.add_button.setEnabled(ok)
        return ok

    def add(self) -> None:
        if not self._check():
            return
        code, rate = check_rate(
            self.ctx.require_db(),
            self.currency_combo.currentText(),
            self.rate_edit.text(),
            number_style(),
        )
        day = self.from_edit.date()
        repriced = add_exchange_rate(self.ctx, code, rate, date(day.year(), day.month(), day.day()))
        self.rate_edit.clear()
        self.done_label.setText(repriced_text(repriced))

    def _update_buttons(self) -> None:
        self.delete_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def delete_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        items = [self.table.item(i.row(), 0) for i in rows]
        ids = [item.data(Qt.ItemDataRole.UserRole) for item in items if item is not None]
        repriced = 0
        for rate_id in dict.fromkeys(ids):
            try:
                repriced += delete_exchange_rate(self.ctx, rate_id)
            except RateError as exc:
                self.error_label.setText(str(exc))
                self.error_label.show()
                return
        self.done_label.setText(repriced_text(repriced))


def repriced_text(count: int) -> str:
    if not count:
        return "No stored amount changed."
    return f"Re-priced {formatting.number(count)} stored {'amount' if count == 1 else 'amounts'}."
