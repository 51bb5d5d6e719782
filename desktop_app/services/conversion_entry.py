"""Checking a conversion typed into the form against the database: gathers what the store
knows (settings, the goal, an order id already logged, exchange rates, the channel rules) and
reads the draft with domain/conversion_form.py. The windows call `check_draft`."""

from __future__ import annotations

from datetime import datetime

from desktop_app.domain.conversion_form import (
    CheckedDraft,
    ConversionDraft,
    DraftFacts,
    in_form_order,
    read_draft,
    too_large_value,
)
from desktop_app.domain.money import MAX_MINOR, NumberStyle
from desktop_app.store.channels import ChannelResolver
from desktop_app.store.exchange import MissingRateError, to_base_minor
from desktop_app.store.handle import Database
from desktop_app.store.lookups import campaign_channel, name_of, order_logged_on
from desktop_app.store.settings import load_settings


def check_draft(
    db: Database,
    draft: ConversionDraft,
    style: NumberStyle | None = None,
    editing_id: int | None = None,
    now: datetime | None = None,
) -> CheckedDraft:
    """Every problem of the draft by field; with none, the conversions row to store."""
    settings = load_settings(db)
    goal_name = name_of(db, "goals", draft.goal_id) or None
    facts = DraftFacts(
        currency=settings.currency,
        tz=settings.tz,
        country=settings.country,
        keep_contacts=settings.keep_contacts,
        goal_name=goal_name,
        order_logged_on=(
            order_logged_on(db, draft.goal_id, draft.order_key, editing_id)
            if goal_name and draft.order_key
            else None
        ),
    )
    read = read_draft(draft, facts, style, now)
    errors, row = dict(read.errors), dict(read.row)
    if "value" not in errors:
        currency = row["original_currency"]
        try:
            row["value_minor"] = to_base_minor(db, row["original_value_minor"], currency, read.day)
            if row["value_minor"] > MAX_MINOR:
                errors["value"] = too_large_value(settings.currency)
        except MissingRateError:
            errors["value"] = (
                f"No exchange rate for {currency} on {read.day.isoformat()}; enter one in "
                f"Settings > Exchange rates, or type the value in {settings.currency}."
            )
    if errors:
        return CheckedDraft(in_form_order(errors))
    campaign_channel_id, learned = campaign_channel(db, draft.campaign_id)
    resolver = ChannelResolver(db)
    row["channel_id"], row["channel_rule"] = resolver.resolve(
        explicit=name_of(db, "channels", draft.channel_id) or None,
        campaign_channel_id=campaign_channel_id,
        click_ids=dict([read.click]) if read.click else None,
        learned_channel_id=learned,
    )
    return CheckedDraft({}, row)
