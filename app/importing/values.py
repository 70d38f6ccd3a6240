"""Reading one cell: dates, birthdays, money, quantities, emails and tags.

Every import format meets the same kinds of values, so each is read (and refused with a
reason the owner understands) in one place. A refusal is a ``ValueError`` whose message
is that reason; the reader attaches the row and column.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from app.importing.records import Birthday

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BIRTHDAY = re.compile(r"(?:(\d{4})-|--)?(\d{2})-(\d{2})")
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
# The common "1234.50" / "$1,234.50" spelling, read without the general rules below.
_PLAIN_AMOUNT = re.compile(r"(-?)[$€£]?(\d{1,3}(?:,\d{3}){1,2}|\d{1,9})(?:\.(\d{1,2}))?")
_TAG_SEPARATORS = re.compile(r"[;,]")
_LEAP_YEAR = 2000
_MAX_AMOUNT = Decimal(10) ** 11


def iso_date(text: str) -> date:
    """A calendar date written ``YYYY-MM-DD``, the one spelling no country misreads."""
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(f"'{text}' is not a date as YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None


def birthday(text: str) -> Birthday:
    """``YYYY-MM-DD``, or ``--MM-DD``/``MM-DD`` when the customer kept the year to themself."""
    match = _BIRTHDAY.fullmatch(text)
    if not match:
        raise ValueError(f"'{text}' is not a birthday as YYYY-MM-DD, --MM-DD or MM-DD")
    year = int(match[1]) if match[1] else None
    month, day = int(match[2]), int(match[3])
    try:
        date(year or _LEAP_YEAR, month, day)
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None
    return Birthday(month, day, year)


def email(text: str) -> str:
    """An address that could receive mail; case is kept, matching ignores it."""
    if not _EMAIL.fullmatch(text):
        raise ValueError(f"'{text}' is not an email address")
    return text


def quantity(text: str) -> float:
    """How many: a plain decimal number (negative for returns)."""
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"'{text}' is not a number")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"'{text}' is not a number")
    return value


def money_cents(text: str) -> int:
    """An amount as tills print it ("$1,234.50", "1.234,50 €", "-$5", "(5.00)") in cents."""
    plain = _PLAIN_AMOUNT.fullmatch(text)
    if plain:
        sign, whole, fraction = plain.groups()
        cents = int(whole.replace(",", "")) * 100 + int((fraction or "0").ljust(2, "0"))
        return -cents if sign else cents
    core = _trim_currency(text)
    negative = core.startswith("(") and core.endswith(")")
    if negative:
        core = _trim_currency(core[1:-1])
    if core.startswith("-"):
        negative, core = True, _trim_currency(core[1:])
    amount = _unsigned_amount("".join(ch for ch in core if not (ch.isspace() or ch in "'’")))
    if amount is None:
        raise ValueError(f"'{text}' is not an amount of money")
    if amount >= _MAX_AMOUNT:
        raise ValueError(f"'{text}' is too large an amount for one item")
    cents = int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return -cents if negative else cents


def tags(text: str) -> tuple[str, ...]:
    """Labels separated by ``;`` or ``,``; repeats (in any case) count once."""
    seen: dict[str, str] = {}
    for part in _TAG_SEPARATORS.split(text):
        name = " ".join(part.split())
        if name:
            seen.setdefault(name.casefold(), name)
    return tuple(seen.values())


def _trim_currency(text: str) -> str:
    """Drop currency signs and codes ("$", "€", "USD", "kr") and blanks around a number."""
    start, end = 0, len(text)
    while start < end and _is_currency_or_blank(text[start]):
        start += 1
    while end > start and _is_currency_or_blank(text[end - 1]):
        end -= 1
    return text[start:end]


def _is_currency_or_blank(ch: str) -> bool:
    return ch.isspace() or ch.isalpha() or unicodedata.category(ch) == "Sc"


def _unsigned_amount(text: str) -> Decimal | None:
    """Digits with an optional decimal mark and thousands marks, whichever of ``.``/``,``
    each is: the last mark is decimal unless it is a lone comma grouping three digits."""
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
    elif commas == 1 and not re.fullmatch(r"\d{1,3},\d{3}", text):
        decimal_mark = ","
    elif dots == 1:
        decimal_mark = "."
    else:
        decimal_mark = ""
    if decimal_mark:
        thousands_mark = "." if decimal_mark == "," else ","
        whole, fraction = text.rsplit(decimal_mark, 1)
    else:
        thousands_mark = "," if commas else "."
        whole, fraction = text, ""
    group = re.escape(thousands_mark)
    if not re.fullmatch(rf"\d{{1,3}}(?:{group}\d{{3}})+|\d*", whole, re.ASCII):
        return None
    if not re.fullmatch(r"\d*", fraction, re.ASCII) or not (whole or fraction):
        return None
    return Decimal(f"{whole.replace(thousands_mark, '') or '0'}.{fraction or '0'}")
