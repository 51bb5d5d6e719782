"""A KPI card: label, big value, and the change against the previous period, green when it is good."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout

from desktop_app.domain import formatting
from desktop_app.domain.definitions import definition
from desktop_app.domain.metrics import DASH
from desktop_app.ui.theme import colors


def change_text(change: Decimal | None) -> str:
    """ "▲ 12.3 %", "▼ 4.0 %", "● 0.0 %", or "—" when there is nothing to compare with."""
    if change is None:
        return f"{DASH} no comparison"
    percent = change * 100
    arrow = "▲" if percent >= Decimal("0.05") else "▼" if percent <= Decimal("-0.05") else "●"
    return f"{arrow} {formatting.number(abs(percent), 1)} %"


def change_is_good(change: Decimal | None, lower_is_better: bool) -> bool | None:
    """True when the change is an improvement, False when it is worse, None when flat/unknown."""
    if change is None or abs(change) < Decimal("0.0005"):
        return None
    return (change < 0) if lower_is_better else (change > 0)


class KpiCard(QFrame):
    """One figure of the dashboard's top row."""

    def __init__(
        self, label: str, lower_is_better: bool = False, neutral: bool = False, key: str = ""
    ) -> None:
        """`lower_is_better`: a fall is good (CPA); `neutral`: the change is never coloured;
        `key`: the figure whose definition the tooltip gives (domain/definitions.py)."""
        super().__init__()
        self.setObjectName("card")
        self.definition = definition(key) if key else None
        self.lower_is_better = lower_is_better
        self.neutral = neutral
        self.earlier = "Previous period"  # what the change is against (the Dashboard sets it)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.setSpacing(2)
        self.label = QLabel(label)
        self.label.setObjectName("kpiLabel")
        self.value = QLabel(DASH)
        self.value.setObjectName("kpiValue")
        self.change = QLabel(" ")
        self.change.setObjectName("kpiChange")
        lay.addWidget(self.label)
        lay.addWidget(self.value)
        lay.addWidget(self.change)

    def set_thin(self, basis: Decimal | int | None) -> None:
        """Mute the figure when it rests on too few conversions to compare (`basis`: how many;
        None: enough), and say so in the tooltip."""
        self.value.setProperty("thin", basis is not None)
        self.value.setStyleSheet(f"color: {colors()['muted']};" if basis is not None else "")
        if basis is not None:
            self.setToolTip(
                f"Based on {formatting.count(basis)} conversions — too few to compare\n\n"
                f"{self.toolTip()}"
            )

    def show_figure(self, value: str, change: Decimal | None, previous: str) -> None:
        """Set the value and its change; the tooltip names the previous period's figure."""
        self.value.setText(value)
        self.change.setText(change_text(change))
        good = None if self.neutral else change_is_good(change, self.lower_is_better)
        self._tint(good, value, previous)

    def show_difference(
        self, value: str, now: Decimal | None, before: Decimal | None, currency: str, previous: str
    ) -> None:
        """Set a money value and its change as an amount ("▲ €1,200.00"): for a figure that
        can be negative (profit after ads), where a percentage of a loss means nothing."""
        self.value.setText(value)
        if now is None or before is None:
            self.change.setText(change_text(None))
            self._tint(None, value, previous)
            return
        difference = now - before
        arrow = "▲" if difference > 0 else "▼" if difference < 0 else "●"
        self.change.setText(f"{arrow} {formatting.money(abs(difference), currency)}")
        good = None if self.neutral or not difference else difference > 0
        self._tint(good, value, previous)

    def _tint(self, good: bool | None, value: str, previous: str) -> None:
        c = colors()
        tint = c["muted"] if good is None else c["good"] if good else c["bad"]
        self.change.setStyleSheet(f"color: {tint}; font-size: 12px; font-weight: 600;")
        self.change.setProperty("good", good)
        tip = f"{self.label.text()}: {value}\n{self.earlier}: {previous}"
        self.setToolTip(f"{self.definition}\n\n{tip}" if self.definition else tip)
