"""The words Regulars shows, in the shop's language: gettext catalogues read with Babel.

Every user-facing string goes through ``_`` (or ``ngettext`` when it counts something, so
each language gets its own plural forms) from this module, in the window and on the
command line alike. The catalogues are the ``.po`` files in ``resources/locale``; they are
compiled in memory when a language is chosen, so there is no build step and no binary
file to keep in step. English is the source language and needs no catalogue.

The language is the ``language`` setting, else the computer's (``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES``, ``LANG``), else English.

Dates, counts and money are shown through Babel in the shop's locale (the language in use
in the shop's country: ``1.234,50 €`` and ``05.12.2026`` in German) by the ``format_*``
helpers here, so no screen or command spells a date or an amount by hand.
"""

from __future__ import annotations

import gettext
import io
import os
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from app.paths import resources_dir

DOMAIN = "regulars"
_ENGLISH: gettext.NullTranslations = gettext.NullTranslations()
_current: list[gettext.NullTranslations] = [_ENGLISH]
_current_code: list[str] = ["en"]

if TYPE_CHECKING:
    from babel import Locale


def catalogue_path(language: str) -> Path:
    """Where the catalogue for ``language`` ("de") lives."""
    return resources_dir() / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def shipped_languages() -> tuple[str, ...]:
    """The languages with a catalogue, English (the source) first."""
    folder = resources_dir() / "locale"
    found = sorted(p.name for p in folder.iterdir() if (p / "LC_MESSAGES").is_dir())
    return ("en", *found)


@cache
def _translations(language: str) -> gettext.NullTranslations:
    path = catalogue_path(language)
    if not path.is_file():
        return _ENGLISH
    from babel.messages.mofile import write_mo  # here: English needs no catalogue code
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        catalog = read_po(fh, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def system_language() -> str:
    """The computer's language, as gettext finds it ("de" from ``LANG=de_DE.UTF-8``)."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            code = value.split(":")[0].split(".")[0].split("_")[0].lower()
            return "en" if code in ("c", "posix") else code
    return "en"


def use_language(language: str) -> str:
    """Show words in ``language`` (empty: the computer's) from now on; a language without
    a catalogue falls back to English. Returns the language in use."""
    code = (language or system_language()).replace("-", "_").split("_")[0].lower()
    chosen = _translations(code)
    _current[0] = chosen
    _current_code[0] = code if chosen is not _ENGLISH else "en"
    return _current_code[0]


def current_language() -> str:
    """The language words are shown in now ("en", "de"), so that what the owner types is
    read in it too."""
    return _current_code[0]


def _(message: str) -> str:
    """``message`` in the current language."""
    return _current[0].gettext(message)


def N_(message: str) -> str:  # noqa: N802 (the name gettext tools know)
    """Marks ``message`` for the catalogue where it is defined; ``_`` translates it where it
    is shown (a table of texts built before the language is chosen)."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a counted phrase for ``count`` in the current language (fill in the
    number afterwards: ``ngettext("{n} visit", "{n} visits", n).format(n=n)``)."""
    return _current[0].ngettext(singular, plural, count)


@cache
def _locale_for(language: str, country: str) -> Locale:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(f"{language}_{country}" if country else language)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(language)


def shop_locale() -> Locale:
    """The language in use in the shop's country (``de_DE``): how numbers and dates look."""
    from app.settings import load_settings

    return _locale_for(_current_code[0], load_settings().country)


def format_count(number: int) -> str:
    """A count grouped as the shop writes it ("1,234" in English, "1.234" in German)."""
    from babel.numbers import format_decimal

    return format_decimal(number, locale=shop_locale())


def format_decimal(number: float, digits: int) -> str:
    """A measured number with ``digits`` decimals as the shop writes it ("1.5" in English,
    "1,5" in German)."""
    from babel.numbers import format_decimal as babel_decimal

    return babel_decimal(number, format="#,##0." + "0" * digits, locale=shop_locale())


def format_percent(share: float) -> str:
    """A share as the shop writes it ("40%" in English, "40 %" in German)."""
    from babel.numbers import format_percent as babel_percent

    return babel_percent(share, locale=shop_locale())


def format_money(cents: int, *, whole: bool = False) -> str:
    """An amount in the shop's currency and style ("1.234,50 €" in German): the currency
    setting, else the country's own. ``whole`` leaves the cents out ("1.234 €"), for a
    chart's axis where a round figure is all the eye needs."""
    from babel.numbers import format_currency, get_territory_currencies

    from app.settings import load_settings

    settings = load_settings()
    currency = settings.currency or next(iter(get_territory_currencies(settings.country)), "USD")
    locale = shop_locale()
    if not whole:
        return format_currency(cents / 100, currency, locale=locale)
    standard = locale.currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(
        round(cents / 100), currency, format=standard, locale=locale, currency_digits=False
    )


def format_day(day: date) -> str:
    """A date as the shop writes it ("05.12.2026" in German, "Dec 5, 2026" in English)."""
    from babel.dates import format_date

    return format_date(day, "medium", locale=shop_locale())


def format_month(day: date) -> str:
    """A month as the shop writes it ("Dez. 2026" in German, "Dec 2026" in English)."""
    from babel.dates import format_date

    return format_date(day, "MMM yyyy", locale=shop_locale())


def language_date(day: date, pattern: str) -> str:
    """``day`` in a Babel ``pattern`` ("d MMM") with the month and weekday names of the
    language in use, whatever the country ("12 Oct", "12. Okt."): words said at the
    counter, where the shop's date style would read as a form."""
    from babel.dates import format_date

    return format_date(day, pattern, locale=_locale_for(_current_code[0], ""))


def format_short_day(day: date, *, with_year: bool = False) -> str:
    """A day as said at the counter, in the shop's order: "Nov 16" in the US, "16 Nov" in
    Britain, "16. Nov." in Germany (with the year: "Nov 16, 2025")."""
    from babel.dates import format_skeleton

    return format_skeleton("yMMMd" if with_year else "MMMd", day, locale=shop_locale())


def format_weekday(day: date) -> str:
    """A date with its weekday ("Samstag, 05.12.2026")."""
    from babel.dates import format_date

    return f"{format_date(day, 'EEEE', locale=shop_locale())}, {format_day(day)}"


def format_moment(moment: datetime) -> str:
    """A date and time as the shop writes them ("05.12.2026, 14:30")."""
    from babel.dates import format_time

    return f"{format_day(moment.date())}, {format_time(moment, 'short', locale=shop_locale())}"
