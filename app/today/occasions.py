"""The week's occasions: birthdays (the customer's and their household's, pets too),
anniversaries, round years as a customer; and the customers who are new this week.

The shop may know 100,000 people, so the days of the week are turned into (month, day)
codes first and each table is read once, filtered by them in SQL through its birthday
index (revision 0008); the customer table's one read serves birthdays, years and
newcomers alike. 29 February follows the prompt
rules (remembered on 28 Feb or 1 Mar in common years), as on the card.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import suppress
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.orm import Session

from app.dialects import among_ids, day_of
from app.i18n import _
from app.models import Customer, Occasion, Purchase, Relation
from app.prompts.personal_rules import occurrence_near
from app.prompts.rules import OccasionRules, PromptRules
from app.prompts.wording import ago, day_phrase, relation_word
from app.prompts.wording import years as year_count
from app.today.marks import today_key
from app.today.names import name_of, names_of
from app.today.view import Listing, TodayRow

WEEK_DAYS = 7
"""Occasions from today to six days ahead; new customers from six days back to today."""


class _Found(NamedTuple):
    """An occasion before it becomes a row: sorted by day, then the latest visitors."""

    when: date
    last_seen: date | None
    customer_id: int
    name: str
    key: str
    text: Callable[[], str]
    """The row's words, put together only for the rows shown: a week holds thousands of
    birthdays at 100,000 customers, of which 30 are shown."""


def week_dates(today: date, rules: OccasionRules, days: int = WEEK_DAYS) -> dict[int, date]:
    """Each yearly date (as month * 100 + day) that falls in the coming week (or the
    coming ``days``), and when."""
    window = dataclasses.replace(rules, lookahead_days=days - 1, lookback_days=0)
    found = {}
    for month in range(1, 13):
        for day in range(1, 32):
            when = occurrence_near(month, day, today, window)
            if when is not None:
                found[month * 100 + day] = when
    return found


def in_week(month: Any, day: Any, dates: dict[int, date]) -> ColumnElement[bool]:
    """``month``/``day`` among the week's codes, as day ranges per month: plain integer
    comparisons, the cheapest test SQLite can run over a whole table."""
    days: dict[int, list[int]] = {}
    for code in dates:
        days.setdefault(code // 100, []).append(code % 100)
    return or_(
        false(),
        *(and_(month == m, day.between(min(ds), max(ds))) for m, ds in sorted(days.items())),
    )


def _last_seen(today: date, customer: Any) -> Any:
    """The customer's latest visit up to today: one index seek per matched row."""
    return (
        select(func.max(Purchase.purchased_on))
        .where(Purchase.customer_id == customer, Purchase.purchased_on <= today)
        .scalar_subquery()
    )


def _first_seen(customer: Any) -> Any:
    """The customer's first visit: someone added to the book this week who has bought here
    for years is not new to the shop."""
    return (
        select(func.min(Purchase.purchased_on))
        .where(Purchase.customer_id == customer)
        .scalar_subquery()
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _birthday_text(when: date, today: date) -> str:
    return _("Birthday {when}").format(when=day_phrase(when, today))


def _years_text(years: int, when: date, today: date) -> str:
    return _capital(
        _("{years} as a customer {when}").format(
            years=year_count(years), when=day_phrase(when, today)
        )
    )


def _new_text(started: date, today: date) -> str:
    return _("New customer: first seen {when}").format(when=day_phrase(started, today))


def _household_text(who: str, relation: str, when: date, today: date) -> str:
    return _("{name}'s birthday {when} ({relation})").format(
        name=who, when=day_phrase(when, today), relation=relation_word(relation)
    )


def _yearly_text(label: str, year: int | None, when: date, today: date) -> str:
    text = f"{_capital(label)} {day_phrase(when, today)}"
    if year and when.year > year:
        text += f" ({year_count(when.year - year)})"
    return text


def _round_first_days(dates: dict[int, date], rounds: frozenset[int]) -> list[date]:
    """Every first day as a customer that turns a round number of years this week: a
    list of dates the server compares as they are, rather than the month and day of
    every customer's first day worked out row by row."""
    found = []
    for when in dates.values():
        for years in rounds:
            with suppress(ValueError):  # 29 February in a year without one
                found.append(when.replace(year=when.year - years))
    return found


def _customers(
    session: Session, today: date, dates: dict[int, date], rounds: frozenset[int]
) -> tuple[list[_Found], list[_Found], dict[int, date]]:
    """(own birthdays and round years as a customer, newcomers, everyone's birthday this
    week by customer) in one customer scan. Archived customers get no rows, but their
    birthday still counts for a household they belong to."""
    dialect = session.get_bind().dialect
    first = today - timedelta(days=WEEK_DAYS - 1)
    is_new = or_(
        Customer.customer_since.between(first, today),
        and_(
            Customer.customer_since.is_(None),
            Customer.created_at >= datetime.combine(first, time.min),
            Customer.created_at < datetime.combine(today + timedelta(days=1), time.min),
        ),
    )
    rows = session.execute(
        select(
            Customer.id,
            Customer.archived,
            Customer.first_name,
            Customer.last_name,
            Customer.preferred_name,
            Customer.birthday_month,
            Customer.birthday_day,
            Customer.customer_since,
            day_of(dialect, Customer.created_at),
            _last_seen(today, Customer.id),
            _first_seen(Customer.id),
        ).where(
            or_(
                in_week(Customer.birthday_month, Customer.birthday_day, dates),
                Customer.customer_since.in_(_round_first_days(dates, rounds)),
                is_new,
            )
        )
    )
    occasions, newcomers, birthdays = [], [], {}
    for customer_id, archived, first_name, last_name, preferred, *more in rows:
        month, day, since, created, last, first_visit = more
        name = name_of(first_name, last_name, preferred)
        when = dates.get((month or 0) * 100 + (day or 0))
        if when is not None:
            birthdays[customer_id] = when
            if not archived:
                key = today_key("birthday", customer_id, "self", when)
                text = partial(_birthday_text, when, today)
                occasions.append(_Found(when, last, customer_id, name, key, text))
        if archived:
            continue
        when = dates.get(since.month * 100 + since.day) if since is not None else None
        if since is not None and when is not None:
            years = when.year - since.year
            if years in rounds:
                key = today_key("years", customer_id, when)
                text = partial(_years_text, years, when, today)
                occasions.append(_Found(when, last, customer_id, name, key, text))
        started = min(filter(None, (since, date.fromisoformat(created), first_visit)))
        if first <= started <= today:
            text = partial(_new_text, started, today)
            key = today_key("new", customer_id)
            newcomers.append(_Found(started, last, customer_id, name, key, text))
    return occasions, newcomers, birthdays


def _household(
    session: Session,
    today: date,
    dates: dict[int, date],
    linked_birthdays: dict[int, date],
    rules: OccasionRules,
) -> Iterator[_Found]:
    """Birthdays of the household the rules count. A relation linked to a customer
    uses that customer's birthday (``linked_birthdays``) when it has none of its own;
    those relations are found through the link's index, not by another scan. The
    customers they belong to, and those linked, are named by id (archived owners left
    out), so a server never weighs joining every customer against a thousand birthdays."""
    dialect = session.get_bind().dialect
    linked_name = (
        select(func.coalesce(Customer.preferred_name, Customer.first_name))
        .where(Customer.id == Relation.related_customer_id)
        .scalar_subquery()
    )
    has_own = and_(Relation.birthday_month.is_not(None), Relation.birthday_day.is_not(None))
    columns = (
        Relation.customer_id,
        Relation.id,
        Relation.kind,
        func.coalesce(Relation.name, linked_name),
        Relation.birthday_month,
        Relation.birthday_day,
        Relation.related_customer_id,
        _last_seen(today, Relation.customer_id),
    )
    found = []
    for where in (
        in_week(Relation.birthday_month, Relation.birthday_day, dates),
        and_(~has_own, among_ids(dialect, Relation.related_customer_id, linked_birthdays)),
    ):
        rows = session.execute(
            select(*columns).where(where, Relation.kind.in_(rules.household_kinds))
        )
        for customer_id, relation_id, kind, who, month, day, link, seen in rows:
            when = dates.get(month * 100 + day) if month and day else linked_birthdays.get(link)
            if who and when is not None:
                found.append((customer_id, relation_id, kind, who, when, seen))
    names = names_of(session, {row[0] for row in found})
    for customer_id, relation_id, kind, who, when, seen in found:
        if customer_id in names:
            key = today_key("birthday", customer_id, relation_id, when)
            text = partial(_household_text, who, kind.value, when, today)
            yield _Found(when, seen, customer_id, names[customer_id], key, text)


def _anniversaries(session: Session, today: date, dates: dict[int, date]) -> Iterator[_Found]:
    """Wedding anniversaries and other yearly dates the owner recorded."""
    rows = session.execute(
        select(
            Occasion.customer_id,
            Customer.first_name,
            Customer.last_name,
            Customer.preferred_name,
            Occasion.id,
            Occasion.label,
            Occasion.year,
            Occasion.month,
            Occasion.day,
            _last_seen(today, Occasion.customer_id),
        )
        .join(Customer, Customer.id == Occasion.customer_id)
        .where(in_week(Occasion.month, Occasion.day, dates), Customer.archived.is_(False))
    )
    for customer_id, first, last, preferred, occasion_id, label, year, *more in rows:
        month, day, seen = more
        when = dates.get(month * 100 + day)
        if when is None:
            continue
        text = partial(_yearly_text, label, year, when, today)
        key = today_key("occasion", customer_id, occasion_id, when)
        yield _Found(when, seen, customer_id, name_of(first, last, preferred), key, text)


def _rows(found: list[_Found], today: date, limit: int) -> tuple[list[TodayRow], int]:
    shown = [
        TodayRow(
            f.key,
            f.customer_id,
            f.name,
            f.text(),
            _("last seen {ago}").format(ago=ago(f.last_seen, today))
            if f.last_seen
            else _("no visits yet"),
        )
        for f in found[:limit]
    ]
    return shown, len(found)


class Calendar(NamedTuple):
    """The week's occasions and newcomers, before any is left out as done or snoozed."""

    occasions: list[_Found]
    newcomers: list[_Found]


def read_calendar(session: Session, today: date, rules: PromptRules) -> Calendar:
    """Every occasion and newcomer of the week of ``today``. Which are left out (marked,
    or said by a gift reminder) is decided after, by ``calendar_rows``, so this read can
    run beside the gift reminders' instead of after them."""
    dates = week_dates(today, rules.occasion)
    own, newcomers, birthdays = _customers(session, today, dates, rules.round_years)
    return Calendar(
        [
            *own,
            *_household(session, today, dates, birthdays, rules.occasion),
            *_anniversaries(session, today, dates),
        ],
        newcomers,
    )


def calendar_rows(
    calendar: Calendar, today: date, hidden: set[str], limit: int
) -> tuple[Listing, Listing]:
    """(this week's occasions, this week's new customers), neither marked done nor
    snoozed. Occasions come soonest first and, on the same day, the latest visitors
    first (regulars before people seen once years ago); newcomers newest first."""
    occasions = [f for f in calendar.occasions if f.key not in hidden]
    occasions.sort(key=lambda f: (f.when, -(f.last_seen or date.min).toordinal(), f.key))
    newcomers = [f for f in calendar.newcomers if f.key not in hidden]
    newcomers.sort(key=lambda f: (-f.when.toordinal(), f.customer_id))
    return _rows(occasions, today, limit), _rows(newcomers, today, limit)
