"""Managing channels: add, rename, merge, hide, paid flag, colour, and source values mapped to them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from desktop_app.domain.channels import UNASSIGNED
from desktop_app.store.audit import record
from desktop_app.store.channels import next_extra_color
from desktop_app.store.handle import Database
from desktop_app.store.transactions import writing

_COLOR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")


class ChannelAdminError(ValueError):
    """A channel change that is not allowed; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class AliasRow:
    raw_value: str
    channel_id: int
    channel: str


def _name_of(db: Database, channel_id: int) -> str:
    found = db.execute("SELECT name FROM channels WHERE id = ?", [channel_id]).fetchone()
    if found is None:
        raise ChannelAdminError(f"channel {channel_id} does not exist")
    return str(found[0])


def check_new_name(db: Database, name: str, exclude_id: int | None = None) -> str:
    """The cleaned name, or ChannelAdminError when it is empty, too long or already taken."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ChannelAdminError("A channel needs a name.")
    if len(cleaned) > 60:
        raise ChannelAdminError("A channel name has at most 60 characters.")
    clash = db.execute(
        "SELECT id FROM channels WHERE name = ? COLLATE NOCASE AND id IS NOT ?",
        [cleaned, exclude_id],
    ).fetchone()
    if clash:
        raise ChannelAdminError(f"There is already a channel called '{cleaned}'.")
    return cleaned


def add_channel(db: Database, name: str, paid: bool = False, color: str | None = None) -> int:
    cleaned = check_new_name(db, name)
    if color is None:
        color = next_extra_color(db)
    with writing(db):
        # A name that was mapped as a source value now names its own channel.
        db.execute("DELETE FROM channel_aliases WHERE raw_value = ?", [cleaned])
        cursor = db.execute(
            "INSERT INTO channels (name, paid, color) VALUES (?, ?, ?)", [cleaned, int(paid), color]
        )
        new_id = int(cursor.lastrowid or 0)
        record(db, "create", "channel", new_id, {"name": cleaned, "paid": paid})
    return new_id


def channel_row(db: Database, channel_id: int) -> dict[str, Any]:
    cursor = db.execute("SELECT * FROM channels WHERE id = ?", [channel_id])
    found = cursor.fetchone()
    if found is None:
        raise ChannelAdminError(f"channel {channel_id} does not exist")
    return dict(zip([d[0] for d in cursor.description], found, strict=True))


def restore_channel(db: Database, row: dict[str, Any]) -> None:
    """Put back a channel exactly as `channel_row` gave it (same id), redoing its creation."""
    with writing(db):
        db.execute(
            f"INSERT INTO channels ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
            list(row.values()),
        )
        record(db, "create", "channel", row["id"], {"name": row["name"], "redo": True})


def remove_unused_channel(db: Database, channel_id: int) -> None:
    """Delete a channel nothing refers to (undoing its creation)."""
    for table in ("conversions", "touchpoints", "campaigns"):
        if db.execute(
            f"SELECT 1 FROM {table} WHERE channel_id = ? LIMIT 1", [channel_id]
        ).fetchone():
            raise ChannelAdminError("The channel is in use; merge it into another one instead.")
    with writing(db):
        name = _name_of(db, channel_id)
        db.execute("DELETE FROM channels WHERE id = ?", [channel_id])
        record(db, "delete", "channel", channel_id, {"name": name})


def rename_channel(db: Database, channel_id: int, new_name: str) -> dict[str, Any]:
    """Rename; the old name becomes a mapped value so imports and GA4 rules still find it.

    Returns what undo needs: the old name and whether that mapping was added.
    """
    old = _name_of(db, channel_id)
    cleaned = check_new_name(db, new_name, exclude_id=channel_id)
    with writing(db):
        replaced = db.execute(
            "SELECT raw_value, channel_id FROM channel_aliases WHERE raw_value = ?", [cleaned]
        ).fetchone()
        db.execute("UPDATE channels SET name = ? WHERE id = ?", [cleaned, channel_id])
        db.execute("DELETE FROM channel_aliases WHERE raw_value = ?", [cleaned])
        added = (
            old.lower() != cleaned.lower()
            and not db.execute(
                "SELECT 1 FROM channel_aliases WHERE raw_value = ?", [old]
            ).fetchone()
        )
        if added:
            db.execute(
                "INSERT INTO channel_aliases (raw_value, channel_id) VALUES (?, ?)",
                [old, channel_id],
            )
        record(db, "rename", "channel", channel_id, {"from": old, "to": cleaned})
    return {"old_name": old, "alias_added": added,
            "replaced": list(replaced) if replaced else None}  # fmt: skip


def undo_rename(db: Database, channel_id: int, undo: dict[str, Any]) -> None:
    with writing(db):
        if undo["alias_added"]:
            db.execute("DELETE FROM channel_aliases WHERE raw_value = ?", [undo["old_name"]])
        current = _name_of(db, channel_id)
        db.execute("UPDATE channels SET name = ? WHERE id = ?", [undo["old_name"], channel_id])
        if undo.get("replaced"):  # the mapping the new name took the place of
            db.execute(
                "INSERT OR REPLACE INTO channel_aliases (raw_value, channel_id) VALUES (?, ?)",
                undo["replaced"],
            )
        record(db, "rename", "channel", channel_id, {"from": current, "to": undo["old_name"]})


def check_flag(db: Database, channel_id: int, flag: str, value: Any) -> Any:
    """The stored form of a `paid`, `hidden` or `color` value, or ChannelAdminError."""
    if flag not in ("paid", "hidden", "color"):
        raise ValueError(flag)
    name = _name_of(db, channel_id)
    if flag == "color":
        if not isinstance(value, str) or not _COLOR_RE.match(value):
            raise ChannelAdminError("A colour is written like #4C78A8.")
        return value.upper()
    if flag == "hidden" and value and name == UNASSIGNED:
        raise ChannelAdminError("Unassigned cannot be hidden: records without a source go there.")
    return int(bool(value))


def set_flag(db: Database, channel_id: int, flag: str, value: Any) -> Any:
    """Set `paid`, `hidden` or `color`; returns the previous value."""
    value = check_flag(db, channel_id, flag, value)
    name = _name_of(db, channel_id)
    old = db.execute(f"SELECT {flag} FROM channels WHERE id = ?", [channel_id]).fetchone()[0]
    with writing(db):
        db.execute(f"UPDATE channels SET {flag} = ? WHERE id = ?", [value, channel_id])
        record(db, flag, "channel", channel_id, {"name": name, "from": old, "to": value})
    return old


def check_merge(db: Database, source_id: int, target_id: int) -> None:
    if source_id == target_id:
        raise ChannelAdminError("Choose another channel to merge into.")
    _name_of(db, target_id)
    if _name_of(db, source_id) == UNASSIGNED:
        raise ChannelAdminError(
            "Unassigned cannot be merged away: records without a source go there."
        )


def merge_channels(db: Database, source_id: int, target_id: int) -> dict[str, Any]:
    """Move everything of `source` to `target` and drop `source`, in one transaction.

    Its name becomes a mapped value of the target. Returns what unmerge_channels needs.
    """
    check_merge(db, source_id, target_id)
    source = channel_row(db, source_id)
    target_name = _name_of(db, target_id)
    moved: dict[str, Any] = {"source": source, "target_id": target_id}
    with writing(db):
        for table in ("conversions", "touchpoints", "campaigns"):
            ids = [
                r[0]
                for r in db.execute(f"SELECT id FROM {table} WHERE channel_id = ?", [source_id])
            ]
            moved[table] = ids
            db.execute(
                f"UPDATE {table} SET channel_id = ? WHERE channel_id = ?", [target_id, source_id]
            )
        moved["aliases"] = [
            r[0]
            for r in db.execute(
                "SELECT raw_value FROM channel_aliases WHERE channel_id = ?", [source_id]
            )
        ]
        db.execute(
            "UPDATE channel_aliases SET channel_id = ? WHERE channel_id = ?", [target_id, source_id]
        )
        db.execute("DELETE FROM channels WHERE id = ?", [source_id])
        moved["alias_added"] = not db.execute(
            "SELECT 1 FROM channel_aliases WHERE raw_value = ?", [source["name"]]
        ).fetchone()
        if moved["alias_added"]:
            db.execute(
                "INSERT INTO channel_aliases (raw_value, channel_id) VALUES (?, ?)",
                [source["name"], target_id],
            )
        record(
            db, "merge", "channel", target_id,
            {"from": source["name"], "into": target_name, "conversions": len(moved["conversions"]),
             "touchpoints": len(moved["touchpoints"]), "campaigns": len(moved["campaigns"])},
        )  # fmt: skip
    return moved


def unmerge_channels(db: Database, moved: dict[str, Any]) -> None:
    """Undo a merge exactly: the channel again with its id, and every row moved back."""
    source = moved["source"]
    with writing(db):
        if moved["alias_added"]:
            db.execute("DELETE FROM channel_aliases WHERE raw_value = ?", [source["name"]])
        names = ", ".join(source)
        db.execute(
            f"INSERT INTO channels ({names}) VALUES ({', '.join('?' for _ in source)})",
            list(source.values()),
        )
        for table in ("conversions", "touchpoints", "campaigns"):
            ids = moved[table]
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                db.execute(
                    f"UPDATE {table} SET channel_id = ? WHERE id IN ({','.join('?' for _ in part)})",
                    [source["id"], *part],
                )
        for raw in moved["aliases"]:
            db.execute(
                "UPDATE channel_aliases SET channel_id = ? WHERE raw_value = ?", [source["id"], raw]
            )
        record(db, "unmerge", "channel", source["id"], {"name": source["name"]})


def list_aliases(db: Database) -> list[AliasRow]:
    return [
        AliasRow(r[0], r[1], r[2])
        for r in db.execute(
            "SELECT a.raw_value, a.channel_id, c.name FROM channel_aliases a"
            " JOIN channels c ON c.id = a.channel_id ORDER BY c.sort_order, c.name, a.raw_value"
        )
    ]


def check_alias(db: Database, raw_value: str, channel_id: int | None) -> str:
    """The cleaned source value, or ChannelAdminError. `google/*` is stored as `google` (a source
    with any medium) unless a channel has that name (`email/*` stays so: a plain `email` would
    name the Email channel); `google/cpc` and `*/flyer` as they are."""
    raw = "/".join(part.strip() for part in raw_value.strip().split("/", 1))
    if (
        raw.endswith("/*")
        and not db.execute(
            "SELECT 1 FROM channels WHERE name = ? COLLATE NOCASE", [raw[:-2]]
        ).fetchone()
    ):
        raw = raw[:-2]
    if not raw:
        raise ChannelAdminError("Type the source value as it appears in your data, e.g. google.")
    if len(raw) > 200:
        raise ChannelAdminError("A source value has at most 200 characters.")
    if (
        channel_id is not None
        and db.execute("SELECT 1 FROM channels WHERE name = ? COLLATE NOCASE", [raw]).fetchone()
    ):
        raise ChannelAdminError(
            f"'{raw}' is the name of a channel; merge the two channels instead of mapping it."
        )
    return raw


def set_alias(db: Database, raw_value: str, channel_id: int | None) -> int | None:
    """Map a raw source value to a channel (None removes the mapping); returns the previous channel."""
    raw = check_alias(db, raw_value, channel_id)
    found = db.execute(
        "SELECT channel_id FROM channel_aliases WHERE raw_value = ?", [raw]
    ).fetchone()
    previous = int(found[0]) if found else None
    with writing(db):
        if channel_id is None:
            db.execute("DELETE FROM channel_aliases WHERE raw_value = ?", [raw])
            record(db, "unmap", "channel_alias", previous, {"value": raw})
        else:
            _name_of(db, channel_id)
            db.execute(
                "INSERT INTO channel_aliases (raw_value, channel_id) VALUES (?, ?)"
                " ON CONFLICT(raw_value) DO UPDATE SET channel_id = excluded.channel_id",
                [raw, channel_id],
            )
            record(db, "map", "channel_alias", channel_id, {"value": raw})
    return previous


def usage_counts(db: Database) -> dict[int, int]:
    """Conversions per channel id (all statuses), for the channels table."""
    return {
        r[0]: r[1]
        for r in db.execute("SELECT channel_id, COUNT(*) FROM conversions GROUP BY channel_id")
    }


def channel_conversions(db: Database, channel_id: int) -> int:
    """Conversions of one channel (all statuses): what a merge would move."""
    return int(
        db.execute(
            "SELECT COUNT(*) FROM conversions WHERE channel_id = ?", [channel_id]
        ).fetchone()[0]
    )


# What the undo stack keeps of each channel change (`Reversible`s, see store/changes.py).


@dataclass(frozen=True, slots=True)
class ChannelAdded:
    """A channel added; undo removes it (refused once records use it) and maps its name to the
    channel it was mapped to before, if any; redo puts it back."""

    row: dict[str, Any]
    replaced: tuple[str, int] | None = None  # (source value, channel) the name was mapped as

    def undo(self, db: Database) -> None:
        with writing(db):
            remove_unused_channel(db, self.row["id"])
            if self.replaced is not None:
                db.execute(
                    "INSERT OR REPLACE INTO channel_aliases (raw_value, channel_id) VALUES (?, ?)",
                    list(self.replaced),
                )

    def redo(self, db: Database) -> None:
        with writing(db):
            db.execute("DELETE FROM channel_aliases WHERE raw_value = ?", [self.row["name"]])
            restore_channel(db, self.row)


def add_channel_reversibly(db: Database, name: str, paid: bool = False) -> ChannelAdded:
    mapped = db.execute(
        "SELECT raw_value, channel_id FROM channel_aliases WHERE raw_value = ?",
        [check_new_name(db, name)],
    ).fetchone()
    added = channel_row(db, add_channel(db, name, paid))
    return ChannelAdded(added, (str(mapped[0]), int(mapped[1])) if mapped else None)


@dataclass(slots=True)
class ChannelRenamed:
    """A rename; `done` is what rename_channel returned, taken again on every redo."""

    channel_id: int
    new_name: str
    done: dict[str, Any]

    def undo(self, db: Database) -> None:
        undo_rename(db, self.channel_id, self.done)

    def redo(self, db: Database) -> None:
        self.done = rename_channel(db, self.channel_id, self.new_name)


def rename_reversibly(db: Database, channel_id: int, new_name: str) -> ChannelRenamed:
    return ChannelRenamed(channel_id, new_name, rename_channel(db, channel_id, new_name))


@dataclass(frozen=True, slots=True)
class FlagSet:
    """`paid`, `hidden` or `color` changed from `old` to `new`."""

    channel_id: int
    flag: str
    old: Any
    new: Any

    def undo(self, db: Database) -> None:
        set_flag(db, self.channel_id, self.flag, self.old)

    def redo(self, db: Database) -> None:
        set_flag(db, self.channel_id, self.flag, self.new)


def set_flag_reversibly(db: Database, channel_id: int, flag: str, value: Any) -> FlagSet:
    new = check_flag(db, channel_id, flag, value)
    return FlagSet(channel_id, flag, set_flag(db, channel_id, flag, new), new)


@dataclass(slots=True)
class ChannelsMerged:
    """A merge; `moved` is what merge_channels returned, taken again on every redo."""

    source_id: int
    target_id: int
    moved: dict[str, Any]

    def undo(self, db: Database) -> None:
        unmerge_channels(db, self.moved)

    def redo(self, db: Database) -> None:
        self.moved = merge_channels(db, self.source_id, self.target_id)


def merge_reversibly(db: Database, source_id: int, target_id: int) -> ChannelsMerged:
    return ChannelsMerged(source_id, target_id, merge_channels(db, source_id, target_id))


@dataclass(frozen=True, slots=True)
class AliasSet:
    """A source value mapped to `new` (None: unmapped); it was mapped to `old` before."""

    raw_value: str
    old: int | None
    new: int | None

    def undo(self, db: Database) -> None:
        set_alias(db, self.raw_value, self.old)

    def redo(self, db: Database) -> None:
        set_alias(db, self.raw_value, self.new)


def set_alias_reversibly(db: Database, raw_value: str, channel_id: int | None) -> AliasSet:
    raw = check_alias(db, raw_value, channel_id)
    return AliasSet(raw, set_alias(db, raw, channel_id), channel_id)
