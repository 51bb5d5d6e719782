"""The UTM link builder inside the campaign form: landing page + tags → a tagged URL to copy."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from desktop_app.domain.utm import UtmLink, UtmTags, build_link
from desktop_app.ui.models.campaign_models import color_dot


class UtmBuilder(QFrame):
    """Shows the tagged URL and GA4's channel for the campaign's tags as they are typed."""

    copied = Signal(str)
    medium_suggested = Signal(str)  # the fix button's medium, for the form's utm_medium

    def __init__(self, colors_by_channel: dict[str, str]) -> None:
        super().__init__()
        self.setObjectName("card")
        self.colors_by_channel = colors_by_channel
        self.link: UtmLink | None = None
        self._fix_link: UtmLink | None = None  # the link whose fix the button offers
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 10, 14, 12)
        column.setSpacing(6)
        title = QLabel("Link builder")
        title.setObjectName("strong")
        column.addWidget(title)
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        self.landing_edit = QLineEdit()
        self.landing_edit.setPlaceholderText("https://www.example.com/offer")
        self.content_edit = QLineEdit()
        self.content_edit.setPlaceholderText("optional: which ad or link, e.g. banner_a")
        self.term_edit = QLineEdit()
        self.term_edit.setPlaceholderText("optional: the paid keyword")
        form.addRow("Landing page", self.landing_edit)
        form.addRow("utm_content", self.content_edit)
        form.addRow("utm_term", self.term_edit)
        column.addLayout(form)
        row = QHBoxLayout()
        self.url_edit = QPlainTextEdit()
        self.url_edit.setReadOnly(True)
        self.url_edit.setTabChangesFocus(True)
        self.url_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.url_edit.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)
        self.url_edit.setFixedHeight(70)
        self.url_edit.setPlaceholderText("Enter a landing page: the tagged link appears here.")
        self.copy_button = QPushButton("Copy")
        self.copy_button.setEnabled(False)
        self.copy_button.setAutoDefault(False)  # Enter saves the campaign, it does not copy
        self.copy_button.clicked.connect(self.copy)
        row.addWidget(self.url_edit, 1)
        row.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(row)
        channel_row = QHBoxLayout()
        self.dot = QLabel()
        self.channel_label = QLabel()
        channel_row.addWidget(self.dot)
        channel_row.addWidget(self.channel_label, 1)
        column.addLayout(channel_row)
        self.warning_label = QLabel()
        self.warning_label.setObjectName("fieldError")
        self.warning_label.setWordWrap(True)
        self.warning_label.hide()
        column.addWidget(self.warning_label)
        # The fix the warning names: a medium GA4 knows, or GA4's channel-group condition.
        self.fix_button = QPushButton()
        self.fix_button.setAutoDefault(False)
        self.fix_button.hide()
        self.fix_button.clicked.connect(self._fix)
        column.addWidget(self.fix_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addStretch(1)
        for edit in (self.landing_edit, self.content_edit, self.term_edit):
            edit.textChanged.connect(self._changed)
        self._tags = UtmTags()
        self._channel = ""
        self._warn = True

    def update_link(
        self, source: str, medium: str, campaign: str, channel: str, warn: bool = True
    ) -> None:
        """Called by the form whenever the campaign's tags or channel change; `warn` False keeps
        the tag warnings back until the user has touched the tags (or tried to save)."""
        self._tags = UtmTags(source, medium, campaign)
        self._channel = channel
        self._warn = warn
        self._changed()

    def _changed(self) -> None:
        tags = UtmTags(
            self._tags.source,
            self._tags.medium,
            self._tags.campaign,
            self.content_edit.text(),
            self.term_edit.text(),
        )
        has_page = bool(self.landing_edit.text().strip())
        link = build_link(
            self.landing_edit.text() if has_page else "https://x", tags, self._channel
        )
        self.link = link if has_page else None
        self.url_edit.setPlainText(link.url if has_page else "")
        self.copy_button.setText("Copy")
        self.copy_button.setEnabled(has_page and bool(link.url))
        channel = link.classification.channel
        if tags.source.strip() or tags.medium.strip() or tags.campaign.strip():
            color = self.colors_by_channel.get(channel, "#A0A0A0")
            self.dot.setPixmap(color_dot(color).pixmap(12, 12))
            self.channel_label.setText(f"GA4 will count these visits as <b>{channel}</b>")
            self.channel_label.setToolTip(link.classification.rule)
        else:
            self.dot.clear()
            self.channel_label.setText("Fill in utm_source and utm_medium to see the channel.")
        problem = link.problem if has_page else ""
        warning = link.warning if self._warn else ""
        message = " ".join(m for m in (problem, warning) if m)
        self.warning_label.setText(message)
        self.warning_label.setVisible(bool(message))
        fix = ""
        if warning and link.medium_fix:
            fix = f"Use medium '{link.medium_fix}'"
        elif warning and link.ga4_condition:
            fix = "Copy the GA4 condition"
        self.fix_button.setText(fix)
        self.fix_button.setToolTip(link.ga4_condition)
        self.fix_button.setVisible(bool(fix))
        self._fix_link = link

    def _fix(self) -> None:
        link = self._fix_link
        if link is None:
            return
        if link.medium_fix:
            self.medium_suggested.emit(link.medium_fix)
        elif link.ga4_condition:
            QApplication.clipboard().setText(link.ga4_condition)
            self.fix_button.setText("Copied: paste it into GA4's channel group")

    def copy(self) -> None:
        url = self.url_edit.toPlainText()
        if url:
            QApplication.clipboard().setText(url)
            self.copied.emit(url)
            self.copy_button.setText("Copied")
