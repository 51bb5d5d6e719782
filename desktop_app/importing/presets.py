"""Built-in presets for known exports, and recognising which one a header belongs to."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop_app.importing.fields import normalise_header


@dataclass(frozen=True, slots=True)
class Preset:
    """A known export: its kind, the fields its headers name, and what to assume for the rest."""

    name: str
    kind: str
    title: str
    mapping: dict[str, str] = field(default_factory=dict)  # normalised header -> field
    signature: tuple[str, ...] = ()  # normalised headers that identify the export
    min_match: int = 0  # how many of `signature` must be present
    platform: str = ""
    default_channel: str = ""
    default_goal: str = ""


GOOGLE_ADS_CAMPAIGN_TYPES = {
    "search": "Paid Search",
    "smart": "Paid Search",
    "display": "Display",
    "performance max": "Cross-network",
    "shopping": "Paid Shopping",
    "video": "Paid Video",
    "demand gen": "Paid Social",
    "discovery": "Paid Social",
    "app": "Paid Other",
}

PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "google-ads",
            "spend",
            "Google Ads report (campaign, keyword, ad, search term)",
            {
                "campaign": "campaign",
                "day": "date",
                "date": "date",
                "cost": "cost",
                "currency code": "currency",
                "impr": "impressions",
                "impressions": "impressions",
                "clicks": "clicks",
                "conversions": "platform_conversions",
                "conv value": "platform_value",
                "conversion value": "platform_value",
                "campaign type": "campaign_type",
            },
            signature=("campaign", "cost", "impr", "clicks", "currency code", "conversions"),
            min_match=4,
            platform="Google Ads",
            default_channel="Paid Search",
        ),
        Preset(
            "meta-ads",
            "spend",
            "Meta Ads Manager export",
            {
                "reporting starts": "period_start",
                "reporting ends": "period_end",
                "day": "date",
                "campaign name": "campaign",
                "amount spent": "cost",
                "impressions": "impressions",
                "link clicks": "clicks",
                "clicks all": "clicks",
                "results": "platform_conversions",
                "purchases conversion value": "platform_value",
                "currency": "currency",
            },
            signature=("reporting starts", "reporting ends", "campaign name", "amount spent"),
            min_match=3,
            platform="Meta Ads",
            default_channel="Paid Social",
        ),
        Preset(
            "shopify-orders",
            "conversions",
            "Shopify orders export",
            {
                "id": "order_id",
                "name": "order_name",
                "created at": "time",
                "total": "value",
                "currency": "currency",
                "financial status": "status",
                "cancelled at": "cancelled_at",
                "note attributes": "note_attributes",
                "email": "email",
                "phone": "phone",
                "lineitem quantity": "quantity",
                "notes": "notes",
            },
            signature=(
                "name",
                "financial status",
                "created at",
                "lineitem quantity",
                "note attributes",
                "id",
                "lineitem name",
            ),
            min_match=5,
            platform="Shopify",
            default_goal="Purchase",
        ),
        Preset(
            "ga4",
            "conversions",
            "Google Analytics 4 export (transactions)",
            {
                "transaction id": "order_id",
                "date": "time",
                "purchase revenue": "value",
                "total revenue": "value",
                "revenue": "value",
                "session source medium": "source_medium",
                "session source": "source",
                "session medium": "medium",
                "session campaign": "utm_campaign",
                "session campaign name": "utm_campaign",
                "session default channel group": "channel",
                "session primary channel group default channel group": "channel",
            },
            signature=("transaction id", "session source medium", "purchase revenue", "date"),
            min_match=2,
            platform="GA4",
            default_goal="Purchase",
        ),
        Preset("touchpoints", "touchpoints", "Touchpoint log (customer, time, channel)"),
        Preset("conversions", "conversions", "Conversions (orders, leads)"),
        Preset("spend", "spend", "Spend (cost per day or period)"),
    )
}


def detect_preset(headers: list[str]) -> Preset | None:
    """The built-in preset whose signature best matches the header, if any matches well enough."""
    present = {normalise_header(h) for h in headers}
    best: tuple[int, Preset] | None = None
    for preset in PRESETS.values():
        if not preset.signature:
            continue
        hits = sum(1 for name in preset.signature if name in present)
        if hits >= preset.min_match and (best is None or hits > best[0]):
            best = (hits, preset)
    return best[1] if best else None


def get_preset(name: str) -> Preset:
    key = name.strip().lower()
    if key not in PRESETS:
        raise KeyError(
            f"there is no preset called '{name}'; built-in presets are: {', '.join(PRESETS)}"
        )
    return PRESETS[key]
