"""The Channels, Campaigns, Goals and Attribution sheets: the report engine's rows as tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from desktop_app.attribution.compare import Comparison
from desktop_app.domain.attribution_models import MODEL_LABELS
from desktop_app.domain.settings_values import BusinessSettings
from desktop_app.exporting.xlsx_styles import Styles
from desktop_app.exporting.xlsx_table import Column, HeaderGroup, write_table
from desktop_app.reports.rows import Report, ReportRow, goal_total


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class SheetContext:
    """What every sheet's heading says: the business, the period, the goal."""

    report: Report
    settings: BusinessSettings
    goal_name: str | None
    styles: Styles
    created: datetime
    # Sentences for the Summary sheet about the workbook itself (sheets continued, cells cut)
    notes: list[str] = field(default_factory=list)
    compare: str = "previous"  # what the figures are compared with: "previous" or "year"

    @property
    def earlier(self) -> str:
        """The name of the period compared with, as the Reports page's switch says it."""
        return "A year earlier" if self.compare == "year" else "Previous period"

    @property
    def business(self) -> str:
        return self.settings.name or "Conversion Tracker"

    def period_line(self) -> str:
        r = self.report
        days = (r.last - r.first).days + 1
        return f"{long_date(r.first)} – {long_date(r.last)} ({days} days)"

    def comparison_line(self) -> str:
        r = self.report
        return f"{long_date(r.previous_first)} – {long_date(r.previous_last)}"

    def goal_line(self) -> str:
        return f"Goal: {self.goal_name}" if self.goal_name else "Goals: all macro goals"

    def subtitle(self) -> list[str]:
        return [
            f"{self.business} · {self.period_line()} · {self.goal_line()}",
            f"{self.earlier}: {self.comparison_line()} · Amounts in "
            f"{self.report.currency or 'the base currency'}",
        ]


def _is_empty(row: ReportRow) -> bool:
    zero = type(row.current)()
    return row.current == zero and row.previous == zero


def metric_columns(earlier: str = "Previous period") -> list[Column[ReportRow]]:
    return [
        Column("Spend", "money", lambda r: r.current.spend),
        Column("Impressions", "count", lambda r: r.current.impressions),
        Column("Clicks", "count", lambda r: r.current.clicks),
        Column("CTR", "percent", lambda r: r.current.ctr),
        Column("Conversions", "count", lambda r: r.current.conversions),
        Column("Micro conversions", "count", lambda r: r.current.micro_conversions),
        Column("Conversion rate", "percent", lambda r: r.current.conversion_rate),
        Column("Value", "money", lambda r: r.current.value),
        Column("CPA", "money", lambda r: r.current.cpa),
        Column("ROAS", "ratio", lambda r: r.current.roas),
        Column("ROI", "percent", lambda r: r.current.roi),
        Column("Gross profit", "money", lambda r: r.current.gross_profit),
        Column("Profit ROI", "percent", lambda r: r.current.profit_roi),
        Column("Break-even ROAS", "ratio", lambda r: r.current.break_even_roas),
        Column("Platform conversions", "decimal", lambda r: r.current.platform_conversions),
        Column("Platform value", "money", lambda r: r.current.platform_value),
        Column(f"Conversions, {earlier.lower()}", "count", lambda r: r.previous.conversions),
        Column("Change in conversions", "change", lambda r: r.change("conversions")),
        Column(f"Value, {earlier.lower()}", "money", lambda r: r.previous.value),
        Column("Change in value", "change", lambda r: r.change("value")),
    ]


def ranked(rows: list[ReportRow]) -> list[ReportRow]:
    """Rows with figures, biggest value first (then spend, conversions); empty rows left out."""
    shown = [r for r in rows if not _is_empty(r)]
    return sorted(shown, key=lambda r: (-r.current.value, -r.current.spend, -r.current.conversions))


def _left_out_note(rows: list[ReportRow], shown: list[ReportRow], what: str) -> list[str]:
    hidden = len(rows) - len(shown)
    if not hidden:
        return []
    return [f"{hidden} {what} without spend or conversions in either period are not listed."]


def _total_label(ctx: SheetContext) -> str:
    return "Total" if ctx.report.goal_id is not None else "Total (macro goals)"


def _notes(ctx: SheetContext) -> list[str]:
    if ctx.report.goal_id is not None:
        notes = [f"Conversions and value count the goal {ctx.goal_name} only."]
    else:
        notes = ["Conversions and value count macro goals; micro goals are in Micro conversions."]
    return notes + margin_note(ctx)


def margin_note(ctx: SheetContext) -> list[str]:
    """Where Profit ROI is "—" because some conversions' goal has no margin: how many."""
    total = ctx.report.total.current
    if total.gross_profit is None or not total.unmargined:
        return []
    n = total.unmargined
    return [
        f"Gross profit counts the conversions whose goal has a margin; {n:,.0f} conversions' "
        "goals have none, so Profit ROI is shown only where every conversion has one "
        "(set a goal's margin on the Goals page, or with goals set NAME margin=35%)."
    ]


def channels_sheet(ws: Any, ctx: SheetContext) -> int:
    rows = ranked(ctx.report.channels)
    columns = [Column[ReportRow]("Channel", "text", lambda r: r.name),
               *metric_columns(ctx.earlier)]  # fmt: skip
    return write_table(
        ws, ctx.styles, title="Channels", subtitle=ctx.subtitle(), columns=columns, rows=rows,
        total=ctx.report.total, total_label=_total_label(ctx),
        notes=_notes(ctx) + _left_out_note(ctx.report.channels, rows, "channels"),
    )  # fmt: skip


def campaigns_sheet(ws: Any, ctx: SheetContext) -> int:
    rows = ranked(ctx.report.campaigns)
    columns = [
        Column[ReportRow]("Campaign", "text", lambda r: r.name),
        Column[ReportRow]("Channel", "text", lambda r: r.channel_name),
        *metric_columns(ctx.earlier),
    ]
    return write_table(
        ws, ctx.styles, title="Campaigns", subtitle=ctx.subtitle(), columns=columns, rows=rows,
        total=ctx.report.total, total_label=_total_label(ctx),
        notes=_notes(ctx) + _left_out_note(ctx.report.campaigns, rows, "campaigns"),
    )  # fmt: skip


def _on_target(row: ReportRow) -> str | None:
    if row.goal is None:
        return ""
    ok = row.goal.cpa_on_target
    return None if ok is None else ("On target" if ok else "Above target")


def goals_sheet(ws: Any, ctx: SheetContext) -> int:
    def progress(r: ReportRow) -> Any:
        return r.goal.progress if r.goal else ""

    columns: list[Column[ReportRow]] = [
        Column("Goal", "text", lambda r: r.name),
        Column("Level", "text", lambda r: r.goal.level.capitalize() if r.goal else ""),
        Column("Spend", "money", lambda r: r.current.spend),
        Column("Conversions", "count", lambda r: r.current.conversions),
        Column("Value", "money", lambda r: r.current.value),
        Column("CPA", "money", lambda r: r.current.cpa),
        Column("ROAS", "ratio", lambda r: r.current.roas),
        Column("ROI", "percent", lambda r: r.current.roi),
        Column("Gross profit", "money", lambda r: r.current.gross_profit),
        Column("Profit ROI", "percent", lambda r: r.current.profit_roi),
        Column("Break-even ROAS", "ratio", lambda r: r.current.break_even_roas),
        Column("Target", "decimal", lambda r: r.goal.target_count if r.goal else ""),
        Column("Progress", "percent", progress),
        Column("Target CPA", "money", lambda r: r.goal.target_cpa if r.goal else ""),
        Column("CPA vs target", "text", _on_target),
        Column(f"Conversions, {ctx.earlier.lower()}", "count", lambda r: r.previous.conversions),
        Column("Change in conversions", "change", lambda r: r.change("conversions")),
        Column(f"Value, {ctx.earlier.lower()}", "money", lambda r: r.previous.value),
        Column("Change in value", "change", lambda r: r.change("value")),
    ]
    return write_table(
        ws, ctx.styles, title="Goals", subtitle=ctx.subtitle(), columns=columns,
        rows=ctx.report.goals, total=goal_total(ctx.report.goals), total_label=_total_label(ctx),
        notes=[
            "A goal's spend is the spend of the campaigns that work for it (a campaign's goal); "
            "spend of campaigns linked to no goal has its own row, so the rows add up. A goal "
            "no campaign works for shows no CPA, ROAS or ROI. Targets are monthly targets "
            "pro-rated to the period.",
            *margin_note(ctx),
        ],
    )  # fmt: skip


@dataclass(frozen=True)
class _Credit:
    name: str
    cells: dict[str, tuple[Decimal, Decimal]]  # model -> (conversions, value)


def attribution_sheet(ws: Any, ctx: SheetContext, result: Comparison | None) -> int:
    models = list(result.models) if result else []
    rows: list[_Credit] = []
    total: _Credit | None = None
    if result is not None:
        per_model = {m: result.models[m].by_channel() for m in models}
        for code in result.channel_order():  # as the app and the command line list them
            cells = {}
            for m in models:
                conv, units = per_model[m].get(code, (Decimal(0), 0))
                cells[m] = (conv, result.value_of(units))
            rows.append(_Credit(result.channel_names[code], cells))
        total = _Credit(
            "Total",
            {
                m: (Decimal(c.conversions), result.value_of(c.value))
                for m, c in result.models.items()
            },
        )
    columns: list[Column[_Credit]] = [Column("Channel", "text", lambda r: r.name)]
    groups = []
    for n, m in enumerate(models):
        columns += _model_columns(m)
        # each model's full name, as the app shows it
        groups.append(HeaderGroup(MODEL_LABELS.get(m, m), 2 + 2 * n, 3 + 2 * n))
    notes = ["No conversions to attribute in this period."] if result is None else []
    if result is not None:
        notes += _confidence_notes(result)
    return write_table(
        ws, ctx.styles, title="Attribution", subtitle=ctx.subtitle(), columns=columns, rows=rows,
        total=total, total_label="Total", groups=groups, notes=notes,
    )  # fmt: skip


def _model_columns(model: str) -> list[Column[_Credit]]:
    return [
        Column("Conversions", "decimal", lambda r: r.cells[model][0]),
        Column("Value", "money", lambda r: r.cells[model][1]),
    ]


def _confidence_notes(result: Comparison) -> list[str]:
    lines = [
        "Each model shares every conversion (and its value) over the channels of the customer's "
        "journey; conversions without touchpoints keep their own channel."
    ]
    rule = next((result.confidence[m] for m in result.models if m != "markov"), None)
    if rule is not None:
        lines.append(
            f"Rule-based models rest on {rule.conversions:,} conversions over {rule.paths:,} "
            "distinct paths."
        )
    if "markov" in result.confidence:
        mk = result.confidence["markov"]
        lines.append(
            f"Data-driven (Markov) rests on {mk.journeys:,} journeys, {mk.conversions:,} of "
            "them converting."
        )
    lines += result.warnings
    return lines
