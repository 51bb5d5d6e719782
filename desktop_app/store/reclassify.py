"""Re-applying the channel rules to stored records (after a mapping or a campaign's channel
changed): every conversion and touchpoint whose channel came from rules, in one step that can
be put back exactly."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlite_utils import Database

from desktop_app.store.audit import record
from desktop_app.store.channels import ChannelResolver

# table -> (the channel rule column, the columns the rules read)
_TABLES = {
    "conversions": "channel_rule",
    "touchpoints": "rule",
}


@dataclass(frozen=True, slots=True)
class Move:
    from_channel: str
    to_channel: str
    conversions: int
    touchpoints: int

    def as_json(self) -> dict[str, object]:
        return {"from": self.from_channel, "to": self.to_channel,
                "conversions": self.conversions, "touchpoints": self.touchpoints}  # fmt: skip


@dataclass
class Reclassified:
    moves: list[Move] = field(default_factory=list)
    # (table, row id, old channel id, old rule) of every record moved, to put them back
    changes: list[tuple[str, int, int, str]] = field(default_factory=list)

    @property
    def records(self) -> int:
        return len(self.changes)


def reclassify(db: Database, dry_run: bool = False) -> Reclassified:
    """Apply the rules again to every record whose channel came from rules (not one given
    explicitly by a channel column or the form); returns what moved from which channel to which.
    With `dry_run` nothing is updated (use preview_reclassify, which also rolls back)."""
    names = dict(db.execute("SELECT id, name FROM channels").fetchall())
    campaigns = {r[0]: (r[1], r[2]) for r in db.execute(
        "SELECT id, channel_id, channel_source FROM campaigns")}  # fmt: skip
    resolver = ChannelResolver(db)
    result = Reclassified()
    counts: Counter[tuple[int, int, str]] = Counter()
    cache: dict[tuple[object, ...], tuple[int, str]] = {}
    with db.atomic():
        for table, rule_col in _TABLES.items():
            rows = db.execute(
                f"SELECT id, channel_id, {rule_col}, source, medium, utm_campaign, click_id_type,"
                f" campaign_id FROM {table}"
                # Given explicitly, or of unknown origin (stored by an early build): kept.
                f" WHERE {rule_col} != '' AND {rule_col} NOT LIKE 'channel given%'"
            ).fetchall()
            updates = []
            for row_id, channel_id, rule, source, medium, utm, click_type, campaign_id in rows:
                key = (source, medium, utm, click_type, campaign_id)
                found = cache.get(key)
                if found is None:
                    camp_channel, camp_source = campaigns.get(campaign_id, (None, "none"))
                    found = cache[key] = resolver.resolve(
                        campaign_channel_id=camp_channel if camp_source == "explicit" else None,
                        source=source,
                        medium=medium,
                        campaign=utm,
                        click_ids={click_type: "x"} if click_type else None,
                        learned_channel_id=camp_channel if camp_source == "learned" else None,
                    )
                if found[0] != channel_id:
                    updates.append((found[0], found[1], row_id))
                    result.changes.append((table, row_id, channel_id, rule))
                    counts[(channel_id, found[0], table)] += 1
            if not dry_run:
                db.conn.executemany(
                    f"UPDATE {table} SET channel_id = ?, {rule_col} = ? WHERE id = ?", updates
                )
        names.update(dict(db.execute("SELECT id, name FROM channels").fetchall()))
        pairs = sorted({(a, b) for a, b, _ in counts}, key=lambda p: (names[p[0]], names[p[1]]))
        result.moves = [
            Move(names[a], names[b], counts[(a, b, "conversions")], counts[(a, b, "touchpoints")])
            for a, b in pairs
        ]
        if not dry_run:
            record(db, "reclassify", "channels", None,
                   {"conversions": sum(m.conversions for m in result.moves),
                    "touchpoints": sum(m.touchpoints for m in result.moves)})  # fmt: skip
    return result


class _DryRun(Exception):
    pass


def preview_reclassify(db: Database) -> Reclassified:
    """What `reclassify` would move, with nothing changed (not even a channel the rules name)."""
    found: list[Reclassified] = []
    try:
        with db.atomic():
            found.append(reclassify(db, dry_run=True))
            raise _DryRun
    except _DryRun:
        pass
    return found[0]


def put_back(db: Database, changes: list[tuple[str, int, int, str]]) -> None:
    """Undo a re-classification: every moved record gets its channel and rule back."""
    with db.atomic():
        for table, rule_col in _TABLES.items():
            db.conn.executemany(
                f"UPDATE {table} SET channel_id = ?, {rule_col} = ? WHERE id = ?",
                [(old, rule, row_id) for t, row_id, old, rule in changes if t == table],
            )
        record(db, "unreclassify", "channels", None, {"records": len(changes)})
