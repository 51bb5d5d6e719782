"""How every figure reads: money, counts, percentages, ratios, plain numbers, dates and ranges.

One module for every page, table, chart axis, tooltip and form, and for the command line's text.
The marks follow one `NumberStyle`: the app sets the user's locale once at start
(`ui/locale_numbers.apply_locale`); the command line never does, so its text stays plain
English (`1,234.50`), as PRODUCT.md asks. Exact amounts are rounded to the currency's minor unit
only here, at the last step.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from desktop_app.domain.metrics import DASH  # a figure that is not defined (CPA without sales)
from desktop_app.domain.money import EN, NumberStyle, format_money, to_minor

_current: list[NumberStyle] = [EN]


def use_style(style: NumberStyle) -> None:
    """Write every figure from now on with these marks (the app: the user's locale)."""
    _current[0] = style


def style() -> NumberStyle:
    return _current[0]


def _marks(text: str) -> str:
    """Python's `1,234.5` with the current style's marks."""
    s = style()
    if s is EN or (s.decimal == "." and s.group == ","):
        return text
    marks: dict[str, str | int | None] = {",": s.group, ".": s.decimal}
    return text.translate(str.maketrans(marks))


def number(value: Decimal | float | int, places: int = 0) -> str:
    """A plain number, grouped: 1,234 or 1.234,50 (German)."""
    return _marks(f"{value:,.{places}f}")


def exact(value: Decimal) -> str:
    """A decimal with the digits it has, as stored (a rate typed as 0.90 stays 0.90), grouped."""
    return _marks(format(value, ",f"))


def money_minor(minor: int | None, currency: str) -> str:
    """Exact money from minor units: €1,234.50, 1.234,50 €; '—' when there is none."""
    if minor is None:
        return DASH
    if not currency:
        return number(Decimal(minor) / 100, 2)
    return format_money(minor, currency, style())


def money(amount: Decimal | None, currency: str) -> str:
    """A money figure that may hold more decimals (a CPA of 12.3456), rounded to the cent."""
    if amount is None:
        return DASH
    if not currency:
        return number(amount, 2)
    return format_money(to_minor(amount, currency), currency, style())


def count(value: Decimal | int | None) -> str:
    """Whole counts as 1,234; credited (fractional) counts with two decimals."""
    if value is None:
        return DASH
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return number(value, 2)
    return number(int(value))


def percent(ratio: Decimal | None, digits: int = 1) -> str:
    """A ratio as a percentage: 0.125 reads 12.5 %."""
    return DASH if ratio is None else f"{number(ratio * 100, digits)} %"


def roas(ratio: Decimal | None) -> str:
    """Value per unit of spend: 4.20× means 4.20 back for every 1 spent."""
    return DASH if ratio is None else f"{number(ratio, 2)}×"


def day(value: date) -> str:
    """1 Jun 2026."""
    return f"{value.day} {value:%b %Y}"


def long_day(value: date) -> str:
    """1 June 2026: where a date is the point of the sentence (the import's date check)."""
    return f"{value.day} {value:%B %Y}"


def month(value: date, year: bool = True) -> str:
    """Jun 2026, or Jun (a chart's axis, where the year is written once)."""
    return f"{value:%b %Y}" if year else f"{value:%b}"


def moment(value: datetime) -> str:
    """2026-06-01 14:05: a date and time in tables and lists, in the zone it is given in (the
    same in every language, and it sorts as text)."""
    return f"{value:%Y-%m-%d %H:%M}"


def date_range(first: date, last: date) -> str:
    """ "1 – 30 Jun 2026", "28 May – 3 Jun 2026", "1 Dec 2025 – 15 Jan 2026"."""
    if first == last:
        return day(last)
    if first.year != last.year:
        return f"{day(first)} – {day(last)}"
    if first.month != last.month:
        return f"{first.day} {first:%b} – {day(last)}"
    return f"{first.day} – {day(last)}"
