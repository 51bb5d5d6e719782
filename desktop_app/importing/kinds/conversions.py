"""Conversion rows: one per order or lead; Shopify line items folded into their order."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from functools import partial
from operator import itemgetter
from typing import Any

from desktop_app.domain import google_contacts, meta_contacts
from desktop_app.domain.channels import CLICK_ID_TYPES, is_campaign_placeholder
from desktop_app.domain.contacts import is_hash, lost_phone_digits
from desktop_app.domain.conversion_form import MAX_QUANTITY
from desktop_app.domain.timeutil import UTC_FORMAT
from desktop_app.importing.context import ImportContext
from desktop_app.importing.kinds.base import CHUNK, KindWriter, RowProblem
from desktop_app.importing.plan import ImportPlan
from desktop_app.importing.readers import Cell
from desktop_app.importing.values import utc_text
from desktop_app.importing.wording import plural
from desktop_app.store.bulk_insert import insert_many

CANCELLED = {
    "voided", "void", "refunded", "cancelled", "canceled", "retracted", "storniert", "erstattet",
    "annulé", "annule", "remboursé", "rembourse", "cancelado", "reembolsado", "anulado",
}  # fmt: skip
_UTM_LINE = re.compile(
    r"^\s*utm[ _](source|medium|campaign|content|term)\s*[:=]\s*(.+?)\s*$", re.I | re.M
)
_CONSENT = {"granted": "granted", "yes": "granted", "true": "granted", "1": "granted",
            "denied": "denied", "no": "denied", "false": "denied", "0": "denied"}  # fmt: skip

COLUMNS = (
    "goal_id", "occurred_at", "local_date", "value_minor", "currency", "original_value_minor",
    "original_currency", "quantity", "status", "status_detail", "channel_id", "channel_rule",
    "campaign_id", "source", "medium", "utm_campaign", "order_id", "order_name", "customer_key",
    "click_id", "click_id_type", "email_hash", "phone_hash", "meta_email_hash", "meta_phone_hash",
    "email", "phone", "consent_ad_user_data", "consent_ad_personalization", "notes", "origin", "batch_id",
    "fingerprint",
)  # fmt: skip
# The text fields `parse` reads, in the order it looks for problems (a row reports its first).
_TEXT_FIELDS = (
    "status", "cancelled_at", "note_attributes", "source", "medium", "source_medium",
    "utm_campaign", *CLICK_ID_TYPES, "goal", "campaign", "channel", "email", "phone",
    "customer_id", "order_id", "order_name", "consent_ad_user_data",
    "consent_ad_personalization", "notes",
)  # fmt: skip
_STORED = itemgetter(*COLUMNS)
_QUANTITY_RULE = f"a quantity is a whole number from 1 to {MAX_QUANTITY:,}"
_LINE_ITEM_RULE = f"a line item's quantity is a whole number from 0 to {MAX_QUANTITY:,}"
_PREVIEWED = ("row", *COLUMNS)
# Columns compared to decide whether a re-imported order changed (and is updated).
COMPARED = ("occurred_at", "local_date", "value_minor", "currency", "original_value_minor",
            "original_currency", "quantity", "status", "status_detail")  # fmt: skip


@dataclass
class _Order:
    row: int
    record: dict[str, Any] = field(default_factory=dict)
    items: list[int] = field(default_factory=list)  # rows of its further line items


def identity(record: dict[str, Any]) -> tuple[Any, ...]:
    """What makes a conversion without an order id the same one in another file or mapping:
    its goal, time, customer and click id (not its value, notes or tags, which may change)."""
    return (record["goal_id"], record["occurred_at"], record["customer_key"], record["click_id"])


def note_utm(text: str) -> dict[str, str]:
    """UTM tags written inside a notes field (`UTM source: facebook`), as Shopify apps do."""
    return {m.group(1).lower(): m.group(2) for m in _UTM_LINE.finditer(text or "")}


class ConversionWriter(KindWriter):
    """Parses each row to a conversion record; writes chunks, skipping or updating known ones."""

    def __init__(self, plan: ImportPlan, ctx: ImportContext) -> None:
        super().__init__(plan, ctx)
        self.pending: list[dict[str, Any]] = []
        self.seen_orders: set[tuple[int, str]] = set()
        self.open_order: _Order | None = None
        self.grouped = self.has("order_name")  # Shopify: follow-up rows carry only the name
        self.failed_order: tuple[str, int] | None = None  # (name, row) of a rejected order row
        self.line_items = 0  # follow-up rows folded into their order
        self.default_goal = self.plan.default_goal
        self._channels: dict[tuple[Any, ...], tuple[int, str]] = {}
        # Campaign name as written -> (id, channel): found or created once, the same ever after.
        self._campaigns: dict[str, tuple[int, int]] = {}
        self._goal_ids: dict[str, int] = {}  # likewise for goal names
        self._click_fields = tuple(f for f in CLICK_ID_TYPES if self.has(f))
        self._taken: set[int] = set()  # stored records already found again by this import
        # Records stored before this import have ids up to this; later ones are its own.
        self._before = int(
            self.ctx.db.execute("SELECT MAX(id) FROM conversions").fetchone()[0] or 0
        )
        self._unordered: dict[int, bool] = {}  # goal -> has stored records without an order id
        self._text_columns = self.columns_of(_TEXT_FIELDS)

    # ------------------------------------------------------------ rows
    def add_row(self, row: int, cells: list[Cell]) -> None:
        if self.grouped:
            name = self.text(row, cells, "order_name")
            order_id = self.text(row, cells, "order_id")
            if not order_id and self.open_order and name == self.open_order.record["order_name"]:
                try:
                    extra = self._quantity(row, cells, line_item=True) or 0
                    total = self.open_order.record["quantity"] + extra
                    if total > MAX_QUANTITY:
                        raise RowProblem(
                            "quantity",
                            self.raw(row, cells, "quantity"),
                            f"the order's line items add up to {total:,} items; {_QUANTITY_RULE}",
                        )
                except RowProblem:
                    self._refuse_open(name, row)
                    raise
                self.open_order.record["quantity"] = total
                self.open_order.items.append(row)
                self.line_items += 1
                return
            if not order_id and self.failed_order and name == self.failed_order[0]:
                raise RowProblem(
                    "order_name",
                    name,
                    f"part of order {name}, which could not be stored whole because row "
                    f"{self.failed_order[1]} was rejected",
                )
            self.failed_order = None
            try:
                record = self.parse(row, cells)
            except RowProblem:
                self._close_open()
                self.failed_order = (name, row) if name else None
                raise
            self._close_open()
            self.open_order = _Order(row, record)
        else:
            self._queue(self.parse(row, cells))

    def _refuse_open(self, name: str, bad_row: int) -> None:
        """The open order is refused whole for its line item on `bad_row`: its first row and the
        line items before are rejected with it (never a partial order), and the first row's
        warnings go (nothing of it is imported)."""
        order, self.open_order = self.open_order, None
        if order is None:
            return
        self.failed_order = (name, bad_row)
        warnings = self.ctx.warnings
        while warnings and warnings[-1].row == order.row:  # line items add no warnings
            warnings.pop()
        self.line_items -= len(order.items)
        for row in (order.row, *order.items):
            self.ctx.reject(
                row,
                self._header_of("order_name"),
                name,
                f"part of order {name}, which could not be stored whole because row {bad_row} "
                "was rejected",
            )

    def _close_open(self) -> None:
        if self.open_order is not None:
            self._queue(self.open_order.record)
            self.open_order = None

    def _quantity(self, row: int, cells: list[Cell], line_item: bool = False) -> int | None:
        """The row's count of items (None: not mapped or empty). A fraction, a count out of
        range, an amount of money or a percentage is refused, never rounded or read as one. A
        further line item of an order may count 0 (a line taken off the order adds nothing)."""
        rule = _LINE_ITEM_RULE if line_item else _QUANTITY_RULE
        try:
            amount = self.number(row, cells, "quantity")
        except RowProblem as exc:  # not a number at all ('x', '3 pcs'): the count's own rule
            if exc.reason.startswith("the cell "):  # a spreadsheet error or formula: as it is
                raise
            raise RowProblem("quantity", exc.value, rule) from exc
        if amount is None:
            return None
        count, currency = amount
        written = self.raw(row, cells, "quantity")
        if (
            currency
            or (isinstance(written, str) and "%" in written)
            or count != count.to_integral_value()
            or not (0 if line_item else 1) <= count <= MAX_QUANTITY
        ):
            raise RowProblem("quantity", written, rule)
        return int(count)

    def parse(self, row: int, cells: list[Cell]) -> dict[str, Any]:
        ctx = self.ctx
        when = self.when(row, cells, "time", "the date or time")
        occurred = when.utc or datetime.combine(when.day, time(0)).replace(
            tzinfo=ctx.tz
        ).astimezone(UTC)
        currency = self.currency_column(row, cells)
        value = self.money(row, cells, "value", when.day, currency) or ctx.no_amount(
            currency, when.day
        )
        if value[0] < 0:
            raise RowProblem(
                "value", self.raw(row, cells, "value"), "a conversion value cannot be negative"
            )
        quantity = self._quantity(row, cells) or 1  # 1 when not mapped or empty
        self.check_ids(cells)
        t = self.texts(row, cells, self._text_columns)
        status_text = t.get("status", "")
        cancelled = status_text.lower() in CANCELLED or bool(t.get("cancelled_at"))
        note = t.get("note_attributes")
        tags = note_utm(note) if note else {}
        source = t.get("source") or tags.get("source", "")
        medium = t.get("medium") or tags.get("medium", "")
        combined = t.get("source_medium")
        if combined:
            parts = [p.strip() for p in combined.split("/", 1)]
            source, medium = source or parts[0], medium or (parts[1] if len(parts) > 1 else "")
        utm_campaign = t.get("utm_campaign") or tags.get("campaign", "")
        clicks = {f: t[f] for f in self._click_fields}
        click_type = next((f for f in self._click_fields if clicks[f]), None) if clicks else None
        email, phone = t.get("email", ""), t.get("phone", "")
        email_hash = phone_hash = meta_email_hash = meta_phone_hash = None
        if email:
            try:
                email_hash = google_contacts.email_hash(email)
                meta_email_hash = meta_contacts.email_hash(email)
            except ValueError as exc:
                ctx.warn(row, self._header_of("email"), email, f"{exc}; imported without it")
                email = ""
        if phone:
            written = cells[self.idx["phone"]]
            try:
                lost = None if is_hash(phone) else lost_phone_digits(written, phone, ctx.country)
                if lost:
                    raise ValueError(lost)
                phone_hash = google_contacts.phone_hash(phone, ctx.country)
                meta_phone_hash = meta_contacts.phone_hash(phone, ctx.country)
            except ValueError as exc:
                ctx.warn(row, self._header_of("phone"), phone, f"{exc}; imported without it")
                phone = ""
        if email and is_hash(email):
            email = ""  # a hash is not an address to keep in clear
        if phone and is_hash(phone):
            phone = ""
        record: dict[str, Any] = {
            "row": row,
            "goal": t.get("goal") or self.default_goal,
            "campaign_name": t.get("campaign", ""),
            "channel_name": t.get("channel", ""),
            "clicks": clicks,
            "occurred_at": utc_text(occurred),
            "local_date": when.day.isoformat(),
            "value_minor": value[0],
            "currency": ctx.base or value[1],
            "original_value_minor": value[2],
            "original_currency": value[1],
            "quantity": quantity,
            "status": "cancelled" if cancelled else "active",
            "status_detail": status_text.lower(),
            "source": source,
            "medium": medium,
            "utm_campaign": utm_campaign,
            "order_id": t.get("order_id") or None,
            "order_name": t.get("order_name") or None,
            "customer_key": t.get("customer_id") or email_hash or phone_hash,
            "click_id": clicks.get(click_type) if click_type else None,
            "click_id_type": click_type,
            "email_hash": email_hash,
            "phone_hash": phone_hash,
            "meta_email_hash": meta_email_hash,
            "meta_phone_hash": meta_phone_hash,
            "email": (email or None) if ctx.keep_contacts else None,
            "phone": (phone or None) if ctx.keep_contacts else None,
            "consent_ad_user_data": _CONSENT.get(
                t.get("consent_ad_user_data", "").lower(), "unknown"
            ),
            "consent_ad_personalization": _CONSENT.get(
                t.get("consent_ad_personalization", "").lower(), "unknown"
            ),
            "notes": t.get("notes", ""),
        }
        return record

    # ------------------------------------------------------------ writing
    def _queue(self, record: dict[str, Any]) -> None:
        ctx = self.ctx
        goal = record.pop("goal")
        goal_id = self._goal_ids.get(goal)
        if goal_id is None:
            goal_id = self._goal_ids[goal] = ctx.goal(goal)
        record["goal_id"] = goal_id
        campaign_id = campaign_channel = None
        # A campaign column names the campaign; else its utm_campaign tag does (GA4's
        # placeholders never). Unknown campaigns are created; their channel is explicit only
        # where the file says the channel, else learned from their rows (learn_channels).
        name = record["campaign_name"] or record["utm_campaign"]
        cached = self._campaigns.get(name) if name else None
        if cached is None and name and not is_campaign_placeholder(name):
            cached = self._campaigns[name] = ctx.campaign(
                name,
                partial(self._channel_id, record),
                explicit=bool(record["channel_name"]),
                utm="" if record["campaign_name"] else record["utm_campaign"],
            )
        if cached is not None:
            campaign_id, campaign_channel = cached
            ctx.used_campaigns.add(campaign_id)
        record["campaign_id"] = campaign_id
        record["channel_id"], record["channel_rule"] = self._channel(
            record, *ctx.campaign_channels(campaign_id, campaign_channel)
        )
        record["origin"] = "import"
        record["batch_id"] = ctx.batch_id
        if record["order_id"] is None:
            record["fingerprint"] = self.fingerprint(*identity(record))
        else:
            record["fingerprint"] = None
            key = (record["goal_id"], record["order_id"])
            if key in self.seen_orders:
                ctx.counts.duplicates += 1
                return
            self.seen_orders.add(key)
        self.pending.append(record)
        if len(self.pending) >= CHUNK:
            self.flush()

    def _channel_id(self, record: dict[str, Any]) -> int:
        return self._channel(record, None, None)[0]

    def _channel(
        self, record: dict[str, Any], campaign_channel: int | None, learned: int | None
    ) -> tuple[int, str]:
        # Bulk files repeat a handful of tag combinations; classify each combination once.
        key = (record["channel_name"], campaign_channel, learned, record["source"],
               record["medium"], record["utm_campaign"], record["click_id_type"])  # fmt: skip
        cached = self._channels.get(key)
        if cached is None:
            cached = self._channels[key] = self.ctx.resolver.resolve(
                explicit=self.ctx.channel_name(record["channel_name"]) or None,
                campaign_channel_id=campaign_channel,
                source=record["source"],
                medium=record["medium"],
                campaign=record["utm_campaign"],
                click_ids=record["clicks"],
                learned_channel_id=learned,
            )
        return cached

    def _found_again(self, records: list[dict[str, Any]]) -> list[tuple[Any, ...] | None]:
        """The stored record each one is (None: new). An order id finds its record; else the
        record's identity does (goal, time, customer, click id: whatever the mapping, a changed
        value or note is the same record), pairing equal records first, each stored record at
        most once over the whole import, so identical rows of a file stay distinct."""
        if not self._before:  # nothing was stored before; this import's repeats never queue
            return [None] * len(records)
        db = self.ctx.db
        cols = f"id, {', '.join(COMPARED)}, batch_id, origin, updated_at, order_id"
        by_order: dict[tuple[int, str], tuple[Any, ...]] = {}
        goals: dict[int, list[str]] = {}
        for r in records:
            if r["order_id"] is not None:
                goals.setdefault(r["goal_id"], []).append(r["order_id"])
        for goal_id, ids in goals.items():
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                for row in db.execute(
                    f"SELECT {cols} FROM conversions WHERE goal_id = ?"
                    f" AND order_id IN ({','.join('?' * len(part))})",
                    [goal_id, *part],
                ):
                    by_order[(goal_id, row[-1])] = tuple(row)
        # Candidates by identity: one query per goal and chunk of times (the time index), only
        # among records stored before this import (ids up to `_before`), and for a row with an
        # order id only where its goal has records without one.
        wanted = [
            r for r in records
            if (r["goal_id"], r["order_id"]) not in by_order
            and (r["order_id"] is None or self._has_unordered(r["goal_id"]))
        ]  # fmt: skip
        times: dict[int, set[str]] = {}
        for r in wanted:
            times.setdefault(r["goal_id"], set()).add(r["occurred_at"])
        pool: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
        for goal_id, moments in times.items():
            listed = sorted(moments)
            for start in range(0, len(listed), 500):
                part = listed[start : start + 500]
                for row in db.execute(
                    f"SELECT {cols}, occurred_at, customer_key, click_id FROM conversions"
                    f" WHERE goal_id = ? AND occurred_at IN ({','.join('?' * len(part))})"
                    " AND id <= ? ORDER BY id",
                    [goal_id, *part, self._before],
                ):
                    key = (goal_id, row[-3], row[-2], row[-1])
                    if row[0] not in self._taken:
                        pool.setdefault(key, []).append(tuple(row[:-3]))
        found: list[tuple[Any, ...] | None] = []
        for r in records:
            old = by_order.get((r["goal_id"], r["order_id"])) if r["order_id"] else None
            if old is None:
                old = self._pair(pool.get(identity(r)), r)
            if old is not None:
                self._taken.add(old[0])
            found.append(old)
        return found

    def _has_unordered(self, goal_id: int) -> bool:
        if goal_id not in self._unordered:
            self._unordered[goal_id] = (
                self.ctx.db.execute(
                    "SELECT 1 FROM conversions WHERE goal_id = ? AND order_id IS NULL AND id <= ?"
                    " LIMIT 1",
                    [goal_id, self._before],
                ).fetchone()
                is not None
            )
        return self._unordered[goal_id]

    def _pair(self, candidates: list[tuple[Any, ...]] | None, record: dict[str, Any]) -> Any:
        """The stored record of the same identity this one is: an equal one first. A record
        with an order id only takes one stored without an order id."""
        if not candidates:
            return None
        usable = [
            c for c in candidates
            if c[0] not in self._taken and (record["order_id"] is None or c[-1] is None)
        ]  # fmt: skip
        if not usable:
            return None
        wanted = tuple(record[c] for c in COMPARED)
        chosen = next((c for c in usable if tuple(c[1 : 1 + len(COMPARED)]) == wanted), usable[0])
        candidates.remove(chosen)
        return chosen

    def finish(self) -> None:
        self._close_open()
        self.flush()
        if self.line_items:  # rows read that are not conversions of their own
            were = "was a further line item" if self.line_items == 1 else "were further line items"
            self.ctx.explained.append(
                f"{plural(self.line_items, 'row')} {were} of orders above (one conversion per order)"
            )

    def flush(self) -> None:
        ctx, db = self.ctx, self.ctx.db
        records, self.pending = self.pending, []
        if not records:
            return
        found = self._found_again(records)
        fresh: list[dict[str, Any]] = []
        for record, old in zip(records, found, strict=True):
            if old is None:
                fresh.append(record)
            elif tuple(old[1 : 1 + len(COMPARED)]) == tuple(record[c] for c in COMPARED) and (
                record["order_id"] is None or old[-1] == record["order_id"]
            ):
                ctx.counts.duplicates += 1
            else:
                names = (*COMPARED, "batch_id", "origin", "updated_at", "order_id")
                ctx.record_update("conversions", old[0], dict(zip(names, old[1:], strict=True)))
                sets = ", ".join(f"{c} = ?" for c in COMPARED)
                # A record found by its identity gets the order id the file now gives it.
                db.execute(
                    f"UPDATE conversions SET {sets}, order_id = COALESCE(?, order_id),"
                    " batch_id = ?, updated_at = ? WHERE id = ?",
                    [*(record[c] for c in COMPARED), record["order_id"], ctx.batch_id,
                     datetime.now(UTC).strftime(UTC_FORMAT), old[0]],
                )  # fmt: skip
                ctx.counts.updated += 1
        for record in fresh:
            if len(ctx.preview) >= ctx.preview_limit:
                break
            ctx.show({k: record[k] for k in _PREVIEWED if k in record})
        ctx.stored_rows((r["campaign_id"], r["channel_id"], r["channel_rule"]) for r in fresh)
        inserted = insert_many(
            db.conn, "conversions", COLUMNS, [_STORED(r) for r in fresh], verb="INSERT OR IGNORE"
        )
        ctx.counts.inserted += inserted
        ctx.counts.duplicates += len(fresh) - inserted
