"""Reading the form that logs a conversion by hand: every problem by field, and the row to
store. Pure: what only the database knows (the business's settings, the goal's name, an order
id already logged, exchange rates, the channel rules) is handed in by services/conversion_entry.py,
which is what the windows call."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any
from urllib.parse import parse_qs, urlsplit

from desktop_app.domain import google_contacts, meta_contacts
from desktop_app.domain.channels import CLICK_ID_TYPES
from desktop_app.domain.contacts import ContactError, e164, email_address, is_hash
from desktop_app.domain.money import (
    MoneyParseError,
    NumberStyle,
    is_currency_code,
    max_amount,
    parse_amount,
    to_minor,
)
from desktop_app.domain.timeutil import EARLIEST_DAY, UTC_FORMAT

CONSENT_VALUES = ("unknown", "granted", "denied")
_CLICK_ID_RE = re.compile(r"^[A-Za-z0-9_\-.~]+$")
# A few minutes of slack: the laptop's clock and the customer's watch rarely agree exactly.
_FUTURE_SLACK = timedelta(minutes=10)
MAX_QUANTITY = 1_000_000  # items in one conversion: the form's and an import's limit
# The form's fields in the order it shows them (errors are reported in this order).
FIELDS = ("goal", "time", "value", "quantity", "order_id", "email", "phone",
          "consent_ad_user_data", "consent_ad_personalization", "click_id", "notes")  # fmt: skip


def too_large_value(currency: str) -> str:
    """The value's message above money.MAX_MINOR (after any exchange rate)."""
    return f"A value is at most {max_amount(currency):,} {currency}; check the amount."


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

    @property
    def order_key(self) -> str | None:
        """The order id as stored (trimmed; None when empty)."""
        return self.order_id.strip() or None


@dataclass
class CheckedDraft:
    """Problems by form field ('' when none), and the row to store when there are none."""

    errors: dict[str, str] = field(default_factory=dict)
    row: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True, slots=True)
class DraftFacts:
    """What the database says about a draft, for `read_draft`."""

    currency: str  # the business's
    tz: tzinfo
    country: str  # for phone numbers without a country code
    keep_contacts: bool
    goal_name: str | None  # None: no goal chosen, or it no longer exists
    order_logged_on: str | None = None  # the day the same goal's same order id was logged


@dataclass(frozen=True, slots=True)
class ReadDraft:
    """A draft read: errors by field, and (with none) the row so far. The value is still in the
    currency typed (`original_*`): turning it into the business currency needs a rate."""

    errors: dict[str, str]
    row: dict[str, Any]
    day: date
    click: tuple[str, str] | None  # (type, id)


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


def in_form_order(errors: dict[str, str]) -> dict[str, str]:
    """The errors in the order the form shows its fields (any other key last)."""
    rank = {name: i for i, name in enumerate(FIELDS)}
    return dict(sorted(errors.items(), key=lambda item: rank.get(item[0], len(FIELDS))))


def read_draft(
    draft: ConversionDraft,
    facts: DraftFacts,
    style: NumberStyle | None = None,
    now: datetime | None = None,
) -> ReadDraft:
    """Every problem of the draft that the form's text shows, and the row it describes (without
    its channel and its value in the business currency, which the caller adds)."""
    base = facts.currency
    errors: dict[str, str] = {}
    if draft.goal_id is None:
        errors["goal"] = "Choose a goal (create one on the Goals page first if there is none)."
    elif facts.goal_name is None:
        errors["goal"] = "This goal no longer exists; choose another."
    moment = draft.local_time.replace(tzinfo=facts.tz)
    if moment.date() < EARLIEST_DAY:  # no report reaches it (and year 1 has no UTC before it)
        errors["time"] = "A conversion is dated from 1 January 1900 on; check the year."
        moment = datetime.combine(EARLIEST_DAY, moment.time(), facts.tz)  # for the row below
    elif moment.astimezone(UTC) > (now or datetime.now(UTC)) + _FUTURE_SLACK:
        errors["time"] = "This time is in the future; a conversion is logged once it happened."

    original_minor = 0
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
            elif parsed.amount.adjusted() >= 15:  # no rate brings it within MAX_MINOR
                errors["value"] = too_large_value(base)
            else:
                original_minor = to_minor(parsed.amount, original_currency)
    if not 1 <= draft.quantity <= MAX_QUANTITY:
        errors["quantity"] = f"The quantity is a whole number from 1 to {MAX_QUANTITY:,}."
    if draft.order_key and facts.goal_name is not None and facts.order_logged_on:
        errors["order_id"] = (
            f"Order id '{draft.order_key}' is already logged for '{facts.goal_name}' (on "
            f"{facts.order_logged_on}); use another id, or find that conversion on the "
            "Conversions page and edit it."
        )

    email_hash = phone_hash = email_clear = phone_clear = None
    meta_email_hash = meta_phone_hash = None
    if draft.email.strip():
        try:
            email_hash = google_contacts.email_hash(draft.email)
            meta_email_hash = meta_contacts.email_hash(draft.email)
            if not is_hash(draft.email):
                email_clear = email_address(draft.email)
        except ContactError as exc:
            errors["email"] = f"{exc}; check it or leave it empty."
    if draft.phone.strip():
        try:
            phone_hash = google_contacts.phone_hash(draft.phone, facts.country)
            meta_phone_hash = meta_contacts.phone_hash(draft.phone, facts.country)
            if not is_hash(draft.phone):
                phone_clear = e164(draft.phone, facts.country)
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
    row = {
        "goal_id": draft.goal_id,
        "occurred_at": moment.astimezone(UTC).strftime(UTC_FORMAT),
        "local_date": moment.date().isoformat(),
        "currency": base,
        "original_value_minor": original_minor,
        "original_currency": original_currency,
        "quantity": draft.quantity,
        "campaign_id": draft.campaign_id,
        "order_id": draft.order_key,
        "customer_key": email_hash or phone_hash,
        "click_id": click_id or None,
        "click_id_type": click_type if click_id else None,
        "email_hash": email_hash,
        "phone_hash": phone_hash,
        "meta_email_hash": meta_email_hash,
        "meta_phone_hash": meta_phone_hash,
        "email": email_clear if facts.keep_contacts else None,
        "phone": phone_clear if facts.keep_contacts else None,
        "consent_ad_user_data": draft.consent_ad_user_data,
        "consent_ad_personalization": draft.consent_ad_personalization,
        "notes": draft.notes.strip(),
    }
    click = (click_type, click_id) if click_id else None
    return ReadDraft(errors, row, moment.date(), click)
