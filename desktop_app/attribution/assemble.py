"""Cut a sorted touch stream into journeys at its customers' conversions (pure numpy, no SQL)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from desktop_app.attribution.journeys import Journeys

_DAY = 86_400
_SHIFT = np.int64(2**34)  # customer code * _SHIFT + seconds: one sortable number per event


@dataclass
class Conversions:
    """Conversions of the goals looked at, keyed ones sorted by customer key then time."""

    keys: np.ndarray  # object: customer keys of keyed conversions, sorted
    code: np.ndarray  # int64 customer code from the touch stream, -1 where no touch matched
    cols: dict[str, np.ndarray]  # id, time, value, channel, campaign, in_range, lookback
    unkeyed: dict[str, np.ndarray]  # the same columns for conversions without a customer key


def _assign(conv: Conversions, t: dict[str, np.ndarray], matched: np.ndarray) -> np.ndarray:
    """For each touch, the matched conversion whose journey it ends up in, or -1 (none after)."""
    n, m = len(t["time"]), len(matched)
    if m == 0:
        return np.full(n, -1, dtype=np.int64)
    m_code = conv.code[matched]
    m_time = conv.cols["time"][matched]
    base = min(int(t["time"].min()) if n else 0, int(m_time.min()))
    # first conversion of the same customer at or after the touch (both streams sorted alike)
    j = np.searchsorted(m_code * _SHIFT + (m_time - base), t["cust"] * _SHIFT + (t["time"] - base))
    jc = np.minimum(j, m - 1)
    j = np.where((j < m) & (m_code[jc] == t["cust"]), j, -1)
    # a touch that records a conversion is that conversion's last touch
    marked = np.flatnonzero(t["cid"] > 0)
    if len(marked):
        ids = conv.cols["id"][matched]
        order = np.argsort(ids)
        pos = np.minimum(np.searchsorted(ids[order], t["cid"][marked]), m - 1)
        target = order[pos]
        found = (ids[target] == t["cid"][marked]) & (m_code[target] == t["cust"][marked])
        marked, target = marked[found], target[found]
        j[marked] = target
        marker_at = np.full(m, n, dtype=np.int64)
        np.minimum.at(marker_at, target, marked)
        # touches at the conversion's time but after its marker start the next journey
        late = np.flatnonzero((j >= 0) & (np.arange(n) > marker_at[np.maximum(j, 0)]))
        nxt = j[late] + 1
        ok = (nxt < m) & (m_code[np.minimum(nxt, m - 1)] == t["cust"][late])
        j[late] = np.where(ok, nxt, -1)
    return j


def assemble(
    channel_names: dict[int, str],
    conv: Conversions,
    t: dict[str, np.ndarray],
    start: int,
    exponent: int,
) -> Journeys:
    c = conv.cols
    matched = np.flatnonzero(conv.code >= 0)
    m = len(matched)
    j = _assign(conv, t, matched)
    converting = j >= 0
    jj = np.maximum(j, 0)
    age = (c["time"][matched][jj] - t["time"]) if m else np.zeros(len(j), dtype=np.int64)
    keep = np.where(
        converting,
        (c["in_range"][matched][jj] & (age <= c["lookback"][matched][jj])) if m else False,
        t["time"] >= start,  # touches after the last conversion, in the period
    )
    label = np.where(converting, j, m + t["cust"].astype(np.int64))[keep]
    age_days = np.where(converting, age, 0)[keep] / _DAY
    del j, jj, age, converting
    channel, campaign = t["ch"][keep], t["camp"][keep]
    del keep
    n = len(label)
    starts = np.zeros(0, dtype=np.int64)
    if n:
        starts = np.flatnonzero(np.concatenate(([True], label[1:] != label[:-1])))
    journey = label[starts]
    del label
    is_conv = journey < m
    value = np.zeros(len(journey), dtype=np.int64)
    value[is_conv] = c["value"][matched][journey[is_conv]]
    used = np.zeros(m, dtype=bool)
    used[journey[is_conv]] = True
    # conversions in the period with no touch left: their own channel gets the credit
    own_idx = np.concatenate(
        (matched[c["in_range"][matched] & ~used], np.flatnonzero((conv.code < 0) & c["in_range"]))
    )
    u = conv.unkeyed
    own_ch = np.concatenate((c["channel"][own_idx], u["channel"][u["in_range"]]))
    own_camp = np.concatenate((c["campaign"][own_idx], u["campaign"][u["in_range"]]))
    own_value = np.concatenate((c["value"][own_idx], u["value"][u["in_range"]]))
    k = len(own_ch)
    offsets = np.concatenate((starts, np.arange(n, n + k + 1, dtype=np.int64)))
    ch_ids, ch_codes = np.unique(np.concatenate((channel, own_ch)), return_inverse=True)
    camp_ids, camp_codes = np.unique(np.concatenate(([0], campaign, own_camp)), return_inverse=True)
    return Journeys(
        channel=ch_codes.astype(np.int16),
        campaign=camp_codes[1:].astype(np.int32),
        age_days=np.concatenate((age_days, np.zeros(k))),
        offsets=offsets,
        conversions=np.concatenate((is_conv.astype(np.int64), np.ones(k, dtype=np.int64))),
        value=np.concatenate((value, own_value)),
        nulls=np.concatenate(((~is_conv).astype(np.int64), np.zeros(k, dtype=np.int64))),
        own=np.concatenate((np.zeros(len(journey), dtype=bool), np.ones(k, dtype=bool))),
        channel_names=tuple(channel_names.get(int(i), f"channel {i}") for i in ch_ids),
        channel_ids=tuple(int(i) for i in ch_ids),
        campaign_ids=tuple(int(i) or None for i in camp_ids),
        value_exponent=exponent,
    )
