"""How the user's locale writes numbers, money and dates, for forms and tables."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QLocale
from PySide6.QtGui import QFontMetrics, QGuiApplication

from desktop_app.domain import formatting
from desktop_app.domain.money import NumberStyle, format_money


def number_style() -> NumberStyle:
    """The decimal and grouping marks of the current locale (`,` and `.` in Germany), and which
    currency symbols the app's font can draw."""
    locale = QLocale()
    decimal = locale.decimalPoint() or "."
    group = locale.groupSeparator() or ("." if decimal == "," else ",")
    if group.isspace():
        group = "\u00a0"
    return NumberStyle(decimal=decimal, group=group, drawable=font_draws)


@cache
def font_draws(text: str) -> bool:
    """Whether the application's font has a glyph for every character of `text` (a Linux
    without a Bengali font has none for ৳); asked once per symbol."""
    if QGuiApplication.instance() is None:
        return True
    metrics = QFontMetrics(QGuiApplication.font())
    return all(metrics.inFontUcs4(ord(ch)) for ch in text)


def apply_locale() -> NumberStyle:
    """Make every figure of the app (pages, tables, charts, tooltips) follow the user's locale;
    called at start, and by tests that change the locale."""
    style = number_style()
    formatting.use_style(style)
    return style


def date_order() -> str:
    """'dmy' or 'mdy' (or 'ymd'): the order of the locale's short dates."""
    fmt = QLocale().dateFormat(QLocale.FormatType.ShortFormat).lower()
    positions = {part: fmt.find(part) for part in "dmy"}
    return "".join(sorted(positions, key=lambda p: positions[p]))


def money_text(minor: int | None, currency: str) -> str:
    """Money as the locale writes it; '—' when there is none."""
    return formatting.money_minor(minor, currency or "EUR")


def amount_text(minor: int | None, currency: str) -> str:
    """An amount for an input field: no symbol, no grouping (`1234.50`), '' when none."""
    if minor is None:
        return ""
    style = number_style()
    return format_money(minor, currency or "EUR", NumberStyle(style.decimal, ""), symbol=False)
