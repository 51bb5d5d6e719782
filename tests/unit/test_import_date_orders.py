"""Date columns that are not settled one way: mixed forms, values readable both ways, one month."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from desktop_app.importing.date_orders import describe_mixed, guess_date_order
from desktop_app.importing.values import parse_when

TZ = ZoneInfo("Europe/Berlin")


def day(text: str, values: list[str], chosen: str | None = None) -> date:
    return parse_when(text, guess_date_order(values), chosen, TZ).day


def test_one_order_settled_by_a_value_is_not_mixed() -> None:
    guess = guess_date_order(["23/04/2026", "23/05/2026"])
    assert guess.settled == {"/": ("dmy", "23/04/2026")} and not guess.mixed
    assert describe_mixed(guess, "Date", None) is None


def test_values_readable_both_ways_in_a_settled_form_follow_it_and_are_named() -> None:
    # Dates over three months: no single month to fit, so 03/04 follows the form's m/d order.
    values = ["01/15/2026", "02/20/2026", "03/25/2026", "03/04/2026", "03/04/2026", "02/01/2026"]
    guess = guess_date_order(values)
    assert guess.mixed and guess.span is None and guess.unsure["/"][1] == 3
    assert day("03/04/2026", values) == date(2026, 3, 4)
    assert day("03/04/2026", values, "dmy") == date(2026, 4, 3)  # a chosen order decides
    assert day("01/15/2026", values, "dmy") == date(2026, 1, 15)  # the only reading stays
    text = describe_mixed(guess, "Date", None)
    assert text == (
        "Column 'Date' has month-first dates (01/15/2026); 3 dates such as 03/04/2026 could be "
        "read either way and were read month-first like the others of their form — check them, "
        "or choose the date order (--date-order)."
    )


def test_forms_settled_in_different_orders_fit_open_values_into_the_one_month() -> None:
    settled = [f"{d}-11-2024" for d in range(13, 31)] + [f"11/{d}/2024" for d in range(13, 31)]
    values = [*settled, "6/11/2024", "11/6/2024", "11/11/2024"]
    guess = guess_date_order(values)
    assert guess.mixed and guess.span == (2024, 11) and guess.fitted == 2
    assert not guess.needs_choice
    assert day("6/11/2024", values) == date(2024, 11, 6)  # day first: lands in November
    assert day("11/6/2024", values) == date(2024, 11, 6)  # month first: lands in November
    assert day("20-11-2024", values) == date(2024, 11, 20)
    text = describe_mixed(guess, "Ad_Date", None)
    assert text is not None and text.startswith(
        "Column 'Ad_Date' mixes day-first (13-11-2024) and month-first (11/13/2024) dates; "
        "2 dates could be read either way. Nearly all the others fall in November 2024, so each "
        "was read the way that falls in that month (e.g. 6/11/2024 as 6 November 2024)"
    )


def test_a_month_needs_nearly_all_the_dates() -> None:
    # 18 of 20 unambiguous dates (90%) in one month is not "nearly all" (95%): no fitting.
    values = [f"11/{d}/2024" for d in range(13, 31)] + ["3/20/2024", "4/20/2024", "6/11/2024"]
    guess = guess_date_order(values)
    assert guess.span is None
    assert day("6/11/2024", values) == date(2024, 6, 11)


def test_an_unsettled_column_without_a_month_still_needs_a_choice() -> None:
    guess = guess_date_order(["01/02/2026", "03/04/2026"])
    assert guess.needs_choice and not guess.mixed
