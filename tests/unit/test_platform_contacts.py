"""Each platform's normalisation and hashing of contacts, with the platforms' own rules
(Google Ads enhanced conversions / customer match: trim, lower-case, gmail.com and
googlemail.com without dots before the @, phones in E.164 with `+`; Meta conversions API: trim,
lower-case, dots kept, phones as digits with the country code and no `+`). The expected
digests are computed here from the normalised text written by hand."""

from __future__ import annotations

import hashlib

import pytest

from desktop_app.domain.contacts import ContactError
from desktop_app.domain.platform_contacts import (
    contact_hashes,
    google_email,
    google_phone,
    is_hash,
    meta_email,
    meta_phone,
)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_spaces_and_capitals_are_the_same_address_for_both() -> None:
    assert google_email("  Person@Example.com ") == sha("person@example.com")
    assert meta_email("  Person@Example.com ") == sha("person@example.com")


def test_a_dotted_gmail_address_google_strips_the_dots_meta_keeps_them() -> None:
    assert google_email("Jane.Doe@Gmail.com") == sha("janedoe@gmail.com")
    assert google_email("jane.doe@googlemail.com") == sha("janedoe@googlemail.com")
    assert meta_email("Jane.Doe@Gmail.com") == sha("jane.doe@gmail.com")
    assert google_email("jane.doe@example.com") == sha("jane.doe@example.com")  # other domains


def test_a_national_phone_with_spaces_google_with_plus_meta_digits_only() -> None:
    assert google_phone("0170 555 0123", "DE") == sha("+491705550123")
    assert meta_phone("0170 555 0123", "DE") == sha("491705550123")
    assert google_phone("+1 (650) 253-0000", "DE") == sha("+16502530000")  # its own country
    assert meta_phone("+1 (650) 253-0000", "DE") == sha("16502530000")


def test_an_already_hashed_value_is_kept_and_empty_gives_none() -> None:
    digest = sha("someone@example.com").upper()
    assert is_hash(digest) and not is_hash("someone@example.com")
    for hashed in (google_email, meta_email):
        assert hashed(f" {digest} ") == digest.lower()  # never hashed again
        assert hashed("") is None and hashed("   ") is None
    assert google_phone(digest, "DE") == meta_phone(digest, "DE") == digest.lower()
    assert google_phone("", "DE") is None
    assert contact_hashes("", "", "DE") == contact_hashes("  ", " ", "US")


def test_what_is_not_an_address_or_a_number_is_refused() -> None:
    with pytest.raises(ContactError):
        google_email("not an address")
    with pytest.raises(ContactError):
        meta_phone("12", "DE")


def test_upload_amounts_are_written_exactly_from_minor_units() -> None:
    """Through a binary float (minor / 100) the cents of a large amount were wrong; integer
    division keeps every digit."""
    from desktop_app.exporting.uploads import _amount

    assert _amount(120000, "EUR") == "1200.00"
    assert _amount(5, "EUR") == "0.05"
    assert _amount(-1999, "EUR") == "-19.99"
    assert _amount(1500, "JPY") == "1500"
    assert _amount(1234567, "KWD") == "1234.567"  # three decimals
    assert _amount(2**60 + 7, "EUR") == "11529215046068469.83"  # 1152921504606846983 cents
