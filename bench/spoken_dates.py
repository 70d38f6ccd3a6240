"""Which reader of spoken dates to keep: our rule set or ``dateparser``'s ``search_dates``.

Both read the same notes (tests/fixtures/spoken_dates.toml, English and German): "said"
notes name a time still ahead, "silent" ones name none. A reader catches a said note when
it proposes a day inside the time meant (up to three months before its last day, so a
month or a season read as its first day still counts); it proposes falsely when it offers
any day ahead for a silent note. ``dateparser`` is not a dependency of Regulars: this
bench runs it only where it is installed (``pip install dateparser``).
``python -m bench --only spoken_dates`` prints the table; tests/unit/test_spoken_dates.py
holds our reader to the same figures.
"""

from __future__ import annotations

import importlib.util
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from app.notes.spoken_dates import find_spoken_date
from bench.common import Row, Scale

CASES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "spoken_dates.toml"
Reader = Callable[[str, date, str], list[date]]
"""The days a reader proposes for a note read on a day in a language."""


@dataclass(frozen=True)
class Said:
    """A note naming a time: its language, the words naming it, the last day meant."""

    language: str
    note: str
    words: str
    until: date


@dataclass(frozen=True)
class Cases:
    """The test list: the day it is read on, the said notes and the silent ones."""

    today: date
    said: tuple[Said, ...]
    silent: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Score:
    """How many said notes a reader caught, and how many silent ones it proposed for."""

    caught: int
    said: int
    false: int
    silent: int

    @property
    def recall(self) -> float:
        """The share of said notes caught."""
        return self.caught / self.said

    @property
    def false_rate(self) -> float:
        """The share of silent notes given a date anyway."""
        return self.false / self.silent


def load_cases() -> Cases:
    """The test list from its TOML file."""
    data = tomllib.loads(CASES.read_text(encoding="utf-8"))
    said = tuple(
        Said(language, case["note"], case["words"], case["until"])
        for language in ("en", "de")
        for case in data[language]["said"]
    )
    silent = tuple(
        (language, note) for language in ("en", "de") for note in data[language]["silent"]
    )
    return Cases(data["today"], said, silent)


def score(reader: Reader, cases: Cases) -> Score:
    """Run ``reader`` over every note of ``cases``."""
    caught = 0
    for case in cases.said:
        days = reader(case.note, cases.today, case.language)
        caught += any(case.until - timedelta(92) <= day <= case.until for day in days)
    false = sum(bool(reader(note, cases.today, language)) for language, note in cases.silent)
    return Score(caught, len(cases.said), false, len(cases.silent))


def read_with_rules(note: str, today: date, language: str) -> list[date]:
    """Our rule set: the last day of the time it read, if any."""
    found = find_spoken_date(note, today, language)
    return [] if found is None else [found.until]


def read_with_dateparser(note: str, today: date, language: str) -> list[date]:
    """``dateparser.search.search_dates``, preferring dates ahead, as a date box would."""
    from dateparser.search import search_dates

    settings = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": datetime(today.year, today.month, today.day),
    }
    found = search_dates(note, languages=[language], settings=settings) or []
    return [when.date() for _words, when in found if when.date() >= today]


def run(scale: Scale) -> list[Row]:
    """Recall, false proposals and time per note for each reader (scale plays no part)."""
    del scale
    cases = load_cases()
    readers: list[tuple[str, Reader]] = [("rules", read_with_rules)]
    if importlib.util.find_spec("dateparser") is None:
        print("dateparser is not installed: only the rule set is measured")
    else:
        readers.append(("dateparser", read_with_dateparser))
    rows = []
    for name, reader in readers:
        start = time.perf_counter()
        result = score(reader, cases)
        per_note = (time.perf_counter() - start) * 1000 / (result.said + result.silent)
        note = (
            f"recall {result.caught}/{result.said} = {result.recall:.0%}, "
            f"false {result.false}/{result.silent} = {result.false_rate:.0%}"
        )
        rows.append(Row(f"spoken dates: {name}", per_note, None, "ms/note", note, "false < 5%"))
    return rows
