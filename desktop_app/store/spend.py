"""Spend records typed or pasted by hand: reading their cells, one row per campaign and period."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from desktop_app.domain.models import SpendPeriod as SpendPeriod
from desktop_app.store.audit import record
from desktop_app.store.handle import Database
from desktop_app.store.row_changes import RowChange, fetch_row
from desktop_app.store.transactions import writing


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
    with writing(db):
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
    with writing(db):
        db.execute(
            f"UPDATE spend SET {', '.join(f'{c} = ?' for c in cols)} WHERE id = ?",
            [*cols.values(), spend_id],
        )
        record(db, "edit", "spend", spend_id, {"campaign_id": before["campaign_id"]})
    return RowChange("spend", spend_id, before, fetch_row(db, "spend", spend_id))


def delete_spend(db: Database, spend_ids: Sequence[int]) -> list[RowChange]:
    changes = []
    with writing(db):
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
