"""The preview's question when rows are in a currency with no exchange rate: the rate, from the
file's earliest date in that currency, entered on the spot (one undoable step), then checked again."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from desktop_app.domain import formatting
from desktop_app.store.rate_list import RateError, check_rate
from desktop_app.ui.commands.channels import add_exchange_rate
from desktop_app.ui.locale_numbers import number_style
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.widgets.date_edit import date_edit


class RateQuestion(QFrame):
    """'1 USD = [0.92] EUR, valid from [2025-01-01]  [Add rate]' for the first currency missing."""

    added = Signal(str)  # the currency whose rate was entered

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("card")
        self.currency = ""
        box = QVBoxLayout(self)
        box.setContentsMargins(14, 10, 14, 10)
        box.setSpacing(6)
        self.question = QLabel()
        self.question.setWordWrap(True)
        box.addWidget(self.question)
        row = QHBoxLayout()
        self.one_label = QLabel()
        self.rate_edit = QLineEdit()
        self.rate_edit.setPlaceholderText("e.g. 0.92")
        self.rate_edit.setMaximumWidth(140)
        self.base_label = QLabel()
        self.from_edit = date_edit()
        self.add_button = QPushButton("Add rate and check again")
        self.add_button.setObjectName("primary")
        row.addWidget(self.one_label)
        row.addWidget(self.rate_edit)
        row.addWidget(self.base_label)
        row.addSpacing(8)
        row.addWidget(QLabel("valid from"))
        row.addWidget(self.from_edit)
        row.addSpacing(8)
        row.addWidget(self.add_button)
        row.addStretch(1)
        box.addLayout(row)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        box.addWidget(self.error)
        self.add_button.clicked.connect(self.add)
        self.rate_edit.returnPressed.connect(self.add)
        self.rate_edit.textChanged.connect(lambda _text: self.error.hide())
        self.hide()

    def ask(self, missing: dict[str, date], rows: int) -> None:
        """Ask for the first currency of `missing` (currency -> earliest day); hide when none."""
        if not missing:
            self.currency = ""
            self.hide()
            return
        code, first = sorted(missing.items())[0]
        base = self.ctx.settings.currency
        others = [c for c in sorted(missing) if c != code]
        more = f" ({', '.join(others)} next)" if others else ""
        self.question.setText(
            f"<b>{formatting.number(rows)} {'row is' if rows == 1 else 'rows are'} in {code}, which has no "
            f"exchange rate yet.</b> How many {base} is one {code} worth? The rate applies from "
            f"the file's earliest {code} date on, and to every earlier date too{more}."
        )
        if code != self.currency:
            self.rate_edit.clear()
        self.currency = code
        self.one_label.setText(f"1 {code} =")
        self.base_label.setText(base)
        self.from_edit.setDate(QDate(first.year, first.month, first.day))
        self.error.hide()
        self.show()

    def add(self) -> None:
        try:
            code, rate = check_rate(
                self.ctx.require_db(), self.currency, self.rate_edit.text(), number_style()
            )
        except RateError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        day = self.from_edit.date()
        add_exchange_rate(self.ctx, code, rate, date(day.year(), day.month(), day.day()))
        self.added.emit(code)
