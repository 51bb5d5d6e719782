"""Goals, campaigns and channels as KEY=VALUE pairs: what `conversion-tracker goals`, `campaigns`
and `channels` list and set (PRODUCT.md's keys), with a sentence for every value refused."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlite_utils import Database

from desktop_app.domain.money import currency_exponent, to_minor
from desktop_app.store.audit import record
from desktop_app.store.settings import load_settings
from desktop_app.store.transactions import writing

GOAL_KEYS = ("name", "category", "level", "value", "currency", "counting", "lookback_days",
             "target_per_month", "target_cpa", "margin", "google_ads_name", "meta_name",
             "microsoft_name", "archived")  # fmt: skip
CAMPAIGN_KEYS = ("name", "channel", "goal", "platform", "start", "end", "budget",
                 "budget_period", "utm_source", "utm_medium", "utm_campaign", "archived")  # fmt: skip
_TRUE, _FALSE = {"true", "yes", "1", "on"}, {"false", "no", "0", "off"}


class KeyError_(ValueError):
    """A key or value that is not accepted; the message says what is."""


def _decimal(minor: int | None, currency: str) -> Decimal | None:
    return None if minor is None else Decimal(minor).scaleb(-currency_exponent(currency or "EUR"))


def _flag(key: str, value: str) -> int:
    if value.lower() in _TRUE:
        return 1
    if value.lower() in _FALSE:
        return 0
    raise KeyError_(f"{key} must be true or false, not '{value}'")


def _money(key: str, value: str, currency: str) -> int | None:
    if value.strip().lower() in ("", "none"):
        return None
    try:
        amount = Decimal(value.strip())
    except InvalidOperation:
        raise KeyError_(f"{key} '{value}' is not an amount; write it like 1234.50") from None
    if not amount.is_finite() or not 0 <= amount <= 1_000_000_000:
        raise KeyError_(f"{key} must be an amount from 0 to 1,000,000,000, not '{value}'")
    exponent = currency_exponent(currency)
    if amount != amount.quantize(Decimal(1).scaleb(-exponent)):
        raise KeyError_(f"{key} '{value}' has more decimals than {currency} has ({exponent})")
    return to_minor(amount, currency)


def _whole(key: str, value: str, low: int, high: int, optional: bool = False) -> int | None:
    if optional and value.strip().lower() in ("", "none"):
        return None
    if not re.fullmatch(r"\d{1,9}", value.strip()) or not low <= int(value) <= high:
        raise KeyError_(f"{key} must be a whole number from {low} to {high}, not '{value}'")
    return int(value)


def parse_margin(value: str) -> str | None:
    """`35%` or `0.35` -> '0.35' (exact text); '' or 'none' -> None; else KeyError_."""
    text = value.strip().lower()
    if text in ("", "none"):
        return None
    try:
        margin = Decimal(text[:-1].strip()) / 100 if text.endswith("%") else Decimal(text)
    except InvalidOperation:
        raise KeyError_(f"margin '{value}' is not a share; write it like 35% or 0.35") from None
    if not margin.is_finite() or not 0 <= margin <= 1:
        raise KeyError_(f"margin must be between 0% and 100% (0 and 1), not '{value}'")
    return format(margin.normalize(), "f")


def _assignments(pairs: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for item in pairs:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise KeyError_(f"'{item}' is not KEY=VALUE (for example level=micro)")
        found[key.strip().lower()] = value.strip()
    return found


# -- goals --------------------------------------------------------------------------------------
def goal_documents(db: Database) -> list[dict[str, Any]]:
    rows = db.execute(
        "SELECT name, category, level, default_value_minor, currency, counting, lookback_days,"
        " target_count, target_cpa_minor, margin, google_ads_name, meta_name, microsoft_name,"
        " archived FROM goals ORDER BY name COLLATE NOCASE"
    ).fetchall()
    base = load_settings(db).currency
    return [
        {
            "name": r[0],
            "category": r[1],
            "level": r[2],
            "value": _decimal(r[3], r[4] or base),
            "currency": r[4] or base,
            "counting": r[5],
            "lookback_days": r[6],
            "target_per_month": r[7],
            "target_cpa": _decimal(r[8], r[4] or base),
            "margin": Decimal(r[9]) if r[9] is not None else None,
            "google_ads_name": r[10],
            "meta_name": r[11],
            "microsoft_name": r[12],
            "archived": bool(r[13]),
        }
        for r in rows
    ]


def set_goal(db: Database, name: str, pairs: list[str]) -> tuple[str, bool]:
    """Create or change the goal `name`; returns (its name, whether it was created)."""
    given = _assignments(pairs)
    unknown = sorted(set(given) - set(GOAL_KEYS))
    if unknown:
        raise KeyError_(f"unknown key '{unknown[0]}'; goal keys are: {', '.join(GOAL_KEYS)}")
    base = load_settings(db).currency
    if not base:
        raise KeyError_(
            "the business has no currency yet; set it first: conversion-tracker settings currency=EUR"
        )
    cols: dict[str, Any] = {}
    choices = {"category": ("lead", "engagement", "transaction"), "level": ("macro", "micro"),
               "counting": ("every", "one_per_customer")}  # fmt: skip
    for key, value in given.items():
        if key in choices:
            if value.lower() not in choices[key]:
                raise KeyError_(f"{key} must be one of {', '.join(choices[key])}, not '{value}'")
            cols[key] = value.lower()
        elif key == "name":
            if not value or len(value) > 120:
                raise KeyError_("a goal's name is 1 to 120 characters")
            cols["name"] = value
        elif key == "value":
            cols["default_value_minor"] = _money(key, value, base) or 0
        elif key == "target_cpa":
            cols["target_cpa_minor"] = _money(key, value, base)
        elif key == "currency":
            if value.upper() != base:
                raise KeyError_(f"goal values are in the business's currency, {base}")
            cols["currency"] = base
        elif key == "lookback_days":
            cols["lookback_days"] = _whole(key, value, 1, 540)
        elif key == "target_per_month":
            cols["target_count"] = _whole(key, value, 1, 10**9, optional=True)
        elif key == "margin":
            cols["margin"] = parse_margin(value)
        elif key == "archived":
            cols["archived"] = _flag(key, value)
        else:  # the platforms' names of the goal
            cols[key] = value[:200]
    clean = " ".join(name.split())
    if not clean:
        raise KeyError_("a goal needs a name")
    found = db.execute("SELECT id FROM goals WHERE name = ? COLLATE NOCASE", [clean]).fetchone()
    new_name = cols.get("name", clean)
    clash = db.execute(
        "SELECT id FROM goals WHERE name = ? COLLATE NOCASE AND id IS NOT ?",
        [new_name, found[0] if found else None],
    ).fetchone()
    if clash:
        raise KeyError_(f"there is already a goal called '{new_name}'")
    with writing(db):
        if found is None:
            # What the command line creates without being told otherwise (PRODUCT.md).
            row = {"name": clean, "category": "transaction", "level": "macro",
                   "counting": "every", "currency": base, **cols}  # fmt: skip
            cursor = db.execute(
                f"INSERT INTO goals ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                list(row.values()),
            )
            record(db, "create", "goal", cursor.lastrowid, {"name": row["name"]})
            return str(row["name"]), True
        if cols:
            db.execute(
                f"UPDATE goals SET {', '.join(f'{c} = ?' for c in cols)} WHERE id = ?",
                [*cols.values(), found[0]],
            )
            record(db, "edit", "goal", found[0], {"name": new_name, "changed": sorted(cols)})
    return str(new_name), False


# -- campaigns ----------------------------------------------------------------------------------
def campaign_documents(db: Database) -> list[dict[str, Any]]:
    base = load_settings(db).currency
    rows = db.execute(
        "SELECT c.name, ch.name, c.channel_source, g.name, c.platform, c.start_date, c.end_date,"
        " c.budget_minor, c.budget_period, c.utm_source, c.utm_medium, c.utm_campaign, c.archived"
        " FROM campaigns c JOIN channels ch ON ch.id = c.channel_id"
        " LEFT JOIN goals g ON g.id = c.goal_id ORDER BY c.name COLLATE NOCASE"
    ).fetchall()
    return [
        {
            "name": r[0],
            "channel": r[1],
            "channel_source": r[2],
            "goal": r[3],
            "platform": r[4],
            "start": r[5],
            "end": r[6],
            "budget": _decimal(r[7], base),
            "budget_period": r[8],
            "utm_source": r[9],
            "utm_medium": r[10],
            "utm_campaign": r[11],
            "archived": bool(r[12]),
        }
        for r in rows
    ]


def set_campaign(db: Database, name: str, pairs: list[str]) -> tuple[str, bool, list[str]]:
    """Create or change the campaign `name`; returns (its name, created, what else was created:
    sentences such as "created the channel 'Podcasts'")."""
    from desktop_app.store.channels import ChannelResolver

    given = _assignments(pairs)
    unknown = sorted(set(given) - set(CAMPAIGN_KEYS))
    if unknown:
        raise KeyError_(
            f"unknown key '{unknown[0]}'; campaign keys are: {', '.join(CAMPAIGN_KEYS)}"
        )
    base = load_settings(db).currency
    cols: dict[str, Any] = {}
    made: list[str] = []
    for key, value in given.items():
        if key in ("start", "end"):
            if value.lower() in ("", "none"):
                cols[f"{key}_date"] = None
                continue
            try:
                cols[f"{key}_date"] = date.fromisoformat(value).isoformat()
            except ValueError:
                raise KeyError_(f"{key} '{value}' is not a date in the form YYYY-MM-DD") from None
        elif key == "budget":
            if given.get(key) and not base:
                raise KeyError_(
                    "the business has no currency yet; set it first (settings currency=EUR)"
                )
            cols["budget_minor"] = _money(key, value, base or "EUR")
        elif key == "budget_period":
            if value.lower() not in ("month", "campaign"):
                raise KeyError_(f"budget_period must be month or campaign, not '{value}'")
            cols["budget_period"] = value.lower()
        elif key == "archived":
            cols["archived"] = _flag(key, value)
        elif key == "name":
            if not value or len(value) > 200:
                raise KeyError_("a campaign's name is 1 to 200 characters")
            cols["name"] = value
        elif key in ("channel", "goal"):
            continue  # below, once the values are known to be good
        else:
            cols[key] = value[:200]
    start, end = cols.get("start_date"), cols.get("end_date")
    clean = " ".join(name.split())
    if not clean:
        raise KeyError_("a campaign needs a name")
    found = db.execute(
        "SELECT id, start_date, end_date FROM campaigns WHERE name = ? COLLATE NOCASE", [clean]
    ).fetchone()
    if found is not None:
        start = cols.get("start_date", found[1])
        end = cols.get("end_date", found[2])
    if start and end and end < start:
        raise KeyError_(f"the campaign ends ({end}) before it starts ({start})")
    new_name = cols.get("name", clean)
    if db.execute(
        "SELECT 1 FROM campaigns WHERE name = ? COLLATE NOCASE AND id IS NOT ?",
        [new_name, found[0] if found else None],
    ).fetchone():
        raise KeyError_(f"there is already a campaign called '{new_name}'")
    with writing(db):
        resolver = ChannelResolver(db)
        if "channel" in given:  # setting a channel makes it the campaign's explicit channel
            channel = " ".join(given["channel"].split())
            if not channel:  # channel= : no explicit channel; it is learned from its rows again
                cols["channel_id"], cols["channel_source"] = resolver.unassigned_id(), "none"
                made.append("the channel is learned from the campaign's tagged rows again "
                            "(conversion-tracker channels reclassify applies it)")  # fmt: skip
            else:
                cols["channel_id"] = resolver.channel_id(channel)
                cols["channel_source"] = "explicit"
                made += [f"created the channel '{c}'" for c in resolver.created]
        if "goal" in given:
            goal = " ".join(given["goal"].split())
            if goal.lower() in ("", "none"):
                cols["goal_id"] = None
            else:
                row = db.execute(
                    "SELECT id FROM goals WHERE name = ? COLLATE NOCASE", [goal]
                ).fetchone()
                if row is None:
                    set_goal(db, goal, [])
                    row = db.execute(
                        "SELECT id FROM goals WHERE name = ? COLLATE NOCASE", [goal]
                    ).fetchone()
                    made.append(f"created the goal '{goal}' (macro, transaction)")
                cols["goal_id"] = row[0]
        if found is None:
            row_cols = {"name": clean, "channel_id": resolver.unassigned_id(),
                        "channel_source": "none", **cols}  # fmt: skip
            cursor = db.execute(
                f"INSERT INTO campaigns ({', '.join(row_cols)}) VALUES ({', '.join('?' * len(row_cols))})",
                list(row_cols.values()),
            )
            record(db, "create", "campaign", cursor.lastrowid, {"name": row_cols["name"]})
            return str(row_cols["name"]), True, made
        if cols:
            db.execute(
                f"UPDATE campaigns SET {', '.join(f'{c} = ?' for c in cols)} WHERE id = ?",
                [*cols.values(), found[0]],
            )
            record(db, "edit", "campaign", found[0], {"name": new_name, "changed": sorted(cols)})
    return str(new_name), False, made


# -- channels -----------------------------------------------------------------------------------
def mapping_text(raw_value: str) -> str:
    """A stored mapping as `source/medium` (a plain source value maps every medium)."""
    return raw_value if "/" in raw_value else f"{raw_value}/*"


def channel_documents(db: Database) -> list[dict[str, Any]]:
    mappings: dict[int, list[str]] = {}
    for raw, channel_id in db.execute(
        "SELECT raw_value, channel_id FROM channel_aliases ORDER BY raw_value COLLATE NOCASE"
    ):
        mappings.setdefault(channel_id, []).append(mapping_text(raw))
    return [
        {"name": r[1], "paid": bool(r[2]), "hidden": bool(r[3]), "mappings": mappings.get(r[0], [])}
        for r in db.execute("SELECT id, name, paid, hidden FROM channels ORDER BY sort_order, name")
    ]


def parse_mapping(text: str) -> tuple[str, str]:
    """`google/cpc=Paid Search` -> ('google/cpc', 'Paid Search'); `google/*` is stored as
    `google` (every medium of that source), `*/cpc` as it is."""
    left, sep, channel = text.rpartition("=")
    source, slash, medium = left.strip().partition("/")
    source, medium = source.strip().lower(), medium.strip().lower()
    if not sep or not slash or not channel.strip() or not (source or medium):
        raise KeyError_(
            f"'{text}' is not SOURCE/MEDIUM=CHANNEL (for example google/cpc='Paid Search')"
        )
    if source in ("", "*") and medium in ("", "*"):
        raise KeyError_(
            f"'{text}' names neither a source nor a medium; write SOURCE/MEDIUM=CHANNEL, where "
            "one side may be * (for example newsletter/*=Email)"
        )
    raw = f"{source}/*" if medium in ("", "*") else f"{source or '*'}/{medium}"
    return raw, " ".join(channel.split())


def map_source(db: Database, text: str) -> tuple[str, str, bool]:
    """Store a SOURCE/MEDIUM=CHANNEL mapping; returns (the mapping, channel, channel created)."""
    from desktop_app.store.channel_admin import ChannelAdminError, check_alias, set_alias
    from desktop_app.store.channels import ChannelResolver

    raw, channel = parse_mapping(text)
    with writing(db):
        resolver = ChannelResolver(db)
        channel_id = resolver.channel_id(channel)
        assert channel_id is not None
        try:
            raw = check_alias(db, raw, channel_id)
            set_alias(db, raw, channel_id)
        except ChannelAdminError as exc:
            raise KeyError_(str(exc)) from exc
    name = db.execute("SELECT name FROM channels WHERE id = ?", [channel_id]).fetchone()[0]
    return mapping_text(raw), str(name), bool(resolver.created)
