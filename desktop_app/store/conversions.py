"""Conversions logged by hand: validate a draft, then insert, edit, delete and restore them exactly."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from sqlite_utils import Database

from desktop_app.domain.channels import CLICK_ID_TYPES
from desktop_app.domain.contacts import ContactError, normalise_email, normalise_phone, sha256_hex
from desktop_app.domain.money import (
    MoneyParseError,
    NumberStyle,
    is_currency_code,
    parse_amount,
    to_minor,
)
from desktop_app.domain.timeutil import UTC_FORMAT
from desktop_app.store.audit import record
from desktop_app.store.channels import ChannelResolver
from desktop_app.store.exchange import MissingRateError, to_base_minor
from desktop_app.store.settings import load_settings
from desktop_app.store.transactions import writing

CONSENT_VALUES = ("unknown", "granted", "denied")
_CLICK_ID_RE = re.compile(r"^[A-Za-z0-9_\-.~]+$")
# A few minutes of slack: the laptop's clock and the customer's watch rarely agree exactly.
_FUTURE_SLACK = timedelta(minutes=10)


@dataclass
class ConversionDraft:
    """What the form holds, as typed (value as text; time naive, in the business's time zone)."""

    goal_id: int | None
    local_time: datetime
    value_text: str = ""
    quantity: int = 1
    order_id: str = ""
    channel_id: int | None = None  # None: "don't know", decided by campaign or click id
    campaign_id: int | None = None
    email: str = ""
    phone: str = ""
    consent_ad_user_data: str = "unknown"
    consent_ad_personalization: str = "unknown"
    click_id: str = ""
    click_id_type: str = "gclid"
    notes: str = ""


@dataclass
class CheckedDraft:
    """Problems by form field ('' when none), and the row to store when there are none."""

    errors: dict[str, str] = field(default_factory=dict)
    row: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def split_click_id(text: str) -> tuple[str | None, str]:
    """A pasted click id or landing-page URL -> (its type when the text says so, the id)."""
    text = text.strip()
    if "?" in text or "=" in text:
        query = urlsplit(text).query or text.split("?", 1)[-1]
        params = parse_qs(query)
        for kind in CLICK_ID_TYPES:
            if params.get(kind):
                return kind, params[kind][0].strip()
    return None, text


def check_draft(
    db: Database,
    draft: ConversionDraft,
    style: NumberStyle | None = None,
    editing_id: int | None = None,
    now: datetime | None = None,
) -> CheckedDraft:
    """Every problem of the draft by field; with none, the conversions row to store."""
    settings = load_settings(db)
    base = settings.currency
    errors: dict[str, str] = {}
    goal = None
    if draft.goal_id is None:
        errors["goal"] = "Choose a goal (create one on the Goals page first if there is none)."
    else:
        goal = db.execute("SELECT name FROM goals WHERE id = ?", [draft.goal_id]).fetchone()
        if goal is None:
            errors["goal"] = "This goal no longer exists; choose another."
    moment = draft.local_time.replace(tzinfo=settings.tz)
    current = now or datetime.now(UTC)
    if moment.astimezone(UTC) > current + _FUTURE_SLACK:
        errors["time"] = "This time is in the future; a conversion is logged once it happened."
    day = moment.date()

    value_minor = original_minor = 0
    original_currency = base
    if draft.value_text.strip():
        try:
            parsed = parse_amount(draft.value_text, style)
        except MoneyParseError as exc:
            errors["value"] = (
                f"{str(exc)[0].upper()}{str(exc)[1:]}; type a number like 120 or 99.50."
            )
        else:
            original_currency = (parsed.currency or base).upper()
            if parsed.amount < 0:
                errors["value"] = "A value cannot be negative; log a refund by cancelling the sale."
            elif not is_currency_code(original_currency):
                errors["value"] = f"{original_currency} is not a currency code."
            else:
                original_minor = to_minor(parsed.amount, original_currency)
                try:
                    value_minor = to_base_minor(db, original_minor, original_currency, day)
                except MissingRateError:
                    errors["value"] = (
                        f"No exchange rate for {original_currency} on {day.isoformat()}; enter one "
                        f"in Settings > Exchange rates, or type the value in {base}."
                    )
    if draft.quantity < 1:
        errors["quantity"] = "The quantity is a whole number of at least 1."

    order_id = draft.order_id.strip() or None
    if order_id and goal is not None:
        clash = db.execute(
            "SELECT local_date FROM conversions WHERE goal_id = ? AND order_id = ? AND id IS NOT ?",
            [draft.goal_id, order_id, editing_id],
        ).fetchone()
        if clash:
            errors["order_id"] = (
                f"Order id '{order_id}' is already logged for '{goal[0]}' (on {clash[0]}); "
                "use another id, or find that conversion on the Conversions page and edit it."
            )

    email_hash = phone_hash = email_clear = phone_clear = None
    if draft.email.strip():
        try:
            email_clear = normalise_email(draft.email, google=False)
            email_hash = sha256_hex(normalise_email(draft.email, google=True))
        except ContactError as exc:
            errors["email"] = f"{exc}; check it or leave it empty."
    if draft.phone.strip():
        try:
            phone_clear = normalise_phone(draft.phone, settings.country)
            phone_hash = sha256_hex(phone_clear)
        except ContactError as exc:
            errors["phone"] = f"{str(exc)[0].upper()}{str(exc)[1:]}."
    for name in ("consent_ad_user_data", "consent_ad_personalization"):
        if getattr(draft, name) not in CONSENT_VALUES:
            errors[name] = "Choose granted, denied or unknown."

    click_type, click_id = split_click_id(draft.click_id)
    click_type = click_type or draft.click_id_type
    if click_id:
        if click_type not in CLICK_ID_TYPES:
            errors["click_id"] = f"Choose the kind of click id ({', '.join(CLICK_ID_TYPES)})."
        elif len(click_id) > 500 or not _CLICK_ID_RE.match(click_id):
            errors["click_id"] = (
                "A click id has only letters, digits, '-', '_', '.' and '~'; paste it again."
            )
    if len(draft.notes) > 2000:
        errors["notes"] = "Notes are limited to 2,000 characters."
    if errors:
        return CheckedDraft(errors)

    campaign_channel = learned = None
    if draft.campaign_id is not None:
        found = db.execute(
            "SELECT channel_id, channel_source FROM campaigns WHERE id = ?", [draft.campaign_id]
        ).fetchone()
        unassigned = db.execute("SELECT id FROM channels WHERE name = 'Unassigned'").fetchone()
        if found is not None and found[1] == "explicit" and found[0] != unassigned[0]:
            campaign_channel = found[0]
        elif found is not None and found[1] == "learned":
            learned = found[0]
    explicit = None
    if draft.channel_id is not None:
        name = db.execute("SELECT name FROM channels WHERE id = ?", [draft.channel_id]).fetchone()
        explicit = name[0] if name else None
    resolver = ChannelResolver(db)
    channel_id, rule = resolver.resolve(
        explicit=explicit,
        campaign_channel_id=campaign_channel,
        click_ids={click_type: click_id} if click_id else None,
        learned_channel_id=learned,
    )
    row = {
        "goal_id": draft.goal_id,
        "occurred_at": moment.astimezone(UTC).strftime(UTC_FORMAT),
        "local_date": day.isoformat(),
        "value_minor": value_minor,
        "currency": base,
        "original_value_minor": original_minor,
        "original_currency": original_currency,
        "quantity": draft.quantity,
        "channel_id": channel_id,
        "channel_rule": rule,
        "campaign_id": draft.campaign_id,
        "order_id": order_id,
        "customer_key": email_hash or phone_hash,
        "click_id": click_id or None,
        "click_id_type": click_type if click_id else None,
        "email_hash": email_hash,
        "phone_hash": phone_hash,
        "email": email_clear if settings.keep_contacts else None,
        "phone": phone_clear if settings.keep_contacts else None,
        "consent_ad_user_data": draft.consent_ad_user_data,
        "consent_ad_personalization": draft.consent_ad_personalization,
        "notes": draft.notes.strip(),
    }
    return CheckedDraft({}, row)


def _audit_details(db: Database, row: dict[str, Any]) -> dict[str, Any]:
    """What the audit log keeps of a conversion: never its contact details."""
    goal = db.execute("SELECT name FROM goals WHERE id = ?", [row["goal_id"]]).fetchone()
    return {
        "goal": goal[0] if goal else None,
        "local_date": row["local_date"],
        "value_minor": row["value_minor"],
        "order_id": row["order_id"],
    }


def insert_conversion(db: Database, row: dict[str, Any]) -> int:
    """Store a checked row as a manual conversion; returns its id."""
    values = {**row, "origin": "manual"}
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    with writing(db):
        cursor = db.execute(
            f"INSERT INTO conversions ({names}) VALUES ({marks})", list(values.values())
        )
        new_id = int(cursor.lastrowid or 0)
        record(db, "create", "conversion", new_id, _audit_details(db, values))
    return new_id


def update_conversion(db: Database, conversion_id: int, row: dict[str, Any]) -> None:
    """Replace the typed fields of a conversion (an edit in the form)."""
    old = conversion_snapshot(db, conversion_id)["row"]
    changed = sorted(k for k, v in row.items() if old.get(k) != v and k not in _CONTACTS)
    sets = ", ".join(f"{name} = ?" for name in row)
    stamp = datetime.now(UTC).strftime(UTC_FORMAT)
    with writing(db):
        db.execute(
            f"UPDATE conversions SET {sets}, updated_at = ? WHERE id = ?",
            [*row.values(), stamp, conversion_id],
        )
        details = {**_audit_details(db, row), "changed": changed}
        if any(old.get(k) != row.get(k) for k in _CONTACTS):
            details["contact_changed"] = True
        record(db, "edit", "conversion", conversion_id, details)


_CONTACTS = ("email", "phone", "email_hash", "phone_hash", "customer_key")


def conversion_snapshot(db: Database, conversion_id: int) -> dict[str, Any]:
    """Everything needed to put a conversion back exactly: its row and its touchpoints' links."""
    cursor = db.execute("SELECT * FROM conversions WHERE id = ?", [conversion_id])
    found = cursor.fetchone()
    if found is None:
        raise KeyError(f"conversion {conversion_id} does not exist")
    names = [d[0] for d in cursor.description]
    touches = [
        r[0]
        for r in db.execute(
            "SELECT id FROM touchpoints WHERE conversion_id = ? ORDER BY id", [conversion_id]
        )
    ]
    return {"row": dict(zip(names, found, strict=True)), "touchpoints": touches}


def delete_conversion(db: Database, conversion_id: int) -> dict[str, Any]:
    """Delete a conversion; returns the snapshot that restore_conversion puts back."""
    snap = conversion_snapshot(db, conversion_id)
    with writing(db):
        db.execute("DELETE FROM conversions WHERE id = ?", [conversion_id])
        record(db, "delete", "conversion", conversion_id, _audit_details(db, snap["row"]))
    return snap


def restore_conversion(db: Database, snapshot: dict[str, Any], action: str = "restore") -> None:
    """Insert a deleted conversion again with its old id and every column as it was."""
    row = snapshot["row"]
    names = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    with writing(db):
        db.execute(f"INSERT INTO conversions ({names}) VALUES ({marks})", list(row.values()))
        for touch in snapshot["touchpoints"]:
            db.execute("UPDATE touchpoints SET conversion_id = ? WHERE id = ?", [row["id"], touch])
        record(db, action, "conversion", row["id"], _audit_details(db, row))


def delete_conversions(db: Database, ids: list[int]) -> list[dict[str, Any]]:
    """Delete several conversions in one transaction; returns their snapshots in order."""
    with writing(db):
        return [delete_conversion(db, cid) for cid in ids]


def restore_conversions(
    db: Database, snapshots: list[dict[str, Any]], action: str = "undo delete"
) -> None:
    """Put deleted conversions back in one transaction, the last deleted first."""
    with writing(db):
        for snap in reversed(snapshots):
            restore_conversion(db, snap, action=action)


def write_snapshot(db: Database, snapshot: dict[str, Any], action: str = "undo edit") -> None:
    """Put every column of an existing conversion back to a snapshot (undoing an edit)."""
    row = dict(snapshot["row"])
    conversion_id = row.pop("id")
    sets = ", ".join(f"{name} = ?" for name in row)
    with writing(db):
        db.execute(f"UPDATE conversions SET {sets} WHERE id = ?", [*row.values(), conversion_id])
        record(db, action, "conversion", conversion_id, _audit_details(db, snapshot["row"]))


def remove_conversion(db: Database, conversion_id: int, action: str = "undo create") -> None:
    """Delete a conversion without keeping a snapshot (undoing its creation)."""
    with writing(db):
        snap = conversion_snapshot(db, conversion_id)
        db.execute("DELETE FROM conversions WHERE id = ?", [conversion_id])
        record(db, action, "conversion", conversion_id, _audit_details(db, snap["row"]))
