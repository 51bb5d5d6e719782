"""`conversion-tracker report`: the ROI summary per channel, campaign or goal as a table, CSV or JSON."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date
from decimal import Decimal

from desktop_app.cli.common import CliError, note, opened_database, parse_date_arg, print_table
from desktop_app.domain import formatting
from desktop_app.domain.metrics import DASH
from desktop_app.domain.money import currency_exponent
from desktop_app.reports.conversions import data_span, find_goal, load_goals
from desktop_app.reports.engine import build_report
from desktop_app.reports.rows import JSON_KEYS, RATIOS, Figures, Report, ReportRow, goal_total
from desktop_app.store.handle import Database

_MONEY = ("spend", "value", "platform_value", "gross_profit")


def run(args: argparse.Namespace) -> int:
    with opened_database(args, must_exist=True) as db:
        first, last, goal_id = report_scope(db, args)
        if args.model and args.by == "goal":
            note(
                "Attribution models credit channels and campaigns; goal rows show recorded counts."
            )
        try:
            report = build_report(
                db, first, last, goal_id=goal_id, model=args.model,
                compare=args.compare or "previous",
            )  # fmt: skip
        except ImportError as exc:
            raise CliError(f"attribution models are not available in this version ({exc})") from exc
    rows = report.rows(args.by)
    compare = args.compare is not None
    if args.format == "json":
        write_json(rows, compare)
    elif args.format == "csv":
        write_csv(rows, report.currency, compare)
    else:
        shown = rows if args.all else [r for r in rows if not _all_zero(r)]
        write_table(report, shown, args.by, len(rows) - len(shown))
    return 0


def _all_zero(row: ReportRow) -> bool:
    return row.current == Figures() and row.previous == Figures()


def report_scope(db: Database, args: argparse.Namespace) -> tuple[date, date, int | None]:
    """What --from, --to and --goal ask for: the range (as report_range) and the goal's id
    (None: all macro goals); an unknown goal name is an error listing the goals there are."""
    first, last = report_range(
        db, parse_date_arg(args.date_from, "--from"), parse_date_arg(args.date_to, "--to")
    )
    if args.goal is None:
        return first, last, None
    goal = find_goal(db, args.goal)
    if goal is None:
        known = ", ".join(g.name for g in load_goals(db)) or "none yet"
        raise CliError(f"there is no goal named '{args.goal}' (goals: {known})", 2)
    return first, last, goal.id


def report_range(db: Database, first: date | None, last: date | None) -> tuple[date, date]:
    """The range to report: missing --from is the first day with data, missing --to the later of
    today and the last day with data (so with neither, everything recorded is covered)."""
    span = data_span(db)
    today = date.today()
    if first is None:
        first = min(span[0], last or today) if span else (last or today)
    if last is None:
        last = max(span[1], today) if span else today
        last = max(last, first)
    if last < first:
        raise CliError(f"--to {last} is before --from {first}")
    return first, last


def json_number(value: Decimal | int) -> str:
    """A JSON number written from the exact decimal: 12.30 -> 12.3, 40.00 -> 40, never 1E+1."""
    if isinstance(value, int):
        return str(value)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def ratio_number(value: Decimal) -> str:
    """A ratio as the shortest decimal that reads back as the binary float nearest to it
    (`repr(float(x))`, at most 17 significant digits; 76 / 75.50 -> 1.0066225165562914),
    written without an exponent (0.00001, not 1e-05) and whole ratios without ".0"."""
    return format(Decimal(repr(float(value))).normalize(), "f")


def csv_money(amount: Decimal, places: int) -> str:
    """Money with its currency's minor-unit decimals for spreadsheets (12.30; yen 1500), no
    thousands separators; finer amounts keep all their digits."""
    quantum = Decimal(1).scaleb(-places)
    if amount == amount.quantize(quantum):
        return f"{amount.quantize(quantum)}"
    return json_number(amount)


def number_text(key: str, value: object, places: int | None = None) -> str:
    """One report figure as text: ratios via `ratio_number`, money and counts exact; money in
    the minor-unit form of `csv_money` when `places` is given (CSV). None is 'null'."""
    if value is None:
        return "null"
    if key in RATIOS:
        return ratio_number(value)  # type: ignore[arg-type]
    if key in _MONEY and places is not None:
        return csv_money(value, places)  # type: ignore[arg-type]
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return json_number(value)
    return json.dumps(value, ensure_ascii=False)


def write_json(rows: list[ReportRow], compare: bool = False) -> None:
    """The PRODUCT.md list of objects: money and counts exact, ratios as `ratio_number`; with
    `compare`, each with `previous`: the same keys for the comparison period."""

    def body(fields: dict[str, object], indent: str) -> str:
        return ",\n".join(
            f"{indent}{json.dumps(k)}: {number_text(k, fields[k])}" for k in JSON_KEYS
        )

    objects = []
    for row in rows:
        text = body(row.as_json(), "    ")
        if compare:
            text += ',\n    "previous": {\n' + body(row.as_json(previous=True), "      ")
            text += "\n    }"
        objects.append("  {\n" + text + "\n  }")
    sys.stdout.write("[\n" + ",\n".join(objects) + "\n]\n" if objects else "[]\n")


def write_csv(rows: list[ReportRow], currency: str, compare: bool = False) -> None:
    """One line per row with the JSON keys as header: the JSON's digits, money with its
    minor-unit decimals (12.30), empty cells where a ratio is undefined; names a spreadsheet
    would run as a formula get a leading apostrophe (exporting.csv_safety). With `compare`,
    the comparison period's figures follow as `previous_<key>` columns."""
    from desktop_app.exporting.csv_safety import safe_text

    places = currency_exponent(currency)
    keys = JSON_KEYS[1:]
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow([*JSON_KEYS, *(f"previous_{k}" for k in keys if compare)])

    def cells(fields: dict[str, object]) -> list[str]:
        return ["" if fields[k] is None else number_text(k, fields[k], places) for k in keys]

    for row in rows:
        line = [safe_text(row.name), *cells(row.as_json())]
        if compare:
            line += cells(row.as_json(previous=True))
        writer.writerow(line)


def _count(value: Decimal | int) -> str:
    return f"{int(value):,}"


def _fractional(value: Decimal | int) -> str:
    """Counts that may hold fractions (platform conversions, model credit): always 2 decimals, so
    a column never mixes "295" with "4,778.99"."""
    return f"{value:,.2f}"


def _percent(value: Decimal | None) -> str:
    return DASH if value is None else f"{value * 100:,.2f} %"


def _cells(row: ReportRow, currency: str, credited: bool, profit: bool) -> list[str]:
    f = row.current
    conversions = _fractional if credited else _count

    def money(amount: Decimal | None) -> str:
        if amount is None:
            return DASH
        return formatting.money(amount, currency)

    def few(key: str, text: str) -> str:
        """A figure resting on too few conversions (or clicks) is marked with '*'."""
        return f"{text}*" if f.few(key) is not None else text

    cells = [
        row.name,
        money(f.spend),
        _count(f.impressions),
        _count(f.clicks),
        few("ctr", _percent(f.ctr)),
        conversions(f.conversions),
        _count(f.micro_conversions),
        few("conversion_rate", _percent(f.conversion_rate)),
        money(f.value),
        few("cpa", money(f.cpa)),
        few("roas", DASH if f.roas is None else f"{f.roas:,.2f}"),
        few("roi", _percent(f.roi)),
    ]
    if profit:
        even = f.break_even_roas
        cells += [money(f.gross_profit), few("profit_roi", _percent(f.profit_roi)),
                  DASH if even is None else f"{even:,.2f}"]  # fmt: skip
    return [*cells, _fractional(f.platform_conversions), money(f.platform_value)]


def write_table(report: Report, rows: list[ReportRow], by: str, left_out: int = 0) -> None:
    goal = report.goal_name
    title = f"Report by {by}, {report.first} to {report.last}"
    if goal:
        title += f", goal {goal}"
    if report.model:
        title += f", credit: {report.model}"
    print(title)
    print()
    # Gross profit, profit ROI and break-even ROAS once a goal has a margin (PRODUCT.md:
    # Formulas).
    # The goal view's total is its rows added up (micro goals and unlinked spend included), as
    # on the Reports page and in the workbook; the other views total the macro conversions.
    total = goal_total(rows) if by == "goal" else report.total
    profit = any(r.current.gross_profit is not None for r in [*rows, total])
    headers = [by.capitalize(), "Spend", "Impr.", "Clicks", "CTR", "Conv.", "Micro"]
    headers += ["Conv. rate", "Value", "CPA", "ROAS", "ROI"]
    headers += ["Gross profit", "Profit ROI", "Break-even ROAS"] if profit else []
    headers += ["Platf. conv.", "Platf. value"]
    # Under a model, conversions are credited shares (fractions) on every row, goals included.
    credited = report.model is not None
    body = [_cells(row, report.currency, credited, profit) for row in rows]
    body.append(_cells(total, report.currency, credited, profit))
    print_table(headers, body, right=set(range(1, len(headers))))
    changes = ", ".join(
        f"{label} {_signed(total.change(key))}"
        for label, key in (("spend", "spend"), ("conversions", "conversions"), ("value", "value"))
    )
    print()
    print(f"Against {report.previous_first} to {report.previous_last}: {changes}")
    notes = []
    if any(cell.endswith("*") for line in body for cell in line):
        notes.append("* based on fewer than 10 conversions (rates: 100 clicks): too few to compare")
    unmargined = total.current.unmargined
    if profit and unmargined:
        notes.append(
            f"Profit ROI needs a margin on every goal: {_count(unmargined)} conversions have none"
            " (conversion-tracker goals set NAME margin=35%)"
        )
    if left_out:
        notes.append(f"{left_out} rows with nothing in either period left out (--all shows them)")
    for line in notes:
        print(line)


def _signed(change: Decimal | None) -> str:
    return DASH if change is None else f"{change * 100:+,.1f} %"
