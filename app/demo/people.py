"""Invented people for the demo: names from many locales, contact details and birthdays.

The variety is the point: accents, hyphens, apostrophes, particles, nicknames and phone
numbers written every which way are what the register search has to cope with.
"""

from __future__ import annotations

import itertools
import random
import unicodedata
from dataclasses import dataclass

from app.demo.data import DemoData, Locale

PREFERRED_NAME_SHARE = 0.35
EMAIL_SHARE = 0.75
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_ASCII_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})
_PHONE_FORMATS = (
    "({a}) {e}-{n}",
    "({a}) {e}-{n}",
    "{a}-{e}-{n}",
    "{a}.{e}.{n}",
    "{a} {e} {n}",
    "+1 {a} {e} {n}",
    "1-{a}-{e}-{n}",
    "{a}{e}{n}",
    "{e}-{n}",
)


@dataclass(frozen=True)
class Identity:
    """Who someone is called, and which locale their household's names come from."""

    first: str
    last: str
    female: bool
    locale: Locale
    preferred: str | None = None


@dataclass(frozen=True)
class Birthday:
    """Month and day always; the year only when the shop happens to know it."""

    month: int
    day: int
    year: int | None


def ascii_fold(text: str) -> str:
    """Email addresses keep to plain letters: José -> jose, Łukasz -> lukasz."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_ASCII_LETTERS))
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum())


class People:
    """Draws names, addresses, phones, emails and birthdays from one seeded generator."""

    def __init__(self, rng: random.Random, data: DemoData, this_year: int) -> None:
        self._rng = rng
        self._data = data
        self._this_year = this_year
        self._cum_weights = list(itertools.accumulate(loc.weight for loc in data.locales))
        self._by_name = {loc.name: loc for loc in data.locales}

    def locale(self, name: str | None = None) -> Locale:
        """The named locale, or one drawn by how common it is among customers."""
        if name is not None:
            return self._by_name[name]
        return self._rng.choices(self._data.locales, cum_weights=self._cum_weights)[0]

    def first_name(self, locale: Locale, *, female: bool) -> str:
        """A given name of the locale."""
        return self._rng.choice(locale.female if female else locale.male)

    def surname(self, locale: Locale, *, female: bool) -> str:
        """A family name in the form that fits (Kowalski / Kowalska)."""
        masculine, feminine = self._rng.choice(locale.surnames)
        return feminine if female else masculine

    def preferred_name(self, first: str) -> str | None:
        """Some people go by a short form (Robert -> Bob, Katarzyna -> Kasia)."""
        short_forms = self._data.nicknames.get(first)
        if short_forms and self._rng.random() < PREFERRED_NAME_SHARE:
            return self._rng.choice(short_forms)
        return None

    def identity(self, locale: Locale | None = None, *, last: str | None = None) -> Identity:
        """A new customer's names; ``last`` keeps a household's surname."""
        locale = locale or self.locale()
        female = self._rng.random() < 0.5
        first = self.first_name(locale, female=female)
        return Identity(
            first=first,
            last=last or self.surname(locale, female=female),
            female=female,
            locale=locale,
            preferred=self.preferred_name(first),
        )

    def address(self) -> tuple[str, str]:
        """A street address and town."""
        number = self._rng.randint(1, 480)
        return f"{number} {self._rng.choice(self._data.streets)}", self._rng.choice(
            self._data.towns
        )

    def phone(self) -> tuple[str, str]:
        """A phone number as people write it, and its digits as ``app.phones`` keeps them
        (E.164 without the plus; a local number without area code as its bare digits).
        Built directly rather than parsed: parsing costs seconds at 100,000 customers."""
        rng = self._rng
        shape = rng.choice(_PHONE_FORMATS)
        area = rng.choice(self._data.area_codes)
        exchange = rng.randint(201, 989)
        line = f"{rng.randint(0, 9999):04d}"
        digits = f"1{area}{exchange}{line}" if "{a}" in shape else f"{exchange}{line}"
        return shape.format(a=area, e=exchange, n=line), digits

    def email(self, who: Identity) -> str | None:
        """Most customers leave an address, in one of the usual shapes."""
        rng = self._rng
        if rng.random() >= EMAIL_SHARE:
            return None
        first = ascii_fold(who.preferred or who.first)
        last = ascii_fold(who.last)
        local = rng.choice(
            (
                f"{first}.{last}",
                f"{first}{last}",
                f"{first[:1]}{last}",
                f"{last}.{first}",
                f"{first}_{last}{rng.randint(1, 99)}",
                f"{first}{rng.randint(1950, 2005)}",
            )
        )
        return f"{local}@{rng.choice(self._data.email_domains)}"

    def birthday(self, min_age: int, max_age: int, year_share: float) -> Birthday:
        """A birthday; the year is known for ``year_share`` of people."""
        rng = self._rng
        month = rng.randint(1, 12)
        day = rng.randint(1, _DAYS_IN_MONTH[month - 1])
        year = self._this_year - rng.randint(min_age, max_age)
        return Birthday(month, day, year if rng.random() < year_share else None)
