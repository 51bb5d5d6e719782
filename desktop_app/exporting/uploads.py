"""Upload files for the ad platforms' offline-conversion imports (PRODUCT.md: offline conversion
upload formats): Google Ads click conversions, enhanced conversions for leads and conversion
adjustments, Meta offline events, Microsoft Advertising offline conversions.

One pass reads the candidate conversions, a pre-flight decides for each whether it goes in or
why it is left out (no consent, no identifier, click too old, zero value on a purchase, already
exported, cancelled, recorded before Meta hashes were kept), the file is written as the
platform requires (no formula protection: platforms read the cells as they are), and the
`uploads` ledger records which conversion went where, when, with which value and status, so
nothing is sent twice by mistake and a later change can be sent as an adjustment.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop_app.domain import meta_contacts
from desktop_app.domain.money import currency_exponent
from desktop_app.domain.timeutil import UTC_FORMAT, zone
from desktop_app.exporting.export_log import record_export
from desktop_app.exporting.files import atomic_target
from desktop_app.store.handle import Database
from desktop_app.store.settings import load_settings
from desktop_app.store.transactions import snapshot, writing

TARGETS = ("google-ads", "google-ads-ecl", "google-ads-adjustments", "meta", "microsoft")
CLICK_WINDOW = timedelta(days=90)  # Google Ads accepts conversions up to 90 days after the click

NO_CONSENT = "no consent"
NO_IDENTIFIER = "no identifier"
CLICK_TOO_OLD = "click too old"
ZERO_VALUE = "zero value on a purchase"
ALREADY_EXPORTED = "already exported"
CANCELLED = "cancelled"
NO_META_HASH = "recorded before Meta hashes were kept"
NO_ORDER_ID = "no order id"
UNCHANGED = "unchanged since sent"
NEVER_SENT = "never sent"


class UploadError(ValueError):
    """A request that cannot be met (an unknown target); the message says what to do."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A conversion as the upload files need it."""

    id: int
    goal: str
    category: str
    google_name: str
    meta_name: str
    microsoft_name: str
    occurred_at: datetime  # UTC
    updated_at: datetime | None
    value_minor: int
    currency: str
    status: str
    order_id: str | None
    click_id: str | None
    click_type: str | None
    email_hash: str | None
    phone_hash: str | None
    meta_email_hash: str | None
    meta_phone_hash: str | None
    email: str | None  # kept in clear only when the business keeps contacts
    phone: str | None
    consent_data: str
    consent_personalization: str
    channel: str


@dataclass(frozen=True, slots=True)
class LeftOut:
    conversion_id: int
    order_id: str | None
    goal: str
    time: str  # the conversion's local time, YYYY-MM-DD HH:MM:SS
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {"order_id": self.order_id, "goal": self.goal, "time": self.time,
                "reason": self.reason}  # fmt: skip


@dataclass
class Preflight:
    """What a file would hold: the rows going in, and those left out with the reason."""

    target: str
    rows: list[Candidate] = field(default_factory=list)
    adjustments: dict[int, str] = field(default_factory=dict)  # conversion id -> RESTATE/RETRACT
    left_out: list[LeftOut] = field(default_factory=list)
    already_exported: int = 0

    def counts(self) -> dict[str, int]:
        """How many were left out for each reason (already exported included)."""
        found: dict[str, int] = {}
        for item in self.left_out:
            found[item.reason] = found.get(item.reason, 0) + 1
        if self.already_exported:
            found[ALREADY_EXPORTED] = self.already_exported
        return found


@dataclass(frozen=True, slots=True)
class UploadResult:
    path: Path | None  # None: nothing qualified, no file written
    preflight: Preflight


_SELECT = """
SELECT c.id, g.name, g.category, g.google_ads_name, g.meta_name, g.microsoft_name,
       c.occurred_at, c.updated_at, c.value_minor, c.currency, c.status, c.order_id,
       c.click_id, c.click_id_type, c.email_hash, c.phone_hash, c.meta_email_hash,
       c.meta_phone_hash, c.email, c.phone, c.consent_ad_user_data,
       c.consent_ad_personalization, ch.name
FROM conversions c JOIN goals g ON g.id = c.goal_id JOIN channels ch ON ch.id = c.channel_id
WHERE c.local_date BETWEEN ? AND ? {goal} {chosen}
ORDER BY c.occurred_at, c.id
"""


def _or_none(hashing: Callable[..., str | None], *args: str) -> str | None:
    """A contact's hash, or None for a value that is not an address or a number."""
    try:
        return hashing(*args)
    except ValueError:
        return None


def _utc(text: str | None) -> datetime | None:
    """A stored UTC time (YYYY-MM-DDTHH:MM:SSZ). fromisoformat reads it in a microsecond;
    strptime took 30 (half of a pre-flight's time over a month of a large business)."""
    if not text:
        return None
    if len(text) == 20 and text[10] == "T" and text[19] == "Z":
        return datetime.fromisoformat(text[:19]).replace(tzinfo=UTC)
    return datetime.strptime(text, UTC_FORMAT).replace(tzinfo=UTC)


def candidates(
    db: Database,
    first: date,
    last: date,
    goal_ids: Sequence[int] = (),
    conversion_ids: Sequence[int] | None = None,
) -> list[Candidate]:
    """The conversions of `first..last` (local dates) of the goals (all goals when none), or
    only the chosen ones (`conversion_ids`, the Conversions page's selection)."""
    goal = f"AND c.goal_id IN ({','.join('?' * len(goal_ids))})" if goal_ids else ""
    chosen = ("AND c.id IN (SELECT value FROM json_each(?))"
              if conversion_ids is not None else "")  # fmt: skip
    params: list[object] = [first.isoformat(), last.isoformat(), *goal_ids]
    if conversion_ids is not None:
        params.append(json.dumps(list(conversion_ids)))
    rows = db.execute(_SELECT.format(goal=goal, chosen=chosen), params).fetchall()
    country = load_settings(db).country
    found = []
    for r in rows:
        occurred = _utc(r[6])
        assert occurred is not None
        # A record stored before Meta's hashes were kept has none; where the business keeps
        # contacts its address and number are still there in clear, so Meta's are made now.
        meta_mail = r[16] or (_or_none(meta_contacts.email_hash, r[18]) if r[18] else None)
        meta_tel = r[17] or (_or_none(meta_contacts.phone_hash, r[19], country) if r[19] else None)
        found.append(Candidate(
            r[0], r[1], r[2], r[3] or "", r[4] or "", r[5] or "", occurred, _utc(r[7]), r[8],
            r[9], r[10], r[11], r[12], r[13], r[14], r[15], meta_mail, meta_tel, r[18], r[19],
            r[20], r[21], r[22],
        ))  # fmt: skip
    return found


# The ledger's platforms as people name them.
PLATFORM_NAMES = {"google-ads": "Google Ads", "meta": "Meta", "microsoft": "Microsoft"}


def _platform(target: str) -> str:
    """The ledger's platform: the three Google files share what Google has received."""
    return "google-ads" if target.startswith("google-ads") else target


def _last_sent(db: Database, ids: Sequence[int], platform: str) -> dict[int, tuple[int, str]]:
    """Per conversion, the value and status the platform last received (ledger)."""
    sent: dict[int, tuple[int, str]] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        for cid, value, status in db.execute(
            "SELECT conversion_id, value_minor, status FROM uploads"
            f" WHERE platform = ? AND conversion_id IN ({','.join('?' * len(chunk))})"
            " ORDER BY sent_at, id",
            [platform, *chunk],
        ):
            sent[cid] = (value, status)  # the newest wins
    return sent


def _click_times(db: Database, click_ids: Sequence[str]) -> dict[str, datetime]:
    """The earliest touchpoint carrying each click id (when the click happened)."""
    found: dict[str, datetime] = {}
    ids = sorted(set(click_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for click, at in db.execute(
            "SELECT click_id, MIN(occurred_at) FROM touchpoints"
            f" WHERE click_id IN ({','.join('?' * len(chunk))}) GROUP BY click_id",
            chunk,
        ):
            moment = _utc(at)
            if moment is not None:
                found[click] = moment
    return found


def preflight(
    db: Database,
    target: str,
    first: date,
    last: date,
    goal_ids: Sequence[int] = (),
    *,
    again: bool = False,
    conversion_ids: Sequence[int] | None = None,
) -> Preflight:
    """Which conversions of the range (or of `conversion_ids`) go into `target`'s file, and why
    the others do not."""
    if target not in TARGETS:
        raise UploadError(f"unknown upload target '{target}'; one of {', '.join(TARGETS)}")
    with snapshot(db):
        settings = load_settings(db)
        found = candidates(db, first, last, goal_ids, conversion_ids)
        sent = _last_sent(db, [c.id for c in found], _platform(target))
        clicks = (_click_times(db, [c.click_id for c in found if c.click_id])
                  if target == "google-ads" else {})  # fmt: skip
    tz = settings.tz
    plan = Preflight(target)
    for c in found:
        local = c.occurred_at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")

        def leave(reason: str, c: Candidate = c, local: str = local) -> None:
            plan.left_out.append(LeftOut(c.id, c.order_id, c.goal, local, reason))

        if target == "google-ads-adjustments":
            reason = _adjustment(c, sent.get(c.id), plan)
            if reason:
                leave(reason)
            continue
        if c.consent_data == "denied":
            leave(NO_CONSENT)
            continue
        if c.status != "active":
            leave(CANCELLED)
            continue
        reason = _identifier(target, c, settings.keep_contacts)
        if reason:
            leave(reason)
            continue
        click = clicks.get(c.click_id or "")
        if click is not None and c.occurred_at - click > CLICK_WINDOW:
            leave(CLICK_TOO_OLD)  # a click of unknown time goes in (PRODUCT.md)
            continue
        if target == "meta" and _meta_event(c) == "Purchase" and c.value_minor <= 0:
            leave(ZERO_VALUE)
            continue
        if c.id in sent and not again:
            plan.already_exported += 1
            continue
        plan.rows.append(c)
    return plan


def _identifier(target: str, c: Candidate, keep_contacts: bool) -> str | None:
    """Why `c` cannot be matched by the platform (None: it can)."""
    if target == "google-ads":
        return (
            None if c.click_id and c.click_type in ("gclid", "gbraid", "wbraid") else NO_IDENTIFIER
        )
    if target == "microsoft":
        return None if c.click_id and c.click_type == "msclkid" else NO_IDENTIFIER
    if target == "google-ads-ecl":
        return None if c.email_hash or c.phone_hash else NO_IDENTIFIER
    # Meta: its own hashes; a record stored with Google's hash only cannot be hashed again.
    if c.meta_email_hash or c.meta_phone_hash:
        return None
    if c.email_hash or c.phone_hash:
        return NO_META_HASH
    return NO_IDENTIFIER


def _adjustment(c: Candidate, last: tuple[int, str] | None, plan: Preflight) -> str | None:
    """RESTATE a value changed since Google received it, RETRACT one cancelled since."""
    if not c.order_id:
        return NO_ORDER_ID
    if last is None:
        return NEVER_SENT
    value, status = last
    if status != "active":
        return UNCHANGED  # already retracted
    if c.status != "active":
        plan.adjustments[c.id] = "RETRACT"
    elif c.value_minor != value:
        plan.adjustments[c.id] = "RESTATE"
    else:
        return UNCHANGED
    plan.rows.append(c)
    return None


def _meta_event(c: Candidate) -> str:
    if c.meta_name:
        return c.meta_name
    return {"transaction": "Purchase", "lead": "Lead"}.get(c.category, "Other")


def _amount(minor: int, currency: str) -> str:
    """Minor units as the files write them (`1200.00`, yen `1500`), exactly: integer division,
    never a binary float."""
    places = currency_exponent(currency)
    if not places:
        return str(minor)
    whole, part = divmod(abs(minor), 10**places)
    return f"{'-' if minor < 0 else ''}{whole}.{part:0{places}d}"


def _consent(value: str) -> str:
    return {"granted": "Granted", "denied": "Denied"}.get(value, "")


def render(plan: Preflight, timezone: str, now: datetime | None = None) -> str:
    """The file's text, exactly as the platform reads it."""
    tz = zone(timezone)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")

    def local(moment: datetime) -> str:
        return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")

    rows = plan.rows
    if plan.target.startswith("google-ads"):
        out.write(f"Parameters:TimeZone={timezone}\n")
    if plan.target == "google-ads":
        braids = [t for t in ("gbraid", "wbraid") if any(c.click_type == t for c in rows)]
        writer.writerow(["Google Click ID", *(t.upper() for t in braids), "Conversion Name",
                         "Conversion Time", "Conversion Value", "Conversion Currency",
                         "Order ID"])  # fmt: skip
        for c in rows:
            ids = [c.click_id if c.click_type == "gclid" else ""]
            ids += [c.click_id if c.click_type == t else "" for t in braids]
            writer.writerow([*ids, c.google_name or c.goal, local(c.occurred_at),
                             _amount(c.value_minor, c.currency), c.currency, c.order_id or ""])  # fmt: skip
    elif plan.target == "google-ads-ecl":
        writer.writerow(["Email", "Phone Number", "Conversion Name", "Conversion Time",
                         "Conversion Value", "Conversion Currency", "Order ID", "Ad User Data",
                         "Ad Personalization"])  # fmt: skip
        for c in rows:
            writer.writerow([c.email_hash or "", c.phone_hash or "", c.google_name or c.goal,
                             local(c.occurred_at), _amount(c.value_minor, c.currency),
                             c.currency, c.order_id or "", _consent(c.consent_data),
                             _consent(c.consent_personalization)])  # fmt: skip
    elif plan.target == "google-ads-adjustments":
        writer.writerow(["Order ID", "Conversion Name", "Adjustment Time", "Adjustment Type",
                         "Adjusted Value", "Adjusted Value Currency"])  # fmt: skip
        for c in rows:
            kind = plan.adjustments[c.id]
            when = c.updated_at or now or datetime.now(UTC)
            restate = kind == "RESTATE"
            writer.writerow([c.order_id, c.google_name or c.goal, local(when), kind,
                             _amount(c.value_minor, c.currency) if restate else "",
                             c.currency if restate else ""])  # fmt: skip
    elif plan.target == "meta":
        writer.writerow(["event_name", "event_time", "event_id", "value", "currency",
                         "action_source", "email", "phone", "order_id"])  # fmt: skip
        for c in rows:
            source = "phone_call" if c.channel == "Phone" else "physical_store"
            writer.writerow([_meta_event(c), int(c.occurred_at.timestamp()), f"ct-{c.id}",
                             _amount(c.value_minor, c.currency), c.currency, source,
                             c.meta_email_hash or "", c.meta_phone_hash or "", c.order_id or ""])  # fmt: skip
    else:  # microsoft: times in UTC
        writer.writerow(["Microsoft Click Id", "Conversion Name", "Conversion Time",
                         "Conversion Value", "Conversion Currency"])  # fmt: skip
        for c in rows:
            writer.writerow([c.click_id, c.microsoft_name or c.goal,
                             c.occurred_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
                             _amount(c.value_minor, c.currency), c.currency])  # fmt: skip
    return out.getvalue()


def write_upload(
    db: Database,
    target: str,
    path: Path,
    first: date,
    last: date,
    goal_ids: Sequence[int] = (),
    *,
    again: bool = False,
    goal_name: str | None = None,
    now: datetime | None = None,
    conversion_ids: Sequence[int] | None = None,
) -> UploadResult:
    """Run the pre-flight; when something qualifies, write the file whole and record every row
    in the ledger and the export log (one transaction). Nothing is written otherwise."""
    plan = preflight(db, target, first, last, goal_ids, again=again,
                     conversion_ids=conversion_ids)  # fmt: skip
    if not plan.rows:
        return UploadResult(None, plan)
    settings = load_settings(db)
    text = render(plan, settings.timezone, now)
    sent_at = (now or datetime.now(UTC)).astimezone(UTC).strftime(UTC_FORMAT)
    # The ledger and the file together: a file that cannot be written rolls the ledger back,
    # so a conversion is never marked as sent without its file.
    with writing(db):
        export_id = record_export(db, result_path=path, kind="upload", first=first, last=last,
                                  goal=goal_name, rows=len(plan.rows), platform=target,
                                  details={"left_out": plan.counts()})  # fmt: skip
        db.conn.executemany(
            "INSERT INTO uploads (export_id, conversion_id, platform, sent_at, value_minor,"
            " currency, status, adjustment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(export_id, c.id, _platform(target), sent_at, c.value_minor, c.currency,
              c.status, plan.adjustments.get(c.id)) for c in plan.rows],
        )  # fmt: skip
        with atomic_target(path) as tmp:
            tmp.write_text(text, encoding="utf-8", newline="")
    return UploadResult(path, plan)


def sent_to(db: Database, conversion_ids: Sequence[int]) -> dict[int, list[str]]:
    """Where each conversion was sent (platforms, in order), for the Conversions table."""
    found: dict[int, list[str]] = {}
    ids = list(conversion_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for cid, platform in db.execute(
            "SELECT conversion_id, platform FROM uploads"
            f" WHERE conversion_id IN ({','.join('?' * len(chunk))})"
            " GROUP BY conversion_id, platform ORDER BY MIN(sent_at)",
            chunk,
        ):
            found.setdefault(cid, []).append(platform)
    return found
