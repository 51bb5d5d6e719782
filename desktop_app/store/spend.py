"""Spend records typed or pasted by hand: reading their cells, one row per campaign and period."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from sqlite_utils import Database

from desktop_app.domain.models import SpendPeriod as SpendPeriod
from desktop_app.domain.money import MoneyParseError, NumberStyle, parse_amount, to_minor
from desktop_app.store.audit import record
from desktop_app.store.row_changes import RowChange, fetch_row


class SpendError(ValueError):
    """A spend record that cannot be stored; the message says why."""


@dataclass(frozen=True, slots=True)
class SpendRow:
    id: int
    campaign_id: int
    period_start: str
    period_end: str
    cost_minor: int
    currency: str
    impressions: int
    clicks: int
    platform_conversions: Decimal
    platform_value_minor: int
    origin: str


_ROW_FIELDS = [f.name for f in fields(SpendRow)]


def money_text(text: str, currency: str, style: NumberStyle | None) -> int:
    """Minor units of an amount ≥ 0 in the business currency, or ValueError with the reason."""
    try:
        parsed = parse_amount(text, style)
    except MoneyParseError as exc:
        mark = style.decimal if style else "."
        raise ValueError(f"'{text.strip()}' is not an amount; write it like 1234{mark}50.") from exc
    if parsed.currency and parsed.currency != currency:
        raise ValueError(f"'{text.strip()}' is in {parsed.currency}; amounts are in {currency}.")
    if parsed.amount < 0:
        raise ValueError(f"'{text.strip()}' is negative; an amount cannot be.")
    return to_minor(parsed.amount, currency)


def count_text(text: str, style: NumberStyle | None) -> int:
    """A whole number ≥ 0 as people write it (`1,234`, `1.234`, `1 234`); '' is 0."""
    if not text.strip():
        return 0
    try:
        amount = parse_amount(text, style).amount
    except MoneyParseError as exc:
        raise ValueError(f"'{text.strip()}' is not a whole number.") from exc
    if amount < 0 or amount != amount.to_integral_value():
        raise ValueError(f"'{text.strip()}' is not a whole number ≥ 0.")
    return int(amount)


def decimal_text(text: str, style: NumberStyle | None) -> Decimal:
    """A decimal ≥ 0 (platforms report fractional conversions); '' is 0."""
    if not text.strip():
        return Decimal(0)
    try:
        amount = parse_amount(text, style).amount
    except MoneyParseError as exc:
        raise ValueError(f"'{text.strip()}' is not a number.") from exc
    if amount < 0:
        raise ValueError(f"'{text.strip()}' is negative.")
    return amount


def check_spend(
    text: dict[str, str],
    start: date,
    end: date,
    currency: str,
    style: NumberStyle | None = None,
) -> tuple[SpendPeriod | None, dict[str, str]]:
    """Read a spend form's texts (cost, impressions, clicks, conversions, value)."""
    errors: dict[str, str] = {}
    if end < start:
        errors["period_end"] = "The period ends before it starts."
    parsed: dict[str, object] = {}
    readers: dict[str, Callable[[str], object]] = {
        "cost": lambda t: money_text(t, currency, style),
        "impressions": lambda t: count_text(t, style),
        "clicks": lambda t: count_text(t, style),
        "platform_conversions": lambda t: decimal_text(t, style),
        "platform_value": lambda t: money_text(t, currency, style) if t.strip() else 0,
    }
    for key, read in readers.items():
        raw = text.get(key, "")
        if key == "cost" and not raw.strip():
            errors[key] = "Enter the cost (0 if it was free)."
            continue
        try:
            parsed[key] = read(raw)
        except ValueError as exc:
            errors[key] = str(exc)
    if errors:
        return None, errors
    return SpendPeriod(
        start,
        end,
        int(parsed["cost"]),  # type: ignore[call-overload]
        int(parsed["impressions"]),  # type: ignore[call-overload]
        int(parsed["clicks"]),  # type: ignore[call-overload]
        Decimal(parsed["platform_conversions"]),  # type: ignore[arg-type]
        int(parsed["platform_value"]),  # type: ignore[call-overload]
    ), {}


def period_label(start: str, end: str) -> str:
    return start if start == end else f"{start} – {end}"


def period_taken(db: Database, campaign_id: int, values: SpendPeriod, spend_id: int | None) -> bool:
    return (
        db.execute(
            "SELECT 1 FROM spend WHERE campaign_id = ? AND period_start = ? AND period_end = ?"
            " AND id IS NOT ?",
            [campaign_id, values.period_start.isoformat(), values.period_end.isoformat(), spend_id],
        ).fetchone()
        is not None
    )


def duplicate_message(values: SpendPeriod) -> str:
    label = period_label(values.period_start.isoformat(), values.period_end.isoformat())
    return f"This campaign already has a spend record for {label}. Edit that record instead."


def _duplicate(values: SpendPeriod) -> SpendError:
    return SpendError(duplicate_message(values))


def _columns(campaign_id: int, values: SpendPeriod, currency: str) -> dict[str, object]:
    return {
        "campaign_id": campaign_id,
        "period_start": values.period_start.isoformat(),
        "period_end": values.period_end.isoformat(),
        "cost_minor": values.cost_minor,
        "currency": currency,
        "original_cost_minor": values.cost_minor,
        "original_currency": currency,
        "impressions": values.impressions,
        "clicks": values.clicks,
        # The column is REAL; platforms report a few decimals, which a double holds exactly enough.
        "platform_conversions": float(values.platform_conversions),
        "platform_value_minor": values.platform_value_minor,
        "original_platform_value_minor": values.platform_value_minor,
    }


def add_spend_rows(
    db: Database, campaign_id: int, rows: Sequence[SpendPeriod], currency: str
) -> list[RowChange]:
    """Add one or many records in one transaction; a period already recorded refuses them all."""
    seen: set[tuple[date, date]] = set()
    for values in rows:
        key = (values.period_start, values.period_end)
        if key in seen or period_taken(db, campaign_id, values, None):
            raise _duplicate(values)
        seen.add(key)
    ids = []
    with db.atomic():
        for values in rows:
            cols = _columns(campaign_id, values, currency)
            cursor = db.execute(
                f"INSERT INTO spend ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                list(cols.values()),
            )
            ids.append(int(cursor.lastrowid or 0))
        record(db, "create", "spend", campaign_id, {"rows": len(ids), "ids": ids})
    return [RowChange("spend", i, None, fetch_row(db, "spend", i)) for i in ids]


def update_spend(db: Database, spend_id: int, values: SpendPeriod, currency: str) -> RowChange:
    before = fetch_row(db, "spend", spend_id)
    if before is None:
        raise SpendError("That spend record no longer exists.")
    if period_taken(db, before["campaign_id"], values, spend_id):
        raise _duplicate(values)
    cols = _columns(before["campaign_id"], values, currency)
    with db.atomic():
        db.execute(
            f"UPDATE spend SET {', '.join(f'{c} = ?' for c in cols)} WHERE id = ?",
            [*cols.values(), spend_id],
        )
        record(db, "edit", "spend", spend_id, {"campaign_id": before["campaign_id"]})
    return RowChange("spend", spend_id, before, fetch_row(db, "spend", spend_id))


def delete_spend(db: Database, spend_ids: Sequence[int]) -> list[RowChange]:
    changes = []
    with db.atomic():
        for spend_id in spend_ids:
            before = fetch_row(db, "spend", spend_id)
            if before is None:
                continue
            db.execute("DELETE FROM spend WHERE id = ?", [spend_id])
            record(db, "delete", "spend", spend_id, {"campaign_id": before["campaign_id"]})
            changes.append(RowChange("spend", spend_id, before, None))
    return changes


def list_spend(db: Database, campaign_id: int) -> list[SpendRow]:
    sql = (
        "SELECT id, campaign_id, period_start, period_end, cost_minor, currency, impressions,"
        " clicks, platform_conversions, platform_value_minor, origin FROM spend"
        " WHERE campaign_id = ? ORDER BY period_start DESC, period_end DESC"
    )
    return [
        SpendRow(**dict(zip(_ROW_FIELDS, (*r[:8], Decimal(str(r[8])), r[9], r[10]), strict=True)))
        for r in db.execute(sql, [campaign_id])
    ]
