"""Campaigns typed in by hand: checking the form, writing rows, and the figures the Campaigns page lists."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date

from sqlite_utils import Database

from desktop_app.domain.form_values import money_text
from desktop_app.domain.models import Campaign
from desktop_app.domain.money import NumberStyle
from desktop_app.store.audit import record
from desktop_app.store.row_changes import (
    RowChange,
    fetch_row,
    insert_row,
    set_archived,
    update_row,
)
from desktop_app.store.transactions import writing


class CampaignInUseError(ValueError):
    """A campaign with spend, conversions or touchpoints cannot be deleted; archive it instead."""


@dataclass(frozen=True, slots=True)
class CampaignValues:
    """A campaign as the form describes it, checked and in store units."""

    name: str
    channel_id: int
    platform: str = ""
    start_date: str | None = None  # YYYY-MM-DD
    end_date: str | None = None
    budget_minor: int | None = None
    utm_source: str = ""
    utm_medium: str = ""
    utm_campaign: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class CampaignRow(Campaign):
    """One line of the Campaigns page: the campaign, its channel's name and colour, its spend."""

    channel: str = ""
    color: str = ""
    spend_minor: int = 0  # all spend recorded so far


_ROW_FIELDS = [f.name for f in fields(CampaignRow)]


def check_campaign(
    db: Database,
    text: dict[str, str],
    channel_id: int | None,
    start: date | None,
    end: date | None,
    currency: str,
    style: NumberStyle | None = None,
    campaign_id: int | None = None,
) -> tuple[CampaignValues | None, dict[str, str]]:
    """Read the form; returns the values, or None and a message per bad field."""
    errors: dict[str, str] = {}
    name = text.get("name", "").strip()
    if not name:
        errors["name"] = "A campaign needs a name."
    elif db.execute(
        "SELECT 1 FROM campaigns WHERE name = ? COLLATE NOCASE AND id IS NOT ?", [name, campaign_id]
    ).fetchone():
        errors["name"] = f"There is already a campaign called '{name}'."
    if (
        channel_id is None
        or not db.execute("SELECT 1 FROM channels WHERE id = ?", [channel_id]).fetchone()
    ):
        errors["channel"] = "Choose the channel this campaign runs in."
    if start and end and end < start:
        errors["end_date"] = "The end date is before the start date."
    budget: int | None = None
    if text.get("budget", "").strip():
        try:
            budget = money_text(text["budget"], currency, style)
        except ValueError as exc:
            errors["budget"] = str(exc)
    if errors:
        return None, errors
    assert channel_id is not None
    return CampaignValues(
        name=name,
        channel_id=channel_id,
        platform=text.get("platform", "").strip(),
        start_date=start.isoformat() if start else None,
        end_date=end.isoformat() if end else None,
        budget_minor=budget,
        utm_source=text.get("utm_source", "").strip(),
        utm_medium=text.get("utm_medium", "").strip(),
        utm_campaign=text.get("utm_campaign", "").strip(),
        notes=text.get("notes", "").strip(),
    ), {}


def create_campaign(db: Database, values: CampaignValues) -> RowChange:
    return insert_row(db, "campaigns", asdict(values), values.name)


def update_campaign(db: Database, campaign_id: int, values: CampaignValues) -> RowChange:
    """Store the form; a channel the user changes becomes the campaign's explicit channel (an
    unchanged learned channel stays learned)."""
    columns: dict[str, object] = asdict(values)
    old = db.execute("SELECT channel_id FROM campaigns WHERE id = ?", [campaign_id]).fetchone()
    if old is not None and old[0] != values.channel_id:
        columns["channel_source"] = "explicit"
    return update_row(db, "campaigns", campaign_id, columns, values.name)


def set_campaign_archived(db: Database, campaign_id: int, archived: bool) -> RowChange:
    return set_archived(db, "campaigns", campaign_id, archived)


def campaign_uses(db: Database, campaign_id: int) -> dict[str, int]:
    """How many spend rows, conversions and touchpoints point at the campaign."""
    return {
        table: int(
            db.execute(
                f"SELECT COUNT(*) FROM {table} WHERE campaign_id = ?", [campaign_id]
            ).fetchone()[0]
        )
        for table in ("spend", "conversions", "touchpoints")
    }


def delete_campaign(db: Database, campaign_id: int) -> RowChange:
    """Delete a campaign nothing points at; otherwise CampaignInUseError says what does."""
    before = fetch_row(db, "campaigns", campaign_id)
    uses = {k: v for k, v in campaign_uses(db, campaign_id).items() if v}
    if uses:
        what = ", ".join(f"{n:,} {k}" for k, n in uses.items())
        name = before["name"] if before else campaign_id
        raise CampaignInUseError(f"'{name}' has {what}; archive it instead.")
    with writing(db):
        db.execute("DELETE FROM campaigns WHERE id = ?", [campaign_id])
        record(db, "delete", "campaign", campaign_id, {"name": before["name"] if before else ""})
    return RowChange("campaigns", campaign_id, before, None)


def list_campaigns(db: Database) -> list[CampaignRow]:
    sql = """
        SELECT c.id, c.name, c.channel_id, c.platform, c.start_date, c.end_date,
               c.budget_minor, c.utm_source, c.utm_medium, c.utm_campaign, c.notes, c.archived,
               ch.name, ch.color, COALESCE(s.total, 0)
        FROM campaigns c JOIN channels ch ON ch.id = c.channel_id
        LEFT JOIN (SELECT campaign_id, SUM(cost_minor) AS total FROM spend GROUP BY campaign_id) s
          ON s.campaign_id = c.id
        ORDER BY c.archived, c.name COLLATE NOCASE
    """
    return [
        CampaignRow(
            **dict(zip(_ROW_FIELDS, (*r[:11], bool(r[11]), *r[12:14], int(r[14])), strict=True))
        )
        for r in db.execute(sql)
    ]
