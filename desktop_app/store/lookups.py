"""Small reads the windows need (a name by id, the goals to choose from, a few totals), so that no
SQL lives in the ui package."""

from __future__ import annotations

from desktop_app.domain.models import name_key
from desktop_app.store.handle import Database

# Tables whose rows have a name the windows show; the names are spliced into SQL, so fixed.
_NAMED = frozenset({"goals", "campaigns", "channels"})
_COUNTED = frozenset({"goals", "campaigns", "conversions", "spend", "touchpoints"})


def name_of(db: Database, table: str, row_id: int | None) -> str:
    """The name of one goal, campaign or channel ('' when there is none)."""
    if table not in _NAMED:
        raise ValueError(f"not a table of named rows: {table}")
    if row_id is None:
        return ""
    found = db.execute(f"SELECT name FROM {table} WHERE id = ?", [row_id]).fetchone()
    return str(found[0]) if found else ""


def names_taken(db: Database, table: str, except_id: int | None = None) -> set[str]:
    """The names of every goal, campaign or channel but `except_id`, as `name_key` gives them
    (what a form checks a new name against)."""
    if table not in _NAMED:
        raise ValueError(f"not a table of named rows: {table}")
    rows = db.execute(f"SELECT name FROM {table} WHERE id IS NOT ?", [except_id])
    return {name_key(str(name)) for (name,) in rows}


def channel_ids(db: Database) -> set[int]:
    return {int(cid) for (cid,) in db.execute("SELECT id FROM channels")}


def order_logged_on(
    db: Database, goal_id: int | None, order_id: str | None, except_id: int | None = None
) -> str | None:
    """The day a conversion of the goal with this order id was logged (None: none was)."""
    found = db.execute(
        "SELECT local_date FROM conversions WHERE goal_id = ? AND order_id = ? AND id IS NOT ?",
        [goal_id, order_id, except_id],
    ).fetchone()
    return str(found[0]) if found else None


def campaign_channel(db: Database, campaign_id: int | None) -> tuple[int | None, int | None]:
    """A campaign's channel as (the one set for it, the one learned from its tagged rows):
    at most one of them; neither when it has none (or is Unassigned)."""
    if campaign_id is None:
        return None, None
    found = db.execute(
        "SELECT c.channel_id, c.channel_source, ch.name FROM campaigns c"
        " JOIN channels ch ON ch.id = c.channel_id WHERE c.id = ?",
        [campaign_id],
    ).fetchone()
    if found is None:
        return None, None
    channel_id, source, name = found
    if source == "explicit" and name != "Unassigned":
        return int(channel_id), None
    if source == "learned":
        return None, int(channel_id)
    return None, None


def goal_name_of_conversion(db: Database, conversion_id: int) -> str:
    found = db.execute(
        "SELECT g.name FROM conversions c JOIN goals g ON g.id = c.goal_id WHERE c.id = ?",
        [conversion_id],
    ).fetchone()
    return str(found[0]) if found else ""


def goal_choices(db: Database) -> list[tuple[int, str]]:
    """(id, name) of every goal, macro goals first, each group by name."""
    return [
        (int(gid), str(name))
        for gid, name in db.execute(
            "SELECT id, name FROM goals ORDER BY level = 'micro', name COLLATE NOCASE"
        )
    ]


def has_rows(db: Database, *tables: str) -> bool:
    """True when any of `tables` holds a row."""
    for table in tables:
        if table not in _COUNTED:
            raise ValueError(f"not a counted table: {table}")
        if db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
            return True
    return False


def totals(db: Database) -> dict[str, int]:
    """What the welcome page's cards count: active conversions and their value, spend (minor
    units of the business's currency), and the numbers of campaigns, goals and touchpoints."""

    def one(sql: str) -> int:
        return int(db.execute(sql).fetchone()[0] or 0)

    return {
        "conversions": one("SELECT COUNT(*) FROM conversions WHERE status = 'active'"),
        "value": one("SELECT SUM(value_minor) FROM conversions WHERE status = 'active'"),
        "spend": one("SELECT SUM(cost_minor) FROM spend"),
        "campaigns": one("SELECT COUNT(*) FROM campaigns"),
        "goals": one("SELECT COUNT(*) FROM goals"),
        "touchpoints": one("SELECT COUNT(*) FROM touchpoints"),
    }
