"""The preview's tables: rows as they will be stored, the problems (copy, save as CSV), new names."""

from __future__ import annotations

import csv
import io
import re
from datetime import tzinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from desktop_app.domain import formatting
from desktop_app.domain.timeutil import to_local
from desktop_app.importing.errors import Problem

HIDDEN = frozenset({
    "id", "batch_id", "fingerprint", "origin", "goal_id", "channel_id", "campaign_id", "email_hash",
    "phone_hash", "customer_key", "conversion_id",
})  # fmt: skip
PROBLEM_HEADERS = ["Sheet", "Row", "Column", "Value", "Reason"]
_UTC_TEXT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")  # instants as stored


def read_only_table(columns: int = 0) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(26)
    return table


def _shown(key: str, record: dict[str, Any], tz: tzinfo | None = None) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if tz is not None and isinstance(value, str) and _UTC_TEXT.fullmatch(value):
        return formatting.moment(to_local(value, tz))  # as the Conversions page shows it
    if key.endswith("_minor") and isinstance(value, int):
        currency = record.get("original_currency" if key.startswith("original") else "currency")
        return (
            formatting.money_minor(value, str(currency))
            if currency
            else f"{formatting.number(value)}"
        )
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _title(key: str) -> str:
    key = key.removesuffix("_minor").removesuffix("_at")
    return "Row" if key == "row" else key.replace("_", " ").capitalize()


def fill_rows(table: QTableWidget, records: list[dict[str, Any]], tz: tzinfo | None = None) -> None:
    """The first rows as stored; technical ids and empty columns left out; times in `tz`."""
    keys: list[str] = []
    for record in records:
        for key in record:
            if key not in HIDDEN and key not in keys:
                keys.append(key)
    keys = [k for k in keys if any(r.get(k) not in (None, "") for r in records)]
    table.clear()
    table.setColumnCount(len(keys))
    table.setRowCount(len(records))
    table.setHorizontalHeaderLabels([_title(k) for k in keys])
    for row, record in enumerate(records):
        for col, key in enumerate(keys):
            item = QTableWidgetItem(_shown(key, record, tz))
            if isinstance(record.get(key), (int, float)) and key != "row":
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, col, item)
    table.resizeColumnsToContents()
    for col in range(len(keys)):
        table.setColumnWidth(col, min(table.columnWidth(col), 240))


def problem_cells(problem: Problem) -> list[str]:
    return [
        problem.sheet or "",
        "" if problem.row is None else problem.where.removeprefix("row "),
        problem.column or "",
        problem.value or "",
        problem.reason,
    ]


SHOWN_PROBLEMS = 1_000  # a table of 300,000 rows would freeze the window; the file has them all


def fill_problems(
    table: QTableWidget,
    problems: list[Problem],
    hint: str = ": Copy all or Save as CSV gives every one",
) -> None:
    """The first SHOWN_PROBLEMS problems, and a last line saying how many more the list holds."""
    table.clear()
    table.setColumnCount(len(PROBLEM_HEADERS))
    table.setHorizontalHeaderLabels(PROBLEM_HEADERS)
    shown = problems[:SHOWN_PROBLEMS]
    more = len(problems) - len(shown)
    table.setRowCount(len(shown) + (1 if more else 0))
    for row, problem in enumerate(shown):
        for col, text in enumerate(problem_cells(problem)):
            item = QTableWidgetItem(text)
            item.setToolTip(text if col == 4 else "")
            table.setItem(row, col, item)
    if more:
        note = QTableWidgetItem(f"… and {formatting.number(more)} more{hint}.")
        table.setItem(len(shown), 4, note)
    table.resizeColumnsToContents()
    table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
    table.setColumnHidden(0, not any(p.sheet for p in problems))  # a CSV file has no sheets


def problems_text(problems: list[Problem], delimiter: str = "\t") -> str:
    """The problems as tab-separated text with a header line (pastes into a spreadsheet)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(PROBLEM_HEADERS)
    writer.writerows(problem_cells(p) for p in problems)
    return out.getvalue()


def copy_problems(problems: list[Problem]) -> None:
    QGuiApplication.clipboard().setText(problems_text(problems))


def save_problems(problems: list[Problem], path: Path) -> None:
    """Write the problems as a CSV file (UTF-8 with BOM, so Excel shows accents right)."""
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(problems_text(problems, ","), encoding="utf-8-sig")
    tmp.replace(path)
