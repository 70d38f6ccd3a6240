"""Facts that age: a note's age on the card, a gentle prompt once the world has moved on,
and a "still true?" mark for the owner.

Which facts change and when is data (``resources/prompts/ageing.toml``, overridable like
the other owner rules): "new puppy" grows up, "expecting" turns into a baby some days after
the time the note names, "in college" ends, a "new job" is not new for long. Everything
here is pure computation on plain values with ``today`` passed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.i18n import _
from app.models import PromptKind
from app.notes.spoken_dates import find_spoken_date
from app.owner_rules import FACT_AGEING, Stamp, layered, read_toml, stamp
from app.prompts.candidate import Candidate
from app.prompts.facts import KeptNote
from app.prompts.personal_rules import Audience
from app.prompts.resource_file import Section
from app.prompts.templates import checked_variants, pick
from app.prompts.wording import ago, short_date, shorten


@dataclass(frozen=True)
class AgeingFact:
    """One kind of fact that changes with time, as the rules file describes it."""

    name: str
    words: re.Pattern[str]
    phrases: tuple[str, ...]
    """The words as written in the rules, for a first rough filter in SQL."""
    prompt_after_days: int
    after_named_time_days: int | None
    prompts: tuple[str, ...]
    still_true_after_days: int


@dataclass(frozen=True)
class AgeingRules:
    """All of ``ageing.toml``, checked."""

    age_shown_kinds: frozenset[str]
    read_kinds: frozenset[str]
    still_true_after_days: int
    prompt_for_days: int
    reason: str
    facts: tuple[AgeingFact, ...]


def _fact(section: Section) -> AgeingFact:
    words = section.texts("words")
    named = section.data.get("after_named_time_days")
    return AgeingFact(
        name=section.name.rsplit(".", 1)[-1],
        words=re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE
        ),
        phrases=words,
        prompt_after_days=section.whole("prompt_after_days"),
        after_named_time_days=None if named is None else section.whole("after_named_time_days"),
        prompts=checked_variants(section, "prompt", frozenset()),
        still_true_after_days=section.whole("still_true_after_days", minimum=1),
    )


def parse_ageing(path: Path, data: dict[str, Any] | None = None) -> AgeingRules:
    """The rules in ``path`` (or ``data`` read from it); refused naming file, table and key
    if one is missing or mistyped."""
    root = Section(path, "ageing.toml", read_toml(path) if data is None else data)
    general = root.table("ageing")
    facts = root.table("facts")
    return AgeingRules(
        age_shown_kinds=frozenset(general.texts("age_shown_kinds", allow_empty=True)),
        read_kinds=frozenset(general.texts("read_kinds", allow_empty=True)),
        still_true_after_days=general.whole("still_true_after_days", minimum=1),
        prompt_for_days=general.whole("prompt_for_days", minimum=1),
        reason=checked_variants(general, "reason", frozenset({"date", "ago", "note"}))[0],
        facts=tuple(_fact(facts.table(name)) for name in facts.data),
    )


def default_ageing() -> AgeingRules:
    """The shipped rules with the owner's copy over them (read again once it changes)."""
    return _ageing_as_of(stamp(FACT_AGEING))


@lru_cache(maxsize=4)
def _ageing_as_of(_stamp: Stamp) -> AgeingRules:
    return parse_ageing(*layered(FACT_AGEING))


NAMED_TIME_REACH_DAYS = 2 * 366
"""How far after a note was written the time it names is looked for by the Today view
("expecting in March" next year); a time named further off still prompts on the card."""


def prompt_horizon_days(rules: AgeingRules) -> int:
    """How many days after a note was written its fact's prompt may still show: the
    latest start any fact allows, plus the days it is shown."""

    def latest_start(fact: AgeingFact) -> int:
        if fact.after_named_time_days is None:
            return fact.prompt_after_days
        return max(fact.prompt_after_days, NAMED_TIME_REACH_DAYS + fact.after_named_time_days)

    return max(map(latest_start, rules.facts), default=0) + rules.prompt_for_days


def written_between(fact: AgeingFact, rules: AgeingRules, today: date) -> tuple[date, date]:
    """The first and last day a note may have been written on for ``fact``'s prompt to
    show on ``today``, so the Today view reads no other note for it. A fact counted from
    the day written shows ``prompt_after_days`` later, for ``prompt_for_days``: a window
    of two months rather than the years of the longest fact. A named time is never
    before the note ("still ahead" when written), so such a prompt starts at least the
    fewer of its two days after the note; how far off the time named may be is bounded
    only by ``prompt_horizon_days``, as for every fact."""
    if fact.after_named_time_days is None:
        latest = fact.prompt_after_days
        earliest = latest + rules.prompt_for_days
    else:
        latest = min(fact.prompt_after_days, fact.after_named_time_days)
        earliest = prompt_horizon_days(rules)
    return today - timedelta(days=earliest), today - timedelta(days=latest)


def fact_of(note: KeptNote, rules: AgeingRules) -> AgeingFact | None:
    """The first fact whose words the note uses, for the kinds of note that are read."""
    if note.kind not in rules.read_kinds:
        return None
    return next((fact for fact in rules.facts if fact.words.search(note.body)), None)


def shown_age(note: KeptNote, today: date, rules: AgeingRules) -> str:
    """ "2 years ago" for a family, pets or likes note; "" for other kinds, and on a day
    before the note was written (a preview of an earlier day)."""
    shown = note.kind in rules.age_shown_kinds and note.written_on <= today
    return ago(note.written_on, today) if shown else ""


def still_true_due(note: KeptNote, today: date, rules: AgeingRules) -> bool:
    """Whether the owner should check the note still holds: its fact's days (or the general
    days for an age-shown note) have passed since it was written."""
    fact = fact_of(note, rules)
    if fact is not None:
        days = fact.still_true_after_days
    elif note.kind in rules.age_shown_kinds:
        days = rules.still_true_after_days
    else:
        return False
    return (today - note.written_on).days >= days


def prompt_day(note: KeptNote, fact: AgeingFact, language: str) -> date:
    """When the fact's prompt starts: after the time the note names, when it names one and
    the fact counts from it ("expecting in March"), else after the day it was written."""
    if fact.after_named_time_days is not None:
        named = find_spoken_date(note.body, note.written_on, language)
        if named is not None:
            return named.until + timedelta(fact.after_named_time_days)
    return note.written_on + timedelta(fact.prompt_after_days)


def aged_facts(
    notes: tuple[KeptNote, ...],
    today: date,
    rules: AgeingRules,
    audience: Audience,
    *,
    language: str = "en",
    note_max_chars: int = 90,
) -> Iterator[Candidate]:
    """ "How's the baby?" once a fact in a note has moved on, for ``prompt_for_days``.

    "Don't bring up" notes never make a prompt; private ones only for the owner.
    """
    for note in notes:
        if note.dont_bring_up or (note.private and audience != "owner"):
            continue
        fact = fact_of(note, rules)
        if fact is None:
            continue
        start = prompt_day(note, fact, language)
        until = start + timedelta(rules.prompt_for_days)
        if not start <= today <= until:
            continue
        key = f"aged:{note.id}:{fact.name}"
        reason = _(rules.reason).format(
            date=short_date(note.written_on, today),
            ago=ago(note.written_on, today),
            note=shorten(note.body, note_max_chars),
        )
        yield Candidate(
            kind=PromptKind.NOTE,
            source_key=key,
            text=pick(fact.prompts, key),
            reason=reason,
            timeliness=1.0 - (today - start).days / (rules.prompt_for_days + 1),
            due_from=start,
            due_until=until,
        )
