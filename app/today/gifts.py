"""Gift reminders on the Today view ("Mia's birthday is in 10 days — last year: Blue
two-person tent (M)"), worked out by the card's own rule for every customer who has a
gift marked.

Only recipients with a birthday or a yearly date of theirs in the coming weeks (and the
partners of a customer whose own anniversary falls then) are looked at: the gift index
leads to them, their buyers' households and yearly dates are read as plain rows in a few
queries, and only the reminders shown are put in words, so the cost follows the days at
hand, not every gift ever marked nor every relation in the book. A
row's key is the card's key: Done here counts as asked on the card, and a reminder asked
or dismissed at the register leaves Today. The reminder names no note, so nothing private
can reach it. The plain birthday or anniversary row of a day a reminder speaks of is left
out of the occasions, as the card says a day once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from sqlalchemy import CompoundSelect, or_, select, union
from sqlalchemy.orm import Session, aliased

from app.dialects import among_ids
from app.models import Customer, Occasion, OccasionKind, PurchaseLine, Relation
from app.prompts.engine import sales_allowed
from app.prompts.facts import (
    GiftRow,
    Member,
    OccasionFact,
    Person,
    gift_query,
    household_facts,
    occasion_fact,
)
from app.prompts.gift_rules import GIFT_PREFIX, DueGift, due_gifts, gift_candidate
from app.prompts.rules import PromptRules
from app.today.marks import today_key
from app.today.names import name_of
from app.today.occasions import in_week, week_dates
from app.today.view import Listing, TodayRow


def _occasion_key(source_key: str, customer_id: int, when: date) -> str:
    """The Today key of the occasion row a gift reminder speaks of:
    "gift:7:birthday:relation:7:2026" -> "today:birthday:<customer>:7:<day>",
    "gift:7:occasion:12:2026" -> "today:occasion:<customer>:12:<day>"."""
    day = source_key.removeprefix(GIFT_PREFIX).split(":")[1:-1]
    return today_key(day[0], customer_id, day[-1], when)


def _people(session: Session, ids: list[int | None], archived: bool | None = None) -> list[Person]:
    """The customers of ``ids`` (archived or not, if ``archived`` says) as plain rows, by
    their key: a join would have PostgreSQL hash every customer for a few hundred."""
    query = select(
        Customer.id,
        Customer.first_name,
        Customer.last_name,
        Customer.preferred_name,
        Customer.birthday_month,
        Customer.birthday_day,
        Customer.customer_since,
        Customer.no_sales_prompts,
        Customer.contact_consent,
    ).where(
        among_ids(
            session.get_bind().dialect,
            Customer.id,
            (customer_id for customer_id in ids if customer_id is not None),
        )
    )
    if archived is not None:
        query = query.where(Customer.archived.is_(archived))
    return [Person(*row) for row in session.execute(query)]


def _households(
    session: Session, buyers: list[int | None]
) -> Iterator[tuple[Person, list[Member], list[OccasionFact]]]:
    """Each buyer who is not archived, with their household and yearly dates, read as
    plain rows (loading them as objects took most of Today's time for gift reminders:
    some 500 customers and their 1,300 relations at 100,000 customers)."""
    people = _people(session, buyers, archived=False)
    dialect = session.get_bind().dialect
    ids = [person.id for person in people]
    relations = session.execute(
        select(
            Relation.customer_id,
            Relation.id,
            Relation.kind,
            Relation.name,
            Relation.birthday_month,
            Relation.birthday_day,
            Relation.related_customer_id,
        ).where(among_ids(dialect, Relation.customer_id, ids))
    ).all()
    linked = {
        person.id: person
        for person in _people(session, [row.related_customer_id for row in relations])
    }
    households: dict[int, list[Member]] = defaultdict(list)
    for owner, relation_id, kind, name, month, day, link in relations:
        person = None if link is None else linked.get(link)
        households[owner].append(Member(relation_id, kind, name, month, day, person))
    yearly: dict[int, list[OccasionFact]] = defaultdict(list)
    for row in session.execute(
        select(
            Occasion.customer_id,
            Occasion.id,
            Occasion.label,
            Occasion.month,
            Occasion.day,
            Occasion.relation_id,
            Occasion.kind,
        ).where(among_ids(dialect, Occasion.customer_id, ids))
    ):
        yearly[row.customer_id].append(
            occasion_fact(row.id, row.label, row.month, row.day, row.relation_id, row.kind)
        )
    for person in people:
        yield person, households[person.id], yearly[person.id]


def _recipients_soon(dates: dict[int, date], rules: PromptRules) -> CompoundSelect[int]:
    """Relations with a day of theirs among ``dates``: their own birthday, else the
    birthday of the customer they are linked to, a yearly date recorded for them, or
    (for a partner) the anniversary of the customer they belong to. Each part is found
    through the index on its day, then joined with the gift lines: asking each of the
    8,000 relations ever given a gift whether a day of theirs is near took a server
    twice as long (about 45 ms against 25 at 100,000 customers)."""
    linked = aliased(Customer)
    yearly = in_week(Occasion.month, Occasion.day, dates)
    return union(
        select(Relation.id).where(in_week(Relation.birthday_month, Relation.birthday_day, dates)),
        select(Relation.id)
        .join(linked, linked.id == Relation.related_customer_id)
        .where(
            or_(Relation.birthday_month.is_(None), Relation.birthday_day.is_(None)),
            in_week(linked.birthday_month, linked.birthday_day, dates),
        ),
        select(Occasion.relation_id).where(yearly, Occasion.relation_id.is_not(None)),
        select(Relation.id)
        .join(Occasion, Occasion.customer_id == Relation.customer_id)
        .where(
            Relation.kind.in_(rules.gift.anniversary_kinds),
            yearly,
            Occasion.relation_id.is_(None),
            Occasion.kind == OccasionKind.ANNIVERSARY,
        ),
    )


def gift_rows(
    session: Session, today: date, rules: PromptRules, hidden: set[str], limit: int
) -> tuple[Listing, set[str]]:
    """(the first ``limit`` gift reminders due by ``today`` and not yet marked, the
    soonest day first, and how many there are; the keys of the occasion rows they stand
    in for). Every reminder is worked out, to count it, but only those shown are put in
    words."""
    dates = week_dates(today, rules.occasion, rules.gift.lookahead_days + 1)
    query = gift_query(today).where(PurchaseLine.gift_for_id.in_(_recipients_soon(dates, rules)))
    gifts: dict[int, list[GiftRow]] = defaultdict(list)
    for customer_id, recipient, bought_on, item, kind in session.execute(query):
        gifts[customer_id].append((recipient, bought_on, item, kind))
    if not gifts:
        return ([], 0), set()
    found: list[tuple[date, int, str, str, DueGift]] = []
    recalled: set[str] = set()
    for customer, household, occasions in _households(session, list(gifts)):
        facts = household_facts(customer, household, occasions, gifts[customer.id])
        name = name_of(customer.first_name, customer.last_name, customer.preferred_name)
        for due in due_gifts(facts, today, rules, sales=sales_allowed(facts, rules)):
            key = due.source_key
            if key in hidden:
                continue
            recalled.add(_occasion_key(key, customer.id, due.when))
            found.append((due.when, customer.id, key, name, due))
    found.sort(key=lambda f: f[:3])
    shown = []
    for _, customer_id, _, name, due in found[:limit]:
        reminder = gift_candidate(due, today, rules)
        shown.append(
            TodayRow(
                key=reminder.source_key,
                customer_id=customer_id,
                display_name=name,
                text=reminder.text,
                detail=reminder.reason,
            )
        )
    return (shown, len(found)), recalled
