"""Light and dark appearance: Fusion style, a palette that follows the system, and the app's stylesheet."""

from __future__ import annotations

import os
from functools import cache

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from desktop_app.resources import resource_path

ACCENT = "#3F6FD8"
GOOD = "#1E8E3E"
BAD = "#C5221F"


def is_dark() -> bool:
    app = QApplication.instance()
    return bool(app and app.property("ct_dark"))


def _wants_dark() -> bool:
    choice = os.environ.get("CONVERSION_TRACKER_THEME") or str(
        QSettings().value("appearance/theme", "system")
    )
    if choice in ("dark", "light"):
        return choice == "dark"
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication, dark: bool | None = None) -> None:
    """Fusion style with a light or dark palette and the app's stylesheet."""
    dark = _wants_dark() if dark is None else dark
    # Set the style once: setting it again while a QWizard is open crashes Qt (and once a style
    # sheet is applied, app.style() is a wrapper whose name is not "fusion", so ask a flag).
    if not app.property("ct_fusion"):
        app.setStyle("Fusion")
        app.setProperty("ct_fusion", True)
    app.setProperty("ct_dark", dark)
    app.setPalette(_palette(dark))
    app.setStyleSheet(_stylesheet(dark))
    _tinted_icon.cache_clear()


def _palette(dark: bool) -> QPalette:
    p = QPalette()
    if dark:
        base, window, text, alt, button = "#1E1F22", "#26282C", "#E6E6E6", "#2B2D31", "#2F3136"
        disabled = "#7A7C80"
    else:
        base, window, text, alt, button = "#FFFFFF", "#F4F5F7", "#1F2328", "#F7F8FA", "#FFFFFF"
        disabled = "#9AA0A6"
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: alt,
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: button,
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.ToolTipBase: base,
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: disabled,
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: "#FFFFFF",
        QPalette.ColorRole.Link: "#8AB4F8" if dark else ACCENT,
    }
    for role, color in roles.items():
        p.setColor(role, QColor(color))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return p


def colors() -> dict[str, str]:
    """Named colours of the current appearance, for widgets that paint or style themselves."""
    if is_dark():
        return {
            "text": "#E6E6E6", "muted": "#A0A4AB", "card": "#2B2D31", "border": "#3A3D42",
            "sidebar": "#1B1C1F", "accent": "#8AB4F8", "good": "#81C995", "bad": "#F28B82",
            "window": "#26282C",
        }  # fmt: skip
    return {
        "text": "#1F2328", "muted": "#5F6368", "card": "#FFFFFF", "border": "#E1E4E8",
        "sidebar": "#EBEDF0", "accent": ACCENT, "good": GOOD, "bad": BAD, "window": "#F4F5F7",
    }  # fmt: skip


def _sort_arrow(order: str) -> str:
    # Fusion draws an up arrow for descending order (newest first showed ▲); people read it
    # the other way round. The stylesheet's up-arrow is Qt's ascending indicator, down-arrow its
    # descending one: ▲ on ascending (A to Z, oldest first), ▼ on descending (newest first).
    return resource_path("icons", "sort", f"{order}.svg").as_posix()


def _stylesheet(dark: bool) -> str:
    c = colors() if QApplication.instance() else {}
    if not c:
        return ""
    return f"""
    QListWidget#sidebar {{
        background: {c["sidebar"]}; border: none; padding: 8px 6px; font-size: 14px; outline: 0;
    }}
    QListWidget#sidebar::item {{ padding: 9px 10px; border-radius: 8px; margin: 1px 2px; color: {c["text"]}; }}
    QListWidget#sidebar::item:selected {{ background: {ACCENT}; color: #FFFFFF; }}
    QListWidget#sidebar::item:hover:!selected {{ background: {c["border"]}; }}
    QWidget#sidebarBox {{ background: {c["sidebar"]}; }}
    QLabel#appTitle {{ font-size: 15px; font-weight: 600; padding: 14px 14px 6px 14px; color: {c["text"]}; }}
    QLabel#pageTitle {{ font-size: 22px; font-weight: 600; color: {c["text"]}; }}
    QLabel#pageSubtitle, QLabel#muted {{ color: {c["muted"]}; }}
    QFrame#card {{ background: {c["card"]}; border: 1px solid {c["border"]}; border-radius: 10px; }}
    QLabel#kpiValue {{ font-size: 24px; font-weight: 600; color: {c["text"]}; }}
    QLabel#kpiLabel {{ color: {c["muted"]}; font-size: 12px; }}
    QLabel#heroTitle {{ font-size: 28px; font-weight: 600; color: {c["text"]}; }}
    QLabel#heroText {{ font-size: 15px; color: {c["muted"]}; }}
    QPushButton#primary {{
        background: {ACCENT}; color: white; border: none; border-radius: 8px; padding: 9px 18px;
        font-weight: 600;
    }}
    QPushButton#primary:hover {{ background: #3563C8; }}
    QPushButton#primary:disabled {{ background: {c["border"]}; color: {c["muted"]}; }}
    QPushButton {{
        padding: 6px 14px; border-radius: 6px; border: 1px solid {c["border"]};
        background: {c["card"]}; color: {c["text"]};
    }}
    QPushButton:hover {{ border-color: {c["accent"]}; }}
    QPushButton:disabled {{ color: {c["muted"]}; }}
    QPushButton:default {{ border-color: {c["accent"]}; }}
    QLabel#fieldError {{ color: {c["bad"]}; font-size: 12px; }}
    QFrame#demoBanner {{
        background: {"#3A3320" if dark else "#FFF4D6"}; border-bottom: 1px solid {"#6B5A2A" if dark else "#F0D58A"};
    }}
    QFrame#demoBanner QLabel {{ color: {c["text"]}; }}
    QLabel#readOnlyBanner {{
        background: {"#3A3320" if dark else "#FFF4D6"}; color: {c["text"]};
        border-bottom: 1px solid {"#6B5A2A" if dark else "#F0D58A"};
    }}
    QLabel#demoBadge {{
        background: #E8A317; color: #1F2328; border-radius: 9px; padding: 2px 10px;
        font-weight: 700; font-size: 12px;
    }}
    QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
    QHeaderView::up-arrow {{ image: url({_sort_arrow("ascending")}); width: 10px; height: 10px; }}
    QHeaderView::down-arrow {{ image: url({_sort_arrow("descending")}); width: 10px; height: 10px; }}
    QStatusBar {{ color: {c["muted"]}; }}
    QLabel#strong {{ font-weight: 600; }}
    QLabel#sectionTitle {{ font-size: 14px; font-weight: 600; }}
    QLabel#stepTitle {{ font-size: 15px; font-weight: 600; }}
    QLabel#stepHeadline {{ font-size: 16px; font-weight: 600; }}
    QLabel#mutedNote {{ color: {c["muted"]}; font-size: 11px; }}
    QTableView#recordTable {{ border: none; background: {c["card"]}; }}
    QTableView#recordTable QHeaderView::section {{
        background: {c["card"]}; color: {c["muted"]}; border: none;
        border-bottom: 1px solid {c["border"]}; padding: 6px 8px; font-weight: 600;
    }}
    """


@cache
def _tinted_icon(name: str, color: str, selected_color: str, size: int) -> QIcon:
    svg = resource_path("icons", "pages", f"{name}.svg").read_text(encoding="utf-8")
    icon = QIcon()
    for mode, tint in ((QIcon.Mode.Normal, color), (QIcon.Mode.Selected, selected_color)):
        renderer = QSvgRenderer(QByteArray(svg.replace("#000000", tint).encode("utf-8")))
        for scale in (1, 2):
            pixmap = QPixmap(size * scale, size * scale)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            renderer.render(painter)
            painter.end()
            pixmap.setDevicePixelRatio(scale)
            icon.addPixmap(pixmap, mode)
    return icon


def page_icon(name: str, color: str | None = None, size: int = 20) -> QIcon:
    """A line icon from resources/icons/pages, in the text colour (white when selected)."""
    return _tinted_icon(name, color or colors()["text"], "#FFFFFF", size)


def app_icon() -> QIcon:
    return QIcon(str(resource_path("icons", "conversion-tracker.svg")))
