"""A form layout whose fields each carry an error line, shown once the user has touched the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

W = TypeVar("W", bound=QWidget)


class FieldForm(QFormLayout):
    """Rows of label, field and a red message under the field; `touched` decides what shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLabelAlignment(self.labelAlignment())
        self.setHorizontalSpacing(14)
        self.setVerticalSpacing(6)
        self.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.touched: set[str] = set()

    def add(self, key: str, label: str, field: W, hint: str = "") -> W:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        error = QLabel()
        error.setObjectName("fieldError")
        # One line, no wrapping: QFormLayout gives wrapped labels too little height and they
        # overlap the next row; the forms are wide enough for their messages instead.
        error.hide()
        column.addWidget(error)
        if hint:
            note = QLabel(hint)
            note.setObjectName("muted")
            column.addWidget(note)
        self.addRow(label, box)
        self.fields[key], self.errors[key] = field, error
        self._watch(key, field)
        return field

    def _watch(self, key: str, field: QWidget) -> None:
        def touch(*_: object) -> None:
            self.touched.add(key)

        if isinstance(field, QLineEdit):
            field.textEdited.connect(touch)
        elif isinstance(field, QComboBox):
            field.activated.connect(touch)
            line = field.lineEdit() if field.isEditable() else None
            if line is not None:
                line.textEdited.connect(touch)
        elif isinstance(field, QDateEdit):
            field.dateChanged.connect(touch)
        elif isinstance(field, QPlainTextEdit):
            field.textChanged.connect(touch)

    def show_errors(self, errors: dict[str, str], everything: bool = False) -> None:
        """Show each field's message (only for touched fields unless `everything`)."""
        grew = False
        for key, label in self.errors.items():
            message = errors.get(key, "")
            visible = bool(message) and (everything or key in self.touched)
            grew = grew or (visible and label.isHidden())
            label.setText(message if visible else "")
            label.setVisible(visible)
            self.fields[key].setProperty("invalid", visible)
            self.fields[key].setToolTip(message if visible else "")
        window = self.parentWidget()
        if grew and window is not None and window.isVisible():
            # A new message line needs room: let the dialog grow rather than squash the fields.
            self.activate()
            window.resize(window.width(), max(window.height(), window.sizeHint().height()))


def save_cancel_buttons(
    on_save: Callable[[], None], on_cancel: Callable[[], None]
) -> tuple[QDialogButtonBox, QPushButton]:
    """A form's Save / Cancel row; Save is the primary, default button (Enter saves)."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    save.setObjectName("primary")
    save.setDefault(True)
    buttons.accepted.connect(on_save)
    buttons.rejected.connect(on_cancel)
    return buttons, save


def recheck_on_change(check: Callable[[], object], *fields: QWidget) -> None:
    """Run `check` whenever one of the line edits, combo boxes or date fields changes."""
    for field in fields:
        if isinstance(field, QLineEdit):
            field.textChanged.connect(check)
        elif isinstance(field, QComboBox):
            field.currentIndexChanged.connect(check)
        elif isinstance(field, QDateEdit):
            field.dateChanged.connect(check)
        else:
            raise TypeError(f"cannot watch a {type(field).__name__}")
