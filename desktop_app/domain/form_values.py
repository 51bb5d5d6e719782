"""Reading what a person typed or pasted: amounts, counts and decimals as their locale writes
them, and the values of the goal, campaign and spend forms. Pure: each answers a value or a
ValueError (or a message per field) that says why; what only the database knows (which names
are taken, whether a channel still exists) is handed in by the caller."""

from __future__ import annotations

from collections.abc import Callable, Collection
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
from desktop_app.domain.money import MoneyParseError, NumberStyle, parse_amount, to_minor


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
) -> tuple[GoalValues | None, dict[str, str]]:
    """Read the goal form's texts; returns the values, or None and a message per bad field.
    `taken`: the other goals' names, as `name_key` gives them."""
    errors: dict[str, str] = {}
    name = _name(text, "goal", taken, errors)
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
    if target is not None and target < 1:
        errors["target_count"] = "A target is at least 1 conversion (or leave it empty)."
    margin = None
    margin_text = text.get("margin", "").strip().removesuffix("%").strip()
    if margin_text:  # the form asks for a percentage, written the locale's way: "35,5" is 35.5 %
        try:
            percent = parse_amount(margin_text, style).amount
        except MoneyParseError:
            percent = Decimal(-1)
        if not 0 <= percent <= 100:
            mark = style.decimal if style else "."
            errors["margin"] = f"A margin is a percentage from 0 to 100, e.g. 35{mark}5."
        else:
            margin = format((percent / 100).normalize(), "f")
    names = {k: " ".join(text.get(k, "").split())[:200]
             for k in ("google_ads_name", "meta_name", "microsoft_name")}  # fmt: skip
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


def _name(text: dict[str, str], what: str, taken: Collection[str], errors: dict[str, str]) -> str:
    """The form's name, trimmed; a message when it is empty or another `what` has it."""
    name = text.get("name", "").strip()
    if not name:
        errors["name"] = f"A {what} needs a name."
    elif name_key(name) in taken:
        errors["name"] = f"There is already a {what} called '{name}'."
    return name


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
) -> tuple[CampaignValues | None, dict[str, str]]:
    """Read the campaign form; returns the values, or None and a message per bad field.
    `taken`: the other campaigns' names (`name_key`); `channels`: the ids of the channels."""
    errors: dict[str, str] = {}
    name = _name(text, "campaign", taken, errors)
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
    if errors or channel_id is None:
        return None, errors
    return CampaignValues(
        name=name,
        channel_id=channel_id,
        platform=text.get("platform", "").strip(),
        start_date=start.isoformat() if start else None,
        end_date=end.isoformat() if end else None,
        budget_minor=budget,
        utm_source=text.get("utm_source", "").strip(),
        utm_medium=text.get("utm_medium", "").strip(),
        utm_campaign=text.get("utm_campaign", "").strip(),
        notes=text.get("notes", "").strip(),
        goal_id=goal_id,
        budget_period=period,
    ), {}
