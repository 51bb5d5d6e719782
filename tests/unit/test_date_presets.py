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
            (date(2026, 2, 25), date(2026, 3, 3)),
        ),  # 25..28 Feb + 1..3 Mar
        ("last_30", date(2026, 6, 30), (date(2026, 6, 1), date(2026, 6, 30))),
        ("last_90", date(2026, 6, 30), (date(2026, 4, 2), date(2026, 6, 30))),  # 29 + 31 + 30 days
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
    for key, _label in PRESETS[:-1]:
        first, last = preset_range(key, date(2026, 6, 30))
        assert first <= last == date(2026, 6, 30) or key == "last_month"
    with pytest.raises(ValueError, match="custom"):
        preset_range("custom", date(2026, 6, 30))
