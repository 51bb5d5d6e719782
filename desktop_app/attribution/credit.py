"""What the reports and the attribution page call: credit per channel and campaign, by model."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop_app.attribution import rules
from desktop_app.attribution.compare import MODEL_NAMES, Comparison, compare_journeys
from desktop_app.attribution.credit_types import ModelCredit
from desktop_app.attribution.from_db import goal_scope, load_journeys
from desktop_app.attribution.journeys import Journeys
from desktop_app.attribution.markov import BOOTSTRAP_ROUNDS, markov
from desktop_app.store.handle import Database

CreditByKey = dict[tuple[int, int | None], tuple[Decimal, Decimal]]


def journeys_for(
    db: Database, first: date | None, last: date | None, goal_id: int | None
) -> Journeys | None:
    """Journeys of active conversions of the macro goals (or `goal_id`) in `first..last`.

    None when there is no such goal or (without dates) no conversion at all.
    """
    scope = goal_scope(db, first, last, goal_id)
    return None if scope is None else load_journeys(db, scope)


def run_model(
    j: Journeys, model: str, half_life_days: float = rules.DEFAULT_HALF_LIFE_DAYS
) -> ModelCredit:
    if model not in MODEL_NAMES:
        raise ValueError(f"unknown attribution model {model!r}; one of {', '.join(MODEL_NAMES)}")
    if model == "markov":
        return markov(j, bootstrap_rounds=0).credit
    if model == "time_decay":
        return rules.time_decay(j, half_life_days)
    credit: ModelCredit = getattr(rules, model)(j)
    return credit


def attributed_credit(
    db: Database, first: date, last: date, goal_id: int | None, model: str
) -> CreditByKey:
    """(channel id, campaign id or None) -> (credited conversions, credited value in minor units).

    Over active conversions of the macro goals (or only `goal_id`) whose local date is in
    `first..last`. Conversions add up to the number of those conversions and value to the sum of
    their `value_minor`, exactly (value credit is whole minor units, see `credit_types`).
    """
    j = journeys_for(db, first, last, goal_id)
    if j is None:
        return {}
    credit = run_model(j, model)
    return {
        (_channel_id(j, ch), j.campaign_ids[camp]): (conv, Decimal(value))
        for (ch, camp), (conv, value) in credit.credit.items()
    }


def compare_models(
    db: Database,
    first: date | None = None,
    last: date | None = None,
    goal_id: int | None = None,
    half_life_days: float = rules.DEFAULT_HALF_LIFE_DAYS,
    bootstrap_rounds: int = BOOTSTRAP_ROUNDS,
) -> Comparison | None:
    """All seven models side by side (None: no such goal, or no conversion at all)."""
    j = journeys_for(db, first, last, goal_id)
    if j is None:
        return None
    return compare_journeys(j, half_life_days=half_life_days, bootstrap_rounds=bootstrap_rounds)


def _channel_id(j: Journeys, code: int) -> int:
    channel_id = j.channel_ids[code]
    if channel_id is None:  # only path tables lack ids, and they never reach here
        raise ValueError("journeys without channel ids")
    return channel_id
