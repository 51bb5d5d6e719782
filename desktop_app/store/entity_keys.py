"""Goals, campaigns and channels as KEY=VALUE pairs: what `conversion-tracker goals`, `campaigns`
and `channels` list and set (PRODUCT.md's keys), with a sentence for every value refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from desktop_app.domain.form_values import TARGET_MAX, clean_name, clean_text, target_count
from desktop_app.domain.key_names import CAMPAIGN_KEYS, GOAL_KEYS
from desktop_app.domain.key_values import (
    KeyValueError,
    assignments,
    flag,
    mapping_text,
    margin,
    money,
    parse_mapping,
    whole,
)
from desktop_app.domain.models import GOAL_CATEGORIES, GOAL_COUNTING, GOAL_LEVELS, MAX_LOOKBACK
from desktop_app.domain.money import currency_exponent
from desktop_app.domain.timeutil import EARLIEST_DAY, LATEST_DAY, outside_reportable
from desktop_app.store.audit import record
from desktop_app.store.handle import Database
from desktop_app.store.settings import load_settings
from desktop_app.store.transactions import writing


def _decimal(minor: int | None, currency: str) -> Decimal | None:
    return None if minor is None else Decimal(minor).scaleb(-currency_exponent(currency or "EUR"))


def _rule(key: str, check: Callable[..., Any], *args: Any) -> Any:
    """Apply one of the forms' field rules (domain/form_values.py) to a KEY=VALUE; its sentence
    becomes the command's error, naming the key."""
    try:
        return check(*args)
    except ValueError as exc:
        message = str(exc).rstrip(".")
        if key == "NAME":  # the positional name: the sentence names it already
            raise KeyValueError(message[:1].lower() + message[1:]) from None
        raise KeyValueError(f"{key}: {message[:1].lower() + message[1:]}") from None


def _stored(db: Database, table: str, name: str, columns: tuple[str, ...]) -> dict[str, Any]:
    """The texts of the goal or campaign called `name` (trimmed, any case), {} when none: a
    value it already has is kept even where the rules would refuse it typed anew."""
    found = db.execute(
        f"SELECT {', '.join(columns)} FROM {table} WHERE name = ? COLLATE NOCASE", [name.strip()]
    ).fetchone()
    return dict(zip(columns, found, strict=True)) if found else {}


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
    given = assignments(pairs)
    unknown = sorted(set(given) - set(GOAL_KEYS))
    if unknown:
        raise KeyValueError(f"unknown key '{unknown[0]}'; goal keys are: {', '.join(GOAL_KEYS)}")
    base = load_settings(db).currency
    if not base:
        raise KeyValueError(
            "the business has no currency yet; set it first: conversion-tracker settings currency=EUR"
        )
    stored = _stored(db, "goals", name, ("name", "google_ads_name", "meta_name", "microsoft_name"))
    cols: dict[str, Any] = {}
    choices = {"category": GOAL_CATEGORIES, "level": GOAL_LEVELS, "counting": GOAL_COUNTING}
    for key, value in given.items():
        if key in choices:
            if value.lower() not in choices[key]:
                raise KeyValueError(
                    f"{key} must be one of {', '.join(choices[key])}, not '{value}'"
                )
            cols[key] = value.lower()
        elif key == "name":
            cols["name"] = _rule(key, clean_name, "goal", value, (), stored.get("name"))
        elif key == "value":
            cols["default_value_minor"] = money(key, value, base) or 0
        elif key == "target_cpa":
            cols["target_cpa_minor"] = money(key, value, base)
        elif key == "currency":
            if value.upper() != base:
                raise KeyValueError(f"goal values are in the business's currency, {base}")
            cols["currency"] = base
        elif key == "lookback_days":
            cols["lookback_days"] = whole(key, value, 1, MAX_LOOKBACK)
        elif key == "target_per_month":
            count = whole(key, value, 1, TARGET_MAX, optional=True)
            cols["target_count"] = _rule(key, target_count, count)
        elif key == "margin":
            cols["margin"] = margin(value)
        elif key == "archived":
            cols["archived"] = flag(key, value)
        else:  # the platforms' names of the goal, as the goal form keeps them
            cols[key] = _rule(key, clean_text, value, stored.get(key), True)
    clean = _rule("NAME", clean_name, "goal", name, (), stored.get("name"))
    found = db.execute("SELECT id FROM goals WHERE name = ? COLLATE NOCASE", [clean]).fetchone()
    new_name = cols.get("name", clean)
    clash = db.execute(
        "SELECT id FROM goals WHERE name = ? COLLATE NOCASE AND id IS NOT ?",
        [new_name, found[0] if found else None],
    ).fetchone()
    if clash:
        raise KeyValueError(f"there is already a goal called '{new_name}'")
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

    given = assignments(pairs)
    unknown = sorted(set(given) - set(CAMPAIGN_KEYS))
    if unknown:
        raise KeyValueError(
            f"unknown key '{unknown[0]}'; campaign keys are: {', '.join(CAMPAIGN_KEYS)}"
        )
    base = load_settings(db).currency
    texts = ("name", "platform", "utm_source", "utm_medium", "utm_campaign")
    stored = _stored(db, "campaigns", name, texts)
    cols: dict[str, Any] = {}
    made: list[str] = []
    for key, value in given.items():
        if key in ("start", "end"):
            if value.lower() in ("", "none"):
                cols[f"{key}_date"] = None
                continue
            try:
                day = date.fromisoformat(value)
            except ValueError:
                raise KeyValueError(
                    f"{key} '{value}' is not a date in the form YYYY-MM-DD"
                ) from None
            if outside_reportable(day):
                raise KeyValueError(
                    f"{key} '{value}': give a day between {EARLIEST_DAY} and {LATEST_DAY}"
                )
            cols[f"{key}_date"] = day.isoformat()
        elif key == "budget":
            if given.get(key) and not base:
                raise KeyValueError(
                    "the business has no currency yet; set it first (settings currency=EUR)"
                )
            cols["budget_minor"] = money(key, value, base or "EUR")
        elif key == "budget_period":
            if value.lower() not in ("month", "campaign"):
                raise KeyValueError(f"budget_period must be month or campaign, not '{value}'")
            cols["budget_period"] = value.lower()
        elif key == "archived":
            cols["archived"] = flag(key, value)
        elif key == "name":
            cols["name"] = _rule(key, clean_name, "campaign", value, (), stored.get("name"))
        elif key in ("channel", "goal"):
            continue  # below, once the values are known to be good
        else:  # platform and UTM tags, as the campaign form keeps them
            cols[key] = _rule(key, clean_text, value, stored.get(key))
    start, end = cols.get("start_date"), cols.get("end_date")
    clean = _rule("NAME", clean_name, "campaign", name, (), stored.get("name"))
    found = db.execute(
        "SELECT id, start_date, end_date FROM campaigns WHERE name = ? COLLATE NOCASE", [clean]
    ).fetchone()
    if found is not None:
        start = cols.get("start_date", found[1])
        end = cols.get("end_date", found[2])
    if start and end and end < start:
        raise KeyValueError(f"the campaign ends ({end}) before it starts ({start})")
    new_name = cols.get("name", clean)
    if db.execute(
        "SELECT 1 FROM campaigns WHERE name = ? COLLATE NOCASE AND id IS NOT ?",
        [new_name, found[0] if found else None],
    ).fetchone():
        raise KeyValueError(f"there is already a campaign called '{new_name}'")
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
            raise KeyValueError(str(exc)) from exc
    name = db.execute("SELECT name FROM channels WHERE id = ?", [channel_id]).fetchone()[0]
    return mapping_text(raw), str(name), bool(resolver.created)
