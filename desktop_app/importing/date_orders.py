"""Which order a column's numeric dates use (`23/04` settles it), and what to do when it is mixed."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from desktop_app.importing.readers import Cell
from desktop_app.importing.wording import plural

NUMERIC_DATE = re.compile(
    r"^(\d{1,4})([/.\-])(\d{1,2})\2(\d{2,4})\.?(?:[ T,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*([AaPp]\.?[Mm]\.?)?)?"
    r"\s*(Z|UTC|[+-]\d{2}:?\d{2})?$"
)
ORDER_WORDS = {"dmy": "day-first", "mdy": "month-first", "ymd": "year-first"}
# A column's unambiguous dates "nearly all" fall in one month when this share of them does; then an
# ambiguous date (6/11/2024) is read the way that lands in that month (6 November, not 11 June).
SPAN_SHARE = 0.95
SPAN_MIN_DATES = 10


@dataclass
class DateOrderGuess:
    """Per separator (`/`, `-`, `.`): the order the column's values settle, and one example."""

    settled: dict[str, tuple[str, str]] = field(default_factory=dict)  # sep -> (order, example)
    ambiguous: dict[str, str] = field(default_factory=dict)  # sep -> an ambiguous example
    conflicts: dict[str, tuple[str, str]] = field(default_factory=dict)  # sep -> two examples
    # Values readable both ways in a group that other values settle: sep -> (example, count).
    unsure: dict[str, tuple[str, int]] = field(default_factory=dict)
    span: tuple[int, int] | None = None  # (year, month) nearly all unambiguous dates fall in
    # How many of the values readable both ways the span decides (one reading falls inside it).
    fitted: int = 0
    fitted_example: str = ""
    unfitted: set[str] = field(default_factory=set)  # seps with values the span leaves open

    def order_for(self, sep: str, chosen: str | None) -> str | None:
        if sep in self.settled:
            return self.settled[sep][0]
        return chosen

    @property
    def mixed(self) -> bool:
        """Different orders for different forms, or values left open in a settled form."""
        return len({order for order, _ in self.settled.values()}) > 1 or bool(self.unsure)

    @property
    def open(self) -> bool:
        """Whether a value readable both ways needs more than its group's order (parse checks it)."""
        return self.mixed or self.span is not None

    @property
    def needs_choice(self) -> bool:
        """The CLI cannot go on without --date-order (nothing settles some values)."""
        if self.conflicts:
            return True
        if self.span is None:
            return bool(self.ambiguous)
        return any(sep in self.unfitted for sep in self.ambiguous)

    def pick(self, year: int, a: int, b: int, sep: str, chosen: str | None) -> str | None:
        """The order for a value readable both ways (`a`/`b` both <= 12, different)."""
        if chosen:
            return chosen
        if self.span is not None:
            if (year, b) == self.span:  # day first puts b in the month place
                return "dmy"
            if (year, a) == self.span:
                return "mdy"
        return self.settled[sep][0] if sep in self.settled else None


def _year(text: str) -> int:
    return int(text) + (2000 if len(text) == 2 else 0)


def guess_date_order(values: Iterable[Cell]) -> DateOrderGuess:
    """Which of day/month/year a column's numeric dates use; `23/04` settles it, `01/02` does not."""
    day_first: dict[str, str] = {}
    month_first: dict[str, str] = {}
    undecided: dict[str, str] = {}
    open_values: Counter[tuple[str, str]] = Counter()  # (sep, text) readable both ways
    months: Counter[tuple[int, int]] = Counter()  # (year, month) of dates with one reading
    for cell in values:
        if not isinstance(cell, str):
            continue
        text = cell.strip()
        m = NUMERIC_DATE.match(text)
        if not m or len(m.group(1)) == 4:
            continue
        a, b, sep, year = int(m.group(1)), int(m.group(3)), m.group(2), _year(m.group(4))
        if a > 12 and b <= 12:
            day_first.setdefault(sep, text)
            months[(year, b)] += 1
        elif b > 12 and a <= 12:
            month_first.setdefault(sep, text)
            months[(year, a)] += 1
        elif a != b:
            undecided.setdefault(sep, text)
            open_values[(sep, text)] += 1
        else:
            months[(year, a)] += 1
    guess = DateOrderGuess()
    for sep in set(day_first) | set(month_first) | set(undecided):
        if sep in day_first and sep in month_first:
            guess.conflicts[sep] = (day_first[sep], month_first[sep])
        elif sep in day_first:
            guess.settled[sep] = ("dmy", day_first[sep])
        elif sep in month_first:
            guess.settled[sep] = ("mdy", month_first[sep])
        else:
            guess.ambiguous[sep] = undecided[sep]
        if sep in undecided and sep in guess.settled:
            count = sum(n for (s, _), n in open_values.items() if s == sep)
            guess.unsure[sep] = (undecided[sep], count)
    if months and open_values:
        (span, inside), dated = months.most_common(1)[0], sum(months.values())
        if dated >= SPAN_MIN_DATES and inside >= SPAN_SHARE * dated:
            guess.span = span
            _fit(guess, open_values)
    return guess


def _fit(guess: DateOrderGuess, open_values: Counter[tuple[str, str]]) -> None:
    """Count the values readable both ways that exactly one reading puts inside the span."""
    assert guess.span is not None
    examples: list[tuple[bool, int, str]] = []
    for (sep, text), count in open_values.items():
        m = NUMERIC_DATE.match(text)
        assert m is not None
        a, b, year = int(m.group(1)), int(m.group(3)), _year(m.group(4))
        day_first, month_first = (year, b) == guess.span, (year, a) == guess.span
        if day_first == month_first:
            guess.unfitted.add(sep)
            continue
        guess.fitted += count
        # Show first a value the span reads against its group's order (6/11 among m/d dates).
        against = guess.settled.get(sep, ("",))[0] != ("dmy" if day_first else "mdy")
        examples.append((not against, -count, text))
    if examples:
        guess.fitted_example = min(examples)[2]


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


def _long(text: str, order: str) -> str:
    m = NUMERIC_DATE.match(text)
    assert m is not None
    a, b = int(m.group(1)), int(m.group(3))
    day, month = (a, b) if order == "dmy" else (b, a)
    return f"{day} {_MONTHS[month - 1]} {_year(m.group(4))}"


def describe_mixed(guess: DateOrderGuess, column: str, chosen: str | None) -> str | None:
    """What was done with a column whose dates are not settled one way (None when they are)."""
    fitted = guess.fitted if guess.span is not None else 0
    if not guess.mixed and not fitted:
        return None
    forms = {order: example for order, example in guess.settled.values()}
    if len(forms) > 1:
        kinds = " and ".join(f"{ORDER_WORDS[o]} ({forms[o]})" for o in sorted(forms))
        text = f"Column '{column}' mixes {kinds} dates"
    elif forms:
        ((order, example),) = forms.items()
        text = f"Column '{column}' has {ORDER_WORDS[order]} dates ({example})"
    else:
        text = f"Column '{column}' has dates"
    both = sum(n for _, n in guess.unsure.values()) + (fitted if not guess.unsure else 0)
    example = next(iter(guess.unsure.values()))[0] if guess.unsure else guess.fitted_example
    if chosen:
        return (
            f"{text}; {plural(both, 'date')} such as {example} could be read either way and "
            f"{'was' if both == 1 else 'were'} read {ORDER_WORDS[chosen]}, as chosen."
        )
    if fitted and guess.span is not None:
        year, month = guess.span
        order = "dmy" if (year, _month_of(guess.fitted_example, "dmy")) == guess.span else "mdy"
        rest = both - fitted
        tail = f"; the other {rest:,} were read like the others of their form" if rest > 0 else ""
        return (
            f"{text}; {plural(both, 'date')} could be read either way. Nearly all the others fall in "
            f"{_MONTHS[month - 1]} {year}, so {f'{fitted:,} of them were' if rest > 0 else 'each was'} read the way that falls "
            f"in that month (e.g. {guess.fitted_example} as "
            f"{_long(guess.fitted_example, order)}){tail} — check them, or choose the date "
            "order (--date-order)."
        )
    if not guess.unsure:
        return f"{text}; each form is read in the order its own values settle."
    sep, (example, _count) = next(iter(guess.unsure.items()))
    word = ORDER_WORDS[guess.settled[sep][0]]
    return (
        f"{text}; {plural(both, 'date')} such as {example} could be read either way and "
        f"{'was' if both == 1 else 'were'} read {word} like the others of their form — check them, or choose the date order "
        "(--date-order)."
    )


def _month_of(text: str, order: str) -> int:
    m = NUMERIC_DATE.match(text)
    assert m is not None
    return int(m.group(3)) if order == "dmy" else int(m.group(1))
