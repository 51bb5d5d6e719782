"""Reading what a person typed or pasted: amounts, counts and decimals as their locale writes
them, and the values of the goal, campaign and spend forms. Pure: each answers a value or a
ValueError (or a message per field) that says why; what only the database knows (which names
are taken, whether a channel still exists) is handed in by the caller."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import date
from decimal import Decimal

from desktop_app.domain.models import (
    GOAL_CATEGORIES,
    GOAL_COUNTING,
    GOAL_LEVELS,
    MAX_LOOKBACK,
    CampaignValues,
    GoalValues,
    SpendPeriod,
    name_key,
)
from desktop_app.domain.money import (
    MoneyParseError,
    NumberStyle,
    max_amount,
    parse_amount,
    to_minor,
)

# The rules a goal's and a campaign's fields follow, wherever they are typed: the forms here, and
# `goals set` / `campaigns set` (store/entity_keys.py), which read the command line's spelling
# of the same values and then check them with these same functions.
NAME_MAX = 200  # characters of a goal's or a campaign's name
TEXT_MAX = 200  # characters of a platform's name for a goal, a campaign's platform and UTM tags
TARGET_MAX = 10**9  # conversions a month a goal may aim at


def clean_name(what: str, text: str, taken: Collection[str] = (), stored: str | None = None) -> str:
    """A goal's or campaign's name, trimmed (inner spaces kept: imports match names as written);
    ValueError when it is empty, too long, or (by `name_key`) in `taken`. The name the record
    already has (`stored`) is kept whatever its length: an import may have made it."""
    name = text.strip()
    if not name:
        raise ValueError(f"A {what} needs a name.")
    if len(name) > NAME_MAX and name != stored:
        raise ValueError(
            f"A {what}'s name has at most {NAME_MAX} characters; this one has {len(name)}."
        )
    if name_key(name) in taken:
        raise ValueError(f"There is already a {what} called '{name}'.")
    return name


def clean_text(text: str, stored: str | None = None, collapse: bool = False) -> str:
    """A short text field, trimmed (with `collapse`, runs of spaces made one, as the platforms'
    names of a goal are); ValueError when it is longer than TEXT_MAX (cutting it would change
    what it names), unless it is the value the record already has (`stored`)."""
    cleaned = " ".join(text.split()) if collapse else text.strip()
    if len(cleaned) > TEXT_MAX and cleaned != stored:
        raise ValueError(f"At most {TEXT_MAX} characters fit; this has {len(cleaned)}.")
    return cleaned


def margin_share(share: Decimal) -> str:
    """A gross margin as the exact decimal text stored (0.35 for 35 %); ValueError outside 0–1."""
    if not share.is_finite() or not 0 <= share <= 1:
        raise ValueError("A margin is from 0 % to 100 %.")
    return format(share.normalize(), "f")


def target_count(count: int | None) -> int | None:
    """Conversions a month a goal aims at (None: no target); ValueError outside 1–TARGET_MAX."""
    if count is not None and not 1 <= count <= TARGET_MAX:
        raise ValueError(
            f"A target is from 1 to {TARGET_MAX:,} conversions a month; leave it empty for none."
        )
    return count


# What one record can hold, the same for a form and an import: an amount (money.MAX_MINOR), a
# count of impressions or clicks, and a platform's count of conversions (reports sum it in
# millionths, which must stay within 64 bits).
MAX_COUNT = 10**12
MAX_PLATFORM_CONVERSIONS = 1_000_000_000


def money_text(text: str, currency: str, style: NumberStyle | None) -> int:
    """Minor units of an amount ≥ 0 in the business currency, or ValueError with the reason."""
    try:
        parsed = parse_amount(text, style)
    except MoneyParseError as exc:
        mark = style.decimal if style else "."
        raise ValueError(f"'{text.strip()}' is not an amount; write it like 1234{mark}50.") from exc
    if parsed.currency and parsed.currency != currency:
        raise ValueError(f"'{text.strip()}' is in {parsed.currency}; amounts are in {currency}.")
    if parsed.amount < 0:
        raise ValueError(f"'{text.strip()}' is negative; an amount cannot be.")
    if parsed.amount > max_amount(currency):  # as an import refuses it for one record
        raise ValueError(f"'{text.strip()}' is above {max_amount(currency):,}; check the amount.")
    return to_minor(parsed.amount, currency)


def count_text(text: str, style: NumberStyle | None) -> int:
    """A whole number ≥ 0 as people write it (`1,234`, `1.234`, `1 234`); '' is 0."""
    if not text.strip():
        return 0
    try:
        amount = parse_amount(text, style).amount
    except MoneyParseError as exc:
        raise ValueError(f"'{text.strip()}' is not a whole number.") from exc
    if amount < 0 or amount != amount.to_integral_value():
        raise ValueError(f"'{text.strip()}' is not a whole number ≥ 0.")
    if amount > MAX_COUNT:
        raise ValueError(f"'{text.strip()}' is above {MAX_COUNT:,}.")
    return int(amount)


def decimal_text(text: str, style: NumberStyle | None) -> Decimal:
    """A decimal ≥ 0 (platforms report fractional conversions); '' is 0."""
    if not text.strip():
        return Decimal(0)
    try:
        amount = parse_amount(text, style).amount
    except MoneyParseError as exc:
        raise ValueError(f"'{text.strip()}' is not a number.") from exc
    if amount < 0:
        raise ValueError(f"'{text.strip()}' is negative.")
    if amount > MAX_PLATFORM_CONVERSIONS:
        raise ValueError(f"'{text.strip()}' is above {MAX_PLATFORM_CONVERSIONS:,}.")
    return amount


def check_spend(
    text: dict[str, str],
    start: date,
    end: date,
    currency: str,
    style: NumberStyle | None = None,
) -> tuple[SpendPeriod | None, dict[str, str]]:
    """Read a spend form's texts (cost, impressions, clicks, conversions, value)."""
    errors: dict[str, str] = {}
    if end < start:
        errors["period_end"] = "The period ends before it starts."
    parsed: dict[str, object] = {}
    readers: dict[str, Callable[[str], object]] = {
        "cost": lambda t: money_text(t, currency, style),
        "impressions": lambda t: count_text(t, style),
        "clicks": lambda t: count_text(t, style),
        "platform_conversions": lambda t: decimal_text(t, style),
        "platform_value": lambda t: money_text(t, currency, style) if t.strip() else 0,
    }
    for key, read in readers.items():
        raw = text.get(key, "")
        if key == "cost" and not raw.strip():
            errors[key] = "Enter the cost (0 if it was free)."
            continue
        try:
            parsed[key] = read(raw)
        except ValueError as exc:
            errors[key] = str(exc)
    if errors:
        return None, errors
    return SpendPeriod(
        start,
        end,
        int(parsed["cost"]),  # type: ignore[call-overload]
        int(parsed["impressions"]),  # type: ignore[call-overload]
        int(parsed["clicks"]),  # type: ignore[call-overload]
        Decimal(parsed["platform_conversions"]),  # type: ignore[arg-type]
        int(parsed["platform_value"]),  # type: ignore[call-overload]
    ), {}


def check_goal(
    text: dict[str, str],
    currency: str,
    style: NumberStyle | None = None,
    taken: Collection[str] = (),
    stored: Mapping[str, str | None] | None = None,
) -> tuple[GoalValues | None, dict[str, str]]:
    """Read the goal form's texts; returns the values, or None and a message per bad field.
    `taken`: the other goals' names, as `name_key` gives them; `stored`: the edited goal's
    texts as stored (kept even where a new value would be too long)."""
    errors: dict[str, str] = {}
    stored = stored or {}
    name = _name(text, "goal", taken, errors, stored.get("name"))
    choices = {"category": GOAL_CATEGORIES, "level": GOAL_LEVELS, "counting": GOAL_COUNTING}
    picked = {key: text.get(key, options[0]) for key, options in choices.items()}
    for key, options in choices.items():
        if picked[key] not in options:
            errors[key] = f"Choose one of: {', '.join(options)}."
    amounts: dict[str, int | None] = {}
    for key in ("default_value", "target_cpa"):
        raw = text.get(key, "")
        try:
            amounts[key] = money_text(raw, currency, style) if raw.strip() else None
        except ValueError as exc:
            errors[key] = str(exc)
    lookback = _days(text.get("lookback_days", ""), "lookback_days", errors, required=True)
    if lookback is not None and not 1 <= lookback <= MAX_LOOKBACK:
        errors["lookback_days"] = f"Between 1 and {MAX_LOOKBACK} days."
    target = _days(text.get("target_count", ""), "target_count", errors, required=False)
    try:
        target_count(target)
    except ValueError as exc:
        errors["target_count"] = str(exc)
    margin = None
    margin_text = text.get("margin", "").strip().removesuffix("%").strip()
    if margin_text:  # the form asks for a percentage, written the locale's way: "35,5" is 35.5 %
        try:
            margin = margin_share(parse_amount(margin_text, style).amount / 100)
        except (MoneyParseError, ValueError):
            mark = style.decimal if style else "."
            errors["margin"] = f"A margin is a percentage from 0 to 100, e.g. 35{mark}5."
    names = {}
    for key in ("google_ads_name", "meta_name", "microsoft_name"):
        try:
            names[key] = clean_text(text.get(key, ""), stored.get(key), collapse=True)
        except ValueError as exc:
            errors[key] = str(exc)
    if errors:
        return None, errors
    return GoalValues(
        name=name,
        category=picked["category"],
        level=picked["level"],
        default_value_minor=amounts["default_value"] or 0,
        currency=currency,
        counting=picked["counting"],
        lookback_days=lookback or 30,
        target_count=target,
        target_cpa_minor=amounts["target_cpa"],
        margin=margin,
        **names,
    ), {}


def _name(
    text: dict[str, str],
    what: str,
    taken: Collection[str],
    errors: dict[str, str],
    stored: str | None,
) -> str:
    try:
        return clean_name(what, text.get("name", ""), taken, stored)
    except ValueError as exc:
        errors["name"] = str(exc)
        return ""


def _days(text: str, key: str, errors: dict[str, str], required: bool) -> int | None:
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if not cleaned:
        if required:
            errors[key] = "Enter a number of days."
        return None
    if not cleaned.isdigit():
        errors[key] = f"'{text.strip()}' is not a whole number."
        return None
    return int(cleaned)


def check_campaign(
    text: dict[str, str],
    channel_id: int | None,
    start: date | None,
    end: date | None,
    currency: str,
    style: NumberStyle | None = None,
    taken: Collection[str] = (),
    channels: Collection[int] = (),
    goal_id: int | None = None,
    stored: Mapping[str, str | None] | None = None,
) -> tuple[CampaignValues | None, dict[str, str]]:
    """Read the campaign form; returns the values, or None and a message per bad field.
    `taken`: the other campaigns' names (`name_key`); `channels`: the ids of the channels;
    `stored`: the edited campaign's texts as stored (kept even where too long to type anew)."""
    errors: dict[str, str] = {}
    stored = stored or {}
    name = _name(text, "campaign", taken, errors, stored.get("name"))
    if channel_id is None or channel_id not in channels:
        errors["channel"] = "Choose the channel this campaign runs in."
    if start and end and end < start:
        errors["end_date"] = "The end date is before the start date."
    budget: int | None = None
    if text.get("budget", "").strip():
        try:
            budget = money_text(text["budget"], currency, style)
        except ValueError as exc:
            errors["budget"] = str(exc)
    period = text.get("budget_period", "month") or "month"
    if period not in ("month", "campaign"):
        errors["budget_period"] = "A budget is per month or for the whole campaign."
    tags = {}
    for key in ("platform", "utm_source", "utm_medium", "utm_campaign"):
        try:
            tags[key] = clean_text(text.get(key, ""), stored.get(key))
        except ValueError as exc:
            errors[key] = str(exc)
    if errors or channel_id is None:
        return None, errors
    return CampaignValues(
        name=name,
        channel_id=channel_id,
        platform=tags["platform"],
        start_date=start.isoformat() if start else None,
        end_date=end.isoformat() if end else None,
        budget_minor=budget,
        utm_source=tags["utm_source"],
        utm_medium=tags["utm_medium"],
        utm_campaign=tags["utm_campaign"],
        notes=text.get("notes", "").strip(),
        goal_id=goal_id,
        budget_period=period,
    ), {}
