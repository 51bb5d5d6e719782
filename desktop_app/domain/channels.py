"""Which channel a touchpoint or conversion belongs to: GA4's default channel grouping plus offline channels."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

UNASSIGNED = "Unassigned"
DIRECT = "Direct"


@dataclass(frozen=True, slots=True)
class ChannelSpec:
    name: str
    paid: bool
    color: str
    offline: bool = False


# Built-in channels in display order; colours are fixed so every chart, legend and workbook agrees.
DEFAULT_CHANNELS: tuple[ChannelSpec, ...] = (
    ChannelSpec("Paid Search", True, "#4C78A8"),
    ChannelSpec("Paid Social", True, "#F58518"),
    ChannelSpec("Paid Shopping", True, "#E45756"),
    ChannelSpec("Paid Video", True, "#B279A2"),
    ChannelSpec("Display", True, "#72B7B2"),
    ChannelSpec("Cross-network", True, "#54A24B"),
    ChannelSpec("Paid Other", True, "#9D755D"),
    ChannelSpec("Affiliates", True, "#BAB0AC"),
    ChannelSpec("Audio", True, "#D67195"),
    ChannelSpec("Organic Search", False, "#2E8B57"),
    ChannelSpec("Organic Social", False, "#EECA3B"),
    ChannelSpec("Organic Shopping", False, "#FF9DA6"),
    ChannelSpec("Organic Video", False, "#9467BD"),
    ChannelSpec("Email", False, "#17BECF"),
    ChannelSpec("Referral", False, "#8C564B"),
    ChannelSpec("SMS", False, "#7F7F7F"),
    ChannelSpec("Mobile Push Notifications", False, "#BCBD22"),
    ChannelSpec(DIRECT, False, "#1F3B73"),
    ChannelSpec("Phone", False, "#7B3294", offline=True),
    ChannelSpec("Walk-in", False, "#E7298A", offline=True),
    ChannelSpec("Event", True, "#A6761D", offline=True),
    ChannelSpec("Print", True, "#CAB2D6", offline=True),
    ChannelSpec("Word of mouth", False, "#AEC7E8", offline=True),
    ChannelSpec("Other offline", False, "#C49C94", offline=True),
    ChannelSpec(UNASSIGNED, False, "#A0A0A0"),
)

# Colours for channels the user adds, handed out in turn.
EXTRA_COLORS: tuple[str, ...] = (
    "#393B79", "#637939", "#8C6D31", "#843C39", "#7B4173", "#3182BD", "#E6550D", "#31A354",
    "#756BB1", "#636363", "#6B6ECF", "#B5CF6B", "#E7BA52", "#D6616B", "#CE6DBD", "#9ECAE1",
)  # fmt: skip

OFFLINE_TAGS: dict[str, str] = {
    "print": "Print",
    "flyer": "Print",
    "newspaper": "Print",
    "phone": "Phone",
    "call": "Phone",
    "phone call": "Phone",
    "walk-in": "Walk-in",
    "walkin": "Walk-in",
    "walk in": "Walk-in",
    "event": "Event",
    "trade show": "Event",
    "word of mouth": "Word of mouth",
    "word-of-mouth": "Word of mouth",
    "offline": "Other offline",
}

CLICK_ID_TYPES: tuple[str, ...] = ("gclid", "gbraid", "wbraid", "msclkid", "fbclid")

# GA4's placeholder values: they never create or join a campaign.
CAMPAIGN_PLACEHOLDERS = frozenset(
    {"(not set)", "(direct)", "(organic)", "(referral)", "(none)", "not set"}
)


def is_campaign_placeholder(name: str | None) -> bool:
    return (name or "").strip().lower() in CAMPAIGN_PLACEHOLDERS


_PAID_MEDIUM = re.compile(r"^(.*cp.*|ppc|retargeting|paid.*)$")
_SHOP_CAMPAIGN = re.compile(r"^(.*(([^a-df-z]|^)shop|shopping).*)$")
_EMAIL_TAGS = {"email", "e-mail", "e_mail", "e mail"}
_DISPLAY_MEDIUMS = {"display", "banner", "expandable", "interstitial", "cpm"}
_SOCIAL_MEDIUMS = {
    "social",
    "social-network",
    "social-media",
    "sm",
    "social network",
    "social media",
}


def why_channel(rule: str) -> str:
    """The rule that gave a record its channel, as shown to people (table, tooltip, workbook)."""
    return rule[0].upper() + rule[1:] if rule else ""


@dataclass(frozen=True, slots=True)
class Classification:
    channel: str
    rule: str  # a human sentence saying which rule fired


@cache
def source_categories() -> dict[str, frozenset[str]]:
    """Google's published source categories (shipped data file), by category: search, social, …"""
    found: dict[str, set[str]] = {
        "search": set(),
        "social": set(),
        "shopping": set(),
        "video": set(),
    }
    text = resources.files("desktop_app.domain").joinpath("data/ga4-source-categories.csv")
    with text.open("r", encoding="utf-8") as fh:
        reader = csv.reader(fh.read().splitlines())
        next(reader)  # header
        for row in reader:
            if len(row) < 2:
                continue
            category = row[1].strip().removeprefix("SOURCE_CATEGORY_").lower()
            if category in found:
                found[category].add(row[0].strip().lower())
    return {k: frozenset(v) for k, v in found.items()}


def _norm(value: str | None) -> str:
    return (value or "").strip().lower()


def classify(
    source: str | None,
    medium: str | None,
    campaign: str | None = None,
    click_ids: Mapping[str, str | None] | Iterable[str] | None = None,
    *,
    offline: bool = True,
) -> Classification:
    """Channel of tagged traffic, with the rule that decided it.

    Offline tags first (unless `offline` is False: what GA4 itself would say), then GA4's
    default channel grouping in Google's order, then click ids when there are no tags at all;
    otherwise Unassigned.
    """
    src, med, camp = _norm(source), _norm(medium), _norm(campaign)
    if not (src or med or camp):
        return _classify_click_ids(click_ids)
    for tag, label in ((med, "medium"), (src, "source")):
        if offline and tag in OFFLINE_TAGS:
            return Classification(OFFLINE_TAGS[tag], f"offline {label} '{tag}'")
    cats = source_categories()
    paid = bool(_PAID_MEDIUM.match(med))
    shop_campaign = bool(_SHOP_CAMPAIGN.match(camp))
    # GA4 writes direct traffic as (direct) / (none); exports often leave the medium (not set)
    # or empty, and an importer reads both placeholders as no value.
    if src == "(direct)" and med in ("(none)", "(not set)", ""):
        return Classification(DIRECT, "GA4 1: source (direct), medium (none)")
    if "cross-network" in camp:
        return Classification("Cross-network", "GA4 2: campaign contains cross-network")
    if (src in cats["shopping"] or shop_campaign) and paid:
        return Classification("Paid Shopping", "GA4 3: shopping source or campaign, paid medium")
    if src in cats["search"] and paid:
        return Classification("Paid Search", "GA4 4: search source, paid medium")
    if src in cats["social"] and paid:
        return Classification("Paid Social", "GA4 5: social source, paid medium")
    if src in cats["video"] and paid:
        return Classification("Paid Video", "GA4 6: video source, paid medium")
    if med in _DISPLAY_MEDIUMS:
        return Classification("Display", f"GA4 7: display medium '{med}'")
    if paid:
        return Classification("Paid Other", f"GA4 8: paid medium '{med}'")
    if src in cats["shopping"] or shop_campaign:
        return Classification("Organic Shopping", "GA4 9: shopping source or campaign")
    if src in cats["social"] or med in _SOCIAL_MEDIUMS:
        return Classification("Organic Social", "GA4 10: social source or medium")
    if src in cats["video"] or "video" in med:
        return Classification("Organic Video", "GA4 11: video source or medium")
    if src in cats["search"] or med == "organic":
        return Classification("Organic Search", "GA4 12: search source or organic medium")
    if med in ("referral", "app", "link"):
        return Classification("Referral", f"GA4 13: medium '{med}'")
    if src in _EMAIL_TAGS or med in _EMAIL_TAGS:
        return Classification("Email", "GA4 14: email source or medium")
    if med == "affiliate":
        return Classification("Affiliates", "GA4 15: medium affiliate")
    if med == "audio":
        return Classification("Audio", "GA4 16: medium audio")
    if src == "sms" or med == "sms":
        return Classification("SMS", "GA4 17: source or medium sms")
    if med.endswith("push") or "mobile" in med or "notification" in med or src == "firebase":
        return Classification("Mobile Push Notifications", "GA4 18: push medium or firebase")
    return Classification(UNASSIGNED, "no GA4 rule matches these tags")


def _classify_click_ids(
    click_ids: Mapping[str, str | None] | Iterable[str] | None,
) -> Classification:
    if click_ids is None:
        present: set[str] = set()
    elif isinstance(click_ids, Mapping):
        present = {k.lower() for k, v in click_ids.items() if v}
    else:
        present = {k.lower() for k in click_ids}
    for kind in ("gclid", "gbraid", "wbraid"):
        if kind in present:
            return Classification("Paid Search", f"click id {kind}: google / cpc")
    if "msclkid" in present:
        return Classification("Paid Search", "click id msclkid: bing / cpc")
    if "fbclid" in present:
        return Classification(
            "Organic Social", "click id fbclid alone (Meta tags unpaid clicks too)"
        )
    return Classification(UNASSIGNED, "no source, medium, campaign or click id")
