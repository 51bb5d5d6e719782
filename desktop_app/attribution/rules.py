"""The rule-based models: each touch of a converting journey gets a fixed share of its credit.

Each model is a pure function of the journeys; the shares of a journey's touches add up to one,
and the journey's conversions and value are split by them (see `credit_types.settle`).
"""

from __future__ import annotations

import numpy as np

from desktop_app.attribution.credit_types import ModelCredit, settle
from desktop_app.attribution.journeys import Journeys

DEFAULT_HALF_LIFE_DAYS = 7.0
POSITION_ENDS = 0.4  # position-based: first and last touch 40% each, the middle shares 20%


def _last(j: Journeys) -> np.ndarray:
    share = np.zeros(len(j.channel))
    share[j.offsets[1:] - 1] = 1.0
    return share


def _first(j: Journeys) -> np.ndarray:
    share = np.zeros(len(j.channel))
    share[j.offsets[:-1]] = 1.0
    return share


def _last_non_direct(j: Journeys) -> np.ndarray:
    """The last touch that is not Direct; Direct only where the journey has nothing else."""
    direct = j.direct_code
    if direct < 0:
        return _last(j)
    index = np.arange(len(j.channel), dtype=np.int64)
    candidate = np.where(j.channel != direct, index, -1)
    last_other = np.maximum.reduceat(candidate, j.offsets[:-1])
    chosen = np.where(last_other >= 0, last_other, j.offsets[1:] - 1)
    share = np.zeros(len(j.channel))
    share[chosen] = 1.0
    return share


def _linear(j: Journeys) -> np.ndarray:
    lengths = j.lengths
    return np.repeat(1.0 / lengths, lengths)


def _position_based(j: Journeys) -> np.ndarray:
    lengths = j.lengths
    length = np.repeat(lengths, lengths)
    pos = j.position_in_journey()
    middle = (1.0 - 2 * POSITION_ENDS) / np.maximum(length - 2, 1)
    share = np.where((pos == 0) | (pos == length - 1), POSITION_ENDS, middle)
    share = np.where(length == 2, 0.5, share)
    return np.where(length == 1, 1.0, share)


def _time_decay(j: Journeys, half_life_days: float) -> np.ndarray:
    if j.age_days is None:
        raise ValueError("time decay needs the time of every touch; a path table has none")
    if half_life_days <= 0:
        raise ValueError("the half-life must be a positive number of days")
    # weights relative to the touch nearest the conversion, so no weight underflows to zero
    ages = np.maximum(j.age_days, 0.0)
    youngest = np.minimum.reduceat(ages, j.offsets[:-1])
    weight = np.exp2(-(ages - np.repeat(youngest, j.lengths)) / half_life_days)
    total = np.add.reduceat(weight, j.offsets[:-1])
    return weight / np.repeat(total, j.lengths)


def credit_from_shares(model: str, j: Journeys, share: np.ndarray) -> ModelCredit:
    """Split each journey's conversions and value over its touches by `share`."""
    n_campaigns = len(j.campaign_ids)
    size = len(j.channel_names) * n_campaigns
    key = j.channel.astype(np.int64) * n_campaigns + j.campaign
    per_touch = np.repeat(j.conversions.astype(np.float64), j.lengths) * share
    raw_conv = np.bincount(key, weights=per_touch, minlength=size)
    per_touch = np.repeat(j.value.astype(np.float64), j.lengths) * share
    raw_value = np.bincount(key, weights=per_touch, minlength=size)
    return settle(
        model,
        raw_conv,
        raw_value,
        n_campaigns,
        int(j.conversions.sum()),
        int(j.value.sum()),
    )


def _run(model: str, j: Journeys, shares: object) -> ModelCredit:
    conv = j if bool((j.conversions > 0).all()) else j.converting()
    if conv.n_journeys == 0:
        return settle(model, np.zeros(1), np.zeros(1), 1, 0, 0)
    return credit_from_shares(model, conv, shares(conv))  # type: ignore[operator]


def last_touch(j: Journeys) -> ModelCredit:
    return _run("last_touch", j, _last)


def last_non_direct(j: Journeys) -> ModelCredit:
    return _run("last_non_direct", j, _last_non_direct)


def first_touch(j: Journeys) -> ModelCredit:
    return _run("first_touch", j, _first)


def linear(j: Journeys) -> ModelCredit:
    return _run("linear", j, _linear)


def position_based(j: Journeys) -> ModelCredit:
    return _run("position_based", j, _position_based)


def time_decay(j: Journeys, half_life_days: float = DEFAULT_HALF_LIFE_DAYS) -> ModelCredit:
    return _run("time_decay", j, lambda conv: _time_decay(conv, half_life_days))
