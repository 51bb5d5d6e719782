"""Cut a sorted touch stream into journeys at its customers' conversions (pure numpy, no SQL)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from desktop_app.attribution.journeys import Journeys

_DAY = 86_400
_SHIFT = np.int64(2**34)  # customer code * _SHIFT + seconds: one sortable number per event
_STEP = 1_000_000  # touches handled per slice in the per-touch steps


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
    # first conversion of the same customer at or after the touch (both streams sorted alike);
    # in slices, so the 64-bit temporaries stay small next to the touch columns
    m_comb = m_code * _SHIFT + (m_time - base)
    j = np.empty(n, dtype=np.int64)
    for lo in range(0, n, _STEP):
        cust = t["cust"][lo : lo + _STEP].astype(np.int64)
        found = np.searchsorted(m_comb, cust * _SHIFT + (t["time"][lo : lo + _STEP] - base))
        same = (found < m) & (m_code[np.minimum(found, m - 1)] == cust)
        j[lo : lo + _STEP] = np.where(same, found, -1)
    del m_comb
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


def _kept_touches(
    conv: Conversions, t: dict[str, np.ndarray], matched: np.ndarray, j: np.ndarray, start: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Journey label, age in days, channel and campaign of the touches that stay, in slices.

    A touch stays in its conversion's journey if that conversion is in the period and the touch
    within the goal's lookback; a touch after the customer's last conversion stays (as part of
    a non-converting journey, labelled past the conversions) if it is in the period.
    """
    c, m = conv.cols, len(matched)
    m_time = c["time"][matched]
    m_in_range = c["in_range"][matched]
    m_lookback = c["lookback"][matched]
    n = len(j)

    def chunk(lo: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        jj = j[lo : lo + _STEP]
        times = t["time"][lo : lo + _STEP]
        converting = jj >= 0
        if not m:
            return times >= start, converting, np.zeros(len(jj), dtype=np.int64)
        idx = np.maximum(jj, 0)
        age = m_time[idx] - times
        keep = np.where(converting, m_in_range[idx] & (age <= m_lookback[idx]), times >= start)
        return keep, converting, age

    # two passes (count, then fill) so the kept columns are allocated once, never concatenated
    total = sum(int(chunk(lo)[0].sum()) for lo in range(0, n, _STEP))
    label = np.empty(total, dtype=np.int64)
    age_days = np.empty(total, dtype=np.float64)
    channel = np.empty(total, dtype=np.int32)
    campaign = np.empty(total, dtype=np.int32)
    at = 0
    for lo in range(0, n, _STEP):
        keep, converting, age = chunk(lo)
        k = int(keep.sum())
        cust = t["cust"][lo : lo + _STEP].astype(np.int64)
        label[at : at + k] = np.where(converting, j[lo : lo + _STEP], m + cust)[keep]
        age_days[at : at + k] = np.where(converting, age, 0)[keep] / _DAY
        channel[at : at + k] = t["ch"][lo : lo + _STEP][keep]
        campaign[at : at + k] = t["camp"][lo : lo + _STEP][keep]
        at += k
    return label, age_days, channel, campaign


def assemble(
    channel_names: dict[int, str],
    conv: Conversions,
    t: dict[str, np.ndarray],
    start: int,
    exponent: int,
) -> Journeys:
    """Journeys from the touch columns `t` (which are consumed: the dict is emptied)."""
    c = conv.cols
    matched = np.flatnonzero(conv.code >= 0)
    m = len(matched)
    j = _assign(conv, t, matched)
    label, age_days, channel, campaign = _kept_touches(conv, t, matched, j, start)
    del j
    t.clear()  # the touch columns are consumed: free them before the journeys are built
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
