"""All seven models side by side, with what each rests on and the journey distributions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from desktop_app.attribution import rules
from desktop_app.attribution.credit_types import ModelCredit
from desktop_app.attribution.journeys import Journeys
from desktop_app.attribution.markov import BOOTSTRAP_ROUNDS, BOOTSTRAP_SEED, markov
from desktop_app.attribution.paths import unique_paths

# The model names live in the domain so start-up code can list them without numpy.
from desktop_app.domain.attribution_models import DEFAULT_MODEL as DEFAULT_MODEL
from desktop_app.domain.attribution_models import MODEL_NAMES as MODEL_NAMES

# Below this many conversions with touchpoints, the Markov shares swing too much to be trusted.
MARKOV_MIN_CONVERSIONS = 400
TOP_PATHS = 20
# (label, lowest day, first day of the next bucket) for the time-to-conversion distribution
DAY_BUCKETS = (
    ("same day", 0, 1),
    ("1 day", 1, 2),
    ("2-3 days", 2, 4),
    ("4-7 days", 4, 8),
    ("8-14 days", 8, 15),
    ("15-30 days", 15, 31),
    ("31-90 days", 31, 91),
    ("over 90 days", 91, 10**9),
)


@dataclass(frozen=True)
class Confidence:
    """What a model's answer rests on."""

    journeys: int  # journeys looked at (non-converting ones count only for Markov)
    conversions: int  # converting journeys
    paths: int  # distinct paths among them


@dataclass(frozen=True)
class PathCount:
    channels: tuple[str, ...]
    conversions: int
    value: int  # value units (see Comparison.value_exponent)


@dataclass(frozen=True)
class Comparison:
    """Every model's credit over the same journeys (channel codes index `channel_names`)."""

    channel_names: tuple[str, ...]
    channel_ids: tuple[int | None, ...]
    campaign_ids: tuple[int | None, ...]
    value_exponent: int
    models: dict[str, ModelCredit]
    confidence: dict[str, Confidence]
    markov_reliable: bool
    markov_spread: dict[int, tuple[float, float]]  # code -> 95% range of credited conversions
    removal_effects: dict[int, float]
    path_lengths: dict[int, int]  # touches in a converting journey -> conversions
    days_to_conversion: list[tuple[str, int]] | None  # None without timestamps
    top_paths: list[PathCount]
    warnings: list[str] = field(default_factory=list)

    def value_of(self, units: int) -> Decimal:
        """Value units as a decimal amount (base currency for the database)."""
        return Decimal(units).scaleb(-self.value_exponent)

    def channel_codes(self) -> list[int]:
        """Channels that got credit under any model, in the order they were first seen."""
        seen: set[int] = set()
        for credit in self.models.values():
            seen.update(credit.by_channel())
        return sorted(seen)

    def channel_order(self) -> list[int]:
        """Channels by their credit under the default model (last non-direct), then by name:
        the order the app, the command line and the workbook all list them in."""
        if not self.models:
            return []
        model = DEFAULT_MODEL if DEFAULT_MODEL in self.models else next(iter(self.models))
        credit = self.models[model].by_channel()
        return sorted(
            self.channel_codes(),
            key=lambda c: (-credit.get(c, (Decimal(0), 0))[0], self.channel_names[c].lower()),
        )


def compare_journeys(
    j: Journeys,
    models: Sequence[str] = MODEL_NAMES,
    half_life_days: float = rules.DEFAULT_HALF_LIFE_DAYS,
    bootstrap_rounds: int = BOOTSTRAP_ROUNDS,
    seed: int = BOOTSTRAP_SEED,
) -> Comparison:
    if j.age_days is None:
        models = [m for m in models if m != "time_decay"]
    converting = j.converting()
    credits: dict[str, ModelCredit] = {}
    for name in models:
        if name == "markov":
            continue
        if name == "time_decay":
            credits[name] = rules.time_decay(converting, half_life_days)
        else:
            credits[name] = getattr(rules, name)(converting)
    rule_paths = unique_paths(converting, collapse=False)
    rule_conf = Confidence(
        journeys=int(converting.conversions.sum()),
        conversions=int(converting.conversions.sum()),
        paths=rule_paths.n_paths,
    )
    confidence = {name: rule_conf for name in credits}
    chain = j.without_own()
    chain_conversions = int(chain.conversions.sum())
    reliable = chain_conversions >= MARKOV_MIN_CONVERSIONS
    spread: dict[int, tuple[float, float]] = {}
    effects: dict[int, float] = {}
    warnings: list[str] = []
    if "markov" in models:
        result = markov(j, bootstrap_rounds, seed)
        credits["markov"] = result.credit
        spread, effects = result.spread, result.removal_effects
        confidence["markov"] = Confidence(
            journeys=int((chain.conversions + chain.nulls).sum()),
            conversions=chain_conversions,
            paths=result.paths,
        )
        if not reliable:
            warnings.append(
                f"The Markov model rests on {chain_conversions} conversions with touchpoints "
                f"(fewer than {MARKOV_MIN_CONVERSIONS}): its shares are not reliable."
            )
    credits = {name: credits[name] for name in models}
    touched = converting.subset(~converting.own)
    return Comparison(
        channel_names=j.channel_names,
        channel_ids=j.channel_ids,
        campaign_ids=j.campaign_ids,
        value_exponent=j.value_exponent,
        models=credits,
        confidence=confidence,
        markov_reliable=reliable,
        markov_spread=spread,
        removal_effects=effects,
        path_lengths=_path_lengths(touched),
        days_to_conversion=_days_to_conversion(touched),
        top_paths=_top_paths(touched, rule_paths_limit=TOP_PATHS),
        warnings=warnings,
    )


def _path_lengths(j: Journeys) -> dict[int, int]:
    if j.n_journeys == 0:
        return {}
    counts = np.bincount(j.lengths, weights=j.conversions)
    return {int(n): int(c) for n, c in enumerate(counts) if c > 0}


def _days_to_conversion(j: Journeys) -> list[tuple[str, int]] | None:
    if j.age_days is None:
        return None
    first_age = j.age_days[j.offsets[:-1]] if j.n_journeys else np.zeros(0)
    days = np.floor(np.maximum(first_age, 0.0))
    out = []
    for label, low, high in DAY_BUCKETS:
        inside = (days >= low) & (days < high)
        out.append((label, int(j.conversions[inside].sum())))
    return out


def _top_paths(j: Journeys, rule_paths_limit: int) -> list[PathCount]:
    paths = unique_paths(j, collapse=False)
    order = np.argsort(-paths.conversions, kind="stable")[:rule_paths_limit]
    values = paths.value if paths.value is not None else np.zeros(paths.n_paths, dtype=np.int64)
    return [
        PathCount(
            channels=tuple(j.channel_names[c] for c in paths.codes(int(p))),
            conversions=int(paths.conversions[p]),
            value=int(values[p]),
        )
        for p in order
    ]
