"""Contacts hashed the way each ad platform matches them (PRODUCT.md: offline conversion upload
formats). Google: e-mail trimmed and lower-cased, the dots before the @ of gmail.com and
googlemail.com removed; phone in E.164 with its `+`. Meta: e-mail trimmed and lower-cased, dots
kept; phone digits only, with the country code and no `+`. Both: SHA-256, lower-case hex.

A value that already is a 64-character hex hash is kept as it is (lower-cased), never hashed
again; an empty value gives no hash; anything else that is not an address or a number raises
ContactError."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from desktop_app.domain.contacts import normalise_email, normalise_phone, sha256_hex

_HASH = re.compile(r"^[0-9a-fA-F]{64}$")


def is_hash(value: str) -> bool:
    """A SHA-256 hex digest (what a platform export or another tool may already hold)."""
    return bool(_HASH.match(value.strip()))


def google_email(value: str) -> str | None:
    return _hashed(value, lambda v: sha256_hex(normalise_email(v, google=True)))


def meta_email(value: str) -> str | None:
    return _hashed(value, lambda v: sha256_hex(normalise_email(v, google=False)))


def google_phone(value: str, country: str) -> str | None:
    return _hashed(value, lambda v: sha256_hex(normalise_phone(v, country)))


def meta_phone(value: str, country: str) -> str | None:
    return _hashed(value, lambda v: sha256_hex(normalise_phone(v, country).lstrip("+")))


def _hashed(value: str, digest: Callable[[str], str]) -> str | None:
    text = value.strip()
    if not text:
        return None
    if is_hash(text):
        return text.lower()
    return digest(text)


@dataclass(frozen=True, slots=True)
class ContactHashes:
    """Every platform's hash of one person's e-mail and phone (None where there is none)."""

    email: str | None = None  # Google's (also the stored customer key)
    phone: str | None = None
    meta_email: str | None = None
    meta_phone: str | None = None


def contact_hashes(email: str, phone: str, country: str) -> ContactHashes:
    """Both platforms' hashes of an e-mail and a phone as typed or imported."""
    return ContactHashes(
        google_email(email), google_phone(phone, country), meta_email(email),
        meta_phone(phone, country),
    )  # fmt: skip
