"""Examples from the file for the choices a plan leaves open: how a date or number reads each way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from desktop_app.domain.money import NumberStyle
from desktop_app.domain.timeutil import zone
from desktop_app.importing.engine import ImportPlan, PreviewRow
from desktop_app.importing.planning import DATE_FIELDS, MONEY_FIELDS, NUMBER_FIELDS
from desktop_app.importing.values import ValueProblem, parse_number, parse_when
from desktop_app.store.handle import Database


@dataclass(frozen=True, slots=True)
class Example:
    column: str
    text: str  # as written in the file


def date_example(plan: ImportPlan, rows: list[PreviewRow]) -> Example | None:
    """A date of the file that the date order changes (`03/04/2026`), else any date."""
    for index, guess in plan.date_guesses.items():
        header = _header(plan, index)
        if guess.span is not None and guess.fitted_example:  # 6/11/2024 among November dates
            return Example(header, guess.fitted_example)
        if guess.unsure:
            return Example(header, next(iter(guess.unsure.values()))[0])
        if guess.ambiguous:
            return Example(header, next(iter(guess.ambiguous.values())))
        if guess.conflicts:
            return Example(header, next(iter(guess.conflicts.values()))[0])
    return _first(plan, rows, DATE_FIELDS)


def read_date(
    text: str, order: str | None, tz_name: str = "UTC", plan: ImportPlan | None = None
) -> date | None:
    """How `text` reads in the given order (None when it does not read as a date that way).

    With `plan` and no order, as the import reads it by itself (the column's settled orders).
    """
    guess = None
    if plan is not None and order is None:
        guess = next((g for g in plan.date_guesses.values() if g.open), None)
    try:
        return parse_when(text, guess, order, zone(tz_name or "UTC")).day
    except (ValueProblem, ValueError):
        return None


def number_example(plan: ImportPlan, rows: list[PreviewRow]) -> Example | None:
    """A number of the file written with a separator (`1.234,56`), else any number."""
    money = [c.index for c in plan.columns if c.field in MONEY_FIELDS]
    numbers = money + [c.index for c in plan.columns if c.field in NUMBER_FIELDS - MONEY_FIELDS]
    for info in rows:
        if info.role != "data":
            continue
        for index in numbers:
            text = info.cells[index].strip() if index < len(info.cells) else ""
            if any(ch.isdigit() for ch in text) and ("," in text or "." in text):
                return Example(_header(plan, index), text)
    return _first(plan, rows, NUMBER_FIELDS)


def read_number(text: str, decimal: str | None) -> Decimal | None:
    """How `text` reads with `decimal` as the decimal mark (None: inferred; None result: unreadable)."""
    style = NumberStyle.for_decimal(decimal) if decimal else None
    try:
        return parse_number(text, style)[0]
    except (ValueProblem, ValueError):
        return None


def goal_names(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT name FROM goals ORDER BY name COLLATE NOCASE")]


def campaign_names(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT name FROM campaigns ORDER BY name COLLATE NOCASE")]


def _header(plan: ImportPlan, index: int) -> str:
    return next((c.header for c in plan.columns if c.index == index), "")


def _first(plan: ImportPlan, rows: list[PreviewRow], fields: set[str]) -> Example | None:
    indexes = [c.index for c in plan.columns if c.field in fields]
    for info in rows:
        if info.role == "data":
            for index in indexes:
                if index < len(info.cells) and info.cells[index].strip():
                    return Example(_header(plan, index), info.cells[index].strip())
    return None


def file_currencies(plan: ImportPlan) -> dict[str, str]:
    """Currencies the file names for its amounts (symbols, codes, headers): code -> an example."""
    found: dict[str, str] = {}
    for index, (code, example) in plan.amount_currencies.items():
        found.setdefault(code, f"'{example}' in column '{_header(plan, index)}'")
    for index, code in plan.header_currency.items():
        if plan.options.currency and code == plan.options.currency.upper():
            continue  # the user's own answer, not something the file says
        found.setdefault(code, f"the header '{_header(plan, index)}'")
    return found


def currency_problem(plan: ImportPlan, db: Database) -> str | None:
    """Why the file's amounts cannot be stored (another currency and no rate), with the way out."""
    from desktop_app.store.settings import has_money_data, load_settings

    base = load_settings(db).currency
    named = file_currencies(plan)
    if plan.options.currency and "currency" not in plan.field_columns():
        named.setdefault(plan.options.currency.upper(), "your choice")
    if not base:
        return None  # the first amounts set the business currency
    missing = [
        code
        for code in named
        if code != base
        and db.execute("SELECT 1 FROM exchange_rates WHERE currency = ?", [code]).fetchone() is None
    ]
    if not missing:
        return None
    code = missing[0]
    way = (
        f"enter the rate for {code} when the preview asks for it (or in Settings > Exchange rates)"
    )
    if not has_money_data(db):
        way += f", or, as nothing with money has been recorded yet, change the business currency to {code} in Settings"
    return (
        f"The amounts are in {code} ({named[code]}), but the business's currency is {base} and "
        f"no exchange rate for {code} has been entered, so those rows cannot be imported. To "
        f"import them, {way}."
    )
