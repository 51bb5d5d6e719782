"""A model's answer, and how float shares are settled into totals that add up exactly.

Shares are computed in floats; the totals are then apportioned by the largest-remainder method:
conversions in millionths and value in whole units (cents for the database), so every model's
credits add up to exactly the conversions and value that were attributed, with each key at most
one unit away from its unrounded share.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

CONVERSION_PLACES = 6  # credited conversions are given to the millionth
_CONV_UNIT = 10**CONVERSION_PLACES
_CONV_QUANTUM = Decimal(1).scaleb(-CONVERSION_PLACES)

Key = tuple[int, int]  # (channel code, campaign code)


@dataclass(frozen=True)
class ModelCredit:
    """Credit of one model: (channel code, campaign code) -> (conversions, value units)."""

    model: str
    credit: dict[Key, tuple[Decimal, int]]
    conversions: Decimal
    value: int

    def by_channel(self) -> dict[int, tuple[Decimal, int]]:
        out: dict[int, tuple[Decimal, int]] = {}
        for (channel, _campaign), (conv, value) in self.credit.items():
            c, v = out.get(channel, (Decimal(0), 0))
            out[channel] = (c + conv, v + value)
        return out


def apportion(raw: np.ndarray, total: int) -> np.ndarray:
    """Integers proportional to `raw` (non-negative) that sum to exactly `total`.

    Only keys with a positive share can receive a unit, so a key that got nothing stays at 0.
    """
    raw = np.asarray(raw, dtype=np.float64)
    out = np.zeros(len(raw), dtype=np.int64)
    weight = float(raw.sum())
    if total == 0 or weight <= 0:
        if total != 0:
            raise ValueError("cannot share a non-zero total over nothing")
        return out
    exact = raw * (total / weight)
    floors = np.floor(exact).astype(np.int64)
    remainder = exact - floors
    left = total - int(floors.sum())
    positive = np.flatnonzero(raw > 0)
    if left > 0:
        # the largest remainders get one unit each (ties: lower key first, deterministic)
        order = positive[np.argsort(-remainder[positive], kind="stable")]
        floors[order[:left]] += 1
    elif left < 0:
        # float error pushed a floor one too high: take back from the smallest remainders
        order = positive[np.argsort(remainder[positive], kind="stable")]
        order = order[floors[order] > 0]
        floors[order[:-left]] -= 1
    out[:] = floors
    return out


def settle(
    model: str,
    raw_conversions: np.ndarray,
    raw_value: np.ndarray,
    n_campaigns: int,
    total_conversions: int,
    total_value: int,
) -> ModelCredit:
    """Turn float credit per flat key (channel * n_campaigns + campaign) into exact credit."""
    conv_units = apportion(raw_conversions, total_conversions * _CONV_UNIT)
    # value follows the value shares; where every value share is zero, the conversion shares
    value_weights = raw_value if float(np.sum(raw_value)) > 0 else raw_conversions
    value_units = apportion(value_weights, total_value)
    credit: dict[Key, tuple[Decimal, int]] = {}
    for flat in np.flatnonzero((conv_units > 0) | (value_units > 0)):
        conv = (Decimal(int(conv_units[flat])) / _CONV_UNIT).quantize(_CONV_QUANTUM)
        credit[(int(flat) // n_campaigns, int(flat) % n_campaigns)] = (
            conv,
            int(value_units[flat]),
        )
    return ModelCredit(
        model=model,
        credit=credit,
        conversions=Decimal(total_conversions),
        value=total_value,
    )
