"""Prompts about the person: notes to follow up, birthdays and anniversaries, years as a
customer, and a warm welcome after a long time away."""

from __future__ import annotations

import calendar
import math
import statistics
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Literal

from app.models import PromptKind
from app.prompts.candidate import Candidate
from app.prompts.facts import CustomerFacts, day_gaps
from app.prompts.rules import OccasionRules, PromptRules
from app.prompts.templates import Templates
from app.prompts.wording import (
    ago,
    day_phrase,
    every,
    month_day,
    relation_word,
    short_date,
    shorten,
    years,
)

Audience = Literal["register", "owner"]


def notes_due(
    facts: CustomerFacts,
    today: date,
    rules: PromptRules,
    templates: Templates,
    audience: Audience,
) -> Iterator[Candidate]:
    """ "Ask how Tom's knee surgery went" from the note's ask-on date until asked.

    "Don't bring up" notes never make a prompt; private ones only for the owner.
    """
    for note in facts.notes:
        if note.dont_bring_up or (note.private and audience != "owner") or note.ask_on > today:
            continue
        body = shorten(note.body, rules.note_max_chars)
        if not body:
            continue
        key = f"note:{note.id}:{note.ask_on.isoformat()}"
        text = (
            body[:1].upper() + body[1:]
            if templates.reads_as_prompt(body)
            else templates.say("note", "variants", key, note=body)
        )
        yield Candidate(
            kind=PromptKind.NOTE,
            source_key=key,
            text=text,
            reason=templates.reason(
                "note",
                "reason",
                key,
                date=short_date(note.written_on, today),
                ago=ago(note.written_on, today),
                ask_on=short_date(note.ask_on, today),
            ),
            timeliness=1.0,
            due_from=note.ask_on,
            due_until=None,
        )


def yearly_date(year: int, month: int, day: int, leap_day: tuple[int, int]) -> date | None:
    """The date of a yearly (month, day) in ``year``: 29 Feb moves to the rule's day in
    common years; a day that no month has (31 Apr) gives None."""
    if (month, day) == (2, 29) and not calendar.isleap(year):
        month, day = leap_day
    try:
        return date(year, month, day)
    except ValueError:
        return None


def occurrence_near(month: int, day: int, today: date, rules: OccasionRules) -> date | None:
    """This yearly date's occurrence from ``lookback_days`` ago to ``lookahead_days`` ahead."""
    for year in (today.year - 1, today.year, today.year + 1):
        when = yearly_date(year, month, day, rules.leap_day_birthday)
        if when is not None and -rules.lookback_days <= (when - today).days <= rules.lookahead_days:
            return when
    return None


def _closeness(when: date, today: date, rules: OccasionRules) -> float:
    return 1.0 - abs((when - today).days) / (max(rules.lookahead_days, rules.lookback_days) + 1)


def occasions(
    facts: CustomerFacts, today: date, rules: PromptRules, templates: Templates
) -> Iterator[Candidate]:
    """Birthdays (own and household, pets included) and anniversaries this week."""
    window = rules.occasion
    for birthday in facts.birthdays:
        if birthday.relation is not None and birthday.relation not in window.household_kinds:
            continue
        when = occurrence_near(birthday.month, birthday.day, today, window)
        if when is None:
            continue
        own = birthday.relation_id is None
        section = "birthday_self" if own else "birthday_household"
        key = (
            f"birthday:self:{when.year}"
            if own
            else f"birthday:relation:{birthday.relation_id}:{when.year}"
        )
        relation = relation_word(birthday.relation.value) if birthday.relation is not None else ""
        yield Candidate(
            kind=PromptKind.OCCASION,
            source_key=key,
            text=templates.say(
                section,
                "upcoming" if when >= today else "belated",
                key,
                name=birthday.name,
                when=day_phrase(when, today),
                relation=relation,
            ),
            reason=templates.reason(
                section,
                "reason",
                key,
                name=birthday.name,
                relation=relation,
                date=month_day(when.month, when.day),
            ),
            timeliness=_closeness(when, today, window),
            due_from=when - timedelta(days=window.lookahead_days),
            due_until=when + timedelta(days=window.lookback_days),
        )
    for occasion in facts.occasions:
        when = occurrence_near(occasion.month, occasion.day, today, window)
        if when is None:
            continue
        key = f"occasion:{occasion.id}:{when.year}"
        yield Candidate(
            kind=PromptKind.OCCASION,
            source_key=key,
            text=templates.say(
                "anniversary",
                "upcoming" if when >= today else "belated",
                key,
                label=occasion.label,
                when=day_phrase(when, today),
            ),
            reason=templates.reason(
                "anniversary",
                "reason",
                key,
                label=occasion.label,
                date=month_day(when.month, when.day),
            ),
            timeliness=_closeness(when, today, window),
            due_from=when - timedelta(days=window.lookahead_days),
            due_until=when + timedelta(days=window.lookback_days),
        )


def customer_years(
    facts: CustomerFacts, today: date, rules: PromptRules, templates: Templates
) -> Iterator[Candidate]:
    """ "10 years with us this month" all through the anniversary month of a round year."""
    since = facts.customer_since
    if since is None or since.month != today.month:
        return
    count = today.year - since.year
    if count not in rules.round_years:
        return
    key = f"customer_years:{count}"
    first = today.replace(day=1)
    last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    yield Candidate(
        kind=PromptKind.CUSTOMER_YEARS,
        source_key=key,
        text=templates.say("customer_years", "variants", key, years=years(count), name=facts.name),
        reason=templates.reason("customer_years", "reason", key, date=short_date(since, today)),
        timeliness=1.0 - abs(today.day - since.day) / 31,
        due_from=first,
        due_until=last,
    )


def welcome_back(
    facts: CustomerFacts, today: date, rules: PromptRules, templates: Templates
) -> Iterator[Candidate]:
    """ "Good to see you again" when the gap since the last visit is far beyond the usual."""
    earlier = [visit for visit in facts.visits if visit < today]
    if len(earlier) < rules.welcome_back.min_visits:
        return
    usual = statistics.median(day_gaps(earlier))
    needed = max(rules.welcome_back.gap_factor * usual, rules.welcome_back.min_gap_days)
    last = earlier[-1]
    if (today - last).days < needed:
        return
    key = f"welcome_back:{last.isoformat()}"
    yield Candidate(
        kind=PromptKind.WELCOME_BACK,
        source_key=key,
        text=templates.say("welcome_back", "variants", key, name=facts.name, ago=ago(last, today)),
        reason=templates.reason(
            "welcome_back",
            "reason",
            key,
            every=every(max(1, round(usual))),
            date=short_date(last, today),
            ago=ago(last, today),
        ),
        timeliness=1.0,
        due_from=last + timedelta(days=math.ceil(needed)),
        due_until=None,
    )
