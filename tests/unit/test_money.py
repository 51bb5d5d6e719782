"""Money: parsing as people and exports write it, exact minor units, formatting that parses back."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.money import (
    EN,
    EU,
    Money,
    MoneyParseError,
    NumberStyle,
    currency_exponent,
    format_money,
    parse_amount,
    parse_money,
    to_minor,
)


@pytest.mark.parametrize(
    ("text", "style", "amount", "currency"),
    [
        ("$1,234.50", None, "1234.50", "USD"),
        ("1.234,56 €", None, "1234.56", "EUR"),
        ("1.234,56\u00a0€", EU, "1234.56", "EUR"),
        ("R$ 100.000", EU, "100000", "BRL"),
        ("R$\u00a0100.000", None, "100000", "BRL"),
        ("(12.00)", None, "-12.00", None),
        ("\u221212.50", None, "-12.50", None),
        ("12.50-", None, "-12.50", None),
        ("-$3.10", None, "-3.10", "USD"),
        ("$231.88 ", None, "231.88", "USD"),
        ('"$1,892 "'.strip('"'), None, "1892", "USD"),
        ("146536,25", None, "146536.25", None),
        ("146536,25", EU, "146536.25", None),
        ("1 234,5", EU, "1234.5", None),
        ("1\u202f234,50", EU, "1234.50", None),
        ("1'234.50", None, "1234.50", None),
        ("USD 12", None, "12", "USD"),
        ("12 EUR", None, "12", "EUR"),
        ("¥1,200", None, "1200", "JPY"),
        ("৳ 1,250", None, "1250", "BDT"),
        ("0,5", None, "0.5", None),
        ("1,234", EU, "1.234", None),
        ("1.234", EN, "1.234", None),
        ("1.234", EU, "1234", None),
        ("1,234,567.89", None, "1234567.89", None),
        ("1.234.567,89", None, "1234567.89", None),
        ("+7", None, "7", None),
        ("£0.99", None, "0.99", "GBP"),
    ],
)
def test_parse_amount(
    text: str, style: NumberStyle | None, amount: str, currency: str | None
) -> None:
    parsed = parse_amount(text, style)
    assert parsed.amount == Decimal(amount)
    assert parsed.currency == currency


@pytest.mark.parametrize(
    "text", ["", "  ", "abc", "12a", "1,23,4", "1.2.3,4,5", "--", "€", "1,2345,678"]
)
def test_parse_amount_refuses_non_amounts(text: str) -> None:
    with pytest.raises(MoneyParseError):
        parse_amount(text)


def test_exponents_follow_iso_4217() -> None:
    assert currency_exponent("EUR") == 2
    assert currency_exponent("JPY") == 0
    assert currency_exponent("KWD") == 3
    assert to_minor(Decimal("1.005"), "EUR") == 101  # half away from zero
    assert to_minor(Decimal("-1.005"), "EUR") == -101
    assert to_minor(Decimal("1234.5"), "JPY") == 1235
    assert to_minor(Decimal("1.2345"), "KWD") == 1235


def test_parse_money_uses_the_currency_named_in_the_text() -> None:
    assert parse_money("12,50 €", "USD", EU) == Money(1250, "EUR")
    assert parse_money("12.50", "USD") == Money(1250, "USD")
    assert parse_money("1,200", "JPY", EN) == Money(1200, "JPY")


def test_money_addition_refuses_mixed_currencies() -> None:
    assert Money(150, "EUR") + Money(50, "EUR") == Money(200, "EUR")
    with pytest.raises(ValueError, match="cannot add"):
        _ = Money(1, "EUR") + Money(1, "USD")


def test_format_money() -> None:
    assert format_money(123450, "USD") == "$1,234.50"
    assert format_money(123456, "EUR", EU) == "1.234,56\u00a0€"
    assert format_money(-1200, "USD") == "-$12.00"
    assert format_money(1200, "JPY") == "¥1,200"
    assert format_money(1234, "KWD") == "KWD\u00a01.234"
    assert format_money(5, "EUR", symbol=False) == "0.05"


@given(
    minor=st.integers(min_value=-(10**13), max_value=10**13),
    currency=st.sampled_from(["EUR", "USD", "JPY", "KWD", "GBP", "BRL", "CHF"]),
    style=st.sampled_from([EN, EU]),
)
def test_format_then_parse_round_trips(minor: int, currency: str, style: NumberStyle) -> None:
    text = format_money(minor, currency, style)
    assert parse_money(text, currency, style) == Money(minor, currency)


def test_a_symbol_the_font_cannot_draw_is_written_as_its_code() -> None:
    from desktop_app.domain.money import NumberStyle

    no_bengali = NumberStyle(".", ",", drawable=lambda text: text != "৳")
    assert format_money(123450, "BDT", no_bengali) == "BDT\u00a01,234.50"  # not boxes
    assert format_money(123450, "EUR", no_bengali) == "€1,234.50"
    assert format_money(123450, "BDT", EN) == "৳1,234.50"  # no check: the symbol
    assert no_bengali == EN  # the check does not change how numbers are written
