"""Each platform's normalisation and hashing of contacts, one module per platform, checked
against digests written out here in full, never computed by the test:

- Meta's own example in its customer-information parameters: a US number (650)555-1212 becomes
  16505551212, hashed e323ec62…3176;
- `person@example.com` → 542d2401…3345 and `+44 844 412 4653` → `448444124653` → dc008fda…6383:
  the worked examples of another ad platform's conversions-API documentation (Snap's), whose
  rules for e-mail and phone are Meta's (trimmed and lower-cased; digits with the country code,
  no `+`);
- the other digests are SHA-256 of the normalised text each platform's rules give, worked out
  once with `printf '%s' TEXT | sha256sum`: Google Ads (enhanced conversions for leads: trim,
  lower-case, no dots before the @ of gmail.com and googlemail.com, phone in E.164 with `+`;
  Google publishes the rules, not digests) and Meta (dots kept, no `+`)."""

from __future__ import annotations

import pytest

from desktop_app.domain import google_contacts, meta_contacts
from desktop_app.domain.contacts import ContactError, is_hash

PERSON = "542d240129883c019e106e3b1b2d3f3cb3537c43c425364de8e951d5a3083345"  # person@example.com
UK_DIGITS = "dc008fda46e2e64002cf2f82a4906236282d431c4f75e5b60bfe79fc48546383"  # 448444124653
UK_E164 = "11f9231a47ccfd680a60606f73702bc2c0fb065a7f55c482269e51d9f9e868ae"  # +448444124653
JANEDOE_GMAIL = "d6117306485ed0e50afab3ac871e98f81699151f30281527d63ff5f233656c69"
JANE_DOT_DOE_GMAIL = "831f6494ad6be4fcb3a724c3d5fef22d3ceffa3c62ef3a7984e45a0ea177f982"
DE_E164 = "483a4bfb1dfbbe30c4b4432f5d2425a5800382a23c9c2a807659601d6bf0c65b"  # +491705550123
DE_DIGITS = "419fb10abc5f748cb9cf6b61a297ea5cfb5fbc4d1c42ca4cc89020a2056aa2e8"  # 491705550123


def test_meta_s_own_published_example() -> None:
    """Meta's customer-information parameters give a US number written (650)555-1212: with
    the country code, digits only, 16505551212, hashed e323ec62…3176."""
    assert meta_contacts.normalise_phone("(650)555-1212", "US") == "16505551212"
    assert meta_contacts.phone_hash("(650)555-1212", "US") == (
        "e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176"
    )


def test_the_published_examples() -> None:
    assert meta_contacts.normalise_email("Person@Example.com") == "person@example.com"
    assert meta_contacts.email_hash("Person@Example.com") == PERSON
    assert meta_contacts.normalise_phone("+44 844 412 4653", "US") == "448444124653"
    assert meta_contacts.phone_hash("+44 844 412 4653", "US") == UK_DIGITS
    # Google: the same address; the same number in E.164, with its +
    assert google_contacts.email_hash("Person@Example.com") == PERSON
    assert google_contacts.normalise_phone("+44 844 412 4653", "US") == "+448444124653"
    assert google_contacts.phone_hash("+44 844 412 4653", "US") == UK_E164


def test_spaces_and_capitals_are_the_same_address_for_both() -> None:
    assert google_contacts.email_hash("  Person@Example.com ") == PERSON
    assert meta_contacts.email_hash("  Person@Example.com ") == PERSON


def test_a_dotted_gmail_address_google_strips_the_dots_meta_keeps_them() -> None:
    assert google_contacts.normalise_email("Jane.Doe@Gmail.com") == "janedoe@gmail.com"
    assert google_contacts.email_hash("Jane.Doe@Gmail.com") == JANEDOE_GMAIL
    assert google_contacts.normalise_email("jane.doe@googlemail.com") == "janedoe@googlemail.com"
    assert meta_contacts.normalise_email("Jane.Doe@Gmail.com") == "jane.doe@gmail.com"
    assert meta_contacts.email_hash("Jane.Doe@Gmail.com") == JANE_DOT_DOE_GMAIL
    # other domains keep their dots at Google too
    assert google_contacts.normalise_email("jane.doe@example.com") == "jane.doe@example.com"


def test_a_national_phone_with_spaces_google_with_plus_meta_digits_only() -> None:
    """A German business: 0170 555 0123 is +49 170 5550123."""
    assert google_contacts.phone_hash("0170 555 0123", "DE") == DE_E164
    assert meta_contacts.phone_hash("0170 555 0123", "DE") == DE_DIGITS
    assert google_contacts.normalise_phone("+1 (650) 253-0000", "DE") == "+16502530000"
    assert meta_contacts.normalise_phone("+1 (650) 253-0000", "DE") == "16502530000"


def test_an_already_hashed_value_is_kept_and_empty_gives_none() -> None:
    assert is_hash(PERSON.upper()) and not is_hash("someone@example.com")
    for platform in (google_contacts, meta_contacts):
        assert platform.email_hash(f" {PERSON.upper()} ") == PERSON  # never hashed again
        assert platform.phone_hash(DE_E164, "DE") == DE_E164
        assert platform.email_hash("") is None and platform.email_hash("   ") is None
        assert platform.phone_hash("", "DE") is None


def test_what_is_not_an_address_or_a_number_is_refused() -> None:
    for platform in (google_contacts, meta_contacts):
        with pytest.raises(ContactError):
            platform.email_hash("not an address")
        with pytest.raises(ContactError):
            platform.phone_hash("12", "DE")


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
