"""The dashboard's lists: goal progress bars (targets pro-rated to the range) and campaigns ranked by ROI."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from desktop_app.domain import formatting as fmt
from desktop_app.domain.pacing import Pacing
from desktop_app.reports.rows import ReportRow
from desktop_app.ui.theme import colors

RANKED = 3  # campaigns shown at the top and at the bottom


def _clear(layout: QGridLayout | QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.setParent(None)
            widget.deleteLater()


def _muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("muted")
    return label


class GoalProgressList(QWidget):
    """One line per goal: name, conversions against the target for the range, and a bar."""

    def __init__(self) -> None:
        super().__init__()
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(1, 1)
        self.texts: dict[str, str] = {}  # goal name -> the progress text shown

    def fill(self, goals: Sequence[ReportRow], currency: str) -> None:
        _clear(self.grid)
        self.texts.clear()
        if not goals:
            self.grid.addWidget(_muted("No goals yet."), 0, 0)
            return
        for n, row in enumerate(goals):
            progress = row.goal
            name = QLabel(row.name)
            if progress is not None and progress.level == "micro":
                name.setToolTip("Micro goal: a step toward a sale or lead")
            bar = QProgressBar()
            bar.setTextVisible(False)
            bar.setFixedHeight(8)
            bar.setRange(0, 1000)
            done = row.current.conversions
            if progress is not None and progress.target_count:
                share = progress.progress or Decimal(0)
                text = (
                    f"{fmt.count(done)} of {fmt.count(progress.target_count.quantize(Decimal(1)))}"
                    f"  ·  {fmt.percent(share, 0)}"
                )
                bar.setValue(int(min(share, Decimal(1)) * 1000))
                tint = colors()["good"] if share >= 1 else colors()["accent"]
                bar.setToolTip(
                    f"Target {fmt.count(progress.target_count_monthly)} a month, "
                    f"{fmt.count(progress.target_count.quantize(Decimal('0.1')))} for this range"
                )
            else:
                text = f"{fmt.count(done)}  ·  no target"
                bar.setValue(0)
                tint = colors()["muted"]
            bar.setStyleSheet(
                f"QProgressBar {{ background: {colors()['border']}; border: none;"
                f" border-radius: 4px; }} QProgressBar::chunk {{ background: {tint};"
                " border-radius: 4px; }"
            )
            value = QLabel(text)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.texts[row.name] = text
            self.grid.addWidget(name, 2 * n, 0)
            self.grid.addWidget(value, 2 * n, 2)
            self.grid.addWidget(bar, 2 * n + 1, 0, 1, 3)
            if progress is not None and progress.target_cpa is not None:
                ok = progress.cpa_on_target
                cpa = _muted(
                    f"CPA {fmt.money(progress.actual_cpa, currency)} "
                    f"(target {fmt.money(progress.target_cpa, currency)})"
                )
                few = row.current.few("cpa")
                if few is not None:  # a CPA over a handful of conversions: muted, and why
                    cpa.setToolTip(f"Based on {fmt.count(few)} conversions — too few to compare")
                elif ok is not None:
                    cpa.setStyleSheet(f"color: {colors()['good' if ok else 'bad']};")
                cpa.setProperty("thin", few is not None)
                self.grid.addWidget(cpa, 2 * n, 1, Qt.AlignmentFlag.AlignLeft)


class CampaignRanking(QWidget):
    """The best and the weakest campaigns by ROI (campaigns with spend; ROI needs spend)."""

    def __init__(self) -> None:
        super().__init__()
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(5)
        self.grid.setColumnStretch(1, 1)
        self.shown: list[str] = []  # campaign names in the order shown
        self.paced: list[str] = []  # "name: share of budget …" per campaign with a budget

    def fill(
        self, campaigns: Sequence[ReportRow], currency: str, pacing: Mapping[int, Pacing] = {}
    ) -> None:
        _clear(self.grid)
        self.paced = []
        ranked = sorted(
            (r for r in campaigns if r.current.roi is not None),
            key=lambda r: r.current.roi or Decimal(0),
            reverse=True,
        )
        if not ranked:
            self.grid.addWidget(_muted("No campaign had spend in this range."), 0, 0, 1, 4)
            self.shown = []
            self._budgets(1, campaigns, currency, pacing)
            return
        top = ranked[:RANKED]
        bottom = [r for r in ranked[-RANKED:] if r not in top][::-1]
        self.shown = [r.name for r in top + bottom]
        line = 0
        for heading, rows in (("Best", top), ("Weakest", bottom)):
            if not rows:
                continue
            head = _muted(heading.upper())
            head.setStyleSheet("font-size: 11px; font-weight: 600; letter-spacing: 1px;")
            self.grid.addWidget(head, line, 0, 1, 4)
            line += 1
            for row in rows:
                self._add(line, row, currency)
                line += 1
        self._budgets(line, campaigns, currency, pacing)

    def _budgets(
        self, line: int, campaigns: Sequence[ReportRow], currency: str,
        pacing: Mapping[int, Pacing],
    ) -> None:  # fmt: skip
        """Campaigns with a budget: how much is spent and where the spend is heading."""
        names = {r.id: r for r in campaigns if r.id is not None}
        paced = [(names[cid], p) for cid, p in pacing.items() if cid in names]
        if not paced:
            return
        head = _muted("BUDGETS")
        head.setStyleSheet("font-size: 11px; font-weight: 600; letter-spacing: 1px;")
        self.grid.addWidget(head, line, 0, 1, 4)
        c = colors()
        for n, (row, p) in enumerate(sorted(paced, key=lambda x: -x[1].share_spent), line + 1):
            dot = QLabel("●")
            dot.setStyleSheet(f"color: {row.color};")
            name = QLabel(row.name)
            projected = p.projected_minor
            where = (f" · heading for {fmt.money_minor(int(projected), currency)}"
                     if projected is not None and p.days_gone < p.days else "")  # fmt: skip
            text = _muted(f"of {fmt.money_minor(p.budget_minor, currency)}{where}")
            text.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            share = QLabel(fmt.percent(p.share_spent, 0))
            share.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            share.setStyleSheet(f"color: {c['bad'] if p.over_budget else c['text']};"
                                " font-weight: 600;")  # fmt: skip
            share.setToolTip(
                f"{fmt.money_minor(p.spent_minor, currency)} spent so far (the campaign has no "
                "end date)"
                if p.open_ended
                else f"{fmt.money_minor(p.spent_minor, currency)} "
                f"spent in {fmt.date_range(p.first, p.last)} up to yesterday"
            )
            for col, widget in enumerate((dot, name, text, share)):
                self.grid.addWidget(widget, n, col)
            self.paced.append(f"{row.name}: {share.text()} {text.text()}")

    def _add(self, line: int, row: ReportRow, currency: str) -> None:
        c = colors()
        dot = QLabel("●")
        dot.setStyleSheet(f"color: {row.color};")
        dot.setToolTip(row.channel_name)
        name = QLabel(row.name)
        name.setToolTip(f"{row.name} ({row.channel_name})")
        spend = _muted(
            f"{fmt.money(row.current.spend, currency)} → {fmt.money(row.current.value, currency)}"
        )
        spend.setToolTip("Spend → conversion value")
        spend.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        roi = row.current.roi
        value = QLabel(fmt.percent(roi, 0))
        value.setMinimumWidth(60)
        value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        few = row.current.few("roi")
        if few is not None:  # too few to compare: muted, as on the Reports page, and says why
            value.setStyleSheet(f"color: {c['muted']}; font-weight: 600;")
            value.setToolTip(f"Based on {fmt.count(few)} conversions — too few to compare")
        else:
            value.setStyleSheet(
                f"color: {c['good'] if roi is not None and roi >= 0 else c['bad']};"
                " font-weight: 600;"
            )
        value.setProperty("thin", few is not None)
        self.grid.addWidget(dot, line, 0)
        self.grid.addWidget(name, line, 1)
        self.grid.addWidget(spend, line, 2)
        self.grid.addWidget(value, line, 3)
