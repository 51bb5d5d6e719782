"""Re-applying the channel rules to stored records (after a mapping or a campaign's channel
changed): every conversion and touchpoint whose channel came from rules, and the learned channels
of campaigns, in one step that can be put back exactly."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from desktop_app.store.audit import record
from desktop_app.store.channels import CAMPAIGN_RULE, LEARNED_RULE, ChannelResolver
from desktop_app.store.handle import Database
from desktop_app.store.transactions import writing

# table -> its channel rule column
_TABLES = {"conversions": "channel_rule", "touchpoints": "rule"}


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
    # (campaign id, old channel id, old channel source) of every campaign that learned anew
    campaigns: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def records(self) -> int:
        return len(self.changes)

    # A `Reversible` (store/changes.py): undo puts every record back, redo applies the rules again.
    def undo(self, db: Database) -> None:
        put_back(db, self)

    def redo(self, db: Database) -> None:
        again = reclassify(db)
        self.moves, self.changes, self.campaigns = again.moves, again.changes, again.campaigns


def reclassify(db: Database) -> Reclassified:
    """Apply the rules again to every record whose channel came from rules (not one given
    explicitly, nor one of unknown origin), let campaigns without an explicit channel learn it
    again from their rows, and apply it; returns what moved from which channel to which."""
    names = dict(db.execute("SELECT id, name FROM channels").fetchall())
    before: dict[tuple[str, int], tuple[int, str]] = {}  # first channel and rule of each moved
    result = Reclassified()
    with writing(db):
        _apply_rules(db, before)
        result.campaigns = _learn(db)
        if result.campaigns:  # rows of those campaigns may take the newly learned channel
            _apply_rules(db, before)
        counts: Counter[tuple[int, int, str]] = Counter()
        for (table, row_id), (old_channel, old_rule) in before.items():
            rule_col = _TABLES[table]
            now = db.execute(f"SELECT channel_id FROM {table} WHERE id = ?", [row_id]).fetchone()
            if now[0] != old_channel:
                counts[(old_channel, now[0], table)] += 1
                result.changes.append((table, row_id, old_channel, old_rule))
            else:  # moved and moved back: only the rule text may differ; keep the original
                db.execute(f"UPDATE {table} SET {rule_col} = ? WHERE id = ?", [old_rule, row_id])
        names.update(dict(db.execute("SELECT id, name FROM channels").fetchall()))
        pairs = sorted({(a, b) for a, b, _ in counts}, key=lambda p: (names[p[0]], names[p[1]]))
        result.moves = [
            Move(names[a], names[b], counts[(a, b, "conversions")], counts[(a, b, "touchpoints")])
            for a, b in pairs
        ]
        record(db, "reclassify", "channels", None,
               {"conversions": sum(m.conversions for m in result.moves),
                "touchpoints": sum(m.touchpoints for m in result.moves),
                "campaigns": len(result.campaigns)})  # fmt: skip
    return result


def _apply_rules(db: Database, before: dict[tuple[str, int], tuple[int, str]]) -> None:
    campaigns = {r[0]: (r[1], r[2]) for r in db.execute(
        "SELECT id, channel_id, channel_source FROM campaigns")}  # fmt: skip
    unassigned = db.execute("SELECT id FROM channels WHERE name = 'Unassigned'").fetchone()[0]
    resolver = ChannelResolver(db)
    cache: dict[tuple[object, ...], tuple[int, str]] = {}
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
                explicit = camp_source == "explicit" and camp_channel != unassigned
                found = cache[key] = resolver.resolve(
                    campaign_channel_id=camp_channel if explicit else None,
                    source=source,
                    medium=medium,
                    campaign=utm,
                    click_ids={click_type: "x"} if click_type else None,
                    learned_channel_id=camp_channel if camp_source == "learned" else None,
                )
            if found != (channel_id, rule):
                before.setdefault((table, row_id), (channel_id, rule))
                updates.append((found[0], found[1], row_id))
        db.conn.executemany(
            f"UPDATE {table} SET channel_id = ?, {rule_col} = ? WHERE id = ?", updates
        )


def _learn(db: Database) -> list[tuple[int, int, str]]:
    """Campaigns without an explicit channel take the channel most of their rows classify into
    (by their own tags); returns (id, old channel, old source) of those that changed."""
    unassigned = db.execute("SELECT id FROM channels WHERE name = 'Unassigned'").fetchone()[0]
    best: dict[int, int] = {}
    for campaign_id, channel_id, _count in db.execute(
        "SELECT campaign_id, channel_id, COUNT(*) AS n FROM ("
        " SELECT campaign_id, channel_id, channel_rule AS rule FROM conversions"
        "  WHERE campaign_id IS NOT NULL"
        " UNION ALL SELECT campaign_id, channel_id, rule FROM touchpoints"
        "  WHERE campaign_id IS NOT NULL)"
        " WHERE channel_id != ? AND rule NOT IN (?, ?)"
        " GROUP BY campaign_id, channel_id ORDER BY campaign_id, n DESC, channel_id",
        [unassigned, CAMPAIGN_RULE, LEARNED_RULE],
    ):
        best.setdefault(campaign_id, channel_id)
    changed = []
    for campaign_id, channel_id, source in db.execute(
        "SELECT id, channel_id, channel_source FROM campaigns WHERE channel_source != 'explicit'"
    ).fetchall():
        target = (best[campaign_id], "learned") if campaign_id in best else (unassigned, "none")
        if (channel_id, source) != target:
            db.execute(
                "UPDATE campaigns SET channel_id = ?, channel_source = ? WHERE id = ?",
                [*target, campaign_id],
            )
            changed.append((campaign_id, channel_id, source))
    return changed


class _DryRun(Exception):
    pass


def preview_reclassify(db: Database) -> Reclassified:
    """What `reclassify` would move, with nothing changed (it runs and is rolled back)."""
    found: list[Reclassified] = []
    try:
        with writing(db):
            found.append(reclassify(db))
            raise _DryRun
    except _DryRun:
        pass
    return found[0]


def put_back(db: Database, done: Reclassified) -> None:
    """Undo a re-classification: every moved record and re-learned campaign gets back what it had."""
    with writing(db):
        for table, rule_col in _TABLES.items():
            db.conn.executemany(
                f"UPDATE {table} SET channel_id = ?, {rule_col} = ? WHERE id = ?",
                [(old, rule, row_id) for t, row_id, old, rule in done.changes if t == table],
            )
        db.conn.executemany(
            "UPDATE campaigns SET channel_id = ?, channel_source = ? WHERE id = ?",
            [(old, source, cid) for cid, old, source in done.campaigns],
        )
        record(db, "unreclassify", "channels", None, {"records": len(done.changes)})
