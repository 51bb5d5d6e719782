"""Step 6: what the import did, with a link to the batch in the import history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desktop_app.domain import formatting
from desktop_app.importing.wording import plural
from desktop_app.ui.import_wizard.common import KIND_TITLES, Step, muted

if TYPE_CHECKING:
    from desktop_app.ui.import_wizard.wizard import ImportWizard

COUNTS = (
    ("rows_read", "Rows read"),
    ("inserted", "Added"),
    ("updated", "Updated"),
    ("duplicates", "Already there"),
    ("rejected", "Skipped (problems)"),
)


class SummaryStep(Step):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard, "Imported", "The rows are saved as one batch you can undo.")
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        self.headline = QLabel()
        self.headline.setObjectName("stepHeadline")
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        card = QFrame()
        card.setObjectName("card")
        grid = QGridLayout(card)
        grid.setContentsMargins(18, 14, 18, 14)
        grid.setHorizontalSpacing(28)
        self.values: dict[str, QLabel] = {}
        for col, (key, title) in enumerate(COUNTS):
            value = QLabel("0")
            value.setObjectName("kpiValue")
            label = QLabel(title)
            label.setObjectName("kpiLabel")
            grid.addWidget(value, 0, col)
            grid.addWidget(label, 1, col)
            self.values[key] = value
        layout.addWidget(card)
        self.created = muted()
        layout.addWidget(self.created)
        self.history_button = QPushButton("Show in the import history")
        self.history_button.setObjectName("primary")
        self.history_button.clicked.connect(self._show_batch)
        row = QHBoxLayout()
        row.addWidget(self.history_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(muted("Imported the wrong file? Undo it from the import history."))
        layout.addStretch(1)

    def initializePage(self) -> None:
        result = self.w.outcome
        if result is None:
            return
        self.headline.setText(
            f"{result.file}: {KIND_TITLES[result.kind].lower()} imported as batch {result.batch}."
        )
        counts = {
            "rows_read": result.rows_read,
            "inserted": result.inserted,
            "updated": result.updated,
            "duplicates": result.duplicates,
            "rejected": len(result.rejected),
        }
        for key, value in counts.items():
            self.values[key].setText(f"{formatting.number(value)}")
        made = [
            plural(len(names), f"new {kind[:-1]}", f"new {kind}")
            for kind, names in result.created.items()
            if names
        ]
        lines = [f"{line[0].upper()}{line[1:]}." for line in result.explained]
        if made:
            lines.append("Created " + ", ".join(made) + ".")
        self.created.setText("\n".join(lines))

    def _show_batch(self) -> None:
        if self.w.outcome is not None and self.w.outcome.batch is not None:
            self.w.show_batch.emit(self.w.outcome.batch)
            self.w.accept()

    def isComplete(self) -> bool:
        return self.w.outcome is not None
