"""What the clerk typed, and how well one customer answers it.

Both the index and the no-index path parse with ``parse_query`` and score with
``evaluate``; they differ only in how they find candidates, so they rank identically.
Match quality comes in integer points so that sums compare exactly:
exact > prefix > nickname > one typo > sounds alike > two typos.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from rapidfuzz.distance import OSA, Indel

from app.search.entries import Entry
from app.search.nicknames import nicknames
from app.search.normalize import fold, query_words, sound_key

MAX_QUERY_CHARS = 200
MAX_NAME_TERMS = 6
MAX_WORD_CHARS = 40
MIN_PHONE_DIGITS = 3
MIN_FUZZY_CHARS = 3
MIN_EMAIL_FRAGMENT_CHARS = 4
"""A single word shorter than this is not looked for inside emails ("ann" is in too many)."""
MIN_TWO_TYPO_CHARS = 7
MIN_SOUND_SIMILARITY = 0.5
"""A sound-alike must also share at least half its letters in order with the name word:
Metaphone gives "zzzzz" and "Zoë" the same key, but nobody means one for the other."""
FULL_POINTS = 100
COMPLETE_BONUS = 1
_EMAIL_LIKE = re.compile(r"[^\W\d_]\.[^\W\d_]")


class Kind(StrEnum):
    """Why a query word matched a customer."""

    EXACT = "exact"
    PREFIX = "prefix"
    NICKNAME = "nickname"
    FULL_NAME = "full name"
    TYPO = "typo"
    SOUNDS = "sounds"
    TWO_TYPOS = "two typos"
    PHONE = "phone"
    EMAIL = "email"


class WordMatch(NamedTuple):
    """How one query word relates to one name word."""

    points: int
    kind: Kind


EXACT = WordMatch(FULL_POINTS, Kind.EXACT)
PREFIX = WordMatch(80, Kind.PREFIX)
NICKNAME = WordMatch(60, Kind.NICKNAME)
FULL_NAME = WordMatch(60, Kind.FULL_NAME)
TYPO = WordMatch(50, Kind.TYPO)
SOUNDS = WordMatch(40, Kind.SOUNDS)
TWO_TYPOS = WordMatch(30, Kind.TWO_TYPOS)


def relate(token: str, word: str) -> WordMatch | None:
    """The forgiving relations between a typed word and a name word that is neither equal
    to it nor starts with it: nickname either way, one or two typos, sounds alike."""
    found: list[WordMatch] = []
    names = nicknames()
    if word in names.full_names_of(token):
        found.append(NICKNAME)
    elif word in names.short_forms_of(token):
        found.append(FULL_NAME)
    if len(token) >= MIN_FUZZY_CHARS:
        distance = OSA.distance(token, word, score_cutoff=2)
        if distance == 1:
            found.append(TYPO)
        elif distance == 2 and len(token) >= MIN_TWO_TYPO_CHARS:
            found.append(TWO_TYPOS)
        key = sound_key(token)
        if (
            key
            and key == sound_key(word)
            and Indel.normalized_similarity(token, word) >= MIN_SOUND_SIMILARITY
        ):
            found.append(SOUNDS)
    return max(found, default=None)


@dataclass
class NameTerm:
    """One typed name word; ``others`` holds its forgiving matches among known words."""

    typed: str
    token: str
    others: dict[str, WordMatch] = field(default_factory=dict)

    def match(self, word: str) -> WordMatch | None:
        """How well ``word`` answers this term, if at all."""
        if word == self.token:
            return EXACT
        if word.startswith(self.token):
            return PREFIX
        return self.others.get(word)

    def fill_others(self, words: set[str] | list[str]) -> None:
        """Record the forgiving matches among ``words`` (candidates or a whole vocabulary)."""
        token = self.token
        for word in words:
            if word != token and not word.startswith(token):
                found = relate(token, word)
                if found is not None:
                    self.others[word] = found


@dataclass(frozen=True)
class FieldTerm:
    """A phone-number fragment (digits only) or an email fragment (folded)."""

    kind: Kind
    text: str

    def match(self, entry: Entry) -> WordMatch | None:
        """Whole value is worth a full match, any other fragment a prefix's worth."""
        values = entry.phones() if self.kind is Kind.PHONE else entry.emails()
        if self.text in values:
            return WordMatch(FULL_POINTS, self.kind)
        if any(self.text in value for value in values):
            return WordMatch(PREFIX.points, self.kind)
        return None

    def matched(self, entry: Entry) -> str:
        """The value this fragment was found in (a phone's last four digits)."""
        values = entry.phones() if self.kind is Kind.PHONE else entry.emails()
        found = next((value for value in values if self.text in value), values[0])
        return found[-4:] if self.kind is Kind.PHONE else found


@dataclass(frozen=True)
class Query:
    """Every typed word must match: name words, at most one phone fragment, emails."""

    names: list[NameTerm]
    fields: list[FieldTerm]

    @property
    def size(self) -> int:
        """How many terms the score is averaged over."""
        return len(self.names) + len(self.fields)


def parse_query(text: str) -> Query:
    """Split what was typed into terms. Work is capped (characters, terms, word length), so
    a pasted page, SQL or regex characters, emoji or right-to-left text cannot slow the
    register down; characters that are not letters or digits simply do not match."""
    names: list[NameTerm] = []
    fields: list[FieldTerm] = []
    digits: list[str] = []
    for chunk in text[:MAX_QUERY_CHARS].split():
        if "@" in chunk or _EMAIL_LIKE.search(chunk):
            email = fold(chunk)
            if email.strip("@"):
                fields.append(FieldTerm(Kind.EMAIL, email))
        elif any(ch.isdigit() for ch in chunk) and not any(ch.isalpha() for ch in chunk):
            digits.extend(ch for ch in chunk if "0" <= ch <= "9")
        else:
            names.extend(
                NameTerm(typed[:MAX_WORD_CHARS], token[:MAX_WORD_CHARS])
                for typed, token in query_words(chunk)
            )
    if len(digits) >= MIN_PHONE_DIGITS:
        fields.append(FieldTerm(Kind.PHONE, "".join(digits)))
    return Query(names=names[:MAX_NAME_TERMS], fields=fields[:MAX_NAME_TERMS])


def as_email_fragment(text: str) -> Query | None:
    """What was typed read as a piece of an email, when it is one word that could be
    ("jsmith" for jsmith@example.com, which has neither ``@`` nor ``.``): its customers
    are ranked with those found by name, by how well each matched. ``None`` when it
    cannot be, or when the word was read as an email or phone already."""
    words = text[:MAX_QUERY_CHARS].split()
    if len(words) != 1 or len(words[0]) < MIN_EMAIL_FRAGMENT_CHARS:
        return None
    parsed = parse_query(words[0])
    if parsed.fields or len(parsed.names) != 1:
        return None
    return Query(names=[], fields=[FieldTerm(Kind.EMAIL, fold(words[0]))])


class Pick(NamedTuple):
    """Which term matched which part of the customer's name, and how."""

    typed: str
    matched: str
    kind: Kind


class Match(NamedTuple):
    """A customer's answer to the whole query: summed points (with ``bonus``) and each
    term's pick."""

    points: int
    picks: tuple[Pick, ...]
    bonus: int = 0


def completion_bonus(query: Query) -> int:
    """The most ``evaluate`` adds for a name typed in full: "Sebastián García" should put
    Sebastián García before Sebastián García-Márquez. One point, below any tier step,
    and only for several name words, so a single word still ranks regulars first."""
    return COMPLETE_BONUS if len(query.names) >= 2 else 0


def _best_in_part(term: NameTerm, forms: tuple[str, ...]) -> WordMatch | None:
    best = None
    for form in forms:
        found = term.match(form)
        if found is not None and (best is None or found.points > best.points):
            best = found
    return best


def _match_names(names: list[NameTerm], entry: Entry) -> tuple[int, list[Pick]] | None:
    """Each term takes a different word of the name, best matches first."""
    options = []
    for index, term in enumerate(names):
        matched = False
        for position, (display, forms) in enumerate(entry.parts):
            found = _best_in_part(term, forms)
            if found is not None:
                options.append((-found.points, index, position, found.kind, display))
                matched = True
        if not matched:
            return None
    if len(names) == 1:
        negative, _, _, kind, display = min(options)
        return -negative, [Pick(names[0].typed, display, kind)]
    options.sort()
    taken: dict[int, Pick] = {}
    used: set[int] = set()
    points = 0
    for negative, index, position, kind, display in options:
        if index not in taken and position not in used:
            taken[index] = Pick(names[index].typed, display, kind)
            used.add(position)
            points -= negative
    if len(taken) < len(names):
        return None
    return points, [taken[index] for index in range(len(names))]


def evaluate(query: Query, entry: Entry) -> Match | None:
    """How well ``entry`` answers every term of ``query``; None if some term is unanswered."""
    points = bonus = 0
    picks: list[Pick] = []
    if query.names:
        named = _match_names(query.names, entry)
        if named is None:
            return None
        points, picks = named
        if len(entry.parts) == len(query.names):
            bonus = completion_bonus(query)
    for term in query.fields:
        found = term.match(entry)
        if found is None:
            return None
        points += found.points
        picks.append(Pick(term.text, term.matched(entry), term.kind))
    return Match(points + bonus, tuple(picks), bonus)
