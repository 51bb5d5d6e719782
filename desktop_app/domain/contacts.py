"""What every platform's contact rules share: an address's syntax, a phone number in E.164,
SHA-256 in lower-case hex, and a value that already is a hash kept as it is. Each platform's own
rules are in google_contacts.py and meta_contacts.py (PRODUCT.md: offline conversion upload
formats); both hashes are stored at entry and import, so every upload file is written without
the contact in the clear."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

import phonenumbers

from desktop_app.domain.business_defaults import country_name

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_HASH = re.compile(r"^[0-9a-fA-F]{64}$")


class ContactError(ValueError):
    """An e-mail address or phone number that cannot be understood."""


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def email_address(email: str) -> str:
    """Trimmed and lower-cased, as every platform starts; refused when it is not an address."""
    cleaned = email.strip().lower()
    if not _EMAIL_RE.match(cleaned):
        raise ContactError(f"'{email.strip()}' is not an e-mail address")
    return cleaned


def e164(phone: str, default_country: str) -> str:
    """E.164 with the `+` (`+4930123456`); national numbers are read as numbers of the business's
    country, and a number that is not valid there is refused (a German `030 1234567` read as a
    US number gives `+10301234567`, whose hash no ad platform would ever match)."""
    raw = phone.strip()
    country = default_country.upper()
    try:
        parsed = phonenumbers.parse(raw, country)
    except phonenumbers.NumberParseException as exc:
        raise ContactError(f"'{raw}' is not a phone number") from exc
    if not phonenumbers.is_valid_number(parsed):
        if raw.startswith(("+", "00")):
            raise ContactError(f"'{raw}' is not a valid phone number")
        name = country_name(country)
        raise ContactError(
            f"'{raw}' is not a valid phone number in {name} (numbers without +country code "
            f"are read as {name} numbers)"
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def is_hash(value: str) -> bool:
    """A SHA-256 hex digest (what a platform export or another tool may already hold)."""
    return bool(_HASH.match(value.strip()))


def hashed(value: str, normalise: Callable[[str], str]) -> str | None:
    """SHA-256 of `value` normalised; a value that already is a hash is kept (lower-cased),
    never hashed again; an empty value gives None."""
    text = value.strip()
    if not text:
        return None
    if is_hash(text):
        return text.lower()
    return sha256_hex(normalise(text))


def lost_phone_digits(cell: object, text: str, default_country: str) -> str | None:
    """Why a phone cell has probably lost digits to a spreadsheet, or None.

    A number cell cannot be trusted as a phone: a spreadsheet drops its leading 0 (or `+`) and
    rounds it past 15 digits. A text of digits that is not a valid number as written but is one
    with a 0 in front lost that 0 on its way through a spreadsheet."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return (
            f"'{text}' is stored as a number, so a spreadsheet may have dropped its leading 0 "
            "(or +) or rounded it; format the column as text and type or paste the numbers again"
        )
    digits = text.replace(" ", "").replace("-", "").replace("/", "")
    if not digits.isdigit() or digits.startswith("0"):
        return None
    region = default_country.upper()
    try:
        as_written = phonenumbers.is_valid_number(phonenumbers.parse(digits, region))
        with_zero = phonenumbers.is_valid_number(phonenumbers.parse("0" + digits, region))
    except phonenumbers.NumberParseException:
        return None
    if not as_written and with_zero:
        return (
            f"'{text}' has lost its leading 0 (a spreadsheet read it as a number?); numbers in "
            f"{country_name(region)} are written 0…, or +country code…"
        )
    return None
