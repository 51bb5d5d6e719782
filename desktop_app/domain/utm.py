"""The UTM link builder: a landing page plus tags gives the tagged URL and the channel GA4 would see."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote_plus, urlsplit, urlunsplit

from desktop_app.domain.channels import UNASSIGNED, Classification, classify

UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term")


@dataclass(frozen=True, slots=True)
class UtmTags:
    source: str = ""
    medium: str = ""
    campaign: str = ""
    content: str = ""
    term: str = ""

    def pairs(self) -> list[tuple[str, str]]:
        values = (self.source, self.medium, self.campaign, self.content, self.term)
        return [(k, v.strip()) for k, v in zip(UTM_KEYS, values, strict=True) if v.strip()]


@dataclass(frozen=True, slots=True)
class UtmLink:
    """The builder's answer: the URL (or '' with `problem`), GA4's channel and any warning."""

    url: str
    classification: Classification
    problem: str = ""  # the landing page cannot be tagged
    warning: str = ""  # the link works but the tags will not be read as intended
    medium_fix: str = ""  # a medium GA4 knows that gives the campaign's own channel
    ga4_condition: str = ""  # for GA4's custom channel group, where only this app knows the tag


# Mediums GA4's default channel grouping knows, tried in this order for a fix.
_KNOWN_MEDIUMS = ("cpc", "paid", "email", "social", "referral", "display", "affiliate",
                  "organic", "sms", "audio")  # fmt: skip


def _medium_for(source: str, campaign: str, channel: str) -> str:
    """A medium GA4 knows that puts `source` in `channel` ('' when none does)."""
    for medium in _KNOWN_MEDIUMS:
        if classify(source, medium, campaign, offline=False).channel == channel:
            return medium
    return ""


def classify_tags(tags: UtmTags) -> Classification:
    return classify(tags.source, tags.medium, tags.campaign)


def tag_url(landing_page: str, tags: UtmTags) -> str:
    """The landing page with the tags added; other query parameters and the #fragment are kept.

    Tags already on the page with the same names are replaced, so re-tagging a tagged link works.
    Values are percent-encoded (a space becomes %20, `&` becomes %26), never `+`.
    """
    text = landing_page.strip()
    if not text:
        raise ValueError("Enter the landing page address, such as https://example.com/offer.")
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in parts.netloc:
        raise ValueError(f"'{landing_page.strip()}' is not a web address (https://…).")
    pairs = tags.pairs()
    setting = {k for k, _ in pairs}
    kept = [
        segment
        for segment in parts.query.split("&")
        if segment and unquote_plus(segment.split("=", 1)[0]).lower() not in setting
    ]
    added = [f"{key}={quote(value, safe='')}" for key, value in pairs]
    path = parts.path or "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "&".join(kept + added), parts.fragment))


def build_link(landing_page: str, tags: UtmTags, campaign_channel: str | None = None) -> UtmLink:
    """Tag the landing page and say which channel GA4's default grouping would give the visits."""
    found = classify_tags(tags)
    warning = medium_fix = ga4_condition = ""
    if not (tags.source.strip() and tags.medium.strip()):
        warning = "Give both utm_source and utm_medium: GA4 needs them to tell the channel."
    elif found.channel == UNASSIGNED:
        wanted = (campaign_channel or "").strip()
        medium_fix = _medium_for(tags.source, tags.campaign, wanted) if wanted else ""
        advice = (f"Use medium '{medium_fix}': GA4 and this app then count them as {wanted}."
                  if medium_fix
                  else "Use a medium such as cpc, paid, email, social or referral.")  # fmt: skip
        warning = (
            "GA4 would put these visits in Unassigned: no channel rule matches "
            f"source '{tags.source.strip()}' with medium '{tags.medium.strip()}'. {advice}"
        )
    elif (
        found.rule.startswith("offline")
        and classify(tags.source, tags.medium, tags.campaign, offline=False).channel == UNASSIGNED
    ):
        # The rule says which tag matched: "offline medium 'print'" or "offline source 'flyer'".
        kind = "source" if found.rule.startswith("offline source") else "medium"
        value = (tags.source if kind == "source" else tags.medium).strip().lower()
        ga4_condition = f'{kind.capitalize()} exactly matches "{value}"'
        warning = (
            f"GA4 will show these visits as Unassigned; this app counts them as {found.channel}. "
            f"To see them as {found.channel} in GA4 too, add a channel '{found.channel}' for "
            f"{kind} '{value}' to a custom channel group there (Admin > Data display > Channel "
            "groups)."
        )
    elif campaign_channel and found.channel.lower() != campaign_channel.strip().lower():
        warning = (
            f"GA4 would count these visits as {found.channel}, "
            f"but the campaign's channel is {campaign_channel.strip()}."
        )
    try:
        url = tag_url(landing_page, tags)
    except ValueError as exc:
        return UtmLink("", found, str(exc), warning, medium_fix, ga4_condition)
    return UtmLink(url, found, "", warning, medium_fix, ga4_condition)
