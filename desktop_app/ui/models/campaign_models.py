"""The Campaigns page's two tables: campaigns with their tags and spend, and one campaign's spend records."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from desktop_app.domain import formatting
from desktop_app.store.campaigns import CampaignRow
from desktop_app.store.spend import SpendRow, period_label
from desktop_app.ui.locale_numbers import money_text
from desktop_app.ui.models.row_table import ROW_ROLE as ROW_ROLE  # re-exported
from desktop_app.ui.models.row_table import SORT_ROLE as SORT_ROLE
from desktop_app.ui.models.row_table import RowTableModel
from desktop_app.ui.theme import colors


def color_dot(color: str, size: int = 12) -> QIcon:
    """A filled circle in a channel's colour, for tables and pickers."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor(0, 0, 0, 0))
    painter.setBrush(QColor(color))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


def dates_text(start: str | None, end: str | None) -> str:
    if start and end:
        return period_label(start, end)
    if start:
        return f"from {start}"
    if end:
        return f"until {end}"
    return "—"


def tags_text(source: str, medium: str, campaign: str) -> str:
    parts = [p for p in (source, medium, campaign) if p]
    return " / ".join(parts) if parts else "—"


class _Table(RowTableModel):
    """A table of rows whose money is shown in the business currency."""

    def __init__(self, currency: str = "EUR") -> None:
        super().__init__()
        self.currency = currency

    def load(self, rows: list[Any], currency: str) -> None:
        with self.resetting():
            self.rows, self.currency = list(rows), currency


class CampaignsModel(_Table):
    NAME, CHANNEL, PLATFORM, DATES, BUDGET, TAGS, SPEND = range(7)
    HEADERS = ("Name", "Channel", "Platform", "Dates", "Budget", "UTM tags", "Spend to date")
    RIGHT_ALIGNED = frozenset({BUDGET, SPEND})

    def display(self, row: CampaignRow, col: int) -> str:
        return {
            self.NAME: row.name + ("  (archived)" if row.archived else ""),
            self.CHANNEL: row.channel,
            self.PLATFORM: row.platform or "—",
            self.DATES: dates_text(row.start_date, row.end_date),
            self.BUDGET: money_text(row.budget_minor, self.currency),
            self.TAGS: tags_text(row.utm_source, row.utm_medium, row.utm_campaign),
            self.SPEND: money_text(row.spend_minor, self.currency),
        }[col]

    def sort_key(self, row: CampaignRow, col: int) -> Any:
        if col == self.BUDGET:
            return row.budget_minor if row.budget_minor is not None else -1
        if col == self.SPEND:
            return row.spend_minor
        if col == self.DATES:
            return row.start_date or ""
        return self.display(row, col).lower()

    def foreground(self, row: CampaignRow, col: int) -> QColor | None:
        return QColor(colors()["muted"]) if row.archived else None

    def extra(self, row: CampaignRow, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DecorationRole and col == self.CHANNEL:
            return color_dot(row.color)
        if role == Qt.ItemDataRole.FontRole and col == self.NAME and not row.archived:
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and row.notes:
            return row.notes
        return None


class SpendModel(_Table):
    PERIOD, COST, IMPRESSIONS, CLICKS, CONVERSIONS, VALUE, ORIGIN = range(7)
    HEADERS = ("Day or period", "Cost", "Impressions", "Clicks", "Platform conv.",
               "Platform value", "Source")  # fmt: skip
    RIGHT_ALIGNED = frozenset({COST, IMPRESSIONS, CLICKS, CONVERSIONS, VALUE})

    def display(self, row: SpendRow, col: int) -> str:
        conversions = formatting.exact(row.platform_conversions.normalize())
        return {
            self.PERIOD: period_label(row.period_start, row.period_end),
            self.COST: money_text(row.cost_minor, row.currency),
            self.IMPRESSIONS: f"{formatting.number(row.impressions)}",
            self.CLICKS: f"{formatting.number(row.clicks)}",
            self.CONVERSIONS: conversions,
            self.VALUE: money_text(row.platform_value_minor, row.currency),
            self.ORIGIN: {"manual": "Typed in", "demo": "Demo"}.get(row.origin, "Import"),
        }[col]

    def sort_key(self, row: SpendRow, col: int) -> Any:
        return {
            self.PERIOD: (row.period_start, row.period_end),
            self.COST: row.cost_minor,
            self.IMPRESSIONS: row.impressions,
            self.CLICKS: row.clicks,
            self.CONVERSIONS: float(row.platform_conversions),
            self.VALUE: row.platform_value_minor,
        }.get(col, row.origin)
