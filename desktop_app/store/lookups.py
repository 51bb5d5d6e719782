"""Small reads the windows need (a name by id, the goals to choose from, a few totals), so that no
SQL lives in the ui package."""

from __future__ import annotations

from sqlite_utils import Database

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
