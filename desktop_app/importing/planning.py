"""Planning an import: pick the sheet, find the header, map columns, infer date and number styles."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

from desktop_app.domain.money import NumberStyle
from desktop_app.importing.date_orders import DateOrderGuess, describe_mixed, guess_date_order
from desktop_app.importing.errors import ImportRefused
from desktop_app.importing.fields import (
    FALLBACK_SYNONYMS,
    IGNORE,
    KINDS,
    all_fields,
    guess_field,
    header_currency,
    normalise_header,
)
from desktop_app.importing.header import (
    SCAN_ROWS,
    HeaderInfo,
    detect_header,
    is_blank,
    is_total_row,
)
from desktop_app.importing.plan import ColumnMap, ImportOptions, ImportPlan, Question, file_hash
from desktop_app.importing.presets import Preset, detect_preset, get_preset
from desktop_app.importing.readers import Cell, Row, Source, open_source
from desktop_app.importing.sniff import MIXED, FileFormat
from desktop_app.importing.values import (
    ValueProblem,
    guess_number_style,
    parse_number,
)
from desktop_app.store.handle import Database

DATE_FIELDS = {"date", "period_start", "period_end", "time"}
NUMBER_FIELDS = {
    "cost", "value", "platform_value", "conversion_value", "impressions", "clicks",
    "platform_conversions", "quantity",
}  # fmt: skip
REQUIRED = {
    "spend": (("cost",), ("campaign", "channel")),
    "conversions": (("time",),),
    "touchpoints": (
        ("customer_id",),
        ("time",),
        ("channel", "source", "source_medium", "campaign"),
    ),
}
FIELD_WORDS = {"time": "the date or time of each conversion", "cost": "the cost",
               "campaign": "the campaign (or channel)", "customer_id": "the customer id",
               "channel": "the channel, source or campaign of each touchpoint"}  # fmt: skip


def build_plan(path: Path, options: ImportOptions, db: Database | None) -> ImportPlan:

    source = open_source(path)
    _choose_text_format(source, options)
    sheet = _choose_sheet(source, options)
    head_rows = list(islice(source.rows(sheet), SCAN_ROWS))
    if not head_rows or all(is_blank(c) for _, c in head_rows):
        where = f", sheet {sheet}," if sheet else ""
        raise ImportRefused(
            f"{source.file}{where} has no data to import.", file=source.file, sheet=sheet
        )
    header = _header(source, sheet, head_rows, options)
    _refuse_known_non_imports(source, header)
    preset, saved_name, saved = _preset(options, header, db)
    kind = options.kind or (preset.kind if preset else None) or _guess_kind(header.headers)
    if kind not in KINDS:
        raise ImportRefused(
            f"unknown kind '{kind}'; use one of {', '.join(KINDS)}", file=source.file
        )
    columns, notes = _map_columns(kind, header.headers, options, preset, saved)
    _check_required(source.file, sheet, kind, columns, header)
    by_field = {c.field: c.index for c in columns if c.field}
    date_cols = [i for f, i in by_field.items() if f in DATE_FIELDS]
    number_cols = [i for f, i in by_field.items() if f in NUMBER_FIELDS]
    date_values: dict[int, list[Cell]] = {i: [] for i in date_cols}
    number_values: dict[int, list[Cell]] = {i: [] for i in number_cols}
    data_rows, totals = 0, []
    for number, cells in source.rows(sheet):
        if number <= header.row or is_blank(cells):
            continue
        if is_total_row(cells):
            totals.append(number)
            continue
        data_rows += 1
        for i in date_cols:
            if i < len(cells) and isinstance(cells[i], str) and len(date_values[i]) < 100_000:
                date_values[i].append(cells[i])
        for i in number_cols:
            if i < len(cells) and isinstance(cells[i], str) and len(number_values[i]) < 100_000:
                number_values[i].append(cells[i])
    date_guesses = {i: guess_date_order(v) for i, v in date_values.items()}
    if options.decimal:
        forced = NumberStyle.for_decimal(options.decimal)
        styles: dict[int, NumberStyle | None] = {i: forced for i in number_cols}
    else:
        styles = {i: guess_number_style(v) for i, v in number_values.items()}
        # A column that does not show its decimal mark (`1.234`, `5`) follows the rest of the
        # file, when the other columns agree on one.
        whole = guess_number_style(v for values in number_values.values() for v in values)
        styles = {i: style or whole for i, style in styles.items()}
    headers_by_index = {c.index: c.header for c in columns}
    money_cols = [i for f, i in by_field.items() if f in MONEY_FIELDS]
    amount_currencies = _amount_currencies(money_cols, number_values, styles)
    for i, (code, example) in amount_currencies.items():
        notes.append(
            f"Amounts in column '{headers_by_index[i]}' are in {code} (such as '{example}')."
        )
    questions = _questions(kind, by_field, date_guesses, headers_by_index, options, header)
    notes += _date_notes(date_guesses, headers_by_index, options.date_order)
    period, period_source = (
        (options.period, "option")
        if options.period
        else ((header.period, "title") if header.period else (None, ""))
    )
    if period_source == "title":
        notes.append(f"Period taken from the title line: {header.period_text}.")
    default_goal = (
        options.goal
        or (preset.default_goal if preset and preset.default_goal else "")
        or "Conversion"
    )
    if kind != "spend" and "goal" not in by_field and not options.goal:
        notes.append(f"Conversions go to the goal '{default_goal}' (choose another with --goal).")
    return ImportPlan(
        path=path, file_hash=file_hash(path), source=source, sheets=source.sheets, sheet=sheet,
        header=header, kind=kind, preset=preset, saved_mapping=saved_name, columns=columns,
        options=options, date_guesses=date_guesses, number_styles=styles,
        header_currency=_header_currencies(columns, options, set(by_field)),
        period=period, period_source=period_source, default_goal=default_goal,
        data_rows=data_rows, total_rows=totals, questions=questions, notes=notes,
        amount_currencies=amount_currencies,
    )  # fmt: skip


def _amount_currencies(
    columns: list[int], values: dict[int, list[Cell]], styles: dict[int, NumberStyle | None]
) -> dict[int, tuple[str, str]]:
    """The currency the amounts of each money column name by symbol or code (first 200 looked at)."""
    found: dict[int, tuple[str, str]] = {}
    for i in columns:
        for cell in islice(values.get(i, ()), 200):
            try:
                _amount, code = parse_number(cell, styles.get(i))
            except ValueProblem:
                continue
            if code:
                found[i] = (code, str(cell).strip())
                break
    return found


def _choose_text_format(source: Source, options: ImportOptions) -> None:
    """The encoding and delimiter the user chose for a text file, over the detected ones."""
    if source.format.kind != "text":
        return
    if options.encoding:
        import codecs

        if options.encoding != MIXED:
            codecs.lookup(options.encoding)  # LookupError for a name Python does not know
        source.format = FileFormat("text", options.encoding)
    if options.delimiter:
        source.delimiter = options.delimiter


MONEY_FIELDS = {"cost", "value", "platform_value", "conversion_value"}


def _header_currencies(
    columns: list[ColumnMap], options: ImportOptions, fields: set[str]
) -> dict[int, str]:
    """Currency per number column: named in its header, else the chosen one (no currency column)."""
    found = {c.index: cur for c in columns if (cur := header_currency(c.header))}
    if options.currency and "currency" not in fields:
        for c in columns:
            if c.field in MONEY_FIELDS:
                found.setdefault(c.index, options.currency.upper())
    return found


def _choose_sheet(source: Source, options: ImportOptions) -> str | None:
    if source.format.kind == "text":
        return None
    names = [s.name for s in source.sheets]
    if options.sheet is not None:
        match = next(
            (s for s in source.sheets if (s.name or "").lower() == options.sheet.lower()), None
        )
        if match is None:
            raise ImportRefused(
                f"{source.file} has no sheet called '{options.sheet}'; its sheets are: "
                + ", ".join(f"'{n}'" for n in names),
                file=source.file,
            )
        return match.name
    best: tuple[int, int, str | None] | None = None
    for info in source.sheets:
        if not info.visible or info.rows == 0:
            continue
        rows = list(islice(source.rows(info.name), SCAN_ROWS))
        header = detect_header(rows)
        score = 0
        if header:
            score = max(sum(1 for h in header.headers if guess_field(k, h)) for k in KINDS)
        if best is None or (score, info.rows) > best[:2]:
            best = (score, info.rows, info.name)
    if best is None:
        hidden = [s.name for s in source.sheets if not s.visible and s.rows]
        extra = (
            f" (hidden sheets: {', '.join(map(str, hidden))}; choose one with --sheet)"
            if hidden
            else ""
        )
        raise ImportRefused(
            f"{source.file} has no visible sheet with data{extra}.", file=source.file
        )
    return best[2]


def _header(
    source: Source, sheet: str | None, rows: list[Row], options: ImportOptions
) -> HeaderInfo:
    if options.header_row:
        found = next(((n, c) for n, c in rows if n == options.header_row), None)
        if found is None:
            raise ImportRefused(
                f"{source.file}: row {options.header_row} is not among the first rows",
                file=source.file,
            )
        return detect_header([found]) or HeaderInfo(
            found[0], [str(c or "").strip() for c in found[1]]
        )
    header = detect_header(rows, options.kind)
    if header is None:
        where = f", sheet {sheet}" if sheet else ""
        raise ImportRefused(
            f"{source.file}{where}: no header row was found in the first {SCAN_ROWS} rows (a row "
            "naming the columns, such as Date, Campaign, Cost). Add one, or give its row number.",
            file=source.file,
            sheet=sheet,
        )
    return header


def _refuse_known_non_imports(source: Source, header: HeaderInfo) -> None:
    names = {normalise_header(h) for h in header.headers}
    if {"path", "total conversions"} <= names:
        raise ImportRefused(
            f"{source.file} is a path table (channel paths with conversion totals), not records "
            "to import. Use it with: conversion-tracker attribution --paths FILE",
            file=source.file,
        )
    if (
        "campaign" in names
        and not names & {"cost", "impr", "impressions", "clicks"}
        and (names & {"networks", "bid strategy type", "campaign type", "keyword", "ad group"})
    ):
        raise ImportRefused(
            f"{source.file} looks like a Google Ads Editor export: campaign settings without costs "
            "or clicks, so there is nothing to import. In Google Ads, download a campaign report "
            "(Reports > Campaigns > Download) and import that.",
            file=source.file,
        )


def _preset(
    options: ImportOptions, header: HeaderInfo, db: Database | None
) -> tuple[Preset | None, str | None, dict[str, str] | None]:
    from desktop_app.importing.mappings import find_mapping, get_mapping

    if options.preset:
        try:
            return get_preset(options.preset), None, None
        except KeyError:
            saved = get_mapping(db, options.preset) if db is not None else None
            if saved is None:
                from desktop_app.importing.mappings import list_mappings
                from desktop_app.importing.presets import PRESETS

                mine = [m.name for m in list_mappings(db)] if db is not None else []
                raise ImportRefused(
                    f"there is no preset called '{options.preset}'; built-in presets are: "
                    f"{', '.join(PRESETS)}"
                    + (f"; mappings saved in the app: {', '.join(mine)}" if mine else "")
                ) from None
            return None, saved.name, saved.mapping
    if db is not None:
        saved = find_mapping(db, header.headers)
        if saved is not None:
            return None, saved.name, saved.mapping
    return detect_preset(header.headers), None, None


def _guess_kind(headers: list[str]) -> str:
    spend = {guess_field("spend", h) for h in headers}
    touch = {guess_field("touchpoints", h) for h in headers}
    conv = {guess_field("conversions", h) for h in headers}
    if "cost" in spend:
        return "spend"
    # A touchpoint log names the customer, the time and what kind of touch (or which converted).
    if (
        {"customer_id", "time"} <= touch
        and touch & {"interaction", "conversion"}
        and "order_id" not in conv
    ):
        return "touchpoints"
    return "conversions"


def _map_columns(
    kind: str,
    headers: list[str],
    options: ImportOptions,
    preset: Preset | None,
    saved: dict[str, str] | None,
) -> tuple[list[ColumnMap], list[str]]:

    chosen = {normalise_header(k): v.strip() for k, v in options.mapping.items()}
    valid = set(all_fields(kind))
    for target in chosen.values():
        if target and target != IGNORE and target not in valid:
            raise ImportRefused(
                f"'{target}' is not a field of a {kind} import; fields are: {', '.join(valid - {'source_medium'})}"
            )
    known = {normalise_header(h) for h in headers}
    missing = [h for h in options.mapping if normalise_header(h) not in known]
    if missing:
        raise ImportRefused(
            f"the file has no column called {', '.join(repr(m) for m in missing)}; its columns are: {', '.join(h for h in headers if h)}"
        )
    taken: set[str] = set()
    columns: list[ColumnMap] = []
    notes: list[str] = []
    for index, header in enumerate(headers):
        norm = normalise_header(header)
        field: str | None = None
        how = ""
        if norm in chosen:
            field, how = (None if chosen[norm] in ("", IGNORE) else chosen[norm]), "chosen"
        elif saved is not None and norm in saved:
            field, how = saved[norm] or None, "saved"
        elif preset is not None and preset.mapping:
            field, how = preset.mapping.get(norm), "preset"
        if field is None and how == "" and norm:
            field, how = guess_field(kind, header), "guessed"
        if field is not None and field in taken:
            notes.append(
                f"Column '{header}' also looks like {field}; the first such column is used."
            )
            field, how = None, "duplicate"
        if field is not None:
            taken.add(field)
        columns.append(
            ColumnMap(index, header, field, how if field else how if how == "chosen" else "")
        )
    # Stand-ins read only where no column names the field itself (Google Ads' Interactions
    # are clicks in a report without a Clicks column).
    for field, spellings in FALLBACK_SYNONYMS.get(kind, {}).items():
        if field in taken:
            continue
        for n, col in enumerate(columns):
            if col.field is None and col.how == "" and normalise_header(col.header) in spellings:
                columns[n] = ColumnMap(col.index, col.header, field, "guessed")
                taken.add(field)
                notes.append(
                    f"Column '{col.header}' is read as {field} (the file has no column of its own for it)."
                )
                break
    return columns, notes


def _check_required(
    file: str, sheet: str | None, kind: str, columns: list[ColumnMap], header: HeaderInfo
) -> None:
    fields = {c.field for c in columns if c.field}
    for group in REQUIRED[kind]:
        if not fields & set(group):
            what = FIELD_WORDS.get(group[0], group[0])
            where = f", sheet {sheet}" if sheet else ""
            listed = ", ".join(repr(h) for h in header.headers if h)
            raise ImportRefused(
                f"{file}{where}: no column holds {what} for a {kind} import (header in row "
                f'{header.row}: {listed}). Map one with --map "Header={group[0]}", or choose '
                "another kind with --kind.",
                file=file,
                sheet=sheet,
            )


def _questions(
    kind: str,
    by_field: dict[str, int],
    guesses: dict[int, DateOrderGuess],
    headers: dict[int, str],
    options: ImportOptions,
    header: HeaderInfo,
) -> list[Question]:

    questions = []
    for index, guess in guesses.items():
        if options.date_order is None and guess.needs_choice:
            example = (
                next(iter(guess.ambiguous.values()), None)
                or next(iter(guess.conflicts.values()))[0]
            )
            questions.append(Question(
                "date_order",
                f"the dates in column '{headers[index]}' (such as '{example}') could be "
                "day/month/year or month/day/year; choose the date order (--date-order dmy or mdy)",
                headers[index], ("dmy", "mdy", "ymd"),
            ))  # fmt: skip
        elif options.date_order is None and (mixed := describe_mixed(guess, headers[index], None)):
            # The import can go on (the CLI does), but a person should see and may change it.
            questions.append(Question("date_order", mixed, headers[index], ("dmy", "mdy"), False))
    if (
        kind == "spend"
        and not options.period
        and not header.period
        and not ({"date", "period_start"} & set(by_field))
    ):
        title = f" (its title says '{header.titles[-1]}')" if header.titles else ""
        questions.append(Question(
            "period",
            f"the spend file has no dates{title}; give the period it covers (--period FROM:TO, "
            "e.g. --period 2026-01-01:2026-01-31)",
        ))  # fmt: skip
    return questions


def _date_notes(
    guesses: dict[int, DateOrderGuess], headers: dict[int, str], chosen: str | None
) -> list[str]:
    names = {"dmy": "day/month/year", "mdy": "month/day/year", "ymd": "year/month/day"}
    notes = []
    for index, guess in guesses.items():
        mixed = describe_mixed(guess, headers[index], chosen)
        if mixed:  # not settled one way: say what was done instead of "settled by"
            notes.append(mixed)
            continue
        for _sep, (order, example) in sorted(guess.settled.items()):
            notes.append(
                f"Dates written like '{example}' in column '{headers[index]}' are read as "
                f"{names[order]} (settled by that value)."
            )
    return notes
