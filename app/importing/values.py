"""Reading one cell: dates, birthdays, money, quantities, emails, tags, consent, names.

Every import format meets the same kinds of values, so each is read (and refused with a
reason the owner understands) in one place. A refusal is a ``ValueError`` whose message
is that reason; the reader attaches the row and column (``Problems`` collects them).
Tills write dates their own way (05/04/2024 is May in one, April in another), so the
order of day and month is decided once for a whole column (``date_order``) and each
cell is then read in that order.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Literal, TypeVar

from app.i18n import _
from app.importing.records import Birthday
from app.importing.report import RowProblem

T = TypeVar("T")
DateOrder = Literal["mdy", "dmy"]
MDY: DateOrder = "mdy"
DMY: DateOrder = "dmy"

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BIRTHDAY = re.compile(r"(?:(\d{4})-|--)?(\d{2})-(\d{2})")
_COMPACT_BIRTHDAY = re.compile(r"(\d{4}|--)(\d{2})(\d{2})")
_YEAR_FIRST = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?")
_NUMERIC_DATE = re.compile(r"(\d{1,2})([-/.])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?:[ T].*)?")
_CONSENT = {
    **dict.fromkeys(("yes", "y", "true", "1", "subscribed", "opted in", "accepted"), True),
    **dict.fromkeys(("no", "n", "false", "0", "unsubscribed", "opted out", "declined"), False),
    **dict.fromkeys(("unknown", "not subscribed", "pending", "never subscribed"), None),
}
_NO_YEAR = (0, 1604)
"""Years that mean "not given": Square writes 0000, Apple's contacts 1604."""
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PLAIN_EMAIL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})*\.[A-Za-z]{{2,63}}")
"""RFC 5322's dot-atom form with a plain domain: valid without asking the library."""
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
# The common "1234.50" / "$1,234.50" spelling, read without the general rules below.
_PLAIN_AMOUNT = re.compile(r"(-?)[$€£]?(\d{1,3}(?:,\d{3}){1,2}|\d{1,9})(?:\.(\d{1,2}))?")
_TAG_SEPARATORS = re.compile(r"[;,]")
_ROUNDED = re.compile(r"[+-]?\d+(?:[.,]\d+)?[eE]\+\d+")
"""How a spreadsheet shows a long number it has rounded: 7.02255E+12."""
_LEAP_YEAR = 2000
_MAX_AMOUNT = Decimal(10) ** 11
_CACHED = 4096
"""Distinct cells remembered per reader: dates, prices, quantities and item names repeat
down a million-line export, and each is then read once (results are immutable)."""


def iso_date(text: str) -> date:
    """A calendar date written ``YYYY-MM-DD``, the one spelling no country misreads."""
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(_("'{text}' is not a date as YYYY-MM-DD").format(text=text))
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("'{text}' is not a real date").format(text=text)) from None


def date_order(column: Iterable[str]) -> DateOrder:
    """Whether a column's numeric dates put the month or the day first: the first date
    whose first or second number is above 12 decides; year-first dates need no decision;
    a column where every date could be either is read as its separator suggests
    (day first with dots, as in 17.05.2024; else month first, as US tills write)."""
    dotted = False
    for text in column:
        if _YEAR_FIRST.fullmatch(text):
            return MDY
        match = _NUMERIC_DATE.fullmatch(text)
        if match is None:
            continue
        first, second = int(match[1]), int(match[3])
        if first > 12 >= second:
            return DMY
        if second > 12 >= first:
            return MDY
        dotted = dotted or match[2] == "."
    return DMY if dotted else MDY


@lru_cache(maxsize=_CACHED)
def calendar_date(text: str, order: DateOrder = MDY) -> date:
    """A date as tills write it: ISO (with or without a time after it), or numeric with
    ``/``, ``-`` or ``.`` in the column's ``order``."""
    parts = _date_parts(text, order)
    if parts is None or parts[0] is None:
        raise ValueError(
            _("'{text}' is not a date (as YYYY-MM-DD, MM/DD/YYYY or DD.MM.YYYY)").format(text=text)
        )
    try:
        return date(parts[0], parts[1], parts[2])
    except ValueError:
        raise ValueError(_("'{text}' is not a real date").format(text=text)) from None


@lru_cache(maxsize=_CACHED)
def birthday(text: str, order: DateOrder = MDY) -> Birthday:
    """``YYYY-MM-DD``, or ``--MM-DD``/``MM-DD`` when the customer kept the year to themself;
    also vCard's ``YYYYMMDD``/``--MMDD`` and tills' numeric dates in the column's ``order``
    (with or without the year)."""
    match = _BIRTHDAY.fullmatch(text) or _COMPACT_BIRTHDAY.fullmatch(text)
    if match:
        year = None if match[1] in (None, "--") else int(match[1])
        parts: tuple[int | None, int, int] | None = (year, int(match[2]), int(match[3]))
    else:
        parts = _date_parts(text, order, past=True)
    if parts is None:
        raise ValueError(
            _("'{text}' is not a birthday as YYYY-MM-DD, --MM-DD or MM-DD").format(text=text)
        )
    year, month, day = parts
    if year in _NO_YEAR:
        year = None
    try:
        day_itself = date(year or _LEAP_YEAR, month, day)
    except ValueError:
        raise ValueError(_("'{text}' is not a real date").format(text=text)) from None
    if year is not None and day_itself > date.today():
        raise ValueError(
            _("'{text}' is in the future: a birthday is a day already lived").format(text=text)
        )
    return Birthday(month, day, year)


def two_digit_years(column: Iterable[str]) -> list[str]:
    """The dates in a column written with a two-digit year (02/20/30), to say how they
    were read."""
    found = []
    for text in column:
        match = _NUMERIC_DATE.fullmatch(text)
        if match and len(match[4] or "") == 2:
            try:
                birthday(text)
            except ValueError:
                continue
            found.append(text)
    return found


def two_digit_year_notice(column: str, found: list[str]) -> str:
    """What the owner is told when birthdays had two-digit years."""
    example = found[0]
    year = birthday(example).year
    return _(
        "{count} birthday(s) in {column} have a two-digit year (e.g. '{example}' read as "
        "{year}): each was read as the latest such year not in the future. Check any "
        "customer over 100."
    ).format(count=len(found), column=column, example=example, year=year)


def unrounded(text: str) -> str:
    """A reference or phone as written, refused when a spreadsheet has rounded it into
    scientific notation (7.02255E+12): its last digits are gone, so storing it would
    match the wrong customer or dial nobody."""
    if _ROUNDED.fullmatch(text.strip()):
        raise ValueError(
            _(
                "'{text}' is a number a spreadsheet rounded (its last digits are lost); "
                "format the column as text in the spreadsheet, or export it again from the "
                "till"
            ).format(text=text)
        )
    return text


def consent(text: str) -> bool | None:
    """Whether the customer agreed to be contacted: yes/no, true/false, Subscribed/
    Unsubscribed as tills write it; "Unknown" is ``None``."""
    key = " ".join(text.replace("_", " ").split()).casefold()
    if key not in _CONSENT:
        raise ValueError(
            _("'{text}' is not a yes or no (nor Subscribed/Unsubscribed)").format(text=text)
        )
    return _CONSENT[key]


@lru_cache(maxsize=_CACHED)
def name_text(text: str) -> str:
    """Names in one Unicode spelling and single spaces, so "José" typed two ways is one."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def person_or_company(first: str, last: str, company: str) -> tuple[str, str]:
    """First and last name; for a contact naming no person, the company as the last name
    ("Pizza Place"), so the lookup finds it by the name the shop knows it by."""
    return (first, last) if first or last else ("", name_text(company))


def nameless() -> str:
    """Why a contact with no person's name and no company is not stored: a customer
    needs a name, the same rule the customer form keeps."""
    return _(
        "it has no name and no company, and a customer needs a name to be looked up by; "
        "add a name in the address book and export it again"
    )


def note_text(text: str) -> str | None:
    """Note text with its line breaks as the app writes them, whatever system saved it."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip("\n") or None


def with_details(note: str | None, details: Iterable[tuple[str, str]]) -> str | None:
    """The note, followed by what the file says that has no field of its own (an address,
    marketing consent) as "Label: value" lines, so nothing is dropped silently; the labels
    (marked with ``N_`` where they are named) in the shop's language, as the note is its."""
    lines = [f"{_(label)}: {value}" for label, value in details if value]
    return "\n".join(part for part in (note, *lines) if part) or None


def email(text: str) -> str:
    """An address valid in form (``email-validator``, no network look-up); case is kept,
    matching ignores it. Address books hold placeholder and intranet addresses
    (Thunderbird's ``contact1@invalid``, ``till@shop``), which are still how the owner
    knows that customer, so the domain only has to be well formed: it is checked as if
    it sat under a real top-level domain. The plain ``name@host.tld`` that nearly every
    address is passes a quick look first (a million-line export repeats the check, for
    more addresses than a cache would keep)."""
    if _PLAIN_EMAIL.fullmatch(text):
        return text
    return _validated_email(text)


@lru_cache(maxsize=_CACHED)
def _validated_email(text: str) -> str:
    """``email`` for an address the quick look does not pass. The library is loaded at
    the first such address: the process that reads a big file (``worker``) starts
    sooner without it, and most exports never need it."""
    from email_validator import EmailNotValidError, validate_email

    local, at, domain = text.rpartition("@")
    try:
        validate_email(
            f"{local}{at}{domain}.example.com" if at else text,
            check_deliverability=False,
            allow_smtputf8=True,
        )
    except EmailNotValidError:
        raise ValueError(
            _("'{text}' is not an email address ({exc})").format(
                text=text, exc=_what_is_wrong(local, at, domain)
            )
        ) from None
    return text


def _what_is_wrong(local: str, at: str, domain: str) -> str:
    """Why an address is refused, in the owner's words and language (the validator's own
    reasons are English and technical)."""
    if not at:
        return _("it has no @")
    whole = f"{local}{at}{domain}"
    if "@" in local:
        return _("it has more than one @")
    if any(ch.isspace() for ch in whole):
        return _("it holds a blank")
    if ".." in whole:
        return _("it has two dots in a row")
    if not local:
        return _("nothing comes before the @")
    if not domain:
        return _("nothing comes after the @")
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(f"a@{domain}.example.com", check_deliverability=False)
    except EmailNotValidError:
        return _("the part after the @ is not a valid domain")
    return _("the part before the @ holds a character no address may have")


@lru_cache(maxsize=_CACHED)
def quantity(text: str) -> float:
    """How many were bought: a plain decimal number, not below zero. (A format whose
    export records returns reads its return lines with ``signed_quantity``.)"""
    value = signed_quantity(text)
    if value < 0:
        raise ValueError(
            _(
                "'{text}' is below zero; a quantity counts what was bought (this file's "
                "format has no returns)"
            ).format(text=text)
        )
    return value


@lru_cache(maxsize=_CACHED)
def signed_quantity(text: str) -> float:
    """How many: a plain decimal number, negative for items brought back."""
    if not _NUMBER.fullmatch(text):
        raise ValueError(_("'{text}' is not a number").format(text=text))
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(_("'{text}' is not a number").format(text=text))
    return value


@lru_cache(maxsize=_CACHED)
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
        raise ValueError(_("'{text}' is not an amount of money").format(text=text))
    if amount >= _MAX_AMOUNT:
        raise ValueError(_("'{text}' is too large an amount for one item").format(text=text))
    cents = int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return -cents if negative else cents


def tags(text: str) -> tuple[str, ...]:
    """Labels separated by ``;`` or ``,``; repeats (in any case) count once."""
    if not text:
        return ()
    seen: dict[str, str] = {}
    for part in _TAG_SEPARATORS.split(text):
        name = " ".join(part.split())
        if name:
            seen.setdefault(name.casefold(), name)
    return tuple(seen.values())


class Problems:
    """Collects a row's problems so every bad cell is reported, not just the first."""

    def __init__(self, row: int) -> None:
        self.row = row
        self.found: list[RowProblem] = []

    def add(self, column: str, reason: str) -> None:
        """One cell (or the row) refused, and why."""
        self.found.append(RowProblem(self.row, column, reason))

    def read(
        self, column: str | Callable[[], str], reader: Callable[[str], T], text: str
    ) -> T | None:
        """``reader(text)``, or ``None`` with the problem noted; blank cells are ``None``.
        ``column`` may be worked out only when needed (most cells are clean)."""
        if not text:
            return None
        try:
            return reader(text)
        except ValueError as exc:
            self.add(column if isinstance(column, str) else column(), str(exc))
            return None


def _date_parts(
    text: str, order: DateOrder, *, past: bool = False
) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) from a year-first or numeric date, not yet checked;
    with ``past`` a two-digit year is the latest such year not in the future (a
    birthday written 02/20/30 is 1930, never 2030)."""
    iso = _YEAR_FIRST.fullmatch(text)
    if iso:
        return int(iso[1]), int(iso[2]), int(iso[3])
    match = _NUMERIC_DATE.fullmatch(text)
    if match is None:
        return None
    first, second = int(match[1]), int(match[3])
    month, day = (first, second) if order == MDY else (second, first)
    year_text = match[4]
    if year_text is None:
        return None if match[2] == "-" else (None, month, day)
    year = int(year_text)
    if len(year_text) == 2:
        year += 2000 if year < 70 else 1900
        if past and year > date.today().year:
            year -= 100
    return year, month, day


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
