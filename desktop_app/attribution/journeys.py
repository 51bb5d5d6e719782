"""Journeys as flat numpy columns: every touch of every journey, one after another.

A million customers with five million touches would cost gigabytes as Python objects; as
columns they take a few bytes per touch and every model becomes a handful of array operations.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

DIRECT = "direct"
NO_CAMPAIGN = 0  # campaign code of a touch that names no campaign


@dataclass(frozen=True)
class Journeys:
    """Journeys, each a run of touches `offsets[j]:offsets[j+1]` in the touch columns.

    A journey stands for `conversions[j]` converting and `nulls[j]` non-converting customers
    who took the same path (1 and 0, or 0 and 1, for journeys read from the database; any
    counts for a path table). `value[j]` is the value of its conversions in integer units of
    `10**-value_exponent` (minor units of the base currency for the database). `own[j]` marks
    a conversion without touchpoints: its single touch is the conversion's recorded channel.
    """

    channel: np.ndarray  # int16 channel code per touch
    campaign: np.ndarray  # int32 campaign code per touch (0: none)
    age_days: np.ndarray | None  # float64 days between touch and conversion; None: no times
    offsets: np.ndarray  # int64, one more than there are journeys
    conversions: np.ndarray  # int64 per journey
    value: np.ndarray  # int64 per journey
    nulls: np.ndarray  # int64 per journey
    own: np.ndarray  # bool per journey
    channel_names: tuple[str, ...]  # code -> name
    channel_ids: tuple[int | None, ...]  # code -> channels.id (None for a path table)
    campaign_ids: tuple[int | None, ...]  # code -> campaigns.id; code 0 is None
    value_exponent: int = 2

    @property
    def n_journeys(self) -> int:
        return len(self.offsets) - 1

    @property
    def lengths(self) -> np.ndarray:
        return np.diff(self.offsets)

    @property
    def direct_code(self) -> int:
        """Code of the channel named Direct, or -1 when no journey can contain it."""
        for code, name in enumerate(self.channel_names):
            if name.strip().lower() == DIRECT:
                return code
        return -1

    def position_in_journey(self) -> np.ndarray:
        return np.arange(len(self.channel), dtype=np.int64) - np.repeat(
            self.offsets[:-1], self.lengths
        )

    def without_own(self) -> Journeys:
        """The same touches, with conversions without touchpoints weighted zero (no copy)."""
        return replace(
            self,
            conversions=np.where(self.own, 0, self.conversions),
            value=np.where(self.own, 0, self.value),
            nulls=np.where(self.own, 0, self.nulls),
        )

    def converting(self) -> Journeys:
        """Only the journeys that end in a conversion (all the rule-based models look at)."""
        return self.subset(self.conversions > 0)

    def subset(self, keep: np.ndarray) -> Journeys:
        lengths = self.lengths[keep]
        touch_keep = np.repeat(keep, self.lengths)
        offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        return Journeys(
            channel=self.channel[touch_keep],
            campaign=self.campaign[touch_keep],
            age_days=None if self.age_days is None else self.age_days[touch_keep],
            offsets=offsets,
            conversions=self.conversions[keep],
            value=self.value[keep],
            nulls=self.nulls[keep],
            own=self.own[keep],
            channel_names=self.channel_names,
            channel_ids=self.channel_ids,
            campaign_ids=self.campaign_ids,
            value_exponent=self.value_exponent,
        )


@dataclass(frozen=True)
class Path:
    """One journey written out by hand (tests, path tables): channel names, oldest first."""

    channels: Sequence[str]
    conversions: int = 1
    value: int = 0
    nulls: int = 0
    ages: Sequence[float] | None = None  # days before the conversion, one per touch
    campaigns: Sequence[int | None] | None = None  # campaign id per touch
    own: bool = False


def journeys_from_paths(
    paths: Iterable[Path], value_exponent: int = 2, channel_order: Sequence[str] = ()
) -> Journeys:
    """Journeys from written-out paths; channel codes follow `channel_order`, then first use."""
    names: dict[str, int] = {name: i for i, name in enumerate(channel_order)}
    campaigns: dict[int | None, int] = {None: NO_CAMPAIGN}
    chan: list[int] = []
    camp: list[int] = []
    ages: list[float] = []
    has_ages = True
    offsets = [0]
    conv: list[int] = []
    val: list[int] = []
    nul: list[int] = []
    own: list[bool] = []
    for p in paths:
        if not p.channels:
            raise ValueError("a journey needs at least one touch")
        for i, name in enumerate(p.channels):
            chan.append(names.setdefault(name, len(names)))
            cid = p.campaigns[i] if p.campaigns is not None else None
            camp.append(campaigns.setdefault(cid, len(campaigns)))
        if p.ages is None:
            has_ages = False
        else:
            if len(p.ages) != len(p.channels):
                raise ValueError("one age per touch")
            ages.extend(float(a) for a in p.ages)
        offsets.append(len(chan))
        conv.append(p.conversions)
        val.append(p.value)
        nul.append(p.nulls)
        own.append(p.own)
    return Journeys(
        channel=np.array(chan, dtype=np.int16),
        campaign=np.array(camp, dtype=np.int32),
        age_days=np.array(ages, dtype=np.float64) if has_ages else None,
        offsets=np.array(offsets, dtype=np.int64),
        conversions=np.array(conv, dtype=np.int64),
        value=np.array(val, dtype=np.int64),
        nulls=np.array(nul, dtype=np.int64),
        own=np.array(own, dtype=bool),
        channel_names=tuple(names),
        channel_ids=tuple(None for _ in names),
        campaign_ids=tuple(campaigns),
        value_exponent=value_exponent,
    )
