"""Exact money: integer minor units with an ISO 4217 currency, and parsing of money as people write it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# ISO 4217 minor-unit exponents that differ from the usual two decimals.
# fmt: off
_EXPONENT_EXCEPTIONS: dict[str, int] = {
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0,
    "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0,
    "XPF": 0, "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
    "CLF": 4, "UYW": 4,
}
# fmt: on

# Active ISO 4217 codes (a currency code outside this set is refused, not guessed).
# fmt: off
ISO_CURRENCIES: frozenset[str] = frozenset({
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
    "CDF", "CHF", "CLF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP",
    "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF",
    "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD",
    "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP",
    "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR",
    "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB",
    "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD",
    "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL",
    "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYI",
    "UYU", "UYW", "UZS", "VES", "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR",
    "ZMW", "ZWL",
})
# fmt: on

# Symbols people type or exports print, longest first when matched. A symbol shared by several
# currencies (`$`, `kr`) maps to the most common one and is only a hint: the caller's base currency wins.
CURRENCY_SYMBOLS: dict[str, str] = {
    "US$": "USD", "USD$": "USD", "R$": "BRL", "A$": "AUD", "AU$": "AUD", "C$": "CAD",
    "CA$": "CAD", "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "MX$": "MXN", "$": "USD",
    "€": "EUR", "£": "GBP", "¥": "JPY", "￥": "JPY", "₹": "INR", "৳": "BDT", "₺": "TRY",
    "₩": "KRW", "₽": "RUB", "₪": "ILS", "₫": "VND", "₱": "PHP", "฿": "THB", "₴": "UAH",
    "₦": "NGN", "zł": "PLN", "Kč": "CZK", "Ft": "HUF", "lei": "RON", "kr.": "DKK", "kr": "SEK",
    "Tk": "BDT", "Rs.": "INR", "Rs": "INR", "CHF": "CHF", "Fr.": "CHF",
}  # fmt: skip

# Symbol used when formatting; codes not listed are written as the code itself.
_DISPLAY_SYMBOL: dict[str, str] = {
    "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "BDT": "৳", "BRL": "R$",
    "AUD": "A$", "CAD": "CA$", "NZD": "NZ$", "KRW": "₩", "TRY": "₺", "ILS": "₪", "PLN": "zł",
}  # fmt: skip

NBSP = "\u00a0"
_SPACES = (" ", NBSP, "\u202f", "\u2009", "\u2007")
_MINUS_SIGNS = ("-", "\u2212", "\u2013")  # hyphen-minus, minus sign, en dash (Excel exports)


class MoneyParseError(ValueError):
    """Text that is not an amount of money; the message says what was wrong."""


def currency_exponent(currency: str) -> int:
    """Number of decimals of the currency's minor unit (JPY 0, EUR 2, KWD 3)."""
    return _EXPONENT_EXCEPTIONS.get(currency.upper(), 2)


def is_currency_code(code: str) -> bool:
    return code.upper() in ISO_CURRENCIES


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount: `minor` units (cents) of `currency`."""

    minor: int
    currency: str

    def to_decimal(self) -> Decimal:
        return to_decimal(self.minor, self.currency)

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")
        return Money(self.minor + other.minor, self.currency)


# The most one record holds, in minor units: 1,000,000,000 of a currency with cents (an import
# and every form refuse more; a phone number or an id read as an amount is far above it).
MAX_MINOR = 1_000_000_000 * 100


def max_amount(currency: str) -> int:
    """MAX_MINOR in whole units of `currency` (1,000,000,000 EUR; 100,000,000,000 VND)."""
    return MAX_MINOR // int(10 ** currency_exponent(currency))


def to_minor(amount: Decimal, currency: str) -> int:
    """Round a decimal amount to whole minor units (half away from zero, as invoices do)."""
    exp = currency_exponent(currency)
    scaled = (amount * (Decimal(10) ** exp)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(scaled)


def to_decimal(minor: int, currency: str) -> Decimal:
    exp = currency_exponent(currency)
    return Decimal(minor).scaleb(-exp)


@dataclass(frozen=True, slots=True)
class NumberStyle:
    """How a locale writes numbers: the decimal mark and the grouping mark; and, for a screen,
    which currency symbols its font can draw (`drawable`; None: every one). A symbol it cannot
    draw is written as the ISO code (`BDT 1,234.50`, not boxes)."""

    decimal: str = "."
    group: str = ","
    drawable: Callable[[str], bool] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def for_decimal(cls, decimal: str) -> NumberStyle:
        return cls(decimal=decimal, group="." if decimal == "," else ",")


EN = NumberStyle(".", ",")
EU = NumberStyle(",", ".")


@dataclass(frozen=True, slots=True)
class ParsedAmount:
    amount: Decimal
    currency: str | None  # the currency the text named, if any


_SYMBOLS_LONGEST_FIRST = sorted(CURRENCY_SYMBOLS, key=len, reverse=True)
_CODE_RE = re.compile(r"(?<![A-Za-z])([A-Za-z]{3})(?![A-Za-z])")


def _strip_currency(text: str) -> tuple[str, str | None]:
    currency: str | None = None
    m = _CODE_RE.search(text)
    if m and m.group(1).upper() in ISO_CURRENCIES:
        currency = m.group(1).upper()
        text = text[: m.start()] + text[m.end() :]
    for sym in _SYMBOLS_LONGEST_FIRST:
        idx = text.find(sym)
        if idx >= 0:
            if currency is None:
                currency = CURRENCY_SYMBOLS[sym]
            text = text[:idx] + text[idx + len(sym) :]
            break
    return text, currency


def parse_amount(text: str, style: NumberStyle | None = None) -> ParsedAmount:
    """Parse money as people and exports write it.

    Accepts currency symbols and codes before or after (`$1,234.50`, `1.234,56 €`, `R$ 100.000`,
    `USD 12`), accounting negatives `(12.00)`, U+2212 and trailing minus, and spaces (NBSP,
    narrow NBSP) as grouping. `style` fixes the decimal mark; without it a lone separator followed
    by exactly three digits is read as grouping only when that is the only sensible reading.
    """
    original = text
    if text is None:
        raise MoneyParseError("no amount given")
    s = str(text).strip()
    if not s:
        raise MoneyParseError("empty amount")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative = True
        s = s[1:-1].strip()
    s, currency = _strip_currency(s)
    s = s.strip()
    for sign in _MINUS_SIGNS:
        if s.startswith(sign):
            negative = not negative
            s = s[len(sign) :].strip()
            break
        if s.endswith(sign):
            negative = not negative
            s = s[: -len(sign)].strip()
            break
    if s.startswith("+"):
        s = s[1:].strip()
    if s.startswith("(") and s.endswith(")"):
        negative = not negative
        s = s[1:-1].strip()
    for sp in _SPACES:
        s = s.replace(sp, "")
    s = s.replace("'", "").replace("’", "")  # Swiss grouping 1'234.50
    if not s or not re.fullmatch(r"[0-9.,]+", s) or not re.search(r"[0-9]", s):
        raise MoneyParseError(f"'{original}' is not an amount")
    number = _normalise_separators(s, style, original)
    try:
        amount = Decimal(number)
    except InvalidOperation as exc:  # pragma: no cover - guarded by the regex above
        raise MoneyParseError(f"'{original}' is not an amount") from exc
    return ParsedAmount(-amount if negative else amount, currency)


def _normalise_separators(s: str, style: NumberStyle | None, original: str) -> str:
    has_dot, has_comma = "." in s, "," in s
    if has_dot and has_comma:
        decimal = "." if s.rfind(".") > s.rfind(",") else ","
        # With both marks present the text's own shape decides (the last one is the decimal).
        group = "," if decimal == "." else "."
        if s.count(decimal) > 1:
            raise MoneyParseError(f"'{original}' has more than one decimal mark")
        int_part, frac = s.split(decimal)
        _check_grouping(int_part, group, original)
        return int_part.replace(group, "") + "." + frac
    sep = "." if has_dot else "," if has_comma else None
    if sep is None:
        return s
    parts = s.split(sep)
    if len(parts) > 2:
        _check_grouping(s, sep, original)
        return s.replace(sep, "")
    int_part, frac = parts
    if style is not None:
        if sep == style.decimal:
            return (int_part or "0") + "." + frac
        _check_grouping(s, sep, original)
        return s.replace(sep, "")
    # No style: `1,234` and `1.234` are grouping; `12,5` / `12.50` are decimals.
    if len(frac) == 3 and int_part and int_part != "0":
        return int_part + frac
    return (int_part or "0") + "." + frac


def _check_grouping(text: str, group: str, original: str) -> None:
    groups = text.split(group)
    if any(len(g) != 3 for g in groups[1:]) or not groups[0] or len(groups[0]) > 3:
        raise MoneyParseError(f"'{original}': the thousands separators are not in the right places")


def parse_money(text: str, currency: str, style: NumberStyle | None = None) -> Money:
    """Parse text to exact money in `currency` (the currency the text names wins when it names one)."""
    parsed = parse_amount(text, style)
    cur = parsed.currency or currency
    return Money(to_minor(parsed.amount, cur), cur)


def format_money(
    minor: int,
    currency: str,
    style: NumberStyle = EN,
    symbol: bool = True,
    symbol_after: bool | None = None,
) -> str:
    """Format exact money for display: `$1,234.50`, `1.234,56 €`, `-$12.00`."""
    exp = currency_exponent(currency)
    negative = minor < 0
    units, frac = divmod(abs(minor), 10**exp) if exp else (abs(minor), 0)
    grouped = f"{units:,}".replace(",", style.group)
    number = grouped + (style.decimal + str(frac).zfill(exp) if exp else "")
    if not symbol:
        return ("-" if negative else "") + number
    code = currency.upper()
    sym = _DISPLAY_SYMBOL.get(code, code)
    if sym != code and style.drawable is not None and not style.drawable(sym):
        sym = code  # the font has no such glyph: the code reads where a box would not
    after = style.decimal == "," if symbol_after is None else symbol_after
    body = (
        f"{number}{NBSP}{sym}"
        if after
        else (f"{sym}{number}" if len(sym) <= 2 else f"{sym}{NBSP}{number}")
    )
    return ("-" if negative else "") + body
