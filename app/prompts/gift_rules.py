"""Gift memory: before a household member's birthday or anniversary, what they were given.

"Anna's birthday is in 10 days — last year: Blue wool scarf (M)" helps the customer pick
something new and the clerk suggest it. A durable gift is never suggested again (she has
the scarf); a consumable one may be ("The same again?"). Nothing shows once a gift for
that person was bought in the run-up, and nothing after the day itself. The words go
through the translation layer, since they are shown as they are made.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from app.i18n import _, format_day, ngettext
from app.models import ProductKind, PromptKind
from app.prompts.candidate import Candidate
from app.prompts.facts import CustomerFacts, GiftFact
from app.prompts.personal_rules import yearly_date
from app.prompts.rules import PromptRules

GIFT_PREFIX = "gift:"


@dataclass(frozen=True)
class _Day:
    """One yearly date of a recipient: its occasion key, label (None: a birthday) and day."""

    key: str
    label: str | None
    month: int
    day: int


def _recipient_days(facts: CustomerFacts, relation_id: int, partner: bool) -> Iterator[_Day]:
    for birthday in facts.birthdays:
        if birthday.relation_id == relation_id:
            yield _Day(f"birthday:relation:{relation_id}", None, birthday.month, birthday.day)
    for occasion in facts.occasions:
        own = occasion.relation_id is None and occasion.anniversary
        if occasion.relation_id == relation_id or (partner and own):
            yield _Day(f"occasion:{occasion.id}", occasion.label, occasion.month, occasion.day)


def _next(day: _Day, today: date, rules: PromptRules) -> date | None:
    """The day's next occurrence from today up to the gift look-ahead."""
    leap = rules.occasion.leap_day_birthday
    for year in (today.year, today.year + 1):
        when = yearly_date(year, day.month, day.day, leap)
        if when is not None and 0 <= (when - today).days <= rules.gift.lookahead_days:
            return when
    return None


def _when(days: int) -> str:
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    return ngettext("in {n} day", "in {n} days", days).format(n=days)


def _period(given: date, when: date) -> str:
    if given.year == when.year - 1:
        return _("last year")
    if given.year == when.year:
        return _("earlier this year")
    return _("in {year}").format(year=given.year)


def _text(day: _Day, name: str, when: date, today: date, last: tuple[GiftFact, ...]) -> str:
    values = {
        "name": name,
        "label": day.label or "",
        "when": _when((when - today).days),
        "period": _period(last[0].bought_on, when),
        "gifts": ", ".join(dict.fromkeys(gift.item for gift in last)),
    }
    if day.label is None:
        return _("{name}'s birthday is {when} — {period}: {gifts}").format(**values)
    return _("{label} is {when} — {period} for {name}: {gifts}").format(**values)


@dataclass(frozen=True)
class DueGift:
    """A gift reminder that is due, before it is put in words: enough to key, sort and
    count it (the Today view words only the few it shows)."""

    relation_id: int
    day: _Day
    when: date
    name: str
    last: tuple[GiftFact, ...]
    """The gifts of the last day one was bought for them before the run-up."""
    again: bool
    """Whether to ask "The same again?" (consumables, and sales prompts allowed)."""

    @property
    def source_key(self) -> str:
        """The prompt's key: recipient, day and year ("gift:7:birthday:relation:7:2026")."""
        return f"{GIFT_PREFIX}{self.relation_id}:{self.day.key}:{self.when.year}"


def due_gifts(
    facts: CustomerFacts, today: date, rules: PromptRules, *, sales: bool
) -> Iterator[DueGift]:
    """For each gift recipient with a birthday or anniversary coming up: the last gift
    bought for them before the run-up began, with "The same again?" only for consumables
    (and only when ``sales`` prompts are allowed)."""
    given: dict[int, list[GiftFact]] = defaultdict(list)
    for gift in facts.gifts:
        given[gift.relation_id].append(gift)
    for relation_id, gifts in given.items():
        recipient = gifts[-1]
        partner = recipient.relation in rules.gift.anniversary_kinds
        for day in _recipient_days(facts, relation_id, partner):
            when = _next(day, today, rules)
            if when is None:
                continue
            opens = when - timedelta(days=rules.gift.lookahead_days)
            earlier = [gift for gift in gifts if gift.bought_on < opens]
            if not earlier or len(earlier) < len(gifts):
                continue
            last = tuple(gift for gift in earlier if gift.bought_on == earlier[-1].bought_on)
            again = sales and all(gift.kind == ProductKind.CONSUMABLE for gift in last)
            yield DueGift(relation_id, day, when, recipient.name, last, again)


def gift_candidate(due: DueGift, today: date, rules: PromptRules) -> Candidate:
    """The reminder in words, as the card and the Today view show it."""
    text = _text(due.day, due.name, due.when, today, due.last)
    if due.again:
        again = _("The same again?")
        text = f"{text}. {again}"
    return Candidate(
        kind=PromptKind.OCCASION,
        source_key=due.source_key,
        text=text,
        reason=_("gift for {name}, bought {date}").format(
            name=due.name, date=format_day(due.last[0].bought_on)
        ),
        timeliness=1.0 - (due.when - today).days / (rules.gift.lookahead_days + 1),
        due_from=due.when - timedelta(days=rules.gift.lookahead_days),
        due_until=due.when,
    )


def gift_reminders(
    facts: CustomerFacts, today: date, rules: PromptRules, *, sales: bool
) -> Iterator[Candidate]:
    """Every gift reminder due (``due_gifts``) in words."""
    return (
        gift_candidate(due, today, rules) for due in due_gifts(facts, today, rules, sales=sales)
    )


def recalled_occasions(keys: list[str]) -> set[str]:
    """The keys of plain birthday and anniversary prompts whose gift reminder is among
    ``keys`` ("birthday:relation:7:2026" for "gift:7:birthday:relation:7:2026"): the
    reminder says it already, so the card does not say the same day twice. Once the
    reminder is marked, the plain prompt shows again in its own days."""
    return {
        key.removeprefix(GIFT_PREFIX).split(":", 1)[1]
        for key in keys
        if key.startswith(GIFT_PREFIX)
    }
