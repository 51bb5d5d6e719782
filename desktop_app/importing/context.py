"""What the kind writers share during one import: the batch, lookups that create, money, problems."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from desktop_app.domain.business_defaults import BusinessDefaults
from desktop_app.domain.money import to_minor
from desktop_app.importing.errors import Problem
from desktop_app.importing.values import ValueProblem
from desktop_app.store.channels import ChannelResolver
from desktop_app.store.exchange import convert_minor, missing_rate_message, rate_on
from desktop_app.store.handle import Database
from desktop_app.store.settings import ensure_base_currency, load_settings

# In a batch_updates row: the values the batch wrote, which undo expects to find (see
# ImportContext.record_update).
AFTER_KEY = "__after__"

# Page cache (KiB) while an import runs: a bulk insert touches every index of its table, and with
# SQLite's default 2 MB cache those pages spill to the WAL file and are read back mid-transaction.
BULK_CACHE_KIB = 64 * 1024


@contextmanager
def bulk_cache(db: Database) -> Iterator[None]:
    """A larger page cache for the duration of one import (journal mode and synchronous unchanged)."""
    before = int(db.conn.execute("PRAGMA cache_size").fetchone()[0])
    db.conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        db.conn.execute(f"PRAGMA cache_size = {before}")


@dataclass
class Counts:
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    duplicates: int = 0
    conversions_inserted: int = 0  # touchpoint rows marked as conversions
    blank_costs: int = 0  # spend rows whose cost was blank or NA


@dataclass
class Created:
    campaigns: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)


class ImportContext:
    """Per-import state: the batch id, caches of campaigns/goals/rates, the problems found."""

    def __init__(
        self,
        db: Database,
        batch_id: int,
        sheet: str | None,
        merge_campaigns: dict[str, str] | None = None,
        preview_limit: int = 50,
        *,
        merge_channels: dict[str, str] | None = None,
        merge_goals: dict[str, str] | None = None,
        default_currency: BusinessDefaults | None = None,
    ) -> None:
        self.db = db
        self.batch_id = batch_id
        self.sheet = sheet
        settings = load_settings(db)
        self.tz = settings.tz
        self.today = datetime.now(self.tz).date()  # later rows are refused: never in the future
        self.base = settings.currency
        # Amounts in a database with no currency yet, in a file that names none, are in this
        # (the command line passes the computer's; the GUI always has a currency set).
        self.default_currency = default_currency.currency if default_currency else ""
        self.default_named = bool(default_currency and default_currency.country_named)
        self.missing_rates: dict[str, date] = {}  # currency -> earliest day with no rate
        self.keep_contacts = settings.keep_contacts
        self.country = settings.country
        self.resolver = ChannelResolver(db, batch_id)
        self.unassigned = self.resolver.unassigned_id()
        self.counts = Counts()
        self.created = Created()
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []  # rows imported with one value left out
        self.repeated_times = 0  # local times passed twice (DST end): read with the earlier offset
        self.notes: list[str] = []
        self.explained: list[str] = []  # lines that reconcile rows read with records stored
        self.preview: list[dict[str, Any]] = []
        self.preview_limit = preview_limit
        self.merge = {k.strip().lower(): v for k, v in (merge_campaigns or {}).items()}
        # New channel and goal names the user mapped to existing ones (the wizard's preview).
        self.merge_channels = {k.strip().lower(): v for k, v in (merge_channels or {}).items()}
        self.merge_goals = {k.strip().lower(): v for k, v in (merge_goals or {}).items()}
        self._campaigns: dict[str, tuple[int, int]] = {}
        self._utm: dict[str, tuple[int, int]] = {}
        self.channel_sources: dict[int, str] = {}  # campaign id -> explicit, learned or none
        for cid, name, channel_id, utm, source in db.execute(
            "SELECT id, name, channel_id, utm_campaign, channel_source FROM campaigns"
        ):
            self._campaigns[name.strip().lower()] = (cid, channel_id)
            self.channel_sources[cid] = source
            if utm:
                self._utm.setdefault(utm.strip().lower(), (cid, channel_id))
        self.used_campaigns: set[int] = set()  # campaigns this import's records belong to
        self.created_campaign_ids: set[int] = set()
        # For learn_channels: rule-classified rows stored per campaign and channel, and the
        # campaigns with rows this import left Unassigned.
        self.channel_counts: dict[int, dict[int, int]] = {}
        self.unassigned_campaigns: set[int] = set()
        self._goals = {
            name.strip().lower(): gid for gid, name in db.execute("SELECT id, name FROM goals")
        }
        self._rates: dict[tuple[str, date], Decimal | None] = {}
        self.campaign_names_used: set[str] = set()

    # ------------------------------------------------------------ problems and preview
    def reject(self, row: int, column: str | None, value: object, reason: str) -> None:
        shown = "" if value is None else str(value)
        self.problems.append(Problem(self.sheet, row, column, shown[:200], reason))

    def warn(self, row: int, column: str | None, value: object, reason: str) -> None:
        """The row is imported, but without this value (an invalid e-mail or phone)."""
        shown = "" if value is None else str(value)
        self.warnings.append(Problem(self.sheet, row, column, shown[:200], reason))

    def show(self, record: dict[str, Any]) -> None:
        if len(self.preview) < self.preview_limit:
            self.preview.append(record)

    # ------------------------------------------------------------ money
    def money(self, amount: Decimal, currency: str | None, day: date) -> tuple[int, str, int]:
        """(base minor units, original currency, original minor units) for an amount."""
        cur = (currency or self.base or self.default_currency or "").upper()
        if not cur:
            if amount == 0:
                return 0, "", 0
            raise ValueProblem(
                "no currency is named in the file and the business has none set yet; set it "
                "first (Settings, or: conversion-tracker settings currency=EUR) and import again"
            )
        if not self.base:
            self._set_base(cur, from_file=bool(currency))
        original = to_minor(amount, cur)
        return self.to_base(original, cur, day), cur, original

    def no_amount(self, currency: str | None, day: date) -> tuple[int, str, int]:
        """A record without an amount: 0 in its currency, which also settles the business's
        currency when none is set yet (a record is never stored without one)."""
        return self.money(Decimal(0), currency, day)

    def to_base(self, original: int, currency: str, day: date) -> int:
        """`original` minor units of `currency` on `day` in the business's currency."""
        if currency == self.base or original == 0:  # nothing to convert; no rate is needed
            return original if currency == self.base else 0
        key = (currency, day)
        if key not in self._rates:
            self._rates[key] = rate_on(self.db, currency, day)
        rate = self._rates[key]
        if rate is None:
            first = self.missing_rates.get(currency)
            self.missing_rates[currency] = day if first is None else min(first, day)
            raise ValueProblem(missing_rate_message(currency, self.base))
        return convert_minor(original, currency, self.base, rate)

    def rate_notes(self) -> list[str]:
        """One line per currency that had no rate, with the command that adds one."""
        return [
            f"Rows in {code} were refused: there is no exchange rate for {code}. Add one, valid "
            f"from the file's earliest {code} date ({day.isoformat()}): conversion-tracker rates "
            f"add {code} RATE --from {day.isoformat()}, then import the file again with --again."
            for code, day in sorted(self.missing_rates.items())
        ]

    def _set_base(self, currency: str, *, from_file: bool) -> None:
        before = self.db.execute("SELECT value FROM settings WHERE key = 'currency'").fetchone()
        self.base = ensure_base_currency(self.db, currency)
        self.record_update("settings", 0, {"currency": before[0] if before else None})
        where = (
            "from the file"
            if from_file
            else "the file names no currency; this computer's settings"
            if self.default_named
            else "the file names no currency, nor do this computer's settings: the default"
        )
        self.notes.append(f"The business currency was not set; it is now {self.base} ({where}).")

    def record_update(
        self,
        table: str,
        row_id: int,
        old_values: dict[str, Any],
        new_values: dict[str, Any] | None = None,
    ) -> None:
        """Keep what a row held before this batch changed it, so undo can put it back. With
        `new_values`, undo puts it back only while the row still holds them (a change made
        after the import, such as a channel the user set, wins)."""
        kept = dict(old_values)
        if new_values is not None:
            kept[AFTER_KEY] = new_values
        self.db.execute(
            "INSERT INTO batch_updates (batch_id, table_name, row_id, old_values) VALUES (?, ?, ?, ?)",
            [self.batch_id, table, row_id, json.dumps(kept, sort_keys=True)],
        )

    # ------------------------------------------------------------ campaigns and goals
    def find_campaign(self, name: str) -> tuple[int, int] | None:
        """A campaign by name or utm_campaign, ignoring case and surrounding spaces."""
        key = name.strip().lower()
        key = self.merge.get(key, key).strip().lower()
        return self._campaigns.get(key) or self._utm.get(key)

    def campaign(
        self,
        name: str,
        channel: Callable[[], int],
        platform: str = "",
        *,
        explicit: bool = False,
        utm: str = "",
    ) -> tuple[int, int]:
        """(campaign id, its channel id); an unknown campaign is created in `channel()`.

        `explicit`: the file says the channel (a channel column, the platform of the report),
        which then is the campaign's explicit channel, also for a campaign whose channel was
        only learned or unknown so far. Otherwise a new campaign's channel is learned from its
        tagged rows at the end of the import (learn_channels)."""
        clean = name.strip()
        clean = self.merge.get(clean.lower(), clean).strip()
        self.campaign_names_used.add(clean)
        found = self.find_campaign(clean)
        if found:
            if explicit and self.channel_sources.get(found[0]) != "explicit":
                found = self._make_explicit(found[0], channel())
            self.used_campaigns.add(found[0])
            return found
        channel_id = channel() if explicit else self.resolver.unassigned_id()
        source = "explicit" if explicit else "none"
        cursor = self.db.execute(
            "INSERT INTO campaigns (name, channel_id, channel_source, platform, utm_campaign,"
            " batch_id) VALUES (?, ?, ?, ?, ?, ?)",
            [clean, channel_id, source, platform, utm.strip(), self.batch_id],
        )
        entry = (int(cursor.lastrowid or 0), channel_id)
        self._campaigns[clean.lower()] = entry
        if utm.strip():
            self._utm.setdefault(utm.strip().lower(), entry)
        self.channel_sources[entry[0]] = source
        self.used_campaigns.add(entry[0])
        self.created_campaign_ids.add(entry[0])
        self.created.campaigns.append(clean)
        return entry

    def _make_explicit(self, campaign_id: int, channel_id: int) -> tuple[int, int]:
        old = self.db.execute(
            "SELECT channel_id, channel_source FROM campaigns WHERE id = ?", [campaign_id]
        ).fetchone()
        self.record_update(
            "campaigns",
            campaign_id,
            {"channel_id": old[0], "channel_source": old[1]},
            {"channel_id": channel_id, "channel_source": "explicit"},
        )
        self.db.execute(
            "UPDATE campaigns SET channel_id = ?, channel_source = 'explicit' WHERE id = ?",
            [channel_id, campaign_id],
        )
        self._set_cached(campaign_id, channel_id, "explicit")
        return campaign_id, channel_id

    def _set_cached(self, campaign_id: int, channel_id: int, source: str) -> None:
        self.channel_sources[campaign_id] = source
        for cache in (self._campaigns, self._utm):
            for key, (cid, _) in list(cache.items()):
                if cid == campaign_id:
                    cache[key] = (cid, channel_id)

    def campaign_channels(
        self, campaign_id: int | None, channel_id: int | None
    ) -> tuple[int | None, int | None]:
        """(explicit channel, learned channel) of a record's campaign, for the channel rules."""
        if campaign_id is None or channel_id is None:
            return None, None
        source = self.channel_sources.get(campaign_id, "none")
        if source == "explicit":
            # An Unassigned campaign channel never overrides a row's own tags (PRODUCT.md).
            return (None if channel_id == self.unassigned else channel_id), None
        return None, channel_id if source == "learned" else None

    def learn_channels(self) -> None:
        """Campaigns of this import whose channel is not explicit take the channel most of their
        tagged rows classify into (a learned channel, used for their spend); this import's rows
        of such a campaign that their own tags left Unassigned then take it too."""
        from desktop_app.store.channels import CAMPAIGN_RULE, LEARNED_RULE

        unassigned = self.resolver.unassigned_id()
        for cid in sorted(self.used_campaigns):
            if self.channel_sources.get(cid) == "explicit":
                continue
            if cid in self.created_campaign_ids:
                # All its rows are this import's: counted as they were stored (see stored_rows).
                counts = self.channel_counts.get(cid)
                best = max(counts.items(), key=lambda kv: (kv[1], -kv[0])) if counts else None
            else:
                best = self.db.execute(
                    "SELECT channel_id, COUNT(*) AS n FROM ("
                    " SELECT channel_id, channel_rule AS rule FROM conversions WHERE campaign_id = ?"
                    " UNION ALL SELECT channel_id, rule FROM touchpoints WHERE campaign_id = ?)"
                    " WHERE channel_id != ? AND rule NOT IN (?, ?)"
                    " GROUP BY channel_id ORDER BY n DESC, channel_id LIMIT 1",
                    [cid, cid, unassigned, CAMPAIGN_RULE, LEARNED_RULE],
                ).fetchone()
            if best is None:
                continue
            old = self.db.execute(
                "SELECT channel_id, channel_source, batch_id FROM campaigns WHERE id = ?", [cid]
            ).fetchone()
            if (old[0], old[1]) != (best[0], "learned"):
                if old[2] != self.batch_id:  # a campaign of this batch goes with its undo
                    self.record_update(
                        "campaigns",
                        cid,
                        {"channel_id": old[0], "channel_source": old[1]},
                        {"channel_id": best[0], "channel_source": "learned"},
                    )
                self.db.execute(
                    "UPDATE campaigns SET channel_id = ?, channel_source = 'learned' WHERE id = ?",
                    [best[0], cid],
                )
                self._set_cached(cid, best[0], "learned")
            if cid not in self.unassigned_campaigns:
                continue  # none of this import's rows of it were left Unassigned
            for table, rule in (("conversions", "channel_rule"), ("touchpoints", "rule")):
                self.db.execute(
                    f"UPDATE {table} SET channel_id = ?, {rule} = ? WHERE batch_id = ?"
                    f" AND campaign_id = ? AND channel_id = ?",
                    [best[0], LEARNED_RULE, self.batch_id, cid, unassigned],
                )

    def stored_rows(self, rows: Iterable[tuple[int | None, int, str]]) -> None:
        """Note (campaign, channel, rule) of records this import stores, for learn_channels."""
        from desktop_app.store.channels import CAMPAIGN_RULE, LEARNED_RULE

        unassigned = self.resolver.unassigned_id()
        for campaign_id, channel_id, rule in rows:
            if campaign_id is None:
                continue
            if channel_id == unassigned:
                self.unassigned_campaigns.add(campaign_id)
            elif rule not in (CAMPAIGN_RULE, LEARNED_RULE):
                counts = self.channel_counts.setdefault(campaign_id, {})
                counts[channel_id] = counts.get(channel_id, 0) + 1

    def goal(self, name: str) -> int:
        """A goal by name; an unknown one is created as a macro goal of category transaction."""
        name = self.merge_goals.get(name.strip().lower(), name)
        key = name.strip().lower()
        if key in self._goals:
            return int(self._goals[key])
        cursor = self.db.execute(
            "INSERT INTO goals (name, category, level, currency, batch_id)"
            " VALUES (?, 'transaction', 'macro', ?, ?)",
            [name.strip(), self.base, self.batch_id],
        )
        gid = int(cursor.lastrowid or 0)
        self._goals[key] = gid
        self.created.goals.append(name.strip())
        return gid

    def channel_name(self, name: str) -> str:
        """A channel name of the file, or the existing channel the user mapped it to."""
        return self.merge_channels.get(name.strip().lower(), name) if name else name

    def channel_created(self) -> list[str]:
        return list(self.resolver.created)
