"""Step 3: which field each column fills — guessed, changeable, required ones checked, savable as a preset."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop_app.importing.fields import IGNORE, all_fields
from desktop_app.importing.mappings import save_mapping
from desktop_app.importing.planning import REQUIRED
from desktop_app.ui import seams
from desktop_app.ui.import_wizard.common import Step, column_letter, field_label, muted
from desktop_app.ui.theme import colors

if TYPE_CHECKING:
    from desktop_app.ui.import_wizard.wizard import ImportWizard

NOT_IMPORTED = "— not imported —"
COL_LETTER, COL_HEADER, COL_SAMPLES, COL_FIELD = range(4)


class MappingStep(Step):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(
            wizard,
            "Columns",
            "Each column of the file and the field it fills. Choose another field where the guess "
            "is wrong.",
        )
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        self.required = QLabel()
        self.required.setTextFormat(Qt.TextFormat.RichText)
        self.required.setWordWrap(True)
        layout.addWidget(self.required)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            ["", "Column in the file", "Sample values", "Imported as"]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.setWordWrap(False)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(COL_LETTER, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(COL_HEADER, QHeaderView.ResizeMode.Interactive)
        head.setSectionResizeMode(COL_SAMPLES, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(COL_FIELD, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(COL_HEADER, 220)
        self.table.setColumnWidth(COL_FIELD, 230)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.saved_note = muted(wrap=False)
        row.addWidget(self.saved_note, 1)
        self.save_button = QPushButton("Save as preset…")
        self.save_button.setToolTip("Remember these choices for files with the same columns")
        self.save_button.clicked.connect(self.save_preset)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.combos: list[QComboBox] = []

    def show_plan(self) -> None:
        plan = self.plan
        c = colors()
        fields = all_fields(plan.kind)
        samples = self._samples()
        self.table.setRowCount(len(plan.columns))
        self.combos = []
        italic = QFont()
        italic.setItalic(True)
        for row, column in enumerate(plan.columns):
            letter = QTableWidgetItem(column_letter(column.index))
            letter.setForeground(QBrush(QColor(c["muted"])))
            header = QTableWidgetItem(column.header or "(no name)")
            sample = QTableWidgetItem("   ·   ".join(samples.get(column.index, [])))
            sample.setForeground(QBrush(QColor(c["muted"])))
            combo = QComboBox()
            combo.addItem(NOT_IMPORTED, IGNORE)
            for name in fields:
                combo.addItem(field_label(name), name)
            combo.setCurrentIndex(max(0, combo.findData(column.field or IGNORE)))
            combo.setProperty("column", column.header)
            if column.field is None:
                header.setForeground(QBrush(QColor(c["muted"])))
                header.setFont(italic)
                header.setToolTip("Not imported: choose a field to import this column")
                combo.setStyleSheet(f"QComboBox {{ color: {c['muted']}; font-style: italic; }}")
            else:
                header.setToolTip(
                    f"Imported as {field_label(column.field)} ({column.how or 'chosen'})"
                )
            combo.activated.connect(lambda _i, r=row: self._field_chosen(r))
            self.table.setItem(row, COL_LETTER, letter)
            self.table.setItem(row, COL_HEADER, header)
            self.table.setItem(row, COL_SAMPLES, sample)
            self.table.setCellWidget(row, COL_FIELD, combo)
            self.combos.append(combo)
        self.required.setText(self._required_text())
        mapped = sum(1 for col in plan.columns if col.field)
        note = f"{mapped} of {len(plan.columns)} columns are imported."
        if plan.saved_mapping:
            note += f" Using your saved preset '{plan.saved_mapping}'."
        self.saved_note.setText(note)

    def _samples(self) -> dict[int, list[str]]:
        found: dict[int, list[str]] = {}
        for info in self.w.rows:
            if info.role != "data":
                continue
            for index, text in enumerate(info.cells):
                values = found.setdefault(index, [])
                if text.strip() and len(values) < 3 and text not in values:
                    values.append(text.strip()[:40])
        return found

    def _required_text(self) -> str:
        c = colors()
        have = {col.field for col in self.plan.columns if col.field}
        parts = []
        if self.plan.kind == "spend":  # not in REQUIRED: a spend file may give its period instead
            if have & {"date", "period_start"}:
                parts.append(f"<span style='color:{c['good']}'>✓</span> Date")
            elif self.plan.period:
                parts.append(
                    f"<span style='color:{c['good']}'>✓</span> Date (the period {_period(self.plan.period)})"
                )
            else:
                parts.append("○ Date (or the period the file covers, asked next)")
        for group in REQUIRED[self.plan.kind]:
            names = " or ".join(field_label(f) for f in group)
            if have & set(group):
                parts.append(f"<span style='color:{c['good']}'>✓</span> {names}")
            else:
                parts.append(f"<span style='color:{c['bad']}'>✗ {names} (choose a column)</span>")
        return "Needed: " + "&nbsp;&nbsp;&nbsp;".join(parts)

    def mapping(self) -> dict[str, str]:
        """Header -> field (or 'ignore') as the combos show it now."""
        result: dict[str, str] = {}
        for combo in self.combos:
            header = str(combo.property("column") or "")
            if header.strip() and header not in result:
                result[header] = str(combo.currentData())
        return result

    def _field_chosen(self, row: int) -> None:
        combo = self.combos[row]
        chosen = str(combo.currentData())
        if chosen != IGNORE:  # a field is filled by one column: the other one lets go of it
            for other in self.combos:
                if other is not combo and other.currentData() == chosen:
                    other.setCurrentIndex(0)
        self.w.replan(mapping=self.mapping())

    def save_preset(self) -> None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Save as preset")
        dialog.setLabelText(
            "Name of the preset (files with the same columns will use it automatically):"
        )
        dialog.setTextValue(self.plan.path.stem)
        if not seams.run_dialog(dialog):
            return
        name = dialog.textValue().strip()
        if not name:
            return
        plan = self.plan
        mapping: dict[str, str | None] = {c.header: c.field for c in plan.columns if c.header}
        try:
            save_mapping(self.w.ctx.require_db(), name, plan.kind, plan.header.headers, mapping)
        except ValueError as exc:
            seams.show_error(self, "Cannot save the preset", str(exc))
            return
        self.saved_note.setText(f"Saved as preset '{name}'.")


def _period(period: tuple[date, date]) -> str:
    start, end = period
    return start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"
