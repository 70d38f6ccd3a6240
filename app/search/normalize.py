"""Names as the register compares them: no case, no accents, one spelling per letter.

SQLite's own folding (and FTS5's ``remove_diacritics``) leaves ł, đ, ß and ø alone, so the
clerk typing "lodz" would never find "Łódź". Everything the search compares goes through
``fold`` once, in Python: NFKD, casefold, combining marks dropped, and a small map for
letters that Unicode does not decompose. German umlauts get a second spelling ("mueller")
because that is how people without the key type them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

import jellyfish

_LETTERS = str.maketrans(
    {
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ħ": "h",
        "ı": "i",
        "ŀ": "l",
        "ß": "ss",
    }
)
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_APOSTROPHES = "'’ʼ`´"
_WORD = re.compile(rf"[^\W_][\w\u0300-\u036f{_APOSTROPHES}]*")
_APOSTROPHE_SPLIT = re.compile(rf"[{_APOSTROPHES}]")


class NamePart(NamedTuple):
    """One word of a name as written ("O'Brien") and the folded spellings that find it."""

    display: str
    forms: tuple[str, ...]


def fold(text: str) -> str:
    """The one spelling every comparison uses: "Łódź" and "LODZ" both become "lodz"."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_LETTERS)


def _word_key(word: str) -> str:
    """A folded word with apostrophes and anything that is not a letter or digit removed."""
    return "".join(ch for ch in fold(word) if ch.isalnum())


def name_parts(text: str | None) -> tuple[NamePart, ...]:
    """The words of a name field, each with its spellings: the plain fold, the umlaut
    spelling ("Müller" → "mueller"), and for "O'Brien" also "brien", since people type
    the name both ways."""
    if not text:
        return ()
    parts = []
    for match in _WORD.finditer(unicodedata.normalize("NFC", text)):
        display = match.group().rstrip(_APOSTROPHES)
        forms = [_word_key(display), _word_key(display.casefold().translate(_UMLAUTS))]
        pieces = _APOSTROPHE_SPLIT.split(display)
        if len(pieces) > 1:
            forms.append(_word_key(pieces[-1]))
        unique = tuple(dict.fromkeys(form for form in forms if form))
        if unique:
            parts.append(NamePart(display, unique))
    return tuple(parts)


def query_words(text: str) -> list[tuple[str, str]]:
    """The words a clerk typed, as typed and folded, split the way names are split."""
    typed = (m.group() for m in _WORD.finditer(unicodedata.normalize("NFC", text)))
    return [(word, key) for word in typed if (key := _word_key(word))]


@lru_cache(maxsize=65_536)
def sound_key(word: str) -> str:
    """A Metaphone key for plain Latin words ("" otherwise): a "sounds like" hint only,
    since it keeps the same key for well under half of real typos."""
    if not word.isascii() or not word.isalpha():
        return ""
    return str(jellyfish.metaphone(word))
