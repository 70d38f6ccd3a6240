"""The words Regulars shows, in the shop's language: gettext catalogues read with Babel.

Every user-facing string goes through ``_`` (or ``ngettext`` when it counts something, so
each language gets its own plural forms) from this module, in the window and on the
command line alike. The catalogues are the ``.po`` files in ``resources/locale``; they are
compiled in memory when a language is chosen, so there is no build step and no binary
file to keep in step. English is the source language and needs no catalogue.

The language is the ``language`` setting, else the computer's (``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES``, ``LANG``), else English.
"""

from __future__ import annotations

import gettext
import io
import os
from functools import cache
from pathlib import Path

from app.paths import resources_dir

DOMAIN = "regulars"
_ENGLISH: gettext.NullTranslations = gettext.NullTranslations()
_current: list[gettext.NullTranslations] = [_ENGLISH]
_current_code: list[str] = ["en"]


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
