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
from app.importing import values

_LEAP_YEAR = 2000
BirthdayParts = tuple[int, int, int | None]
"""Month, day and the year if known."""
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


def read_birthday(text: str) -> BirthdayParts | None:
    """A birthday typed as ``YYYY-MM-DD`` or ``MM-DD``/``--MM-DD`` (year kept private), or
    in words as it is said and shown ("April 1", "1 April 1990", "4. Mai"): one reading
    for a customer's own birthday and a household member's, in forms and on the command
    line; blank means none."""
    if not text.strip():
        return None
    in_words = read_birthday_words(text)
    if in_words is not None:
        month, of_month, year = in_words
        try:
            date(year or _LEAP_YEAR, month, of_month)
        except ValueError:
            raise RegularsError(
                _("Birthday: '{text}' is not a real date.").format(text=text.strip())
            ) from None
        refuse_future_birthday(month, of_month, year, date.today())
        return in_words
    try:
        day = values.birthday(text.strip())
    except ValueError as exc:
        raise RegularsError(_("Birthday: {exc}.").format(exc=exc)) from None
    refuse_future_birthday(day.month, day.day, day.year, date.today())
    return (day.month, day.day, day.year)
