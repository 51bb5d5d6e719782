"""Step 2: what the file holds (conversions, spend, touchpoints), its preset, and where the header is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop_app.importing.fields import KINDS
from desktop_app.importing.mappings import list_mappings
from desktop_app.importing.presets import PRESETS
from desktop_app.ui.import_wizard.common import KIND_TEXT, KIND_TITLES, Step, column_letter, muted
from desktop_app.ui.theme import colors

if TYPE_CHECKING:
    from desktop_app.ui.import_wizard.wizard import ImportWizard

MAX_PREVIEW_COLUMNS = 30


class KindStep(Step):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(
            wizard, "What is in the file", "Pre-selected from the column names; change it if wrong."
        )
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        kinds = QHBoxLayout()
        kinds.setSpacing(18)
        self.kind_group = QButtonGroup(self)
        self.kind_buttons: dict[str, QRadioButton] = {}
        for kind in KINDS:
            button = QRadioButton(KIND_TITLES[kind])
            button.setToolTip(KIND_TEXT[kind])
            self.kind_group.addButton(button)
            self.kind_buttons[kind] = button
            kinds.addWidget(button)
            button.clicked.connect(lambda _=False, k=kind: self._kind_chosen(k))
        kinds.addStretch(1)
        layout.addLayout(kinds)
        self.kind_text = muted()
        layout.addWidget(self.kind_text)
        form = QFormLayout()
        form.setHorizontalSpacing(18)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.preset = QComboBox()
        self.preset.setMinimumWidth(420)
        self.preset.activated.connect(self._preset_chosen)
        self.header_row = QSpinBox()
        self.header_row.setRange(1, 40)
        self.header_row.setMinimumWidth(80)
        self.header_row.valueChanged.connect(self._header_chosen)
        form.addRow("Preset", self.preset)
        form.addRow("Column names are in row", self.header_row)
        layout.addLayout(form)
        legend = QHBoxLayout()
        legend.addWidget(QLabel("First rows of the file"))
        legend.addStretch(1)
        self.legend = muted(
            "Highlighted: column names · grey: titles and totals (not imported)", False
        )
        legend.addWidget(self.legend)
        layout.addLayout(legend)
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        layout.addWidget(self.table, 1)

    def show_plan(self) -> None:
        plan = self.plan
        for kind, button in self.kind_buttons.items():
            button.setChecked(kind == plan.kind)
        self.kind_text.setText(KIND_TEXT[plan.kind])
        self.preset.clear()
        self.preset.addItem("Automatic (match the column names)", None)
        for preset in PRESETS.values():
            if preset.kind == plan.kind and preset.signature:
                self.preset.addItem(preset.title, preset.name)
        saved = [m for m in list_mappings(self.w.ctx.require_db()) if m.kind == plan.kind]
        for mapping in saved:
            self.preset.addItem(f"Saved: {mapping.name}", mapping.name)
        chosen = plan.preset.name if plan.preset and plan.preset.signature else plan.saved_mapping
        self.preset.setCurrentIndex(max(0, self.preset.findData(chosen)))
        self.header_row.blockSignals(True)
        self.header_row.setValue(plan.header.row)
        self.header_row.blockSignals(False)
        self._fill_table()

    def _fill_table(self) -> None:
        rows = self.w.rows
        width = min(MAX_PREVIEW_COLUMNS, max((len(r.cells) for r in rows), default=0))
        self.table.clear()
        self.table.setColumnCount(width)
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels([column_letter(i) for i in range(width)])
        self.table.setVerticalHeaderLabels([str(r.number) for r in rows])
        c = colors()
        header_bg = QColor(c["accent"])
        header_bg.setAlpha(50)
        bold, italic = QFont(), QFont()
        bold.setBold(True)
        italic.setItalic(True)
        for row, info in enumerate(rows):
            for col in range(width):
                text = info.cells[col] if col < len(info.cells) else ""
                item = QTableWidgetItem(text)
                if info.role == "header":
                    item.setBackground(QBrush(header_bg))
                    item.setFont(bold)
                    item.setToolTip("The column names")
                elif info.role in ("title", "total"):
                    item.setForeground(QBrush(QColor(c["muted"])))
                    item.setFont(italic)
                    item.setToolTip("A title line" if info.role == "title" else "A total row")
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        for col in range(width):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), 220))

    def _kind_chosen(self, kind: str) -> None:
        if kind != self.plan.kind:
            self.w.replan(kind=kind, preset=None, mapping={})

    def _preset_chosen(self) -> None:
        name = self.preset.currentData()
        current = self.plan.preset.name if self.plan.preset else self.plan.saved_mapping
        if name != current:
            self.w.replan(preset=name, mapping={})

    def _header_chosen(self, row: int) -> None:
        if row != self.plan.header.row:
            self.w.replan(header_row=row, mapping={})

    def role_of(self, number: int) -> str:
        """The role the preview shows for row `number` (for tests and tooltips)."""
        return next((r.role for r in self.w.rows if r.number == number), "")
