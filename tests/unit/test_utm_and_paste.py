"""The UTM link builder and spend rows pasted from a spreadsheet."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop_app.domain.money import EN, EU
from desktop_app.domain.spend_paste import PasteError, parse_day, parse_spend_paste
from desktop_app.domain.utm import UtmTags, build_link, tag_url

TAGS = UtmTags("google", "cpc", "spring sale & more")


@pytest.mark.parametrize(
    ("landing", "expected"),
    [
        (
            "https://shop.example/sofas",
            "https://shop.example/sofas?utm_source=google&utm_medium=cpc"
            "&utm_campaign=spring%20sale%20%26%20more",
        ),
        (
            "shop.example",
            "https://shop.example/?utm_source=google&utm_medium=cpc&utm_campaign=spring%20sale%20%26%20more",
        ),
        (
            "https://shop.example/p?id=7&color=r%C3%B6t#reviews",
            "https://shop.example/p?id=7&color=r%C3%B6t&utm_source=google&utm_medium=cpc"
            "&utm_campaign=spring%20sale%20%26%20more#reviews",
        ),
        (  # old tags are replaced, not doubled
            "https://shop.example/?utm_source=bing&utm_medium=cpc&ref=x",
            "https://shop.example/?ref=x&utm_source=google&utm_medium=cpc"
            "&utm_campaign=spring%20sale%20%26%20more",
        ),
    ],
)
def test_tagged_urls(landing: str, expected: str) -> None:
    assert tag_url(landing, TAGS) == expected


def test_content_and_term_and_unicode_are_encoded() -> None:
    url = tag_url("https://a.example/x", UtmTags("newsletter", "email", "mai", "Bänner/1", "a+b"))
    assert url.endswith("&utm_content=B%C3%A4nner%2F1&utm_term=a%2Bb")


def test_bad_landing_pages_are_explained() -> None:
    assert build_link("", TAGS).problem.startswith("Enter the landing page address")
    assert (
        build_link("ftp://x.example", TAGS).problem
        == "'ftp://x.example' is not a web address (https://…)."
    )


def test_channel_and_warnings() -> None:
    ok = build_link("https://a.example", TAGS, "Paid Search")
    assert (ok.classification.channel, ok.warning) == ("Paid Search", "")
    other = build_link("https://a.example", UtmTags("facebook", "paid", "x"), "Paid Search")
    assert (
        other.warning
        == "GA4 would count these visits as Paid Social, but the campaign's channel is Paid Search."
    )
    lost = build_link("https://a.example", UtmTags("partner", "banner-ad", "x"))
    assert lost.classification.channel == "Unassigned"
    assert lost.warning.startswith("GA4 would put these visits in Unassigned")
    half = build_link("https://a.example", UtmTags("google", "", "x"))
    assert half.warning.startswith("Give both utm_source and utm_medium")


def test_parse_day_orders() -> None:
    assert parse_day("2026-03-04") == date(2026, 3, 4)
    assert parse_day("04.03.2026", "dmy") == date(2026, 3, 4)
    assert parse_day("3/4/26", "mdy") == date(2026, 3, 4)
    with pytest.raises(ValueError, match="not a real date"):
        parse_day("31/02/2026")


def test_paste_days_periods_and_header() -> None:
    text = (
        "Day\tCost\tImpr.\tClicks\tConv.\tValue\r\n"
        "01.03.2026\t1.234,50\t10.000\t250\t3,5\t400\r\n"
        "02.03.2026\t03.03.2026\t12\t\t\t\t\r\n"
        "2026-04-01 – 2026-04-30\t0\r\n"
    )
    rows = parse_spend_paste(text, "EUR", EU, "dmy")
    assert [
        (r.period_start, r.period_end, r.cost_minor, r.impressions, r.clicks) for r in rows
    ] == [
        (date(2026, 3, 1), date(2026, 3, 1), 123450, 10000, 250),
        (date(2026, 3, 2), date(2026, 3, 3), 1200, 0, 0),
        (date(2026, 4, 1), date(2026, 4, 30), 0, 0, 0),
    ]
    assert rows[0].platform_conversions == Decimal("3.5") and rows[0].platform_value_minor == 40000


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-03-01\t10\n2026-03-02\tten\n", "Line 2, column 2 (cost): 'ten' is not an amount"),
        ("2026-03-01\t10\t5\t1.5\n", "Line 1, column 4 (clicks): '1.5' is not a whole number ≥ 0."),
        ("2026-03-01\t\n", "Line 1, column 2 (cost): the cost is missing."),
        ("2026-13-01\t10\n", "Line 1, column 1 (date): '2026-13-01' is not a real date."),
        (
            "2026-03-05\t2026-03-01\t10\n",
            "Line 1, column 2 (to): the period ends before it starts.",
        ),
        ("2026-03-01\t1\t2\t3\t4\t5\t6\n", "Line 1, column 7 (extra): there are more columns"),
    ],
)
def test_paste_errors_name_line_and_column(text: str, message: str) -> None:
    with pytest.raises(PasteError) as caught:
        parse_spend_paste(text, "EUR", EN, "dmy")
    assert str(caught.value).startswith(message)
    assert str(caught.value).endswith("Nothing was pasted.")


def test_offline_mediums_warn_that_ga4_says_unassigned_and_offer_the_fix() -> None:
    flyer = build_link("https://shop.example/sale", UtmTags("harbor-gazette", "print", "spring"))
    assert flyer.classification.channel == "Print"  # this app's offline rule
    assert flyer.warning.startswith(
        "GA4 will show these visits as Unassigned; this app counts them as Print."
    )
    assert "add a channel 'Print' for medium 'print' to a custom channel group" in flyer.warning
    qr = build_link("https://shop.example", UtmTags("qr", "flyer", "x"), "Print")
    assert "counts them as Print" in qr.warning
    # An offline word that GA4 also understands is not warned about: "email" is GA4's Email.
    assert build_link("https://a.example", UtmTags("newsletter", "email", "x")).warning == ""


def test_the_builder_offers_a_fix_it_can_make_and_names_the_tag_that_needs_a_rule() -> None:
    """Was: the fix was advice text only, and a source matched by an offline rule (flyer) was
    described as a medium ("add a channel 'Print' for medium 'qr'")."""
    by_source = build_link("https://shop.example", UtmTags("flyer", "qr", "x"), "Print")
    assert "for source 'flyer'" in by_source.warning and "medium 'qr'" not in by_source.warning
    assert by_source.ga4_condition == 'Source exactly matches "flyer"'
    by_medium = build_link("https://shop.example", UtmTags("harbor-gazette", "print", "x"))
    assert by_medium.ga4_condition == 'Medium exactly matches "print"'
    # Unassigned, and a medium GA4 knows would give the campaign's own channel: offered.
    mail = build_link("https://shop.example", UtmTags("newsletter-jan", "mail", "x"), "Email")
    assert mail.classification.channel == "Unassigned" and mail.medium_fix == "email"
    assert "Use medium 'email'" in mail.warning
    fixed = build_link("https://shop.example", UtmTags("newsletter-jan", "email", "x"), "Email")
    assert fixed.classification.channel == "Email" and fixed.warning == ""
    # No medium makes GA4 say Paid Search for a source it does not know as a search engine.
    odd = build_link("https://shop.example", UtmTags("partner-site", "banner-ad"), "Paid Search")
    assert odd.medium_fix == ""
