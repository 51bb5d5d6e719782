"""Forms keep quiet about fields nobody has touched: messages follow typing or a Save attempt."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop_app.ui.dialogs.campaign_form import CampaignForm
from desktop_app.ui.dialogs.first_start import FirstStartDialog


def shown_messages(dialog: Any) -> list[str]:
    return [
        label.text()
        for label in dialog.findChildren(QLabel)
        if label.objectName() == "fieldError" and label.isVisible() and label.text()
    ]


def test_new_campaign_form_warns_only_after_the_tags_are_touched(main_window, qtbot) -> None:
    form = CampaignForm(main_window.ctx.require_db(), "EUR", parent=main_window)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    assert not form.builder.warning_label.isVisible()
    assert shown_messages(form) == []
    assert not form.save_button.isEnabled()  # still invalid: no name yet
    qtbot.keyClicks(form.source_edit, "google")
    assert form.builder.warning_label.isVisible()
    assert form.builder.warning_label.text().startswith("Give both utm_source and utm_medium")
    qtbot.keyClicks(form.medium_edit, "cpc")
    assert not form.builder.warning_label.isVisible()
    form.reject()


def test_first_start_names_the_missing_name_only_once_touched(qtbot) -> None:
    dialog = FirstStartDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert shown_messages(dialog) == []
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.name_edit, "L")
    assert dialog.ok_button.isEnabled() and shown_messages(dialog) == []
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Backspace)
    assert shown_messages(dialog) == ["Enter your business's name."]
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.name_edit, "Lakeside Dental Studio")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == FirstStartDialog.DialogCode.Accepted
    assert dialog.values()["name"] == "Lakeside Dental Studio"


def test_dialog_buttons_are_plain_text(main_window, qtbot) -> None:
    """Stock icons (a floppy disk, a red X) showed in some dialogs and not in others."""
    from datetime import date

    from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox

    from desktop_app.ui.dialogs.export_report import ExportReportDialog
    from desktop_app.ui.dialogs.goal_form import GoalForm
    from desktop_app.ui.dialogs.log_conversion import LogConversionDialog

    ctx = main_window.ctx
    db = ctx.require_db()
    dialogs = [
        FirstStartDialog(main_window),
        CampaignForm(db, "EUR", parent=main_window),
        GoalForm(db, "EUR", parent=main_window),
        LogConversionDialog(ctx, main_window),
        ExportReportDialog(ctx, main_window, date(2026, 6, 1), date(2026, 6, 30)),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        buttons = [
            b for box in dialog.findChildren(QDialogButtonBox) for b in box.buttons()
        ] or dialog.findChildren(QAbstractButton)
        assert buttons, type(dialog).__name__
        for button in buttons:
            if button.text():
                assert button.icon().isNull(), (type(dialog).__name__, button.text())
        dialog.reject()


def test_the_theme_turns_button_box_icons_off_where_the_platform_wants_them(qtbot) -> None:
    """Desktop platform themes ask for icons on Save/Cancel; the offscreen one does not, so a
    style that asks for them stands in, and the theme's stylesheet must still win."""
    from PySide6.QtWidgets import QDialogButtonBox, QProxyStyle, QStyle

    class IconsWanted(QProxyStyle):
        def styleHint(self, hint, option=None, widget=None, data=None):  # type: ignore[no-untyped-def]
            if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
                return 1
            return super().styleHint(hint, option, widget, data)

    box = QDialogButtonBox()
    qtbot.addWidget(box)
    style = IconsWanted("Fusion")
    box.setStyle(style)
    box.setStandardButtons(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    assert [b.icon().isNull() for b in box.buttons()] == [True, True]
