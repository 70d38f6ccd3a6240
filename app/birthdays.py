"""Birthdays in the words people read and type them, in the shop's locale: "April 1" or
"1 April" rather than "--04-01", and "1 April" typed back in is understood.

Stored birthdays stay ISO-like (``--MM-DD`` when the year is the customer's own business);
only what is shown and typed goes through Babel.
"""

from __future__ import annotations

import re
from datetime import date

from app.errors import RegularsError
from app.i18n import _

_LEAP_YEAR = 2000
_STORED = re.compile(r"(\d{4}-|--)(\d{2})-(\d{2})")


def shop_locale_name() -> str:
    """The settings' language in the shop's country ("en_US", "de_DE"); English in the
    United States while the settings cannot be read."""
    from app.settings import load_settings

    try:
        return load_settings().locale_name
    except RegularsError:
        return "en_US"


def birthday_words(stored: str, locale: str | None = None) -> str:
    """ "--04-01" as "April 1" (en_US) or "1. April" (de_DE), "1997-06-23" with its year;
    anything that is not a stored birthday as it is."""
    from babel.dates import format_date, format_skeleton

    match = _STORED.fullmatch(stored)
    if match is None:
        return stored
    year = None if match[1] == "--" else int(match[1][:4])
    try:
        day = date(year or _LEAP_YEAR, int(match[2]), int(match[3]))
    except ValueError:
        return stored
    locale = locale or shop_locale_name()
    if year:
        return format_date(day, "long", locale=locale)
    return format_skeleton("MMMMd", day, locale=locale)


def _month_names(locale: str) -> dict[str, int]:
    """Every way a month is written in ``locale`` and in English, lower case: "april",
    "apr" → 4."""
    from babel import Locale

    names: dict[str, int] = {}
    for name in (locale, "en"):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                months = Locale.parse(name).months[context][width]
                names.update({str(text).lower().rstrip("."): n for n, text in months.items()})
    return names


_WORDS = re.compile(
    r"(?:(?P<day>\d{1,2})\.?\s*(?P<month>[^\W\d_]+)\.?|(?P<month2>[^\W\d_]+)\.?\s*(?P<day2>\d{1,2})"
    r")(?:,?\s+(?P<year>\d{4}))?"
)


def read_birthday_words(text: str, locale: str | None = None) -> tuple[int, int, int | None] | None:
    """A birthday typed in words ("1 April", "April 1", "1. April 1990"): month, day and
    the year if given; None when ``text`` is not written that way."""
    match = _WORDS.fullmatch(" ".join(text.split()))
    if match is None:
        return None
    month = _month_names(locale or shop_locale_name()).get(
        (match["month"] or match["month2"]).lower()
    )
    if month is None:
        return None
    day = int(match["day"] or match["day2"])
    year = int(match["year"]) if match["year"] else None
    return month, day, year


def refuse_future_birthday(month: int, day: int, year: int | None, today: date) -> None:
    """A birthday with a year after ``today`` is a slip of the keyboard (2062 for 1962):
    refused with a plain message, for the customer and their household alike."""
    if year is not None and date(year, month, day) > today:
        raise RegularsError(
            _(
                "Birthday: {date} is in the future. Type the year they were born, or leave "
                "the year out."
            ).format(date=date(year, month, day).isoformat())
        )
