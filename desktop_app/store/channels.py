"""Channels in the database and the rule that gives a record its channel (PRODUCT.md's order)."""

from __future__ import annotations

from collections.abc import Mapping

from desktop_app.domain.channels import EXTRA_COLORS, UNASSIGNED, classify
from desktop_app.domain.models import Channel
from desktop_app.store.handle import Database


def list_channels(db: Database, include_hidden: bool = True) -> list[Channel]:
    sql = "SELECT id, name, paid, offline, color, hidden FROM channels"
    if not include_hidden:
        sql += " WHERE hidden = 0"
    sql += " ORDER BY sort_order, name COLLATE NOCASE"
    return [Channel(r[0], r[1], bool(r[2]), bool(r[3]), r[4], bool(r[5])) for r in db.execute(sql)]


def channel_colors(db: Database) -> dict[str, str]:
    return {row.name: row.color for row in list_channels(db)}


def next_extra_color(db: Database) -> str:
    """The colour for a new channel of the user's: the extra palette in turn."""
    count = db.execute("SELECT COUNT(*) FROM channels WHERE builtin = 0").fetchone()[0]
    return EXTRA_COLORS[int(count) % len(EXTRA_COLORS)]


class ChannelResolver:
    """Finds (or creates) the channel of a record; caches lookups for bulk imports.

    Order: an explicit channel name (or an alias of one), the campaign's channel, a user alias of
    the raw source, GA4 classification of the tags, the click id; otherwise Unassigned.
    """

    def __init__(self, db: Database, batch_id: int | None = None) -> None:
        self.db = db
        self.batch_id = batch_id
        self._by_name: dict[str, int] = {
            r[1].lower(): r[0] for r in db.execute("SELECT id, name FROM channels")
        }
        self._aliases: dict[str, int] = {
            r[0].lower(): r[1]
            for r in db.execute("SELECT raw_value, channel_id FROM channel_aliases")
        }
        self.created: list[str] = []

    def channel_id(self, name: str, create: bool = True) -> int | None:
        """Id of the channel called `name` (or aliased so); created when unknown and allowed."""
        key = name.strip().lower()
        if not key:
            return None
        if key in self._by_name:
            return self._by_name[key]
        if key in self._aliases:
            return self._aliases[key]
        if not create:
            return None
        cursor = self.db.execute(
            "INSERT INTO channels (name, paid, color, batch_id) VALUES (?, 0, ?, ?)",
            [name.strip(), next_extra_color(self.db), self.batch_id],
        )
        new_id = int(cursor.lastrowid or 0)
        self._by_name[key] = new_id
        self.created.append(name.strip())
        return new_id

    def _mapped(self, source: str | None, medium: str | None) -> tuple[int, str] | None:
        """A mapping the user made (Settings > Channels, `channels map`): source/medium first,
        then the source with any medium, then any source with the medium."""
        src, med = (source or "").strip().lower(), (medium or "").strip().lower()
        keys = ([f"{src}/{med}"] if src and med else []) + ([src, f"{src}/*"] if src else [])
        keys += [f"*/{med}"] if med else []
        for key in keys:
            if key in self._aliases:
                shown = key if "/" in key else f"{key}/*"
                return self._aliases[key], f"{shown} mapped to this channel"
        return None

    def unassigned_id(self) -> int:
        found = self.channel_id(UNASSIGNED)
        assert found is not None
        return found

    def resolve(
        self,
        explicit: str | None = None,
        campaign_channel_id: int | None = None,
        source: str | None = None,
        medium: str | None = None,
        campaign: str | None = None,
        click_ids: Mapping[str, str | None] | None = None,
        learned_channel_id: int | None = None,
    ) -> tuple[int, str]:
        """(channel id, the rule that decided) for one record, in PRODUCT.md's order.

        `campaign_channel_id` is the channel of the record's campaign only where that channel
        is explicit; a learned one (`learned_channel_id`) is used only when the record's own
        tags and click id say nothing.
        """
        if explicit and explicit.strip():
            found = self.channel_id(explicit)
            assert found is not None
            return found, f"channel given: {explicit.strip()}"
        if campaign_channel_id is not None:
            return campaign_channel_id, CAMPAIGN_RULE
        mapped = self._mapped(source, medium)
        if mapped is not None:
            return mapped
        result = classify(source, medium, campaign, click_ids)
        if result.channel == UNASSIGNED and learned_channel_id is not None:
            return learned_channel_id, LEARNED_RULE
        found = self.channel_id(result.channel)
        assert found is not None
        return found, result.rule


# The rules that take a record's channel from its campaign: rows so classified do not teach a
# campaign its channel (see importing.context.ImportContext.learn_channels).
CAMPAIGN_RULE = "channel of its campaign"
LEARNED_RULE = "learned channel of its campaign (its other tagged rows)"
