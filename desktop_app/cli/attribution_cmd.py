"""`conversion-tracker attribution`: credited conversions and value per channel, every model."""

from __future__ import annotations

import argparse
import csv
import sys
from decimal import Decimal
from pathlib import Path

from desktop_app.attribution.compare import (
    MARKOV_MIN_CONVERSIONS,
    Comparison,
    compare_journeys,
)
from desktop_app.attribution.credit import compare_models
from desktop_app.attribution.path_table import PathTableError, read_path_table
from desktop_app.cli.common import (
    CliError,
    note,
    opened_database,
    parse_date_arg,
    print_json,
    print_table,
)
from desktop_app.domain.attribution_models import MODEL_CLI


def run(args: argparse.Namespace) -> int:
    if args.paths:
        if args.date_from or args.date_to or args.goal:
            note("--from, --to and --goal do not apply to a path table; they were ignored.")
        try:
            journeys = read_path_table(Path(args.paths))
        except PathTableError as exc:
            raise CliError(str(exc)) from exc
        result: Comparison | None = compare_journeys(journeys)
    else:
        first = parse_date_arg(args.date_from, "--from")
        last = parse_date_arg(args.date_to, "--to")
        if first and last and first > last:
            raise CliError(f"--from {first} is after --to {last}")
        with opened_database(args, must_exist=True) as db:
            goal_id = None
            if args.goal:
                row = db.execute("SELECT id FROM goals WHERE name = ?", [args.goal.strip()])
                found = row.fetchone()
                if found is None:
                    names = [r[0] for r in db.execute("SELECT name FROM goals ORDER BY name")]
                    known = ", ".join(names) if names else "none yet"
                    raise CliError(f"no goal named {args.goal!r} (goals: {known})")
                goal_id = int(found[0])
            result = compare_models(db, first, last, goal_id)
    if result is None:
        note("No conversions to attribute in that period.")
        if args.format == "json":
            print_json([])
        return 0
    if args.format == "json":
        print_json(json_rows(result))
        _warn(result)
    elif args.format == "csv":
        _print_csv(result)
        _warn(result)
    else:
        _print_table(result)
    return 0


def json_rows(result: Comparison) -> list[dict[str, object]]:
    """One object per channel and model, value as a decimal amount (PRODUCT.md's JSON)."""
    rows: list[dict[str, object]] = []
    for code in result.channel_order():
        for model, credit in result.models.items():
            conv, units = credit.by_channel().get(code, (Decimal(0), 0))
            rows.append(
                {
                    "channel": result.channel_names[code],
                    "model": model,
                    "conversions": int(conv) if conv == conv.to_integral_value() else conv,
                    "value": result.value_of(units),
                }
            )
    return rows


def _print_csv(result: Comparison) -> None:
    from desktop_app.exporting.csv_safety import safe_text

    writer = csv.writer(sys.stdout, lineterminator="\n")
    models = list(result.models)
    writer.writerow(["channel", *[f"{m}_{k}" for m in models for k in ("conversions", "value")]])
    for code in result.channel_order():
        cells: list[object] = [safe_text(result.channel_names[code])]
        for m in models:
            conv, units = result.models[m].by_channel().get(code, (Decimal(0), 0))
            cells += [conv, result.value_of(units)]
        writer.writerow(cells)


# Short column headers, so each of the two tables fits about 100 columns.
_LABELS = MODEL_CLI  # narrow, so each of the two tables fits about 100 columns
_LEGEND = "Non-direct = last non-direct touch; Position = position-based."


def _conversions_text(conversions: Decimal | int) -> str:
    """Credited conversions: one decimal everywhere (models give fractions), totals alike."""
    return f"{Decimal(conversions):,.1f}"


def _value_text(result: Comparison, units: int) -> str:
    """Credited value with the currency's decimals (at most 2; a path table's value has 2)."""
    return f"{result.value_of(units):,.{min(result.value_exponent, 2)}f}"


def _print_table(result: Comparison) -> None:
    """Two tables one under the other: conversions per channel and model, then value."""
    models = list(result.models)
    order = result.channel_order()
    credit = {m: result.models[m].by_channel() for m in models}
    zero = (Decimal(0), 0)
    spread = result.markov_spread

    print("Conversions credited per channel")
    print()
    headers = ["Channel", *[_LABELS.get(m, m) for m in models]] + (["±"] if spread else [])
    rows = []
    for code in order:
        row = [result.channel_names[code]]
        row += [_conversions_text(credit[m].get(code, zero)[0]) for m in models]
        if spread:
            low, high = spread.get(code, (0.0, 0.0))
            row.append(f"{(high - low) / 2:,.1f}")
        rows.append(row)
    total = ["Total", *[_conversions_text(result.models[m].conversions) for m in models]]
    rows.append(total + ([""] if spread else []))
    print_table(headers, rows, right=set(range(1, len(headers))))
    print()

    print("Value credited per channel")
    print()
    headers = ["Channel", *[_LABELS.get(m, m) for m in models]]
    rows = [
        [result.channel_names[code]]
        + [_value_text(result, credit[m].get(code, zero)[1]) for m in models]
        for code in order
    ]
    rows.append(["Total", *[_value_text(result, result.models[m].value) for m in models]])
    print_table(headers, rows, right=set(range(1, len(headers))))
    print()
    print(_LEGEND)
    for line in confidence_lines(result):
        print(line)


def confidence_lines(result: Comparison) -> list[str]:
    lines = []
    rule = next((result.confidence[m] for m in result.models if m != "markov"), None)
    if rule is not None:
        lines.append(
            f"Rule-based models: {rule.conversions} conversions over {rule.paths} distinct paths."
        )
    if "markov" in result.confidence:
        mk = result.confidence["markov"]
        lines.append(
            f"Markov: {mk.journeys} journeys, {mk.conversions} converting, {mk.paths} distinct "
            "paths (repeats collapsed)."
        )
        lines.append("± is half the 95% bootstrap range of the Markov conversions.")
        if not result.markov_reliable:
            lines.append(
                f"Warning: fewer than {MARKOV_MIN_CONVERSIONS} conversions with touchpoints; "
                "the Markov shares are not reliable."
            )
    return lines


def _warn(result: Comparison) -> None:
    for warning in result.warnings:
        note(f"Warning: {warning}")
