"""Sharing a period's spend out by day: whole units, remainder to the largest shares, exact totals."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.reports.periods import month_share, prorated_target
from desktop_app.reports.spend import (
    SpendPeriod,
    SpendTotals,
    allocate_period,
    days_portion,
    largest_remainder,
)


def test_largest_remainder_gives_rest_to_largest_fractions() -> None:
    # 10 split 1:1:1 -> 3.33 each; one unit left goes to the earliest tie.
    assert largest_remainder(10, [1, 1, 1]) == [4, 3, 3]
    # 10 split 1:2:2 -> 2, 4, 4 exactly.
    assert largest_remainder(10, [1, 2, 2]) == [2, 4, 4]
    # 7 split 1:3 -> 1.75, 5.25: the larger fraction (.75) gets the unit.
    assert largest_remainder(7, [1, 3]) == [2, 5]
    assert largest_remainder(0, [1, 1]) == [0, 0]
    with pytest.raises(ValueError):
        largest_remainder(5, [0, 0])


def test_days_portion_examples() -> None:
    # 10001 cents over 31 days: 322 a day, 19 left -> days 0..18 get 323.
    assert days_portion(10001, 31, 0, 9) == 3230
    assert days_portion(10001, 31, 19, 30) == 322 * 12
    assert days_portion(10001, 31, 0, 30) == 10001
    assert days_portion(10001, 31, 18, 19) == 323 + 322
    # Indices outside the period are clipped; a range beside the period gets nothing.
    assert days_portion(100, 4, -5, 100) == 100
    assert days_portion(100, 4, 4, 9) == 0


@given(
    total=st.integers(min_value=0, max_value=10**9),
    days=st.integers(min_value=1, max_value=400),
    data=st.data(),
)
def test_days_portion_equals_largest_remainder_slices(
    total: int, days: int, data: st.DataObject
) -> None:
    shares = largest_remainder(total, [1] * days)
    lo = data.draw(st.integers(min_value=0, max_value=days - 1))
    hi = data.draw(st.integers(min_value=lo, max_value=days - 1))
    assert days_portion(total, days, lo, hi) == sum(shares[lo : hi + 1])
    # Cutting the period anywhere gives parts that add up to exactly the whole.
    assert days_portion(total, days, 0, lo - 1) + days_portion(total, days, lo, days - 1) == total


def test_allocate_period_cuts_every_figure() -> None:
    row = SpendPeriod(
        date(2026, 2, 25),
        date(2026, 3, 4),  # 8 days
        cost_minor=8003,
        impressions=801,
        clicks=80,
        platform_conversions=D("4"),
        platform_value_minor=16000,
    )
    before = allocate_period(row, date(2026, 2, 19), date(2026, 2, 28))
    after = allocate_period(row, date(2026, 3, 1), date(2026, 3, 10))
    # 8003 = 8 * 1000 + 3: the three extra cents fall on 02-25, 02-26, 02-27.
    assert before == SpendTotals(4003, 401, 40, D(2), 8000)
    assert after == SpendTotals(4000, 400, 40, D(2), 8000)
    assert before + after == SpendTotals(8003, 801, 80, D(4), 16000)
    assert allocate_period(row, date(2026, 3, 5), date(2026, 3, 9)) == SpendTotals()


def test_platform_conversions_are_proportional_decimals() -> None:
    row = SpendPeriod(date(2026, 4, 1), date(2026, 4, 3), 100, platform_conversions=D("1"))
    one_day = allocate_period(row, date(2026, 4, 2), date(2026, 4, 2))
    assert one_day.platform_conversions == D(1) / 3
    assert one_day.cost_minor == 33  # 100 = 34 + 33 + 33: the first day has the extra cent


def test_single_day_period() -> None:
    row = SpendPeriod(date(2026, 4, 1), date(2026, 4, 1), 999, 5, 1)
    assert allocate_period(row, date(2026, 3, 1), date(2026, 4, 30)) == SpendTotals(999, 5, 1)


@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
    length=st.integers(min_value=1, max_value=120),
    cut=st.integers(min_value=0, max_value=119),
    cost=st.integers(min_value=0, max_value=10**8),
)
def test_two_adjacent_ranges_share_the_whole_cost(
    start: date, length: int, cut: int, cost: int
) -> None:
    end = start + timedelta(days=length - 1)
    row = SpendPeriod(start, end, cost, impressions=cost // 7, clicks=cost // 97)
    split = start + timedelta(days=min(cut, length - 1))
    left = allocate_period(row, start - timedelta(days=3), split)
    right = allocate_period(row, split + timedelta(days=1), end + timedelta(days=9))
    assert left.cost_minor + right.cost_minor == cost
    assert left.impressions + right.impressions == cost // 7
    assert left.clicks + right.clicks == cost // 97


def test_monthly_target_pro_rating() -> None:
    assert month_share(date(2026, 2, 1), date(2026, 2, 28)) == 1  # whole February
    assert month_share(date(2026, 1, 1), date(2026, 3, 31)) == 3  # a quarter
    assert month_share(date(2026, 4, 1), date(2026, 4, 10)) == D(10) / 30
    # 15 Jan..14 Feb: 17 of January's 31 days and 14 of February's 28.
    assert month_share(date(2026, 1, 15), date(2026, 2, 14)) == D(17) / 31 + D(14) / 28
    assert prorated_target(40, date(2026, 4, 1), date(2026, 4, 30)) == 40
    assert prorated_target(None, date(2026, 4, 1), date(2026, 4, 30)) is None
