"""What every kind writer shares: reading a mapped cell as text, number, money or date."""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from desktop_app.domain.money import MAX_MINOR, currency_exponent, is_currency_code, max_amount
from desktop_app.importing.context import ImportContext
from desktop_app.importing.readers import Cell, text_of
from desktop_app.importing.values import (
    EMPTY_MARKERS,
    ERROR_LITERALS,
    ValueProblem,
    When,
    clean_text,
    parse_number,
    parse_when,
)

if TYPE_CHECKING:
    from desktop_app.importing.plan import ImportPlan

CHUNK = 2000


def _above_max(base: str) -> str:
    """Why an amount above money.MAX_MINOR is refused, in the business's currency `base`: it is
    a misread column, and sums of such amounts would overflow SQLite's integer."""
    return (
        f"is above {max_amount(base or 'EUR'):,} in the business's currency for one record; "
        "check the column (a phone number or an id read as an amount?)"
    )


# Fields that are identifiers: read as the text they are, never through a float.
ID_FIELDS = ("order_id", "customer_id", "gclid", "gbraid", "wbraid", "fbclid", "msclkid")


def id_cell_problem(cell: Cell) -> str | None:
    """Why an id cell cannot be trusted, or None: a spreadsheet keeps numbers as binary floats,
    which hold 15 significant digits, so a longer numeric id was rounded before we saw it (two
    different orders would become one)."""
    if isinstance(cell, bool) or not isinstance(cell, int | float):
        return None
    if isinstance(cell, float) and not math.isfinite(cell):
        return "is not a number an id can be"
    if abs(cell) >= 1e15 or (isinstance(cell, float) and not cell.is_integer()):
        return (
            "is an id stored as a number with more than 15 digits, which the spreadsheet has "
            "already rounded; format the column as text in the spreadsheet and export it again"
        )
    return None


# `1.234` / `1,234` (with a symbol or code around it): one mark, then exactly three digits.
_THREE_AFTER_ONE_MARK = re.compile(r"^[^\d.,]*[1-9]\d{0,2}[.,]\d{3}[^\d.,]*$")


def money_cell_problem(cell: Cell) -> str | None:
    """Why a money cell is refused as it is written, or None. Spreadsheets read `nan`, `+49…`
    and `12,5%` as numbers; as an amount each would silently mean something else."""
    if isinstance(cell, float) and not math.isfinite(cell):
        return "is not a number (NaN or infinity), not an amount"
    if not isinstance(cell, str):
        return None
    text = cell.strip()
    lowered = text.lower()
    if lowered in ("nan", "inf", "-inf", "+inf", "infinity", "-infinity"):
        return f"'{text}' is not a number, not an amount; leave the cell empty where there is none"
    if text.endswith("%"):
        return "is a percentage, not an amount of money"
    if text.startswith("+"):
        return "starts with '+', which an amount does not (a phone number?); write it without"
    return None


class RowProblem(Exception):
    """A cell of one row cannot be used; the row is rejected with this reason."""

    def __init__(self, field: str | None, value: object, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.value = value
        self.reason = reason


class KindWriter:
    """Takes data rows one by one (`add`), writes records in chunks, and `finish`es the batch."""

    def __init__(self, plan: ImportPlan, ctx: ImportContext) -> None:
        self.plan = plan
        self.ctx = ctx
        self.idx: dict[str, int] = {c.field: c.index for c in plan.columns if c.field}
        self._id_columns = [(f, self.idx[f]) for f in ID_FIELDS if f in self.idx]
        self.headers = {c.index: c.header for c in plan.columns}
        self.errors = plan.source.error_cells.get(plan.sheet, {})
        self.uncached = plan.source.uncached_formulas.get(plan.sheet, set())
        self._occurrences: Counter[str] = Counter()
        self._last_currency = ("", "")  # (cell text, its code) of the last valid currency cell
        # (column, cell, currency) -> money's answer, where it cannot depend on the day (the
        # amount is in the business's own currency): a file repeats its prices.
        self._money_seen: dict[tuple[int | None, Cell, str | None], tuple[int, str, int]] = {}

    # ------------------------------------------------------------ entry points
    def add(self, row: int, cells: list[Cell]) -> None:
        try:
            self.add_row(row, cells)
        except RowProblem as exc:
            index = self.idx.get(exc.field) if exc.field else None
            column = self.headers.get(index) if index is not None else exc.field
            shown = text_of(exc.value) if isinstance(exc.value, str | float | int) else exc.value
            self.ctx.reject(row, column, shown, exc.reason)

    def add_row(self, row: int, cells: list[Cell]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def finish(self) -> None:
        """Write what is still pending."""

    # ------------------------------------------------------------ cells
    def _header_of(self, field: str) -> str:
        index = self.idx.get(field)
        return self.headers.get(index, field) if index is not None else field

    def has(self, field: str) -> bool:
        return field in self.idx

    def raw(self, row: int, cells: list[Cell], field: str) -> Cell:
        """The cell of `field`, with error cells and unsaved formulas turned into problems."""
        index = self.idx.get(field)
        if index is None:
            return None
        cell = cells[index] if index < len(cells) else None
        # This runs for every mapped cell, so the checks of values.is_missing and
        # values.ERROR_LITERALS are done here inline, with one strip and one lower per text.
        if isinstance(cell, str):
            key = cell.strip().lower()
            if key not in EMPTY_MARKERS:
                if key in ERROR_LITERALS:
                    err = cell.strip()
                    raise RowProblem(
                        field,
                        err,
                        f"the cell shows the spreadsheet error {err}; fix it in the file",
                    )
                return cell
        elif cell is not None:
            return cell
        if (row, index) in self.errors:
            raise RowProblem(
                field,
                self.errors[(row, index)],
                f"the cell shows the spreadsheet error {self.errors[(row, index)]}; fix the "
                "formula or value in the file and import again",
            )
        if (row, index) in self.uncached:
            raise RowProblem(
                field,
                "",
                "the cell holds a formula whose result was never saved (the file was written "
                "by a program that does not calculate formulas); open it in Excel or "
                "LibreOffice, save it, and import again",
            )
        return None

    def text(self, row: int, cells: list[Cell], field: str) -> str:
        if field not in self.idx:  # most optional fields are absent; answer those at once
            return ""
        cell = self.raw(row, cells, field)
        if isinstance(cell, str):  # not missing, or raw would have returned None
            return cell.strip()
        return clean_text(cell)

    def columns_of(self, fields: tuple[str, ...]) -> list[tuple[str, int]]:
        """(field, column index) of those `fields` the file has, in the given order."""
        return [(f, self.idx[f]) for f in fields if f in self.idx]

    def texts(self, row: int, cells: list[Cell], columns: list[tuple[str, int]]) -> dict[str, str]:
        """`text` of several fields in order (so the first problem is the one raised), as a dict.

        Plain text cells, nearly all of them, are answered here without a call per cell.
        """
        out: dict[str, str] = {}
        size = len(cells)
        plain = not (self.errors or self.uncached)  # no empty cell of this sheet hides a problem
        for field, index in columns:
            cell = cells[index] if index < size else None
            if isinstance(cell, str):
                value = cell.strip()
                key = value.lower()
                if key not in EMPTY_MARKERS:
                    if key not in ERROR_LITERALS:
                        out[field] = value
                        continue
                elif plain:
                    out[field] = ""
                    continue
            elif cell is None and plain:
                out[field] = ""
                continue
            out[field] = self.text(row, cells, field)
        return out

    def required(self, row: int, cells: list[Cell], field: str, what: str) -> Cell:
        cell = self.raw(row, cells, field)
        if cell is None:
            raise RowProblem(field, "", f"{what} is missing; fill it in or leave the row out")
        return cell

    def when(self, row: int, cells: list[Cell], field: str, what: str) -> When:
        cell = self.required(row, cells, field, what)
        index = self.idx[field]
        try:
            found = parse_when(
                cell, self.plan.date_guesses.get(index), self.plan.options.date_order, self.ctx.tz
            )
        except ValueProblem as exc:
            raise RowProblem(field, cell, str(exc)) from exc
        if found.repeated:
            self.ctx.repeated_times += 1
        # A 2099 row would stretch every report to 2099; a period may end later, not start.
        if field != "period_end" and found.day > self.ctx.today:
            raise RowProblem(
                field,
                cell,
                f"is after today ({self.ctx.today.isoformat()}); a record is imported once it "
                "happened (check the year, or the order of day and month)",
            )
        return found

    def number(self, row: int, cells: list[Cell], field: str) -> tuple[Decimal, str | None] | None:
        cell = self.raw(row, cells, field)
        if cell is None:
            return None
        try:
            amount, currency = parse_number(cell, self.plan.number_styles.get(self.idx[field]))
        except ValueProblem as exc:
            raise RowProblem(field, cell, str(exc)) from exc
        return amount, currency or self.plan.header_currency.get(self.idx[field])

    def money(
        self, row: int, cells: list[Cell], field: str, day: date, currency: str | None
    ) -> tuple[int, str, int] | None:
        index = self.idx.get(field)
        written = cells[index] if index is not None and index < len(cells) else None
        key = (index, written, currency)
        seen = self._money_seen.get(key)
        if seen is not None:
            return seen
        kind = written.__class__
        if (kind is float and math.isfinite(written)) or kind is int:  # type: ignore[arg-type]
            # A number cell of a workbook, the usual case: what `number` would answer, at once.
            amount: Decimal = Decimal(repr(written))
            named = self.plan.header_currency.get(index)  # type: ignore[arg-type]
        else:
            problem = money_cell_problem(written)
            if problem:  # a value whose meaning as money would change: refused, never guessed
                raise RowProblem(field, written, problem)
            parsed = self.number(row, cells, field)
            if parsed is None:
                return None
            amount, named = parsed
        if amount.is_finite() and amount.adjusted() >= 15:  # no currency makes it an amount
            # kept (even the smallest units are worth more than 1e-6 EUR), and rounding it to
            # cents would run past Decimal's 28 digits
            raise RowProblem(field, written, _above_max(self.ctx.base))
        try:
            found = self.ctx.money(amount, named or currency, day)
        except ValueProblem as exc:
            raise RowProblem(field, self.raw(row, cells, field), str(exc)) from exc
        if isinstance(written, str) and _THREE_AFTER_ONE_MARK.match(written):
            exponent = amount.as_tuple().exponent
            if isinstance(exponent, int) and -exponent > currency_exponent(found[1] or "XXX"):
                mark = "point" if "." in written else "comma"
                raise RowProblem(
                    field,
                    written,
                    f"'{written.strip()}' has three digits after the {mark}, which this file uses "
                    f"as its decimal mark: it would be {amount}, more decimals than "
                    f"{found[1]} has, unless the {mark} groups thousands here. Write it as "
                    f"{amount.scaleb(3).normalize():f} or {amount.quantize(Decimal('0.01'))}",
                )
        if abs(found[0]) > MAX_MINOR:
            raise RowProblem(field, written, _above_max(self.ctx.base))
        # In the business's own currency (settled: not the "" of an amount before any currency
        # is known) no rate applies, so the same cell is the same amount any day.
        if found[1] and found[1] == self.ctx.base:
            if len(self._money_seen) >= 100_000:
                self._money_seen.clear()
            self._money_seen[key] = found
        return found

    def check_ids(self, cells: list[Cell]) -> None:
        """Refuse the row when an id cell was rounded by the spreadsheet (see id_cell_problem)."""
        for field, index in self._id_columns:
            if index < len(cells) and not isinstance(cells[index], str):
                problem = id_cell_problem(cells[index])
                if problem:
                    raise RowProblem(field, cells[index], problem)

    def currency_column(self, row: int, cells: list[Cell]) -> str | None:
        text = self.text(row, cells, "currency")
        if not text:
            return None
        if text == self._last_currency[0]:  # a file's rows name one or two currencies
            return self._last_currency[1]
        if not is_currency_code(text):
            raise RowProblem("currency", text, "is not an ISO currency code such as EUR or USD")
        self._last_currency = (text, text.upper())
        return self._last_currency[1]

    def fingerprint(self, *parts: object) -> str:
        """A content hash, numbered by occurrence so identical rows of one file stay distinct."""
        base = hashlib.sha1("\x1f".join(str(p) for p in parts).encode()).hexdigest()
        self._occurrences[base] += 1
        return f"{base}:{self._occurrences[base]}"
