"""Step 1: the file and the sheet — format, encoding and separator as detected, changeable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop_app.domain import formatting
from desktop_app.importing.sniff import MIXED
from desktop_app.ui.import_wizard.common import Step, muted

if TYPE_CHECKING:
    from desktop_app.ui.import_wizard.wizard import ImportWizard

FORMATS = {
    "text": "Text file (CSV)",
    "xlsx": "Excel workbook (.xlsx)",
    "xls": "Excel 97–2003 workbook (.xls)",
    "xlsb": "Excel binary workbook (.xlsb)",
    "ods": "OpenDocument spreadsheet (.ods)",
}
ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (with byte order mark)",
    MIXED: "UTF-8, some lines Windows-1252",
    "cp1252": "Windows-1252 (Western Europe)",
    "latin-1": "ISO-8859-1 (Latin-1)",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16 LE (no byte order mark)",
}
DELIMITERS = {",": "Comma  ,", ";": "Semicolon  ;", "\t": "Tab", "|": "Vertical bar  |"}


class FileStep(Step):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard, "File and sheet", "Check that the file is read the right way.")
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        card = QFrame()
        card.setObjectName("card")
        form = QFormLayout(card)
        form.setContentsMargins(16, 14, 16, 14)
        form.setHorizontalSpacing(18)
        form.setVerticalSpacing(10)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.file_label = QLabel()
        self.file_label.setObjectName("strong")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.format_label = QLabel()
        self.encoding = QComboBox()
        self.delimiter = QComboBox()
        self.encoding.setMinimumWidth(300)
        self.delimiter.setMinimumWidth(300)
        for code, name in ENCODINGS.items():
            self.encoding.addItem(name, code)
        for code, name in DELIMITERS.items():
            self.delimiter.addItem(name, code)
        form.addRow("File", self.file_label)
        form.addRow("Format", self.format_label)
        form.addRow("Encoding", self.encoding)
        form.addRow("Separator", self.delimiter)
        self.form = form
        layout.addWidget(card)
        self.sheets_title = QLabel("Sheets")
        self.sheets_title.setObjectName("strong")
        self.sheets = QTableWidget(0, 3)
        self.sheets.setHorizontalHeaderLabels(["Sheet", "Rows", "Columns"])
        self.sheets.verticalHeader().hide()
        self.sheets.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sheets.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sheets.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sheets.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.show_hidden = QCheckBox("Show hidden sheets")
        self.hidden_warning = QLabel(
            "This sheet is hidden in the workbook. Hidden sheets often hold helper tables or old "
            "figures; import it only if you are sure it is the right one."
        )
        self.hidden_warning.setObjectName("fieldError")
        self.hidden_warning.setWordWrap(True)
        layout.addWidget(self.sheets_title)
        layout.addWidget(self.sheets, 1)
        layout.addWidget(self.show_hidden)
        layout.addWidget(self.hidden_warning)
        self.text_hint = muted(
            "If letters such as ä, é or € look wrong in the next step, choose another encoding. "
            "If all columns end up in one, choose another separator."
        )
        layout.addWidget(self.text_hint)
        layout.addStretch(0)
        self.encoding.activated.connect(self._encoding_chosen)
        self.delimiter.activated.connect(self._delimiter_chosen)
        self.sheets.itemSelectionChanged.connect(self._sheet_chosen)
        self.show_hidden.toggled.connect(lambda _on: self.show_plan())

    def show_plan(self) -> None:
        plan = self.plan
        fmt = plan.source.format
        size = plan.path.stat().st_size if plan.path.exists() else 0
        self.file_label.setText(f"{plan.file}   ({_size_text(size)})")
        text = fmt.kind == "text"
        self.format_label.setText(FORMATS.get(fmt.kind, fmt.kind))
        for combo in (self.encoding, self.delimiter):
            combo.setVisible(text)
            self.form.labelForField(combo).setVisible(text)
        self.text_hint.setVisible(text)
        if text:
            self._select(self.encoding, fmt.encoding or "utf-8", ENCODINGS)
            self._select(self.delimiter, plan.source.delimiter or ",", DELIMITERS)
        self.sheets_title.setVisible(not text)
        self.sheets.setVisible(not text)
        hidden = [s for s in plan.sheets if not s.visible]
        self.show_hidden.setVisible(not text and bool(hidden))
        current = next((s for s in plan.sheets if s.name == plan.sheet), None)
        self.hidden_warning.setVisible(current is not None and not current.visible and not text)
        if current is not None and not current.visible:
            self.show_hidden.blockSignals(True)
            self.show_hidden.setChecked(True)
            self.show_hidden.blockSignals(False)
        shown = [s for s in plan.sheets if s.visible or self.show_hidden.isChecked()]
        self.sheets.blockSignals(True)
        self.sheets.setRowCount(len(shown))
        for row, info in enumerate(shown):
            name = str(info.name) + ("   (hidden)" if not info.visible else "")
            cells = [name, f"{formatting.number(info.rows)}", f"{formatting.number(info.columns)}"]
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, info.name)
                if col:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.sheets.setItem(row, col, item)
            if info.name == plan.sheet:
                self.sheets.selectRow(row)
        self.sheets.blockSignals(False)

    @staticmethod
    def _select(combo: QComboBox, code: str, names: dict[str, str]) -> None:
        index = combo.findData(code)
        if index < 0:
            combo.addItem(names.get(code, code), code)
            index = combo.count() - 1
        combo.setCurrentIndex(index)

    def _encoding_chosen(self) -> None:
        if self.encoding.currentData() != self.plan.source.format.encoding:
            self.w.replan(encoding=self.encoding.currentData())

    def _delimiter_chosen(self) -> None:
        if self.delimiter.currentData() != self.plan.source.delimiter:
            # A new separator means new columns: the header and mapping are found afresh.
            self.w.replan(delimiter=self.delimiter.currentData(), mapping={}, header_row=None)

    def _sheet_chosen(self) -> None:
        items = self.sheets.selectedItems()
        if items and items[0].data(Qt.ItemDataRole.UserRole) != self.plan.sheet:
            self.w.replan(
                sheet=items[0].data(Qt.ItemDataRole.UserRole), mapping={}, header_row=None
            )


def _size_text(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{formatting.number(size / 1024, 1)} KB"
    return f"{formatting.number(size / 1024 / 1024, 1)} MB"
