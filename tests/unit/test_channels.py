"""GA4 default channel grouping, click ids and offline tags: every rule, its order, and case-insensitivity."""

import pytest

from desktop_app.domain.channels import DEFAULT_CHANNELS, classify, source_categories

CASES = [
    # (source, medium, campaign, click ids, expected channel, words of the rule that must fire)
    ("(direct)", "(none)", "", None, "Direct", "GA4 1"),
    ("(direct)", "(not set)", "", None, "Direct", "GA4 1"),
    ("(DIRECT)", "(None)", "", None, "Direct", "GA4 1"),
    ("google", "cpc", "summer cross-network", None, "Cross-network", "GA4 2"),
    ("(direct)", "none", "cross-network", None, "Cross-network", "GA4 2"),
    ("google", "cpc", "shopping_all", None, "Paid Shopping", "GA4 3"),
    ("amazon", "paid", "", None, "Paid Shopping", "GA4 3"),
    ("newsletter", "ppc", "eshop-sale", None, "Paid Shopping", "GA4 3"),
    ("google", "cpc", "", None, "Paid Search", "GA4 4"),
    ("Google", "CPC", "Brand", None, "Paid Search", "GA4 4"),
    ("bing", "paidsearch", "", None, "Paid Search", "GA4 4"),
    ("yahoo", "ppc", "", None, "Paid Search", "GA4 4"),
    ("facebook", "paid", "", None, "Paid Social", "GA4 5"),
    ("instagram", "cpm", "", None, "Paid Social", "GA4 5"),
    ("linkedin", "retargeting", "", None, "Paid Social", "GA4 5"),
    ("youtube", "cpv", "", None, "Paid Video", "GA4 6"),
    ("vimeo", "paid", "", None, "Paid Video", "GA4 6"),
    ("some-network", "display", "", None, "Display", "GA4 7"),
    ("some-network", "banner", "", None, "Display", "GA4 7"),
    ("adnet", "interstitial", "", None, "Display", "GA4 7"),
    ("partner", "paid_promo", "", None, "Paid Other", "GA4 8"),
    ("amazon", "referral", "", None, "Organic Shopping", "GA4 9"),
    ("blog", "referral", "shop-launch", None, "Organic Shopping", "GA4 9"),
    ("facebook", "referral", "", None, "Organic Social", "GA4 10"),
    ("newsletter", "social", "", None, "Organic Social", "GA4 10"),
    ("x", "social-media", "", None, "Organic Social", "GA4 10"),
    ("x", "sm", "", None, "Organic Social", "GA4 10"),
    ("youtube", "referral", "", None, "Organic Video", "GA4 11"),
    ("tv", "video-embed", "", None, "Organic Video", "GA4 11"),
    ("google", "organic", "", None, "Organic Search", "GA4 12"),
    ("duckduckgo", "", "", None, "Organic Search", "GA4 12"),
    ("unknownengine", "organic", "", None, "Organic Search", "GA4 12"),
    ("blog.example", "referral", "", None, "Referral", "GA4 13"),
    ("partner", "link", "", None, "Referral", "GA4 13"),
    ("partner", "app", "", None, "Referral", "GA4 13"),
    ("newsletter", "email", "", None, "Email", "GA4 14"),
    ("e-mail", "whatever", "", None, "Email", "GA4 14"),
    ("mailer", "E_Mail", "", None, "Email", "GA4 14"),
    ("awin", "affiliate", "", None, "Affiliates", "GA4 15"),
    ("spotify-ads", "audio", "", None, "Audio", "GA4 16"),
    ("sms", "text", "", None, "SMS", "GA4 17"),
    ("provider", "sms", "", None, "SMS", "GA4 17"),
    ("app", "web-push", "", None, "Mobile Push Notifications", "GA4 18"),
    ("app", "mobile-alert", "", None, "Mobile Push Notifications", "GA4 18"),
    ("firebase", "x", "", None, "Mobile Push Notifications", "GA4 18"),
    ("app", "notification", "", None, "Mobile Push Notifications", "GA4 18"),
    ("mystery", "thing", "", None, "Unassigned", "no GA4 rule"),
    ("", "", "", {"gclid": "abc"}, "Paid Search", "gclid"),
    ("", "", "", {"gbraid": "abc"}, "Paid Search", "gbraid"),
    ("", "", "", {"wbraid": "abc"}, "Paid Search", "wbraid"),
    ("", "", "", {"msclkid": "abc"}, "Paid Search", "msclkid"),
    ("", "", "", {"fbclid": "abc"}, "Organic Social", "fbclid"),
    ("", "", "", {"fbclid": "abc", "gclid": "x"}, "Paid Search", "gclid"),
    ("", "", "", {"gclid": ""}, "Unassigned", "no source"),
    ("", "", "", None, "Unassigned", "no source"),
    ("newsletter", "email", "", {"gclid": "abc"}, "Email", "GA4 14"),  # tags win over click ids
    ("gazette", "print", "", None, "Print", "offline medium"),
    ("flyer", "", "", None, "Print", "offline source"),
    ("", "phone", "", None, "Phone", "offline medium"),
    ("call", "", "", None, "Phone", "offline source"),
    ("fair", "event", "", None, "Event", "offline medium"),
    ("", "walk-in", "", None, "Walk-in", "offline medium"),
    ("friend", "word of mouth", "", None, "Word of mouth", "offline medium"),
    ("", "Offline", "", None, "Other offline", "offline medium"),
]


@pytest.mark.parametrize(("source", "medium", "campaign", "clicks", "channel", "rule"), CASES)
def test_classify(
    source: str, medium: str, campaign: str, clicks: dict | None, channel: str, rule: str
) -> None:
    result = classify(source, medium, campaign, clicks)
    assert result.channel == channel
    assert rule in result.rule


def test_display_medium_cpm_is_paid_so_rule_8_does_not_apply_first() -> None:
    # `cpm` is both a PAID medium (contains "cp") and a display medium; rule 7 comes before rule 8,
    # so a non-social, non-search source with medium cpm is Display.
    assert classify("adnet", "cpm", "").channel == "Display"


def test_source_categories_are_the_shipped_list() -> None:
    cats = source_categories()
    assert "google" in cats["search"] and "facebook" in cats["social"]
    assert "youtube" in cats["video"] and "amazon" in cats["shopping"]
    assert sum(len(v) for v in cats.values()) == 819  # rows of Google's published file


def test_every_classification_result_is_a_default_channel() -> None:
    names = {c.name for c in DEFAULT_CHANNELS}
    assert {channel for *_, channel, _ in CASES} <= names
