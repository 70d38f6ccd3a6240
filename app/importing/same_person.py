"""Whether two names are one person as people read them, before an email or a phone
links a row to a customer already known.

An email or phone is shared: a household has one landline, a couple one address. So a
row links to the customer it shares one with only when the names agree the way a person
would judge: the same name words in any order ("Lâm Đặng Văn" is "Đặng Văn Lâm", however
a file split it), or the same given name, accents and case aside ("Jose" is "José"),
or a nickname of it ("Bob" is "Robert"); family names may differ (they change, and
are spelled many ways). Two rows without a given name agree only when they hold the same
name of two words or more, as a contact that is a company does ("Hardware Co-op", kept
as its last name): ten people whose till records only "Smith" and the shop's landline
stay ten. A row with no name at all links by email alone (an email names one person; a
phone may name a household).
"""

from __future__ import annotations

from functools import lru_cache

from app.search.nicknames import nicknames
from app.search.normalize import name_parts

_CACHED = 4096


@lru_cache(maxsize=_CACHED)
def _words(text: str | None) -> frozenset[str]:
    """A name field's words, folded (accents, case, apostrophes aside)."""
    return frozenset(part.forms[0] for part in name_parts(text))


def _one_name(known: str, incoming: str) -> bool:
    """The same name of two words or more on both sides ("Hardware Co-op"), the only way
    two rows without a given name are one: a single word ("Smith") is a family's."""
    words = [part.forms[0] for part in name_parts(known)]
    return len(words) >= 2 and sorted(words) == sorted(p.forms[0] for p in name_parts(incoming))


def _given_agree(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """Some given name of one side is, or is a nickname of, one of the other's."""
    if mine & theirs:
        return True
    names = nicknames()
    for word in mine:
        related = names.full_names_of(word) | names.short_forms_of(word)
        if related & theirs:
            return True
    return False


def same_person(
    known: tuple[str, str, str | None], incoming: tuple[str, str, str | None], *, via: str
) -> bool:
    """Whether the (first, last, preferred) names ``known`` and ``incoming`` are one person
    when they share an email or a phone (``via``: "email" or "phone")."""
    known_given = _words(known[0]) | _words(known[2])
    incoming_given = _words(incoming[0]) | _words(incoming[2])
    known_all = known_given | _words(known[1])
    incoming_all = incoming_given | _words(incoming[1])
    if not known_all or not incoming_all:
        return via == "email"
    if not known_given or not incoming_given:
        return not known_given and not incoming_given and _one_name(known[1], incoming[1])
    if _words(known[0]) | _words(known[1]) == _words(incoming[0]) | _words(incoming[1]):
        return True
    return _given_agree(known_given, incoming_given)


def short_form_of(short: str, full: str) -> bool:
    """Whether given name ``short`` is a nickname of ``full`` ("Bob" of "Robert"), so a
    row saying "Bob" names Robert's preferred name rather than renaming him."""
    short_words, full_words = _words(short), _words(full)
    if not short_words or not full_words or short_words == full_words:
        return False
    names = nicknames()
    return any(names.full_names_of(word) & full_words for word in short_words)
