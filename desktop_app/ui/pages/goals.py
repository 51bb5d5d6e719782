"""Goals: what counts as a conversion, with each goal's target progress and recent conversions."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
)

from desktop_app.domain import formatting
from desktop_app.store import Database
from desktop_app.store.goals import (
    GoalRow,
    create_goal,
    delete_goal,
    goal_conversion_count,
    list_goals,
    set_goal_archived,
    update_goal,
)
from desktop_app.ui.dialogs.goal_form import GoalForm
from desktop_app.ui.models.goals_model import NAME, SORT_ROLE, GoalsModel
from desktop_app.ui.pages.base import Page
from desktop_app.ui.pages.record_actions import (
    Record,
    RecordKind,
    add_record,
    delete_record,
    edit_record,
    toggle_archived,
)
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.widgets.record_table import RecordTable, empty_state

_MARGIN_HINT_KEY = "hints/goal_margin_dismissed"


class GoalsPage(Page):
    key = "goals"
    title = "Goals"
    icon = "goals"
    subtitle = (
        "What counts as a conversion: the results you are in business for, and the steps to them."
    )

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.new_button = QPushButton("New goal")
        self.new_button.setObjectName("primary")
        self.new_button.setShortcut("Ctrl+Shift+G")
        self.new_button.clicked.connect(self.new_goal)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(self.edit_goal)
        self.archive_button = QPushButton("Archive")
        self.archive_button.clicked.connect(self.toggle_archived)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete_goal)
        for button in (self.edit_button, self.archive_button, self.delete_button, self.new_button):
            self.header.addWidget(button)
        self.model = GoalsModel()
        self.table = RecordTable(self.model, SORT_ROLE)
        self.table.open_requested.connect(self.edit_goal)
        self._measured: dict[int, int] | None = None  # the columns' text widths (_fit)
        self.table.resized.connect(self._fit)
        self.table.delete_requested.connect(self.delete_goal)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        card = QFrame()
        card.setObjectName("card")
        lay = QVBoxLayout(card)
        lay.setContentsMargins(1, 1, 1, 1)
        lay.addWidget(self.table)
        hint = QLabel(
            "Double-click a goal to edit it. Goals with conversions are archived rather than "
            "deleted, so their history stays in your reports."
        )
        hint.setObjectName("muted")
        table_box = QFrame()
        column = QVBoxLayout(table_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self._margin_hint())
        column.addWidget(card, 1)
        column.addWidget(hint)
        first = QPushButton("Create your first goal")
        first.setObjectName("primary")
        first.clicked.connect(self.new_goal)
        self.empty = empty_state(
            "goals",
            "No goals yet",
            "A goal is one kind of result you want from your marketing:\n"
            "a sale, a quote request, a booked call, a newsletter sign-up.\n"
            "Create one, then log or import its conversions.",
            first,
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(table_box)
        self.body.addWidget(self.stack, 1)
        self._update_buttons()

    def _margin_hint(self) -> QFrame:
        """A one-sentence hint while no goal has a gross margin, until the user says "Got it"."""
        self.margin_hint = QFrame()
        self.margin_hint.setObjectName("card")
        row = QHBoxLayout(self.margin_hint)
        row.setContentsMargins(14, 8, 10, 8)
        text = QLabel(
            "Tip: give a sale its gross margin (the share of its value left after the cost of "
            "the goods or the work) and the reports show whether the ads paid for themselves."
        )
        text.setWordWrap(True)
        self.margin_hint_text = text
        got_it = QPushButton("Got it")
        got_it.clicked.connect(self._dismiss_margin_hint)
        self.margin_hint_button = got_it
        row.addWidget(text, 1)
        row.addWidget(got_it)
        self.margin_hint.setVisible(False)
        return self.margin_hint

    def _dismiss_margin_hint(self) -> None:
        QSettings().setValue(_MARGIN_HINT_KEY, True)
        self.margin_hint.setVisible(False)

    # -- data -----------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.ctx.db is None:
            return
        selected = self.selected_goal()
        rows = list_goals(self.ctx.db, self.ctx.today())
        self.model.load(rows)
        self._measured = None  # new rows: measure their text again
        self.stack.setCurrentIndex(1 if rows else 0)
        dismissed = QSettings().value(_MARGIN_HINT_KEY, False, type=bool)
        self.margin_hint.setVisible(
            bool(rows) and not dismissed and all(r.margin is None for r in rows)
        )
        for button in (self.edit_button, self.archive_button, self.delete_button):
            button.setVisible(bool(rows))  # nothing to edit in the empty state
        self._fit()
        if selected is not None:
            self.select_goal(selected.id)
        self._update_buttons()

    def _fit(self) -> None:
        """Figures as wide as their text (the header's or the widest cell's) and the name takes
        the room they leave, so no sideways scroll bar hides a column at 1280 wide. The text
        widths are measured when the rows change; a resize only shares out the room again (it
        measured every cell on each of the three resizes of a first show: 17 ms each)."""
        table, header = self.table, self.table.horizontalHeader()
        if self._measured is None:
            header.setStretchLastSection(False)
            metrics = header.fontMetrics()
            measured = {}
            for col in range(self.model.columnCount()):
                label = str(self.model.headerData(col, Qt.Orientation.Horizontal))
                # 16 for the header's padding, 12 more for a sort arrow
                measured[col] = max(
                    table.sizeHintForColumn(col) + 12, metrics.horizontalAdvance(label) + 28
                )
            self._measured = measured
        widths = dict(self._measured)
        others = sum(w for c, w in widths.items() if c != NAME)
        widths[NAME] = max(widths[NAME], table.viewport().width() - others)
        for col, width in widths.items():
            if table.columnWidth(col) != width:
                table.setColumnWidth(col, width)

    def selected_goal(self) -> GoalRow | None:
        rows = self.table.selected_rows()
        return self.model.row_at(rows[0]) if rows else None

    def select_goal(self, goal_id: int) -> None:
        for n, row in enumerate(self.model.rows):
            if row.id == goal_id:
                self.table.select_source_row(n)

    def _update_buttons(self) -> None:
        goal = self.selected_goal()
        for button in (self.edit_button, self.archive_button, self.delete_button):
            button.setEnabled(goal is not None)
        self.archive_button.setText("Restore" if goal and goal.archived else "Archive")
        self.delete_button.setEnabled(goal is not None and not goal.has_conversions)
        self.delete_button.setToolTip(
            "A goal with conversions cannot be deleted; archive it instead."
            if goal and goal.has_conversions
            else ""
        )

    # -- actions --------------------------------------------------------------------------
    def new_goal(self) -> None:
        """Open the form for a new goal (also the welcome page's "Create your first goal")."""
        goal_id = add_record(self, self.ctx, GOALS)
        if goal_id is not None:
            self.refresh()
            self.select_goal(goal_id)

    def edit_goal(self) -> None:
        edit_record(self, self.ctx, GOALS, self.selected_goal())

    def toggle_archived(self) -> None:
        toggle_archived(self.ctx, GOALS, self.selected_goal())

    def delete_goal(self) -> None:
        delete_record(self, self.ctx, GOALS, self.selected_goal())


def _goal_in_use(db: Database, goal: Record) -> str | None:
    count = goal_conversion_count(db, goal.id)
    if not count:
        return None
    return (
        f"'{goal.name}' has {formatting.number(count)} conversions, so it cannot be deleted "
        "without losing them. Archive it instead: it leaves the lists but stays in reports."
    )


GOALS = RecordKind(
    "goal", "goals", GoalForm, create_goal, update_goal, set_goal_archived, delete_goal,
    _goal_in_use, lambda goal: f"Delete the goal '{goal.name}'? It has no conversions.",
)  # fmt: skip
