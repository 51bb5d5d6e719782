"""The choices of the log-a-conversion form, recently used first."""

from __future__ import annotations

from desktop_app.domain.models import Goal
from desktop_app.store.goals import goal_columns, goal_of
from desktop_app.store.handle import Database


def recent_goals(db: Database) -> list[Goal]:
    """Active goals: the ones logged by hand most recently first, then the rest by name."""
    return [
        goal_of(r)
        for r in db.execute(
            f"SELECT {goal_columns('g')} FROM goals g"
            " LEFT JOIN (SELECT goal_id, MAX(id) AS last FROM conversions WHERE origin = 'manual'"
            " GROUP BY goal_id) m ON m.goal_id = g.id"
            " WHERE g.archived = 0 ORDER BY m.last IS NULL, m.last DESC, g.name COLLATE NOCASE"
        )
    ]


def recent_channels(db: Database) -> list[tuple[int, str, str]]:
    """(id, name, colour) of visible channels: recently logged by hand first, then offline ones,
    then the rest in the usual order (the form asks "How did you hear about us?")."""
    return [
        (r[0], r[1], r[2])
        for r in db.execute(
            "SELECT c.id, c.name, c.color FROM channels c"
            " LEFT JOIN (SELECT channel_id, MAX(id) AS last FROM conversions WHERE origin = 'manual'"
            " AND channel_rule LIKE 'channel given%' GROUP BY channel_id) m ON m.channel_id = c.id"
            " WHERE c.hidden = 0 AND c.name != 'Unassigned'"
            " ORDER BY m.last IS NULL, m.last DESC, c.offline DESC, c.sort_order, c.name"
        )
    ]


def campaigns_for(db: Database, channel_id: int | None) -> list[tuple[int, str]]:
    """Campaigns that are not archived, of one channel (or all when None), by name."""
    sql = "SELECT id, name FROM campaigns WHERE archived = 0"
    params: list[object] = []
    if channel_id is not None:
        sql += " AND channel_id = ?"
        params.append(channel_id)
    return [(r[0], r[1]) for r in db.execute(sql + " ORDER BY name COLLATE NOCASE", params)]
