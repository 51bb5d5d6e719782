"""Goals, campaigns and spend typed in by hand: validation, writes, audit lines, exact undo states."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from desktop_app.domain import form_values
from desktop_app.domain.form_values import check_spend
from desktop_app.domain.money import EN, EU
from desktop_app.store.campaigns import (
    CampaignInUseError,
    create_campaign,
    delete_campaign,
    list_campaigns,
    update_campaign,
)
from desktop_app.store.goals import (
    GoalInUseError,
    create_goal,
    delete_goal,
    list_goals,
    set_goal_archived,
)
from desktop_app.store.lookups import channel_ids, names_taken
from desktop_app.store.row_changes import apply_changes
from desktop_app.store.spend import (
    SpendError,
    SpendPeriod,
    add_spend_rows,
    delete_spend,
    list_spend,
    update_spend,
)

GOAL = {
    "name": "Quote request",
    "category": "lead",
    "level": "macro",
    "default_value": "1.234,50",
    "counting": "every",
    "lookback_days": "30",
    "target_count": "40",
    "margin": "35",
    "google_ads_name": " Quote  form ",
    "meta_name": "Lead",
}


def dump(db, table: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    return list(db.execute(f"SELECT * FROM {table} ORDER BY id"))


def check_goal(db, text, currency, style, goal_id=None):  # type: ignore[no-untyped-def]
    """The goal form's check with the names the database holds, as the form calls it."""
    return form_values.check_goal(text, currency, style, names_taken(db, "goals", goal_id))


def check_campaign(db, text, channel_id, start, end, currency, style):  # type: ignore[no-untyped-def]
    return form_values.check_campaign(
        text, channel_id, start, end, currency, style,
        taken=names_taken(db, "campaigns"), channels=channel_ids(db),
    )  # fmt: skip


def paid_search(db) -> int:  # type: ignore[no-untyped-def]
    return int(db.execute("SELECT id FROM channels WHERE name = 'Paid Search'").fetchone()[0])


def test_goal_form_is_read_in_the_locale_and_stored_exactly(db) -> None:
    values, errors = check_goal(db, GOAL, "EUR", EU)
    assert errors == {} and values is not None
    assert values.default_value_minor == 123450  # 1.234,50 € = 1234.50 € = 123450 cents
    assert (values.google_ads_name, values.meta_name, values.microsoft_name) == (
        "Quote form", "Lead", ""
    )  # fmt: skip
    assert values.margin == "0.35"
    eu = check_goal(db, {**GOAL, "margin": "35,5 %"}, "EUR", EU)[0]
    assert eu is not None and eu.margin == "0.355"  # 35,5 % in the locale's writing, exactly
    assert check_goal(db, {**GOAL, "margin": "120"}, "EUR", EU)[1] == {
        "margin": "A margin is a percentage from 0 to 100, e.g. 35,5."
    }
    change = create_goal(db, values)
    row = db.execute(
        "SELECT name, default_value_minor, target_count, margin, google_ads_name FROM goals"
    ).fetchone()
    assert row == ("Quote request", 123450, 40, "0.35", "Quote form")
    assert (
        change.before is None and change.after is not None and change.after["id"] == change.row_id
    )
    audit = db.execute(
        "SELECT action, entity, entity_id, details FROM audit_log WHERE entity='goal'"
    ).fetchall()
    assert audit == [("create", "goal", change.row_id, json.dumps({"name": "Quote request"}))]


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("name", "  ", "A goal needs a name."),
        ("default_value", "-5", "'-5' is negative; an amount cannot be."),
        ("default_value", "abc", "'abc' is not an amount; write it like 1234.50."),
        ("lookback_days", "0", "Between 1 and 540 days."),
        ("lookback_days", "541", "Between 1 and 540 days."),
        ("lookback_days", "", "Enter a number of days."),
        ("target_count", "x", "'x' is not a whole number."),
        (
            "target_count",
            "0",
            "A target is from 1 to 1,000,000,000 conversions a month; leave it empty for none.",
        ),
    ],
)
def test_goal_validation(db, field: str, text: str, message: str) -> None:
    values, errors = check_goal(db, {**GOAL, field: text}, "EUR", EN)
    assert values is None and errors == {field: message}


def test_goal_names_are_unique_ignoring_case(db) -> None:
    values, _ = check_goal(db, GOAL, "EUR", EU)
    assert values is not None
    change = create_goal(db, values)
    _, errors = check_goal(db, {**GOAL, "name": "QUOTE REQUEST"}, "EUR", EU)
    assert errors == {"name": "There is already a goal called 'QUOTE REQUEST'."}
    # Editing the goal itself keeps its own name.
    assert check_goal(db, GOAL, "EUR", EU, goal_id=change.row_id)[1] == {}


def test_goal_with_conversions_is_archived_not_deleted(db) -> None:
    values, _ = check_goal(db, GOAL, "EUR", EU)
    assert values is not None
    goal_id = create_goal(db, values).row_id
    db.execute(
        "INSERT INTO conversions (goal_id, occurred_at, local_date, currency, original_currency,"
        " channel_id) VALUES (?, '2026-06-01T10:00:00Z', '2026-06-01', 'EUR', 'EUR', 1)",
        [goal_id],
    )
    with pytest.raises(GoalInUseError, match="has 1 conversions; archive it instead"):
        delete_goal(db, goal_id)
    change = set_goal_archived(db, goal_id, True)
    assert change.before["archived"] == 0 and change.after["archived"] == 1
    rows = list_goals(db, date(2026, 6, 15))
    assert [(r.archived, r.month_count, r.last30_count, r.has_conversions) for r in rows] == [
        (True, 1, 1, True)
    ]
    # "Last 30 days" ends yesterday, as the reports' (it took today in): on 1 July, 1-30 June.
    assert [(r.month_count, r.last30_count) for r in list_goals(db, date(2026, 7, 1))] == [(0, 1)]
    assert [r.last30_count for r in list_goals(db, date(2026, 6, 1))] == [0]  # only today


def test_undo_and_redo_restore_rows_with_their_ids(db) -> None:
    values, _ = check_goal(db, GOAL, "EUR", EU)
    assert values is not None
    empty = dump(db, "goals")
    create = create_goal(db, values)
    created = dump(db, "goals")
    delete = delete_goal(db, create.row_id)
    apply_changes(db, [delete], undo=True)
    assert dump(db, "goals") == created  # same id, same created_at
    apply_changes(db, [delete], undo=False)
    apply_changes(db, [create], undo=True)
    assert dump(db, "goals") == empty
    apply_changes(db, [create], undo=False)
    assert dump(db, "goals") == created


def test_campaign_validation_and_use_checks(db) -> None:
    text = {
        "name": "Search - Brand",
        "budget": "1,500.00",
        "utm_source": "google",
        "utm_medium": "cpc",
    }
    values, errors = check_campaign(
        db, text, paid_search(db), date(2026, 1, 1), date(2026, 3, 31), "EUR", EN
    )
    assert errors == {} and values is not None and values.budget_minor == 150000
    campaign_id = create_campaign(db, values).row_id
    _, errors = check_campaign(
        db,
        {**text, "name": "search - brand", "budget": "-1"},
        None,
        date(2026, 2, 1),
        date(2026, 1, 1),
        "EUR",
        EN,
    )
    assert errors == {
        "name": "There is already a campaign called 'search - brand'.",
        "channel": "Choose the channel this campaign runs in.",
        "end_date": "The end date is before the start date.",
        "budget": "'-1' is negative; an amount cannot be.",
    }
    add_spend_rows(db, campaign_id, [SpendPeriod(date(2026, 1, 5), date(2026, 1, 5), 1999)], "EUR")
    with pytest.raises(CampaignInUseError, match="has 1 spend; archive it instead"):
        delete_campaign(db, campaign_id)
    assert [(c.name, c.channel, c.spend_minor) for c in list_campaigns(db)] == [
        ("Search - Brand", "Paid Search", 1999)
    ]
    before = dump(db, "campaigns")
    edit = update_campaign(db, campaign_id, replace(values, name="Brand search", budget_minor=None))
    assert edit.after["name"] == "Brand search" and edit.after["budget_minor"] is None
    apply_changes(db, [edit], undo=True)
    assert dump(db, "campaigns") == before


def test_spend_form_paste_duplicates_and_edits(db) -> None:
    values, _ = check_campaign(db, {"name": "Meta"}, paid_search(db), None, None, "EUR", EN)
    assert values is not None
    cid = create_campaign(db, values).row_id
    spend, errors = check_spend(
        {"cost": "12,50", "impressions": "1.200", "clicks": "30", "platform_conversions": "2,5",
         "platform_value": "100"},
        date(2026, 3, 1), date(2026, 3, 31), "EUR", EU,
    )  # fmt: skip
    assert errors == {} and spend is not None
    assert (spend.cost_minor, spend.impressions, spend.platform_conversions) == (
        1250,
        1200,
        Decimal("2.5"),
    )
    bad, errors = check_spend(
        {"cost": "", "clicks": "1.5"}, date(2026, 3, 2), date(2026, 3, 1), "EUR", EN
    )
    assert bad is None and errors == {
        "period_end": "The period ends before it starts.",
        "cost": "Enter the cost (0 if it was free).",
        "clicks": "'1.5' is not a whole number ≥ 0.",
    }
    [change] = add_spend_rows(db, cid, [spend], "EUR")
    with pytest.raises(SpendError, match="already has a spend record for 2026-03-01 – 2026-03-31"):
        add_spend_rows(db, cid, [SpendPeriod(date(2026, 4, 1), date(2026, 4, 1), 1), spend], "EUR")
    assert len(list_spend(db, cid)) == 1  # nothing of the refused paste was written
    edited = update_spend(
        db, change.row_id, SpendPeriod(date(2026, 3, 1), date(2026, 3, 31), 999), "EUR"
    )
    assert edited.after["cost_minor"] == 999 and edited.before["cost_minor"] == 1250
    [gone] = delete_spend(db, [change.row_id])
    apply_changes(db, [gone], undo=True)
    assert list_spend(db, cid)[0].cost_minor == 999 and list_spend(db, cid)[0].id == change.row_id


def test_the_spend_form_refuses_figures_no_record_holds() -> None:
    """A 31-digit cost was a decimal.InvalidOperation out of the form's check; 20-digit
    impressions passed and could not be stored (SQLite holds 64 bits). The bounds are the
    import's: 1,000,000,000 for an amount, 10^12 for a count, 10^9 platform conversions."""
    spend, errors = check_spend(
        {"cost": "9" * 31, "impressions": "9" * 20, "clicks": "1000000000001",
         "platform_conversions": "1000000001", "platform_value": "1000000000.01"},
        date(2026, 3, 1), date(2026, 3, 31), "EUR", EN,
    )  # fmt: skip
    assert spend is None and errors == {
        "cost": f"'{'9' * 31}' is above 1,000,000,000; check the amount.",
        "impressions": f"'{'9' * 20}' is above 1,000,000,000,000.",
        "clicks": "'1000000000001' is above 1,000,000,000,000.",
        "platform_conversions": "'1000000001' is above 1,000,000,000.",
        "platform_value": "'1000000000.01' is above 1,000,000,000; check the amount.",
    }
    fine, errors = check_spend(
        {"cost": "1000000000", "impressions": "1000000000000", "platform_conversions": "1000000000"},
        date(2026, 3, 1), date(2026, 3, 31), "EUR", EN,
    )  # fmt: skip
    assert errors == {} and fine is not None and fine.impressions == 10**12


def test_the_amount_bound_is_one_in_minor_units_whatever_the_currency() -> None:
    """Without cents (VND) the bound is 100,000,000,000, as an import has it (1,000,000,000
    EUR is 100,000,000,000 cents): 2,000,000,000 VND, about 70,000 EUR, is a real sale."""
    vnd, errors = check_spend({"cost": "2000000000"}, date(2026, 3, 1), date(2026, 3, 1), "VND")
    assert errors == {} and vnd is not None and vnd.cost_minor == 2_000_000_000
    _, errors = check_spend({"cost": "100000000001"}, date(2026, 3, 1), date(2026, 3, 1), "VND")
    assert errors == {"cost": "'100000000001' is above 100,000,000,000; check the amount."}
    _, errors = check_spend({"cost": "100000000.001"}, date(2026, 3, 1), date(2026, 3, 1), "KWD")
    assert errors == {"cost": "'100000000.001' is above 100,000,000; check the amount."}
