"""The Summary sheet: heading, key figures against the previous period, two native charts and
the small tables the charts read (so the user can restyle or re-plot them in Excel)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import NumFmt
from openpyxl.chart.marker import DataPoint
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText
from openpyxl.drawing.line import LineProperties
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RichTextProperties,
)

from desktop_app.domain.metrics import DASH
from desktop_app.exporting.xlsx_report_sheets import SheetContext, margin_note, ranked
from desktop_app.exporting.xlsx_safety import safe_value
from desktop_app.exporting.xlsx_styles import money_format
from desktop_app.exporting.xlsx_table import landscape
from desktop_app.reports.rows import DailySeries, ReportRow

KPIS = (
    ("Spend", "money", "spend"),
    ("Impressions", "count", "impressions"),
    ("Clicks", "count", "clicks"),
    ("Click-through rate (CTR)", "percent", "ctr"),
    ("Conversions", "count", "conversions"),
    ("Micro conversions", "count", "micro_conversions"),
    ("Conversion rate", "percent", "conversion_rate"),
    ("Value", "money", "value"),
    ("Cost per conversion (CPA)", "money", "cpa"),
    ("Return on ad spend (ROAS)", "ratio", "roas"),
    ("Return on investment (ROI)", "percent", "roi"),
    ("Conversions reported by ad platforms", "decimal", "platform_conversions"),
    ("Value reported by ad platforms", "money", "platform_value"),
)
# Shown once a goal has a margin (gross profit in either period).
PROFIT_KPIS = (
    ("Gross profit", "money", "gross_profit"),
    ("Profit ROI", "percent", "profit_roi"),
    ("Break-even ROAS", "ratio", "break_even_roas"),
)
KPI_HEADER_ROW = 8
CHART_BOTTOM_ROW = 40  # the second chart ends above this row
TOP_CHANNELS = 7
OTHER_COLOR = "A6A6A6"
SPEND_COLOR = "BFBFBF"


def _color(hex_color: str) -> str:
    return hex_color.lstrip("#").upper()[:6] or OTHER_COLOR


def buckets(first: date, last: date) -> tuple[str, list[date]]:
    """Chart periods: days up to two months, weeks (from Monday) up to a year, else months."""
    days = (last - first).days + 1
    if days <= 62:
        return "Day", [first + timedelta(days=i) for i in range(days)]
    if days <= 366:
        start = first - timedelta(days=first.weekday())
        return "Week from", [
            max(first, start + timedelta(weeks=i)) for i in range((last - start).days // 7 + 1)
        ]
    months, day = [], first
    while day <= last:
        months.append(day)
        day = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return "Month", months


class _Rows:
    """Appends rows to a write-only sheet and counts them (charts need their row numbers)."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.count = 0

    def append(self, cells: list[object]) -> int:
        self.ws.append(cells)
        self.count += 1
        return self.count


def summary_sheet(ws: Any, ctx: SheetContext, series: DailySeries) -> None:
    st = ctx.styles
    r = ctx.report
    out = _Rows(ws)
    landscape(ws)  # before the first row: a write-only sheet writes its properties with it
    for col, width in zip("ABCDE", (36, 16, 16, 12, 12), strict=True):
        ws.column_dimensions[col].width = width
    out.append([safe_value(ws, f"Conversion report: {ctx.business}", st.get("text", "title"))])
    ws.row_dimensions[1].height = 26
    lines = [
        f"Period: {ctx.period_line()}",
        f"Compared with: {ctx.comparison_line()}",
        ctx.goal_line(),
        f"Amounts in {r.currency or 'the base currency'} · Times in {ctx.settings.timezone} · "
        f"Created {ctx.created:%Y-%m-%d %H:%M}",
    ]
    for line in lines:
        out.append([safe_value(ws, line, st.get("text", "subtitle"))])
    out.append([])
    out.append([safe_value(ws, "Key figures", st.get("text", "section"))])
    heads = [("Figure", "text"), ("This period", "money"), (ctx.earlier, "money")]
    heads.append(("Change", "change"))
    ws.row_dimensions[out.count + 1].height = 20
    out.append([safe_value(ws, h, st.get(kind, "header")) for h, kind in heads])
    total = r.total
    profit = total.current.gross_profit is not None or total.previous.gross_profit is not None
    for label, kind, key in (*KPIS, *(PROFIT_KPIS if profit else ())):
        now, before = total.current.get(key), total.previous.get(key)
        if kind == "percent":  # a rate's change is in percentage points: 12 % -> 10 % is -2 pp
            points = None if now is None or before is None else (now - before) * 100
            change = _value_cell(ws, ctx, points, "points")
        else:
            change = _value_cell(ws, ctx, total.change(key), "change")
        out.append(
            [
                safe_value(ws, label, st.get("text", "label")),
                _value_cell(ws, ctx, now, kind),
                _value_cell(ws, ctx, before, kind),
                change,
            ]
        )
    out.append([])
    out.append([safe_value(ws, _kpi_note(ctx), st.get("text", "note"))])
    for note in margin_note(ctx):
        out.append([safe_value(ws, note, st.get("text", "note"))])
    for note in ctx.notes:  # what to know about the workbook itself
        out.append([safe_value(ws, note, st.get("text", "note"))])
    out.append([])
    channel_rows = [row for row in ranked(r.channels) if row.current.spend or row.current.value]
    channel_header = _channel_table(out, ctx, channel_rows)
    # The wide per-period table goes below the charts (they sit right of the tables above).
    while out.count < CHART_BOTTOM_ROW:
        out.append([])
    out.append([])
    time_header, time_cols, time_rows = _time_table(out, ctx, series)
    ws.add_chart(_value_chart(ws, channel_header, channel_rows, r.currency), "F7")
    ws.add_chart(_time_chart(ws, time_header, time_cols, time_rows), "F24")


def _value_cell(ws: Any, ctx: SheetContext, value: object, kind: str) -> object:
    if value is None:
        return safe_value(ws, DASH, ctx.styles.get(kind, "dash"))
    return safe_value(ws, value, ctx.styles.get(kind, "body"))


def _kpi_note(ctx: SheetContext) -> str:
    what = (
        f"Conversions and value count the goal {ctx.goal_name}."
        if ctx.report.goal_id is not None
        else "Conversions and value count macro goals; micro goals are counted separately."
    )
    return what + (
        f" Change is against {ctx.comparison_line()}: for rates (CTR, conversion rate, ROI) in "
        "percentage points (pp), for other figures in percent; — where undefined."
    )


def _channel_table(out: _Rows, ctx: SheetContext, rows: Sequence[ReportRow]) -> int:
    """Spend and value per channel with either (chart data); returns the header row."""
    ws, st = out.ws, ctx.styles
    out.append([safe_value(ws, "Value and spend by channel", st.get("text", "section"))])
    heads = [("Channel", "text"), ("Spend", "money"), ("Value", "money"), ("ROAS", "ratio")]
    header = out.append([safe_value(ws, h, st.get(kind, "header")) for h, kind in heads])
    for row in rows:
        f = row.current
        out.append(
            [
                safe_value(ws, row.name, st.get("text", "body")),
                _value_cell(ws, ctx, f.spend, "money"),
                _value_cell(ws, ctx, f.value, "money"),
                _value_cell(ws, ctx, f.roas, "ratio"),
            ]
        )
    if not rows:
        out.append([safe_value(ws, "No spend or value in this period.", st.get("text", "note"))])
    return header


def _slot(starts: list[date], day: date) -> int:
    return bisect_right(starts, day) - 1


def _time_table(
    out: _Rows, ctx: SheetContext, series: DailySeries
) -> tuple[int, list[tuple[str, str]], int]:
    """Conversions per period and channel (chart data): the top channels, the rest as "Other
    channels", and a total. Returns the header row, the (name, colour) of each channel column
    and the number of periods."""
    ws, st = out.ws, ctx.styles
    label, starts = buckets(series.first, series.last)
    per: dict[int, list[int]] = {}
    for point in series.points:
        per.setdefault(point.channel_id, [0] * len(starts))[_slot(starts, point.day)] += (
            point.conversions
        )
    info = {c.id: c for c in series.channels}
    order = sorted(per, key=lambda cid: (-sum(per[cid]), info[cid].name.lower()))
    shown = order if len(order) <= TOP_CHANNELS + 1 else order[:TOP_CHANNELS]
    columns = [(info[cid].name, _color(info[cid].color), per[cid]) for cid in shown]
    rest = order[len(shown) :]
    if rest:
        other = [sum(per[c][i] for c in rest) for i in range(len(starts))]
        columns.append(("Other channels", OTHER_COLOR, other))
    section = "Conversions by " + {"Day": "day", "Week from": "week", "Month": "month"}[label]
    out.append([safe_value(ws, f"{section} and channel", st.get("text", "section"))])
    heads = [safe_value(ws, label, st.get("date", "header"))]
    heads += [safe_value(ws, name, st.get("count", "header")) for name, _, _ in columns]
    heads.append(safe_value(ws, "Total", st.get("count", "header")))
    ws.row_dimensions[out.count + 1].height = 30  # channel names may wrap
    header = out.append(heads)
    for i, start in enumerate(starts):
        values = [counts[i] for _, _, counts in columns]
        out.append(
            [safe_value(ws, start, st.get("date", "body"))]
            + [safe_value(ws, v, st.get("count", "body")) for v in values]
            + [safe_value(ws, sum(values), st.get("count", "label"))]
        )
    return header, [(name, color) for name, color, _ in columns], len(starts)


def _style_axes(chart: BarChart) -> None:
    # Newer Excel hides axes whose `delete` flag is left unset; say plainly they are shown.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.majorGridlines.spPr = GraphicalProperties(ln=LineProperties(solidFill="E3E3E3"))
    chart.legend.position = "b"
    chart.width, chart.height = 18, 8


def _value_chart(ws: Any, header: int, rows: Sequence[ReportRow], currency: str) -> BarChart:
    """Spend (grey) beside value (each channel in its colour), per channel."""
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = "Value vs spend by channel"
    last = header + max(len(rows), 1)
    data = Reference(ws, min_col=2, max_col=3, min_row=header, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=last))
    spend, value = chart.series
    spend.graphicalProperties.solidFill = SPEND_COLOR
    spend.graphicalProperties.line.solidFill = "7F7F7F"
    for i, row in enumerate(rows):
        point = DataPoint(idx=i)
        point.graphicalProperties.solidFill = _color(row.color)
        point.graphicalProperties.line.solidFill = _color(row.color)
        value.dPt.append(point)
    if rows:
        value.graphicalProperties.solidFill = _color(rows[0].color)
    whole = money_format(currency).replace(".000", "").replace(".00", "")
    chart.y_axis.numFmt = NumFmt(formatCode=whole, sourceLinked=False)
    _style_axes(chart)
    return chart


def _time_chart(ws: Any, header: int, columns: list[tuple[str, str]], periods: int) -> BarChart:
    """Conversions per period, stacked by channel in the channels' colours."""
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.gapWidth = 40
    chart.title = "Conversions over time"
    last = header + max(periods, 1)
    if columns:
        chart.add_data(
            Reference(ws, min_col=2, max_col=1 + len(columns), min_row=header, max_row=last),
            titles_from_data=True,
        )
    chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=last))
    for s, (_, color) in zip(chart.series, columns, strict=True):
        s.graphicalProperties.solidFill = color
        s.graphicalProperties.line.solidFill = color
    chart.x_axis.numFmt = NumFmt(formatCode="d mmm", sourceLinked=False)
    chart.x_axis.tickLblSkip = max(1, periods // 12)
    chart.x_axis.txPr = RichText(
        bodyPr=RichTextProperties(rot=-2_700_000, vert="horz"),  # labels at 45 degrees
        p=[Paragraph(pPr=ParagraphProperties(defRPr=CharacterProperties(sz=800)))],
    )
    chart.y_axis.numFmt = NumFmt(formatCode="#,##0", sourceLinked=False)
    _style_axes(chart)
    return chart
