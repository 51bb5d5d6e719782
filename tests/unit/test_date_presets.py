"""Report range presets resolved against a fixed today, month and year edges included."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.reports.date_presets import PRESETS, preset_range


@pytest.mark.parametrize(
    ("key", "today", "expected"),
    [
        (
            "last_7",
            date(2026, 3, 3),
            (date(2026, 2, 24), date(2026, 3, 2)),
        ),  # 24..28 Feb + 1..2 Mar: seven whole days, today (still filling up) left out
        ("last_30", date(2026, 7, 1), (date(2026, 6, 1), date(2026, 6, 30))),
        ("last_90", date(2026, 7, 1), (date(2026, 4, 2), date(2026, 6, 30))),  # 29 + 31 + 30 days
        ("last_12_months", date(2026, 6, 15), (date(2025, 6, 1), date(2026, 5, 31))),
        ("last_12_months", date(2026, 1, 1), (date(2025, 1, 1), date(2025, 12, 31))),
        ("this_month", date(2026, 2, 14), (date(2026, 2, 1), date(2026, 2, 14))),
        ("last_month", date(2026, 3, 31), (date(2026, 2, 1), date(2026, 2, 28))),
        ("last_month", date(2026, 1, 5), (date(2025, 12, 1), date(2025, 12, 31))),
        ("this_quarter", date(2026, 8, 20), (date(2026, 7, 1), date(2026, 8, 20))),
        ("this_quarter", date(2026, 12, 31), (date(2026, 10, 1), date(2026, 12, 31))),
        ("year_to_date", date(2026, 1, 1), (date(2026, 1, 1), date(2026, 1, 1))),
    ],
)
def test_presets(key: str, today: date, expected: tuple[date, date]) -> None:
    assert preset_range(key, today) == expected


def test_every_preset_but_custom_resolves_and_custom_does_not() -> None:
    today = date(2026, 6, 30)
    for key, _label in PRESETS[:-1]:
        first, last = preset_range(key, today)
        assert first <= last <= today
        whole_days = key.startswith("last_") or key == "last_month"
        assert (last < today) == whole_days, key  # "last ..." ranges end before today
    with pytest.raises(ValueError, match="custom"):
        preset_range("custom", date(2026, 6, 30))


def test_all_time_runs_from_the_first_recorded_day_to_today() -> None:
    assert preset_range("all_time", date(2026, 6, 30), date(2024, 2, 29)) == (
        date(2024, 2, 29), date(2026, 6, 30)
    )  # fmt: skip
    assert preset_range("all_time", date(2026, 6, 30)) == (date(2026, 6, 30), date(2026, 6, 30))


def test_labels_say_that_last_n_days_end_yesterday() -> None:
    labels = dict(PRESETS)
    assert labels["last_30"] == "Last 30 days (to yesterday)"
    assert labels["this_month"] == "This month"  # partial by name
