"""Meta's rules for contacts (offline events, conversions API): trim and lower-case an e-mail
address and keep its dots (gmail too); a phone number as digits only, with the country code and
no `+`; then SHA-256 in lower-case hex."""

from __future__ import annotations

from desktop_app.domain.contacts import e164, email_address, hashed


def normalise_email(email: str) -> str:
    return email_address(email)


def normalise_phone(phone: str, country: str) -> str:
    """`491705550123`: national numbers are read as numbers of `country`."""
    return e164(phone, country).lstrip("+")


def email_hash(email: str) -> str | None:
    """None for an empty value; a value that already is a hash is kept."""
    return hashed(email, normalise_email)


def phone_hash(phone: str, country: str) -> str | None:
    return hashed(phone, lambda text: normalise_phone(text, country))
