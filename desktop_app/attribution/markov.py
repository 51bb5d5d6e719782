"""The data-driven model: a first-order Markov chain over channels, credit by removal effect.

States are start, one per channel, conversion and null. Transition probabilities come from all
journeys (converting and not), with repeated consecutive channels collapsed into one. The chain
is absorbing, so the probability of reaching conversion from start is found exactly by solving
(I - Q) x = r. A channel's removal effect is the relative drop of that probability when the
channel becomes a dead end; conversions and value are shared in proportion to removal effects.
Within a channel, credit is split over campaigns as the linear model splits that channel's credit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from desktop_app.attribution.credit_types import ModelCredit, settle
from desktop_app.attribution.journeys import Journeys
from desktop_app.attribution.paths import UniquePaths, unique_paths
from desktop_app.attribution.rules import _linear

BOOTSTRAP_ROUNDS = 50
BOOTSTRAP_SEED = 20240601


@dataclass(frozen=True)
class MarkovResult:
    credit: ModelCredit
    removal_effects: dict[int, float]  # channel code -> relative drop in conversion probability
    conversion_probability: float  # from start, over the whole chain
    spread: dict[int, tuple[float, float]]  # channel code -> bootstrap 2.5% / 97.5% conversions
    paths: int = 0  # distinct paths (repeats collapsed) the chain was built from


def transition_counts(paths: UniquePaths, n_channels: int) -> np.ndarray:
    """Counts between states 0 = start, 1..K = channels, K+1 = conversion, K+2 = null."""
    size = n_channels + 3
    conv_state, null_state = n_channels + 1, n_channels + 2
    weight = (paths.conversions + paths.nulls).astype(np.float64)
    lengths = np.diff(paths.offsets)
    state = paths.channel.astype(np.int64) + 1
    # within a path: start -> first, then each channel -> the next one
    prev = np.empty_like(state)
    prev[1:] = state[:-1]
    prev[paths.offsets[:-1]] = 0
    touch_weight = np.repeat(weight, lengths)
    counts = np.bincount(prev * size + state, weights=touch_weight, minlength=size * size)
    last = state[paths.offsets[1:] - 1]
    counts += np.bincount(
        last * size + conv_state, weights=paths.conversions.astype(np.float64), minlength=size**2
    )
    counts += np.bincount(
        last * size + null_state, weights=paths.nulls.astype(np.float64), minlength=size**2
    )
    return counts.reshape(size, size)


def _conversion_probability(counts: np.ndarray, removed: int | None) -> float:
    """Probability of absorption in conversion from start; `removed` (a state) leads nowhere."""
    n = counts.shape[0] - 2  # transient states: start and the channels
    out = counts[:n].sum(axis=1)
    probs = np.divide(counts[:n], out[:, None], out=np.zeros((n, n + 2)), where=out[:, None] > 0)
    keep = np.ones(n, dtype=bool)
    if removed is not None:
        keep[removed] = False
    q = probs[np.ix_(keep, keep)][:, :]
    r = probs[keep, n]
    x = np.linalg.solve(np.eye(int(keep.sum())) - q, r)
    return float(x[0])


def removal_effects(counts: np.ndarray, channels: np.ndarray) -> tuple[float, np.ndarray]:
    """Conversion probability, and the removal effect of each channel code in `channels`."""
    p = _conversion_probability(counts, None)
    effects = np.zeros(counts.shape[0] - 3)
    if p <= 0:
        return p, effects
    for code in channels:
        drop = (p - _conversion_probability(counts, int(code) + 1)) / p
        effects[int(code)] = max(drop, 0.0)  # never below 0; guards float noise
    return p, effects


def markov(
    j: Journeys, bootstrap_rounds: int = BOOTSTRAP_ROUNDS, seed: int = BOOTSTRAP_SEED
) -> MarkovResult:
    """Credit by removal effect; conversions without touchpoints keep their own channel."""
    n_channels = len(j.channel_names)
    n_campaigns = len(j.campaign_ids)
    size = n_channels * n_campaigns
    raw_conv = np.zeros(size)
    raw_value = np.zeros(size)
    # conversions without touchpoints: all their credit to the one recorded channel
    own = j.subset(j.own)
    raw_conv += np.bincount(
        own.channel.astype(np.int64) * n_campaigns + own.campaign,
        weights=own.conversions.astype(np.float64),
        minlength=size,
    )
    raw_value += np.bincount(
        own.channel.astype(np.int64) * n_campaigns + own.campaign,
        weights=own.value.astype(np.float64),
        minlength=size,
    )
    chain = j.without_own()
    paths = unique_paths(chain)
    counts = transition_counts(paths, n_channels)
    present = np.unique(paths.channel[np.repeat(paths.conversions > 0, np.diff(paths.offsets))])
    p, effects = removal_effects(counts, present)
    chain_conv = float(chain.conversions.sum())
    chain_value = float(chain.value.sum())
    spread: dict[int, tuple[float, float]] = {}
    if effects.sum() > 0:
        share = effects / effects.sum()
        # split each channel's credit over its campaigns as the linear model does
        conv_part = chain.converting()
        ckey = conv_part.channel.astype(np.int64) * n_campaigns + conv_part.campaign
        lin = _linear(conv_part)
        jc = np.repeat(conv_part.conversions.astype(np.float64), conv_part.lengths) * lin
        jv = np.repeat(conv_part.value.astype(np.float64), conv_part.lengths) * lin
        lin_conv = np.bincount(ckey, weights=jc, minlength=size).reshape(n_channels, n_campaigns)
        lin_val = np.bincount(ckey, weights=jv, minlength=size).reshape(n_channels, n_campaigns)
        within_c = _row_shares(lin_conv)
        within_v = _row_shares(lin_val, fallback=within_c)
        raw_conv += (within_c * (share * chain_conv)[:, None]).ravel()
        raw_value += (within_v * (share * chain_value)[:, None]).ravel()
        spread = _bootstrap(paths, n_channels, present, chain_conv, bootstrap_rounds, seed)
    credit = settle(
        "markov", raw_conv, raw_value, n_campaigns, int(j.conversions.sum()), int(j.value.sum())
    )
    return MarkovResult(
        credit=credit,
        removal_effects={int(c): float(effects[c]) for c in present},
        conversion_probability=p,
        spread=spread,
        paths=paths.n_paths,
    )


def _row_shares(matrix: np.ndarray, fallback: np.ndarray | None = None) -> np.ndarray:
    totals = matrix.sum(axis=1, keepdims=True)
    shares = np.divide(matrix, totals, out=np.zeros_like(matrix), where=totals > 0)
    if fallback is not None:
        shares = np.where(totals > 0, shares, fallback)
    return shares


def _bootstrap(
    paths: UniquePaths,
    n_channels: int,
    present: np.ndarray,
    total: float,
    rounds: int,
    seed: int,
) -> dict[int, tuple[float, float]]:
    """2.5% and 97.5% quantiles of each channel's credited conversions over resampled journeys.

    Resampling journeys with replacement is done the Poisson way: each journey is drawn a
    Poisson(1) number of times, so a path taken by n journeys is drawn Poisson(n) times.
    """
    if rounds <= 0 or len(present) == 0:
        return {}
    rng = np.random.default_rng(seed)
    credited = np.zeros((rounds, n_channels))
    for r in range(rounds):
        sample = UniquePaths(
            channel=paths.channel,
            offsets=paths.offsets,
            conversions=rng.poisson(paths.conversions),
            nulls=rng.poisson(paths.nulls),
        )
        _p, effects = removal_effects(transition_counts(sample, n_channels), present)
        if effects.sum() > 0:
            credited[r] = effects / effects.sum() * total
    low = np.quantile(credited, 0.025, axis=0)
    high = np.quantile(credited, 0.975, axis=0)
    return {int(c): (float(low[c]), float(high[c])) for c in present}
