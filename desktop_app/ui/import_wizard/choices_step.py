"""Step 4: the choices the file leaves open, each with an example from the file."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import formatting
from desktop_app.domain.money import ISO_CURRENCIES
from desktop_app.importing.choices import (
    currency_problem,
    date_example,
    file_currencies,
    goal_names,
    number_example,
    read_date,
    read_number,
)
from desktop_app.ui.import_wizard.common import Step, muted
from desktop_app.ui.widgets.date_edit import date_edit

if TYPE_CHECKING:
    from desktop_app.ui.import_wizard.wizard import ImportWizard

ORDERS = (
    ("dmy", "Day / month / year"),
    ("mdy", "Month / day / year"),
    ("ymd", "Year / month / day"),
)
QUESTION_TEXT = {
    "date_order": "which order the dates are written in (Date order).",
    "period": "which days the costs cover (Period).",
}
DECIMALS = ((None, "Automatic"), (".", "Decimal point  1,234.56"), (",", "Decimal comma  1.234,56"))


def _card(title: str) -> tuple[QFrame, QVBoxLayout]:
    card = QFrame()
    card.setObjectName("card")
    box = QVBoxLayout(card)
    box.setContentsMargins(16, 12, 16, 14)
    box.setSpacing(6)
    label = QLabel(title)
    label.setObjectName("strong")
    box.addWidget(label)
    return card, box


def _day(d: date | None) -> str:
    return formatting.long_day(d) if d else "not a date"


NO_DATE = QDate(1900, 1, 1)  # shown as "choose a day": the period has no answer yet


class ChoicesStep(Step):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard, "Open choices", "What the file does not say by itself.")
        outer = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setWordWrap(True)
        outer.addWidget(self.status)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        self.cards = QVBoxLayout(inner)
        self.cards.setSpacing(10)
        scroll.setWidget(inner)
        outer.addWidget(scroll, 1)

        self.date_card, box = _card("Date order")
        self.date_note = muted()
        box.addWidget(self.date_note)
        self.order_group = QButtonGroup(self)
        self.order_buttons: dict[str | None, QRadioButton] = {}
        for code, name in ((None, "As the file reads by itself"), *ORDERS):
            button = QRadioButton(name)
            self.order_group.addButton(button)
            self.order_buttons[code] = button
            button.clicked.connect(lambda _=False, c=code: self._order_chosen(c))
            box.addWidget(button)
        self.cards.addWidget(self.date_card)

        self.decimal_card, box = _card("Decimal separator")
        self.decimal_note = muted()
        box.addWidget(self.decimal_note)
        self.decimal_group = QButtonGroup(self)
        self.decimal_buttons: dict[str | None, QRadioButton] = {}
        for mark, name in DECIMALS:
            button = QRadioButton(name)
            self.decimal_group.addButton(button)
            self.decimal_buttons[mark] = button
            button.clicked.connect(lambda _=False, m=mark: self._decimal_chosen(m))
            box.addWidget(button)
        self.cards.addWidget(self.decimal_card)

        self.currency_card, box = _card("Currency")
        self.currency_note = muted("The file names no currency for its amounts. They are in:")
        box.addWidget(self.currency_note)
        self.currency = QComboBox()
        self.currency.addItems(sorted(ISO_CURRENCIES))
        self.currency.setMaximumWidth(120)
        self.currency.activated.connect(self._currency_chosen)
        box.addWidget(self.currency)
        self.currency_problem = QLabel()
        self.currency_problem.setObjectName("fieldError")
        self.currency_problem.setWordWrap(True)
        box.addWidget(self.currency_problem)
        self.cards.addWidget(self.currency_card)

        self.period_card, box = _card("Period the report covers")
        self.period_note = muted()
        box.addWidget(self.period_note)
        grid = QGridLayout()
        self.period_from, self.period_to = date_edit(), date_edit()
        for edit in (self.period_from, self.period_to):
            # No answer is preselected: a guessed month would put lifetime spend into it.
            edit.setMinimumDate(NO_DATE)
            edit.setSpecialValueText("choose a day")
            edit.dateChanged.connect(self._period_edited)
        self.period_button = QPushButton("Use this period")
        self.period_button.clicked.connect(self._period_chosen)
        grid.addWidget(QLabel("From"), 0, 0)
        grid.addWidget(self.period_from, 0, 1)
        grid.addWidget(QLabel("to"), 0, 2)
        grid.addWidget(self.period_to, 0, 3)
        grid.addWidget(self.period_button, 0, 4)
        grid.setColumnStretch(5, 1)
        box.addLayout(grid)
        self.cards.addWidget(self.period_card)

        self.goal_card, box = _card("Goal")
        box.addWidget(muted("The rows name no goal. Count them as conversions of:"))
        row = QHBoxLayout()
        self.goal = QComboBox()
        self.goal.setEditable(True)
        self.goal.setMinimumWidth(260)
        self.goal.activated.connect(self._goal_chosen)
        line = self.goal.lineEdit()
        assert line is not None
        line.editingFinished.connect(self._goal_chosen)
        row.addWidget(self.goal)
        row.addStretch(1)
        box.addLayout(row)
        self.goal_hint = muted()
        box.addWidget(self.goal_hint)
        self.cards.addWidget(self.goal_card)
        self.cards.addStretch(1)

    # -- showing ----------------------------------------------------------------------------
    def show_plan(self) -> None:
        plan, ctx = self.plan, self.w.ctx
        blocking = [q for q in plan.questions if q.blocking]
        open_keys = {q.key for q in plan.questions}
        check = [q for q in plan.questions if not q.blocking]
        if blocking:
            wanted = [QUESTION_TEXT.get(q.key, q.message) for q in blocking]
            self.status.setText("Please answer before continuing: " + " ".join(wanted))
            self.status.setObjectName("fieldError")
        elif check:  # the file leaves something open that the import answers on its own
            self.status.setText("Please check the date order below before continuing.")
            self.status.setObjectName("fieldError")
        else:
            self.status.setText("Nothing is left open. Check the choices below, then continue.")
            self.status.setObjectName("muted")
        self.status.style().unpolish(self.status)  # the object name changed: restyle
        self.status.style().polish(self.status)
        tz = ctx.settings.timezone if ctx.db is not None else "UTC"

        example = date_example(plan, self.w.rows)
        readings = {read_date(example.text, code, tz) for code, _ in ORDERS} if example else set()
        # Dates such as 2026-04-05 read the same in every order: nothing to choose then.
        matters = len(readings) > 1 or bool(plan.options.date_order)
        self.date_card.setVisible(example is not None and matters)
        mixed = next((q for q in plan.questions if q.key == "date_order" and not q.blocking), None)
        auto = self.order_buttons[None]
        auto.setVisible(mixed is not None or bool(plan.options.date_order and plan.date_mixed))
        if example is not None and matters:
            asks = "date_order" in open_keys
            self.date_note.setText(
                mixed.message
                if mixed is not None
                else f"Column '{example.column}' has dates such as '{example.text}'."
                + (" Which order do they use?" if asks else "")
            )
            auto.setText(
                f"As the file reads by itself:  '{example.text}' is "
                f"{_day(read_date(example.text, None, tz, plan))}"
            )
            auto.setChecked(plan.options.date_order is None)
            for code, name in ORDERS:
                button = self.order_buttons[code]
                button.setText(
                    f"{name}:  '{example.text}' is {_day(read_date(example.text, code, tz))}"
                )
                button.setChecked(plan.options.date_order == code)
            if not plan.options.date_order and not asks:
                self.date_note.setText(self.date_note.text() + " The file settles the order.")

        number = number_example(plan, self.w.rows)
        self.decimal_card.setVisible(number is not None)
        if number is not None:
            self.decimal_note.setText(
                f"Column '{number.column}' has numbers such as '{number.text}'."
            )
            for mark, name in DECIMALS:
                value = read_number(number.text, mark)
                shown = f"{value:f}" if value is not None else "not a number"
                self.decimal_buttons[mark].setText(f"{name}:  '{number.text}' is {shown}")
                self.decimal_buttons[mark].setChecked(plan.options.decimal == mark)

        fields = set(plan.field_columns())
        money = fields & {"cost", "value", "platform_value", "conversion_value"}
        named = file_currencies(plan)
        problem = currency_problem(plan, ctx.require_db()) if ctx.db is not None else None
        asks = bool(money) and "currency" not in fields and not named
        self.currency_card.setVisible(asks or bool(named and money) or problem is not None)
        self.currency.setVisible(asks)
        if named:
            listed = "; ".join(f"{code} ({where})" for code, where in named.items())
            self.currency_note.setText(f"The file names the currency of its amounts: {listed}.")
        else:
            self.currency_note.setText("The file names no currency for its amounts. They are in:")
        self.currency_problem.setVisible(problem is not None)
        self.currency_problem.setText(problem or "")
        if problem is not None and not blocking:  # the file's currency has no rate: say so on top
            self.status.setText("The amounts cannot be imported as they are: see Currency below.")
            self.status.setObjectName("fieldError")
            self.status.style().unpolish(self.status)
            self.status.style().polish(self.status)
        base = ctx.settings.currency if ctx.db is not None else ""
        self.currency.setCurrentText(plan.options.currency or base or "EUR")

        spend_without_dates = plan.kind == "spend" and not fields & {"date", "period_start"}
        self.period_card.setVisible(spend_without_dates)
        if spend_without_dates:
            if plan.period_source == "title":
                self.period_note.setText(
                    f"Taken from the file's title line: {plan.header.period_text}."
                )
            elif plan.period:
                self.period_note.setText("The period you chose.")
            else:
                title = f" Its title says '{plan.header.titles[-1]}'." if plan.header.titles else ""
                self.period_note.setText(
                    f"The file has costs per campaign but no dates.{title} Which days do they cover?"
                )
            today = QDate.currentDate()
            for edit, day in zip((self.period_from, self.period_to), plan.period or (None, None),
                                 strict=True):  # fmt: skip
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day) if day else NO_DATE)
                edit.blockSignals(False)
                if day is None:  # the calendar opens on this month, not on the placeholder
                    edit.calendarWidget().setCurrentPage(today.year(), today.month())
            self._period_edited()

        wants_goal = plan.kind != "spend" and "goal" not in fields
        self.goal_card.setVisible(wants_goal)
        if wants_goal:
            names = goal_names(ctx.require_db())
            self.goal.blockSignals(True)
            self.goal.clear()
            self.goal.addItems(names)
            self.goal.setCurrentText(plan.default_goal)
            self.goal.blockSignals(False)
            self.goal_hint.setText(
                ""
                if plan.default_goal.lower() in {n.lower() for n in names}
                else f"A new goal '{plan.default_goal}' will be created."
            )

    def isComplete(self) -> bool:
        return super().isComplete() and not any(q.blocking for q in self.plan.questions)

    # -- choosing ---------------------------------------------------------------------------
    def _order_chosen(self, code: str | None) -> None:
        if code != self.plan.options.date_order:
            self.w.replan(date_order=code)

    def _decimal_chosen(self, mark: str | None) -> None:
        if mark != self.plan.options.decimal:
            self.w.replan(decimal=mark)

    def _currency_chosen(self) -> None:
        code = self.currency.currentText()
        if code != (self.plan.options.currency or ""):
            self.w.replan(currency=code)

    def _period_edited(self) -> None:
        chosen = NO_DATE not in (self.period_from.date(), self.period_to.date())
        self.period_button.setEnabled(chosen)

    def _period_chosen(self) -> None:
        start: date = self.period_from.date().toPython()  # type: ignore[assignment]
        end: date = self.period_to.date().toPython()  # type: ignore[assignment]
        if end < start:
            start, end = end, start
        self.w.replan(period=(start, end))

    def _goal_chosen(self) -> None:
        name = self.goal.currentText().strip()
        if name and name != self.plan.default_goal and not self.w.busy:
            self.w.replan(goal=name)
