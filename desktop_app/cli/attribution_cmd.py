"""`conversion-tracker attribution`: credited conversions and value per channel, every model."""

from __future__ import annotations

import argparse
import csv
import sys
from decimal import Decimal
from pathlib import Path

from desktop_app.attribution.compare import (
    DEFAULT_MODEL,
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

_CONV_PLACES = Decimal("0.01")


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
    for code in _channel_order(result):
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


def _channel_order(result: Comparison) -> list[int]:
    """Channels by their credit under the default model (last non-direct), then by name."""
    model = DEFAULT_MODEL if DEFAULT_MODEL in result.models else next(iter(result.models))
    first = result.models[model].by_channel()
    return sorted(
        result.channel_codes(),
        key=lambda c: (-first.get(c, (Decimal(0), 0))[0], result.channel_names[c].lower()),
    )


def _print_csv(result: Comparison) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    models = list(result.models)
    writer.writerow(["channel", *[f"{m}_{k}" for m in models for k in ("conversions", "value")]])
    for code in _channel_order(result):
        cells: list[object] = [result.channel_names[code]]
        for m in models:
            conv, units = result.models[m].by_channel().get(code, (Decimal(0), 0))
            cells += [conv, result.value_of(units)]
        writer.writerow(cells)


def _print_table(result: Comparison) -> None:
    models = list(result.models)
    headers = ["channel"]
    for m in models:
        headers += [f"{m} conv", f"{m} value"]
    if result.markov_spread:
        headers.append("markov ±conv")
    rows = []
    for code in _channel_order(result):
        row = [result.channel_names[code]]
        for m in models:
            conv, units = result.models[m].by_channel().get(code, (Decimal(0), 0))
            row += [f"{conv.quantize(_CONV_PLACES)}", f"{result.value_of(units):,.2f}"]
        if result.markov_spread:
            low, high = result.markov_spread.get(code, (0.0, 0.0))
            row.append(f"{(high - low) / 2:.1f}")
        rows.append(row)
    total = ["Total"]
    for m in models:
        total += [
            f"{result.models[m].conversions}",
            f"{result.value_of(result.models[m].value):,.2f}",
        ]
    rows.append(total + ([""] if result.markov_spread else []))
    print_table(headers, rows, right=set(range(1, len(headers))))
    print()
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
            "paths (repeats collapsed); ±conv is half the 95% bootstrap range."
        )
        if not result.markov_reliable:
            lines.append(
                f"Warning: fewer than {MARKOV_MIN_CONVERSIONS} conversions with touchpoints; "
                "the Markov shares are not reliable."
            )
    return lines


def _warn(result: Comparison) -> None:
    for warning in result.warnings:
        note(f"Warning: {warning}")
