"""Help > Metrics (F1): what every figure means, from domain/definitions.py (the README says the
same)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop_app.domain.definitions import markdown

INTRO = (
    "# What the figures mean\n\n"
    'Every page counts the same way. A figure shows "—" where it cannot be calculated, and '
    "is muted where it rests on too few conversions to compare.\n\n"
)


class MetricsHelp(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Metrics")
        self.resize(640, 620)
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setMarkdown(INTRO + markdown())
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
