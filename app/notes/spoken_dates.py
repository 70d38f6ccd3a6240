"""Reading a time out of what the customer said, so the owner is asked about it afterwards.

"Going to Maine in July" or "knee surgery next Tuesday" is written down once and then
forgotten; the note box proposes an ask-on date shortly after the time the note mentions.
A small rule set per language (English, German) reads the words, offline and in
microseconds: it beat ``dateparser``'s ``search_dates`` on the test list (bench/
spoken_dates.py prints both), mostly because it proposes nothing for notes that mention no
time ("May is her daughter", "likes Sunday roast"). Times already past ("last July",
"went to Spain in May") propose nothing either.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from babel.dates import get_day_names, get_month_names

ASK_AFTER_DAYS = 2
"""How long after the time a note mentions the owner is asked about it."""

Span = tuple[date, date]
Resolver = Callable[[re.Match[str], date], Span | None]


@dataclass(frozen=True)
class SpokenDate:
    """The words a note's time was read from (``start``/``end`` index the text), the last
    day of the time they mean, and the proposed ask-on date."""

    start: int
    end: int
    words: str
    until: date
    ask_on: date


def find_spoken_date(text: str, today: date, language: str = "en") -> SpokenDate | None:
    """The first time still ahead that ``text`` mentions, in ``language`` ("en", "de";
    anything else reads as English), or None."""
    found = find_spoken_dates(text, today, language)
    return found[0] if found else None


def find_spoken_dates(text: str, today: date, language: str = "en") -> tuple[SpokenDate, ...]:
    """Every time still ahead that ``text`` mentions, in the order written; where readings
    overlap, the one starting first and reading most words wins."""
    rules = _rules(language if language in _WORDS else "en")
    found: list[tuple[int, int, Span]] = []
    for pattern, resolve in rules.patterns:
        for match in pattern.finditer(text):
            if rules.past.search(_clause_before(text, match.start())):
                continue
            span = resolve(match, today)
            if span is not None and span[1] >= today:
                found.append((match.start(), -match.end(), span))
    readings: list[SpokenDate] = []
    for start, neg_end, (_first, last) in sorted(found):
        if readings and start < readings[-1].end:
            continue
        words = text[start:-neg_end]
        start += len(words) - len(words.lstrip())
        words = words.strip()
        readings.append(
            SpokenDate(start, start + len(words), words, last, last + timedelta(ASK_AFTER_DAYS))
        )
    return tuple(readings)


def _clause_before(text: str, at: int) -> str:
    clause = re.split(r"[.;!?\n]", text[:at])[-1]
    return clause[-40:]


@dataclass(frozen=True)
class _Words:
    """One language's words for times; each value is a regex alternation or a table."""

    day_suffix: str
    on: str
    in_month: str
    parts: dict[str, tuple[int, int]]
    weekday_lead: str
    numbers: dict[str, int]
    units: dict[str, str]
    in_word: str
    relative: dict[str, tuple[int, int]]
    weeks: dict[str, tuple[int, int]]
    next_month: str
    seasons: dict[str, int]
    season_lead: str
    holidays: dict[str, str]
    holiday_lead: str
    past: str
    ambiguous_months: tuple[str, ...]
    numeric: str


_EN = _Words(
    day_suffix=r"(?:st|nd|rd|th)?",
    on=r"(?:on|by|until|till|before|after|around)\s+",
    in_month=r"(?:in|during|over|by|until|till|this|next|for|around|come)\s+",
    parts={
        r"(?:early|the\s+start\s+of|the\s+beginning\s+of|beginning\s+of|start\s+of)": (1, 10),
        r"(?:mid|the\s+middle\s+of|middle\s+of)": (11, 20),
        r"(?:late|the\s+end\s+of|end\s+of)": (21, 31),
    },
    weekday_lead=r"(?:next|this|this\s+coming|coming|on|by|until|before)\s+",
    numbers={
        "a": 1,
        "an": 1,
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "a couple of": 2,
        "a few": 3,
    },
    units={"day": "d", "days": "d", "week": "w", "weeks": "w", "month": "m", "months": "m"},
    in_word=r"in",
    relative={
        r"the\s+day\s+after\s+tomorrow": (2, 2),
        r"tomorrow": (1, 1),
        r"in\s+a\s+fortnight": (14, 14),
    },
    weeks={
        r"(?:this|over\s+the|on\s+the)\s+weekend": (5, 6),
        r"next\s+weekend": (12, 13),
        r"(?:next|the\s+coming)\s+week": (7, 13),
        r"(?:later\s+)?this\s+week": (0, 6),
    },
    next_month=r"next\s+month|(?:at\s+)?the\s+end\s+of\s+the\s+month",
    seasons={"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12},
    season_lead=r"(?:this|next|in\s+the|over\s+the|during\s+the|for\s+the|after\s+the)\s+",
    holidays={
        r"christmas|xmas": "christmas",
        r"christmas\s+eve": "christmas_eve",
        r"new\s+year'?s(?:\s+eve)?": "new_years_eve",
        r"easter": "easter",
        r"thanksgiving": "thanksgiving",
        r"halloween": "halloween",
        r"valentine'?s(?:\s+day)?": "valentines",
        r"mother'?s\s+day": "mothers_day",
        r"the\s+fourth\s+of\s+july|july\s+4th|independence\s+day": "july_4",
    },
    holiday_lead=r"(?:at|for|over|around|after|before|by|until|on|this|next|hosting)\s+",
    past=r"\b(?:last|ago|went|was|were|had|did|came\s+back|got\s+back|returned|since)\b",
    ambiguous_months=("may", "march", "august"),
    numeric=r"(?:on|by|until)\s+(?P<a>\d{1,2})/(?P<b>\d{1,2})\b",
)

_DE = _Words(
    day_suffix=r"\.",
    on=r"(?:am|bis\s+zum|bis|vor\s+dem|nach\s+dem|ab\s+dem|zum)\s+",
    in_month=r"(?:im|bis|über|diesen|nächsten|ab)\s+",
    parts={r"Anfang": (1, 10), r"Mitte": (11, 20), r"Ende": (21, 31)},
    weekday_lead=r"(?:nächsten|nächste|kommenden|diesen|am|bis|bis\s+zum)\s+",
    numbers={
        "einem": 1,
        "einer": 1,
        "zwei": 2,
        "drei": 3,
        "vier": 4,
        "fünf": 5,
        "sechs": 6,
        "sieben": 7,
        "acht": 8,
        "neun": 9,
        "zehn": 10,
        "ein paar": 3,
    },
    units={"tag": "d", "tagen": "d", "woche": "w", "wochen": "w", "monat": "m", "monaten": "m"},
    in_word=r"in",
    relative={r"übermorgen": (2, 2), r"(?-i:morgen)(?!\s+(?:früh|abend))": (1, 1)},
    weeks={
        r"(?:am|dieses|über\s+das|übers)\s+Wochenende": (5, 6),
        r"nächstes\s+Wochenende": (12, 13),
        r"nächste\s+Woche": (7, 13),
        r"diese\s+Woche": (0, 6),
    },
    next_month=r"nächsten\s+Monat|(?:zum\s+|am\s+)?Monatsende",
    seasons={"frühling": 3, "frühjahr": 3, "sommer": 6, "herbst": 9, "winter": 12},
    season_lead=r"(?:im|diesen|nächsten|über\s+den|den)\s+",
    holidays={
        r"Weihnachten": "christmas",
        r"Heiligabend": "christmas_eve",
        r"Silvester": "new_years_eve",
        r"Ostern": "easter",
        r"Muttertag": "mothers_day",
        r"Valentinstag": "valentines",
    },
    holiday_lead=r"(?:an|zu|über|nach|vor|bis|an\s+den|am|bis\s+zum)\s+",
    past=r"\b(?:letzten|letzte|letztes|vor\s+\w+\s+(?:Tagen|Wochen|Monaten)|war|waren|hatte|ist\s+zurück|seit)\b",
    ambiguous_months=(),
    numeric=r"(?:am|bis\s+zum|zum)\s+(?P<b>\d{1,2})\.(?P<a>\d{1,2})\.",
)

_WORDS = {"en": _EN, "de": _DE}


@dataclass(frozen=True)
class _Rules:
    patterns: tuple[tuple[re.Pattern[str], Resolver], ...]
    past: re.Pattern[str]


def _names(table: dict[int, str]) -> dict[str, int]:
    return {name.casefold().rstrip("."): number for number, name in table.items()}


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


@cache
def _rules(language: str) -> _Rules:
    words = _WORDS[language]
    months = _names(dict(get_month_names("wide", locale=language)))
    months |= _names(dict(get_month_names("abbreviated", locale=language)))
    weekdays = _names(dict(get_day_names("wide", locale=language)))
    month = rf"(?P<month>{_alternation(months)})\.?"
    year = r"(?:,?\s+(?P<year>\d{4}))?"
    number = rf"(?P<count>\d{{1,2}}|{_alternation(words.numbers)})"
    # The day number in "June 14th" or "14. Juni"; German always writes the dot.
    day = rf"(?P<day>\d{{1,2}}){words.day_suffix}"
    en_day = r"(?:the\s+)?" + day

    def named_month(match: re.Match[str]) -> int | None:
        written = match["month"]
        if written.islower() and written.casefold() in words.ambiguous_months:
            return None
        return months[written.casefold()]

    def on_day(match: re.Match[str], today: date) -> Span | None:
        chosen = named_month(match)
        if chosen is None:
            return None
        return _day_span(today, chosen, int(match["day"]), match["year"])

    def whole_month(match: re.Match[str], today: date) -> Span | None:
        chosen = named_month(match)
        if chosen is None:
            return None
        return _month_span(today, chosen, (1, 31))

    def part_of_month(bounds: tuple[int, int]) -> Resolver:
        def resolve(match: re.Match[str], today: date) -> Span | None:
            chosen = named_month(match)
            return None if chosen is None else _month_span(today, chosen, bounds)

        return resolve

    def numeric(match: re.Match[str], today: date) -> Span | None:
        return _day_span(today, int(match["a"]), int(match["b"]), None)

    def weekday(match: re.Match[str], today: date) -> Span:
        ahead = (weekdays[match["weekday"].casefold()] - today.weekday() - 1) % 7 + 1
        return _single(today + timedelta(ahead))

    def counted(match: re.Match[str], today: date) -> Span | None:
        written = " ".join(match["count"].casefold().split())
        count = int(written) if written.isdigit() else words.numbers[written]
        unit = words.units[match["unit"].casefold()]
        if unit == "d":
            return _single(today + timedelta(count))
        if unit == "w":
            return _single(today + timedelta(weeks=count))
        return _single(_add_months(today, count))

    def offsets(first: int, last: int) -> Resolver:
        return lambda _match, today: (today + timedelta(first), today + timedelta(last))

    def week_offsets(first: int, last: int) -> Resolver:
        def resolve(_match: re.Match[str], today: date) -> Span:
            monday = today - timedelta(today.weekday())
            return (monday + timedelta(first), monday + timedelta(last))

        return resolve

    def next_month(_match: re.Match[str], today: date) -> Span:
        later = _add_months(today.replace(day=1), 1)
        return (later, _month_end(later.year, later.month))

    def season(match: re.Match[str], today: date) -> Span:
        first_month = words.seasons[match["season"].casefold()]
        start = date(today.year, first_month, 1)
        end_month = _add_months(start, 2)
        end = _month_end(end_month.year, end_month.month)
        if end < today:
            start, end = start.replace(year=start.year + 1), end.replace(year=end.year + 1)
        return (start, end)

    def holiday(match: re.Match[str], today: date) -> Span:
        written = " ".join(match["holiday"].casefold().split())
        name = next(v for k, v in words.holidays.items() if re.fullmatch(k, written, re.I))
        day = _HOLIDAYS[name](today.year)
        return _single(day if day >= today else _HOLIDAYS[name](today.year + 1))

    table: list[tuple[str, Resolver]] = [
        (r"(?P<year>\d{4})-(?P<a>\d{2})-(?P<day>\d{2})", _iso),
        (rf"(?:{words.on})?{month}\s+{en_day}{year}", on_day),
        (rf"(?:{words.on})?{en_day}\s+(?:of\s+)?{month}{year}", on_day),
        (words.numeric, numeric),
        (rf"{words.weekday_lead}(?P<weekday>{_alternation(weekdays)})", weekday),
        (rf"{words.in_word}\s+{number}\s+(?P<unit>{_alternation(words.units)})", counted),
        (words.next_month, next_month),
        (rf"{words.season_lead}(?P<season>{_alternation(words.seasons)})", season),
        (rf"{words.holiday_lead}(?P<holiday>{_alternation(words.holidays)})", holiday),
        (rf"{words.in_month}{month}", whole_month),
    ]
    table += [
        (rf"(?:in\s+)?{lead}[\s-]+{month}", part_of_month(b)) for lead, b in words.parts.items()
    ]
    table += [(phrase, offsets(*days)) for phrase, days in words.relative.items()]
    table += [(phrase, week_offsets(*days)) for phrase, days in words.weeks.items()]
    patterns = tuple(
        (re.compile(rf"(?<!\w){regex}(?!\w)", re.IGNORECASE), resolve) for regex, resolve in table
    )
    return _Rules(patterns, re.compile(words.past, re.IGNORECASE))


def _single(day: date) -> Span:
    return (day, day)


def _iso(match: re.Match[str], today: date) -> Span | None:
    return _day_span(today, int(match["a"]), int(match["day"]), match["year"])


def _day_span(today: date, month: int, day: int, year: str | None) -> Span | None:
    """The day named, this year or, once past, next year (a written year is kept)."""
    if not 1 <= month <= 12:
        return None
    chosen = int(year) if year else today.year
    try:
        found = date(chosen, month, day)
        if found < today and not year:
            found = date(chosen + 1, month, day)
    except ValueError:
        return None
    return _single(found)


def _month_span(today: date, month: int, bounds: tuple[int, int]) -> Span:
    """Days ``bounds`` of the month named, this year or, once past, next year."""
    year = today.year
    if _month_end(year, month) < today:
        year += 1
    end = min(bounds[1], _month_end(year, month).day)
    return (date(year, month, bounds[0]), date(year, month, end))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(start: date, months: int) -> date:
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _easter(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    n = h + weekday - 7 * ((a + 11 * h + 22 * weekday) // 451) + 114
    return date(year, n // 31, n % 31 + 1)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    first = date(year, month, 1)
    return first + timedelta((weekday - first.weekday()) % 7 + 7 * (nth - 1))


_HOLIDAYS: dict[str, Callable[[int], date]] = {
    "christmas": lambda y: date(y, 12, 25),
    "christmas_eve": lambda y: date(y, 12, 24),
    "new_years_eve": lambda y: date(y, 12, 31),
    "easter": _easter,
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "halloween": lambda y: date(y, 10, 31),
    "valentines": lambda y: date(y, 2, 14),
    "mothers_day": lambda y: _nth_weekday(y, 5, 6, 2),
    "july_4": lambda y: date(y, 7, 4),
}
