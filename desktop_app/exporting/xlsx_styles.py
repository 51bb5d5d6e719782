"""The workbook's look: number formats in the business currency and the cell styles of a table."""

from __future__ import annotations

from types import SimpleNamespace

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.workbook import Workbook

from desktop_app.domain.money import currency_exponent, format_money

COUNT = "#,##0"
DECIMAL_COUNT = "#,##0.00"
PERCENT = "0.0%"
CHANGE = "+0.0%;-0.0%;0.0%"
POINTS = '+0.0" pp";-0.0" pp";0.0" pp"'  # a change of a percentage, in percentage points
RATIO = '0.00"×"'
DATETIME = "yyyy-mm-dd hh:mm"
DATE = "yyyy-mm-dd"

ACCENT = "1F4E79"
HEADER_FILL = "1F4E79"
TOTAL_FILL = "DCE6F1"
BAND_RULE = "B4C6E7"
MUTED = "595959"
FONT_NAME = "Calibri"

# Kinds of column: how a value of that kind is formatted and aligned.
KINDS = ("text", "money", "count", "decimal", "percent", "change", "points", "ratio", "datetime",
         "date")  # fmt: skip


def money_format(currency: str) -> str:
    """An Excel number format with the currency's symbol and its number of decimals
    (`"€"#,##0.00`, `"¥"#,##0`, `"KWD "#,##0.000`)."""
    if not currency:
        return "#,##0.00"
    exponent = currency_exponent(currency)
    number = "#,##0" + ("." + "0" * exponent if exponent else "")
    template = format_money(0, currency)
    digits = format_money(0, currency, symbol=False)
    before, _, after = template.partition(digits)
    before, after = before.replace("\u00a0", " "), after.replace("\u00a0", " ")
    body = (f'"{before}"' if before else "") + number + (f'"{after}"' if after else "")
    return f"{body};-{body}"


class Styles:
    """Cell styles of one workbook, built once and shared by every cell that uses them."""

    def __init__(self, wb: Workbook, currency: str) -> None:
        self.wb = wb
        self.currency = currency
        self.formats = {
            "text": "General",
            "money": money_format(currency),
            "count": COUNT,
            "decimal": DECIMAL_COUNT,
            "percent": PERCENT,
            "change": CHANGE,
            "points": POINTS,
            "ratio": RATIO,
            "datetime": DATETIME,
            "date": DATE,
        }
        thin = Side(style="thin", color=BAND_RULE)
        self._cache: dict[tuple[str, str], StyleArray] = {}
        self._fonts = {
            "body": Font(name=FONT_NAME, size=10),
            "bold": Font(name=FONT_NAME, size=10, bold=True),
            "header": Font(name=FONT_NAME, size=10, bold=True, color="FFFFFF"),
            "title": Font(name=FONT_NAME, size=16, bold=True, color=ACCENT),
            "subtitle": Font(name=FONT_NAME, size=10, color=MUTED),
            "section": Font(name=FONT_NAME, size=12, bold=True, color=ACCENT),
            "muted": Font(name=FONT_NAME, size=10, color=MUTED),
            "note": Font(name=FONT_NAME, size=9, italic=True, color=MUTED),
        }
        self._header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        self._total_fill = PatternFill("solid", fgColor=TOTAL_FILL)
        self._body_border = Border(bottom=thin)
        self._total_border = Border(
            top=Side(style="thin", color=ACCENT), bottom=Side(style="double", color=ACCENT)
        )

    def get(self, kind: str, role: str = "body") -> StyleArray:
        """The style of a cell of `kind` in a table row of `role` (body, total, header, title,
        subtitle, section, muted, note, label, dash, dash_total)."""
        key = (kind, role)
        if key not in self._cache:
            self._cache[key] = self._build(kind, role)
        return self._cache[key]

    def _build(self, kind: str, role: str) -> StyleArray:
        cell = WriteOnlyCell(self._sheet())
        right = kind not in ("text", "date", "datetime")
        if role == "header":
            cell.font = self._fonts["header"]
            cell.fill = self._header_fill
            cell.alignment = Alignment(
                horizontal="right" if right else "left", vertical="center", wrap_text=True
            )
            return cell._style
        if role in ("title", "subtitle", "section", "muted", "note"):
            cell.font = self._fonts[role]
            if kind != "text":
                cell.number_format = self.formats[kind]
                cell.alignment = Alignment(horizontal="left")
            return cell._style
        if role == "plain":  # big sheets: a number format only, no borders
            cell.font = self._fonts["body"]
            cell.number_format = self.formats[kind]
            return cell._style
        total = role in ("total", "dash_total", "label_total")
        cell.font = self._fonts["bold" if total or role == "label" else "body"]
        if total:
            cell.fill = self._total_fill
            cell.border = self._total_border
        else:
            cell.border = self._body_border
        if role in ("dash", "dash_total"):
            cell.alignment = Alignment(horizontal="right")
            cell.font = Font(name=FONT_NAME, size=10, bold=total, color=MUTED)
        else:
            cell.number_format = self.formats[kind]
            cell.alignment = Alignment(horizontal="right" if right else "left", vertical="top")
        return cell._style

    def _sheet(self) -> object:
        # Style tables are workbook-wide; a template cell only needs to reach the workbook.
        return SimpleNamespace(parent=self.wb, encoding="utf-8")
