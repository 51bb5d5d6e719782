"""Tables of the Attribution page: credit per channel under every model, common paths, confidence."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from desktop_app.attribution.compare import DEFAULT_MODEL, Comparison
from desktop_app.domain import formatting
from desktop_app.domain import formatting as fmt
from desktop_app.domain.attribution_models import MODEL_HEADERS, MODEL_LABELS, MODEL_TWO_LINES
from desktop_app.services.attribution_data import CreditRow
from desktop_app.ui.models.report_table import TOTAL_ROLE
from desktop_app.ui.models.row_table import RowTableModel, aligned
from desktop_app.ui.theme import colors

# Short names, so seven models fit beside each other; the full name is the header's tooltip.
HEADERS = MODEL_HEADERS
# The table's headers take two lines, which keeps its columns narrow.
_TWO_LINES = MODEL_TWO_LINES
DEFAULT_MARK = " ★"


class CreditTableModel(RowTableModel):
    """One row per channel (total last), one column per model; `metric` picks conversions or value."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[CreditRow] = []
        self.models: list[str] = []
        self.currency = ""
        self.metric = "conversions"

    def load(self, rows: list[CreditRow], models: list[str], currency: str) -> None:
        with self.resetting():
            self.rows, self.models, self.currency = rows, models, currency

    def set_metric(self, metric: str) -> None:
        """'conversions' or 'value'."""
        with self.resetting():
            self.metric = metric

    def _model(self, col: int) -> str | None:
        return self.models[col - 1] if col else None

    def column_count(self) -> int:
        return 1 + len(self.models)

    def header(self, section: int) -> str:
        model = self._model(section)
        if model is None:
            return "\nChannel"
        return _TWO_LINES[model] + (DEFAULT_MARK if model == DEFAULT_MODEL else "")

    def header_tip(self, section: int) -> str | None:
        model = self._model(section)
        if model is None:
            return None
        return MODEL_LABELS[model] + (" — the default model" if model == DEFAULT_MODEL else "")

    def alignment(self, col: int) -> int:
        return aligned(col > 0)

    def display(self, row: CreditRow, col: int) -> str:
        model = self._model(col)
        return row.name if model is None else self.text(row, model)

    def sort_key(self, row: CreditRow, col: int) -> Any:
        model = self._model(col)
        if model is None:
            return row.name.lower()
        return row.credit[model][0 if self.metric == "conversions" else 1]

    def extra(self, row: CreditRow, col: int, role: int) -> Any:
        model = self._model(col)
        if role == TOTAL_ROLE:
            return row.total
        if role == Qt.ItemDataRole.FontRole and (row.total or model == DEFAULT_MODEL):
            font = QFont()
            font.setBold(row.total)
            font.setWeight(QFont.Weight.Bold if row.total else QFont.Weight.DemiBold)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and row.total:
            return QColor(colors()["border"])
        if role == Qt.ItemDataRole.DecorationRole and model is None and row.color:
            return QColor(row.color)
        if role == Qt.ItemDataRole.ToolTipRole and model is not None:
            return self._tooltip(row, model)
        return None

    def text(self, row: CreditRow, model: str) -> str:
        conv, value = row.credit[model]
        if self.metric == "value":
            return fmt.money(value, self.currency)
        if row.total:
            return fmt.count(conv)
        shown = f"{formatting.number(conv, 1)}"
        if model == "markov" and row.spread is not None:
            shown += f" ± {formatting.number((row.spread[1] - row.spread[0]) / 2, 1)}"
        return shown

    def _tooltip(self, row: CreditRow, model: str) -> str:
        conv, value = row.credit[model]
        tip = f"{MODEL_LABELS[model]}: {formatting.number(conv, 2)} conversions, {fmt.money(value, self.currency)}"
        if model == "markov" and row.spread is not None:
            low, high = row.spread
            tip += f"\n95% of resamples credit {formatting.number(low, 1)} to {formatting.number(high, 1)} conversions"
        return tip


class PathsTableModel(RowTableModel):
    """The most common converting paths: "Paid Search → Email → Direct", conversions, value."""

    HEADERS = ("Path", "Conversions", "Value")
    RIGHT_ALIGNED = frozenset({1, 2})

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, int, Decimal]] = []
        self.currency = ""

    def load(self, result: Comparison | None, currency: str) -> None:
        with self.resetting():
            self.currency = currency
            self.rows = []
            if result is not None:
                self.rows = [
                    (" → ".join(p.channels), p.conversions, result.value_of(p.value))
                    for p in result.top_paths
                ]

    def display(self, row: tuple[str, int, Decimal], col: int) -> str:
        path, conversions, value = row
        return (path, fmt.count(conversions), fmt.money(value, self.currency))[col]

    def sort_key(self, row: tuple[str, int, Decimal], col: int) -> Any:
        path, conversions, value = row
        return (path.lower(), conversions, value)[col]

    def extra(self, row: tuple[str, int, Decimal], col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return row[0]
        return None


class ConfidenceTableModel(RowTableModel):
    """What each model rests on: journeys looked at, converting journeys, distinct paths."""

    HEADERS = ("Model", "Journeys", "Converting", "Distinct paths")
    HEADER_TIPS: Mapping[int, str] = {
        1: "Journeys the model looked at (only the data-driven model uses non-converting ones)",
        2: "Journeys that ended in a conversion",
        3: "Different channel sequences among them (the data-driven model merges repeats)",
    }
    RIGHT_ALIGNED = frozenset({1, 2, 3})

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, int, int, int]] = []

    def load(self, result: Comparison | None) -> None:
        with self.resetting():
            self.rows = [
                (HEADERS[m], c.journeys, c.conversions, c.paths)
                for m, c in (result.confidence.items() if result else [])
            ]

    def display(self, row: tuple[str, int, int, int], col: int) -> str:
        name, *counts = row
        return name if col == 0 else fmt.count(counts[col - 1])

    def sort_key(self, row: tuple[str, int, int, int], col: int) -> Any:
        return row[col]
