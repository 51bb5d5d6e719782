"""Distinct paths: journeys with repeats collapsed, identical channel sequences merged.

A million journeys usually follow a few thousand distinct paths, so the Markov chain and its
bootstrap work on the distinct paths with their counts rather than on every journey.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from desktop_app.attribution.journeys import Journeys

_BASE = np.uint64(0x9E3779B97F4A7C15)  # an odd 64-bit multiplier for the path fingerprint


@dataclass(frozen=True)
class UniquePaths:
    """Distinct channel sequences, each `channel[offsets[p]:offsets[p+1]]`, with counts."""

    channel: np.ndarray  # int16 channel codes
    offsets: np.ndarray  # int64
    conversions: np.ndarray  # int64 per path
    nulls: np.ndarray  # int64 per path
    value: np.ndarray | None = None  # int64 per path, where known

    @property
    def n_paths(self) -> int:
        return len(self.offsets) - 1

    def codes(self, p: int) -> tuple[int, ...]:
        return tuple(int(c) for c in self.channel[self.offsets[p] : self.offsets[p + 1]])


def collapse_repeats(j: Journeys) -> tuple[np.ndarray, np.ndarray]:
    """Channel codes and offsets of the journeys with consecutive repeats made one touch."""
    keep = np.ones(len(j.channel), dtype=bool)
    keep[1:] = j.channel[1:] != j.channel[:-1]
    keep[j.offsets[:-1]] = True  # a journey's first touch always stays
    lengths = np.add.reduceat(keep.astype(np.int64), j.offsets[:-1]) if len(keep) else keep
    offsets = np.zeros(j.n_journeys + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    return j.channel[keep], offsets


def unique_paths(j: Journeys, collapse: bool = True) -> UniquePaths:
    """The distinct paths of `j` (repeats collapsed unless told not to), counts summed."""
    if collapse:
        channel, offsets = collapse_repeats(j)
    else:
        channel, offsets = j.channel, j.offsets
    n = len(offsets) - 1
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return UniquePaths(channel[:0], np.zeros(1, dtype=np.int64), empty, empty, empty)
    lengths = np.diff(offsets)
    pos = np.arange(len(channel), dtype=np.int64) - np.repeat(offsets[:-1], lengths)
    powers = np.cumprod(np.full(int(lengths.max()) + 1, _BASE, dtype=np.uint64))
    with np.errstate(over="ignore"):
        term = (channel.astype(np.uint64) + np.uint64(1)) * powers[pos]
        fingerprint = np.add.reduceat(term, offsets[:-1]) ^ (lengths.astype(np.uint64) << 48)
    _, first, inverse = np.unique(fingerprint, return_index=True, return_inverse=True)
    if not _same_paths(channel, offsets, lengths, pos, first, inverse):
        first, inverse = _exact_groups(channel, offsets)
    rep_len = lengths[first]
    rep_off = np.zeros(len(first) + 1, dtype=np.int64)
    np.cumsum(rep_len, out=rep_off[1:])
    gather = np.repeat(offsets[first], rep_len) + (
        np.arange(int(rep_off[-1])) - np.repeat(rep_off[:-1], rep_len)
    )
    m = len(first)
    found = UniquePaths(
        channel=channel[gather],
        offsets=rep_off,
        conversions=np.bincount(inverse, weights=j.conversions, minlength=m).astype(np.int64),
        nulls=np.bincount(inverse, weights=j.nulls, minlength=m).astype(np.int64),
        value=np.bincount(inverse, weights=j.value, minlength=m).astype(np.int64),
    )
    weighted = (found.conversions + found.nulls) > 0
    return found if weighted.all() else _only(found, weighted)


def _only(p: UniquePaths, keep: np.ndarray) -> UniquePaths:
    """Paths that stand for at least one journey (journeys weighted zero drop out)."""
    lengths = np.diff(p.offsets)[keep]
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    return UniquePaths(
        channel=p.channel[np.repeat(keep, np.diff(p.offsets))],
        offsets=offsets,
        conversions=p.conversions[keep],
        nulls=p.nulls[keep],
        value=None if p.value is None else p.value[keep],
    )


def _same_paths(
    channel: np.ndarray,
    offsets: np.ndarray,
    lengths: np.ndarray,
    pos: np.ndarray,
    first: np.ndarray,
    inverse: np.ndarray,
) -> bool:
    """Check that the fingerprints did not merge two different paths."""
    rep = first[inverse]
    if not np.array_equal(lengths, lengths[rep]):
        return False
    rep_touch = np.repeat(offsets[rep], lengths) + pos
    return bool(np.array_equal(channel, channel[rep_touch]))


def _exact_groups(channel: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Slow but exact grouping, used only if two paths ever share a fingerprint."""
    seen: dict[bytes, int] = {}
    first: list[int] = []
    inverse = np.empty(len(offsets) - 1, dtype=np.int64)
    for p in range(len(offsets) - 1):
        k = channel[offsets[p] : offsets[p + 1]].tobytes()
        if k not in seen:
            seen[k] = len(first)
            first.append(p)
        inverse[p] = seen[k]
    return np.array(first, dtype=np.int64), inverse
