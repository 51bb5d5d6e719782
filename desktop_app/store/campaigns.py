"""Campaigns typed in by hand: writing rows and the figures the Campaigns page lists."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from desktop_app.domain.models import Campaign, CampaignValues
from desktop_app.store.audit import record
from desktop_app.store.handle import Database
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
class CampaignRow(Campaign):
    """One line of the Campaigns page: the campaign, its channel's name and colour, its spend."""

    channel: str = ""
    color: str = ""
    spend_minor: int = 0  # all spend recorded so far
    goal: str = ""  # the name of the goal it works for


_ROW_FIELDS = [f.name for f in fields(CampaignRow)]


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
               c.goal_id, c.budget_period, ch.name, ch.color, COALESCE(s.total, 0),
               COALESCE(g.name, '')
        FROM campaigns c JOIN channels ch ON ch.id = c.channel_id
        LEFT JOIN goals g ON g.id = c.goal_id
        LEFT JOIN (SELECT campaign_id, SUM(cost_minor) AS total FROM spend GROUP BY campaign_id) s
          ON s.campaign_id = c.id
        ORDER BY c.archived, c.name COLLATE NOCASE
    """
    rows = []
    for r in db.execute(sql):
        values = (*r[:11], bool(r[11]), *r[12:16], int(r[16]), r[17])
        rows.append(CampaignRow(**dict(zip(_ROW_FIELDS, values, strict=True))))
    return rows


def dominant_goal(db: Database, campaign_id: int) -> tuple[int, int, int] | None:
    """The goal most of a campaign's active conversions belong to, when one clearly does (at
    least 3 conversions and two thirds of them): (goal id, its conversions, all conversions)."""
    rows = db.execute(
        "SELECT goal_id, COUNT(*) FROM conversions WHERE campaign_id = ? AND status = 'active'"
        " GROUP BY goal_id ORDER BY COUNT(*) DESC",
        [campaign_id],
    ).fetchall()
    total = sum(n for _, n in rows)
    if not rows or rows[0][1] < 3 or 3 * rows[0][1] < 2 * total:
        return None
    return int(rows[0][0]), int(rows[0][1]), int(total)
