"""Touchpoint rows: a customer's interactions; rows marked as conversions also become conversions."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, time
from typing import Any

from desktop_app.domain.channels import is_campaign_placeholder
from desktop_app.domain.timeutil import UTC_FORMAT
from desktop_app.importing.context import ImportContext
from desktop_app.importing.kinds.base import CHUNK, KindWriter, RowProblem
from desktop_app.importing.plan import ImportPlan
from desktop_app.importing.readers import Cell
from desktop_app.importing.values import ValueProblem, parse_flag_or_count
from desktop_app.store.bulk_insert import insert_many

_CLICKS = ("gclid", "msclkid", "fbclid")
TP_COLUMNS = (
    "customer_key", "occurred_at", "channel_id", "campaign_id", "source", "medium",
    "utm_campaign", "kind", "click_id", "click_id_type", "rule", "conversion_id", "batch_id",
    "fingerprint",
)  # fmt: skip
CV_COLUMNS = (
    "goal_id", "occurred_at", "local_date", "value_minor", "currency", "original_value_minor",
    "original_currency", "channel_id", "channel_rule", "campaign_id", "source", "medium",
    "utm_campaign", "customer_key", "click_id", "click_id_type", "origin", "batch_id",
    "fingerprint",
)  # fmt: skip


class TouchpointWriter(KindWriter):
    """Touchpoints go in by chunks (`INSERT OR IGNORE` on the fingerprint skips known ones)."""

    def __init__(self, plan: ImportPlan, ctx: ImportContext) -> None:
        super().__init__(plan, ctx)
        self.pending: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
        self.goal_name = self.plan.default_goal
        self.goal_id: int | None = None
        self._channel_cache: dict[tuple[object, ...], tuple[int, str]] = {}
        self._found: Counter[tuple[str, str]] = Counter()  # stored touches found again
        # Touches stored before this import have ids up to this; later ones are its own.
        self._before = int(
            self.ctx.db.execute("SELECT MAX(id) FROM touchpoints").fetchone()[0] or 0
        )

    def add_row(self, row: int, cells: list[Cell]) -> None:
        ctx = self.ctx
        self.check_ids(cells)
        customer = self.text(row, cells, "customer_id")
        if not customer:
            raise RowProblem(
                "customer_id", "", "the customer id is missing; every touchpoint needs one"
            )
        when = self.when(row, cells, "time", "the time")
        occurred = when.utc or datetime.combine(when.day, time(0)).replace(
            tzinfo=ctx.tz
        ).astimezone(UTC)
        occurred_at = occurred.strftime(UTC_FORMAT)
        channel = self.text(row, cells, "channel")
        source, medium = self.text(row, cells, "source"), self.text(row, cells, "medium")
        if self.has("source_medium") and not (source or medium):
            parts = [p.strip() for p in self.text(row, cells, "source_medium").split("/", 1)]
            source, medium = parts[0], parts[1] if len(parts) > 1 else ""
        campaign_text = self.text(row, cells, "campaign")
        clicks = {f: self.text(row, cells, f) for f in _CLICKS if self.has(f)}
        click_type = next((f for f in _CLICKS if clicks.get(f)), None)
        names_campaign = bool(campaign_text) and not is_campaign_placeholder(campaign_text)
        found = ctx.find_campaign(campaign_text) if names_campaign else None
        explicit_channel, learned = ctx.campaign_channels(*(found or (None, None)))
        key = (channel, source, medium, campaign_text, click_type or "", explicit_channel, learned)
        resolved = self._channel_cache.get(key)
        if resolved is None:
            resolved = self._channel_cache[key] = ctx.resolver.resolve(
                explicit=ctx.channel_name(channel) or None,
                campaign_channel_id=explicit_channel,
                source=source,
                medium=medium,
                campaign=campaign_text,
                click_ids=clicks,
                learned_channel_id=learned,
            )
        count = 0
        if self.has("conversion"):
            try:
                count = parse_flag_or_count(self.raw(row, cells, "conversion"))
            except ValueProblem as exc:
                raise RowProblem(
                    "conversion", self.raw(row, cells, "conversion"), str(exc)
                ) from exc
        kind = self.text(row, cells, "interaction").lower() or "visit"
        click_id = clicks.get(click_type) if click_type else None
        tp = {
            "customer_key": customer, "occurred_at": occurred_at, "channel_id": resolved[0],
            "campaign_id": found[0] if found else None, "source": source, "medium": medium,
            "utm_campaign": campaign_text, "kind": kind, "click_id": click_id,
            "click_id_type": click_type, "rule": resolved[1], "conversion_id": None,
            "batch_id": ctx.batch_id,
        }  # fmt: skip
        # A touch is who and when: the same in another file or mapping (see flush).
        tp["fingerprint"] = self.fingerprint(customer, occurred_at)
        conversions: list[dict[str, Any]] = []
        if count:
            conversions = self._conversions(row, cells, tp, count, when.day)
        if names_campaign:  # only now: nothing is created for a row that is refused
            tp["campaign_id"] = ctx.campaign(
                campaign_text, ctx.resolver.unassigned_id, utm=campaign_text
            )[0]
            for conversion in conversions:
                conversion["campaign_id"] = tp["campaign_id"]
        ctx.show({"row": row, **tp, "conversions": len(conversions)})
        self.pending.append((tp, conversions))
        if len(self.pending) >= CHUNK:
            self.flush()

    def _conversions(
        self, row: int, cells: list[Cell], tp: dict[str, Any], count: int, day: Any
    ) -> list[dict[str, Any]]:
        ctx = self.ctx
        money = self.money(row, cells, "conversion_value", day, None) or ctx.no_amount(None, day)
        if money[0] < 0:
            raise RowProblem(
                "conversion_value", self.raw(row, cells, "conversion_value"), "cannot be negative"
            )
        if self.goal_id is None:
            self.goal_id = ctx.goal(self.goal_name)
        # A row that counts several conversions shares its value out, remainder to the first.
        share, rest = divmod(money[0], count)
        oshare, orest = divmod(money[2], count)
        result = []
        for n in range(count):
            result.append({
                "goal_id": self.goal_id, "occurred_at": tp["occurred_at"], "local_date": day.isoformat(),
                "value_minor": share + (rest if n == 0 else 0), "currency": ctx.base or money[1],
                "original_value_minor": oshare + (orest if n == 0 else 0),
                "original_currency": money[1], "channel_id": tp["channel_id"],
                "channel_rule": tp["rule"], "campaign_id": tp["campaign_id"], "source": tp["source"],
                "medium": tp["medium"], "utm_campaign": tp["utm_campaign"],
                "customer_key": tp["customer_key"], "click_id": tp["click_id"],
                "click_id_type": tp["click_id_type"], "origin": "import", "batch_id": ctx.batch_id,
                "fingerprint": f"tp:{tp['fingerprint']}:{n}",
            })  # fmt: skip
        return result

    def finish(self) -> None:
        self.flush()

    def _stored_touches(
        self, batch: list[tuple[dict[str, Any], list[dict[str, Any]]]]
    ) -> Counter[tuple[Any, ...]]:
        """How many touches each (customer, time) of this chunk has from earlier imports."""
        stored: Counter[tuple[str, str]] = Counter()
        if not self._before:  # nothing was stored before this import
            return stored
        customers = sorted({tp["customer_key"] for tp, _ in batch})
        for start in range(0, len(customers), 500):
            part = customers[start : start + 500]
            for customer, at, count in self.ctx.db.execute(
                "SELECT customer_key, occurred_at, COUNT(*) FROM touchpoints"
                f" WHERE customer_key IN ({','.join('?' * len(part))}) AND id <= ?"
                " GROUP BY customer_key, occurred_at",
                [*part, self._before],
            ):
                stored[(customer, at)] = count
        return stored

    def flush(self) -> None:
        ctx, conn = self.ctx, self.ctx.db.conn
        batch, self.pending = self.pending, []
        # Touches stored before are found again by customer and time, each at most once: the
        # same or an overlapping log, in any mapping, adds no duplicates.
        stored = self._stored_touches(batch)
        fresh = []
        for tp, conversions in batch:
            key = (tp["customer_key"], tp["occurred_at"])
            if self._found[key] < stored[key]:
                self._found[key] += 1
                ctx.counts.duplicates += 1
            else:
                fresh.append((tp, conversions))
        batch = fresh
        cv_sql = (
            f"INSERT OR IGNORE INTO conversions ({', '.join(CV_COLUMNS)})"
            f" VALUES ({', '.join('?' for _ in CV_COLUMNS)})"
        )
        for tp, conversions in batch:
            for conv in conversions:
                cursor = conn.execute(cv_sql, tuple(conv[c] for c in CV_COLUMNS))
                if cursor.rowcount == 1 and tp["conversion_id"] is None:
                    tp["conversion_id"] = cursor.lastrowid
                ctx.counts.conversions_inserted += cursor.rowcount
        ctx.stored_rows((tp["campaign_id"], tp["channel_id"], tp["rule"]) for tp, _ in batch)
        ctx.stored_rows(
            (c["campaign_id"], c["channel_id"], c["channel_rule"]) for _, cs in batch for c in cs
        )
        inserted = insert_many(
            conn,
            "touchpoints",
            TP_COLUMNS,
            [tuple(tp[c] for c in TP_COLUMNS) for tp, _ in batch],
            verb="INSERT OR IGNORE",
        )
        ctx.counts.inserted += inserted
        ctx.counts.duplicates += len(batch) - inserted
