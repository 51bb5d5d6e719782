"""Google Ads' rules for contacts (enhanced conversions for leads, customer match): trim and
lower-case an e-mail address, and for gmail.com and googlemail.com remove the dots before the @;
a phone number in E.164 with its `+`; then SHA-256 in lower-case hex. The stored customer key
is Google's e-mail hash."""

from __future__ import annotations

from desktop_app.domain.contacts import e164, email_address, hashed

GMAIL_DOMAINS = ("gmail.com", "googlemail.com")


def normalise_email(email: str) -> str:
    address = email_address(email)
    local, _, domain = address.partition("@")
    return local.replace(".", "") + "@" + domain if domain in GMAIL_DOMAINS else address


def normalise_phone(phone: str, country: str) -> str:
    """`+491705550123`: national numbers are read as numbers of `country`."""
    return e164(phone, country)


def email_hash(email: str) -> str | None:
    """None for an empty value; a value that already is a hash is kept."""
    return hashed(email, normalise_email)


def phone_hash(phone: str, country: str) -> str | None:
    return hashed(phone, lambda text: normalise_phone(text, country))
