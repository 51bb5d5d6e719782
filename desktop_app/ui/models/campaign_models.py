"""The Campaigns page's two tables: campaigns with their tags and spend, and one campaign's spend records."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from desktop_app.domain import formatting
from desktop_app.reports.rows import FEW_CONVERSIONS
from desktop_app.services.campaign_figures import CampaignFigures
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


@cache
def _bold() -> QFont:
    font = QFont()
    font.setWeight(QFont.Weight.DemiBold)
    return font


class CampaignsModel(_Table):
    # Money and returns before the long texts; the tags last, taking the room that is left.
    NAME, CHANNEL, GOAL, SPEND, ROI, BUDGET, PACING, DATES, PLATFORM, TAGS = range(10)
    HEADERS = ("Name", "Channel", "Works for", "Spend\nto date", "ROI", "Budget", "Budget\nused",
               "Dates", "Platform", "UTM tags")  # fmt: skip
    HEADER_TIPS: Mapping[int, str] = {
        GOAL: "The goal the campaign works for: its spend counts toward it in the By goal report",
        PACING: "Share of the budget spent up to yesterday (this month, or over the campaign's "
        "dates), and the spend at the end of the period at this pace",
        ROI: "Return on investment over everything recorded: (value − spend) ÷ spend",
        NAME: "The campaign's name, as reports and imports match it",
        CHANNEL: "The channel its spend and conversions count toward",
        SPEND: "All spend recorded for the campaign so far",
        BUDGET: "What the campaign may spend, per calendar month or for the whole campaign",
        DATES: "When the campaign runs (a whole-campaign budget is paced over these dates)",
        PLATFORM: "The ad platform it runs on (Google Ads, Meta Ads…)",
        TAGS: "The UTM tags its links carry: how its visits and conversions are recognised",
    }
    RIGHT_ALIGNED = frozenset({BUDGET, PACING, SPEND, ROI})

    def __init__(self, currency: str = "EUR") -> None:
        super().__init__(currency)
        self.figures: dict[int, CampaignFigures] = {}

    def load_figures(
        self, rows: list[CampaignRow], currency: str, figures: dict[int, CampaignFigures]
    ) -> None:
        with self.resetting():
            self.rows, self.currency, self.figures = list(rows), currency, figures

    def set_figures(self, figures: dict[int, CampaignFigures]) -> None:
        """The ROI and pacing of the rows shown, worked out on a worker."""
        self.figures = figures
        if self.rows:
            for col in (self.ROI, self.PACING):
                self.dataChanged.emit(self.index(0, col), self.index(len(self.rows) - 1, col))

    def _pacing_text(self, row: CampaignRow) -> str:
        found = self.figures.get(row.id)
        pacing = found.pacing if found else None
        if pacing is None:
            return "—"
        text = f"{formatting.percent(pacing.share_spent, 0)}"
        projected = pacing.projected_minor
        if projected is not None and pacing.days_gone < pacing.days:
            minor = int(projected.to_integral_value())
            text += f" · heading for {money_text(minor, self.currency)}"
        return text

    def display(self, row: CampaignRow, col: int) -> str:
        if col == self.PACING:
            return self._pacing_text(row)
        if col == self.ROI:
            found = self.figures.get(row.id)
            return formatting.percent(found.roi if found else None)
        # Only the text asked for: a view asks for every cell it paints or measures, and
        # formatting all eight for each (a dict of them) was most of the page's first paint.
        if col == self.NAME:
            return row.name + ("  (archived)" if row.archived else "")
        if col == self.CHANNEL:
            return row.channel
        if col == self.GOAL:
            return row.goal or "—"
        if col == self.PLATFORM:
            return row.platform or "—"
        if col == self.DATES:
            return dates_text(row.start_date, row.end_date)
        if col == self.BUDGET:
            budget = money_text(row.budget_minor, self.currency)
            if row.budget_minor and row.budget_period == "month":
                budget += " a month"
            return budget
        if col == self.TAGS:
            return tags_text(row.utm_source, row.utm_medium, row.utm_campaign)
        if col == self.SPEND:
            return money_text(row.spend_minor, self.currency)
        raise IndexError(col)

    def sort_key(self, row: CampaignRow, col: int) -> Any:
        found = self.figures.get(row.id)
        if col == self.BUDGET:
            return row.budget_minor if row.budget_minor is not None else -1
        if col == self.SPEND:
            return row.spend_minor
        if col == self.ROI:
            return found.roi if found and found.roi is not None else None
        if col == self.PACING:
            return found.pacing.share_spent if found and found.pacing else None
        if col == self.DATES:
            return row.start_date or ""
        return self.display(row, col).lower()

    def foreground(self, row: CampaignRow, col: int) -> QColor | None:
        found = self.figures.get(row.id)
        if row.archived:
            return QColor(colors()["muted"])
        if col == self.ROI and found and found.roi is not None:
            if 0 < found.conversions < FEW_CONVERSIONS:
                return QColor(colors()["muted"])  # too few to compare, the tooltip says
            return QColor(colors()["bad"]) if found.roi < 0 else None
        if col == self.PACING and found and found.pacing and found.pacing.over_budget:
            return QColor(colors()["bad"])
        return None

    def extra(self, row: CampaignRow, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DecorationRole and col == self.CHANNEL:
            return color_dot(row.color)
        if role == Qt.ItemDataRole.FontRole and col == self.NAME and not row.archived:
            return _bold()
        found = self.figures.get(row.id)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.ROI and found:
            if 0 < found.conversions < FEW_CONVERSIONS:
                return f"Based on {formatting.count(found.conversions)} conversions — too few to compare"
            return None
        if role == Qt.ItemDataRole.ToolTipRole and col == self.PACING and found and found.pacing:
            p = found.pacing
            if p.open_ended:
                return (f"{money_text(p.spent_minor, self.currency)} of "
                        f"{money_text(p.budget_minor, self.currency)} spent so far, up to "
                        "yesterday (a budget for the whole campaign, which has no end date)")  # fmt: skip
            return (f"{money_text(p.spent_minor, self.currency)} of "
                    f"{money_text(p.budget_minor, self.currency)} spent in "
                    f"{formatting.date_range(p.first, p.last)} up to yesterday "
                    f"({p.days_gone} of {p.days} days)")  # fmt: skip
        if role == Qt.ItemDataRole.ToolTipRole and col == self.NAME:
            # What the columns that step aside on a narrow window show, and the notes.
            lines = [row.name]
            if row.start_date or row.end_date:
                lines.append(f"Runs {dates_text(row.start_date, row.end_date)}")
            if row.platform:
                lines.append(f"On {row.platform}")
            tags = tags_text(row.utm_source, row.utm_medium, row.utm_campaign)
            if tags and tags != "—":
                lines.append(f"Tags: {tags}")
            if row.notes:
                lines.append(row.notes)
            return "\n".join(lines)
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
