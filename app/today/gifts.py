"""Gift reminders on the Today view ("Mia's birthday is in 10 days — last year: Blue
two-person tent (M)"), worked out by the card's own rule for every customer who has a
gift marked.

Only recipients with a birthday or a yearly date of theirs in the coming weeks (and the
partners of a customer whose own anniversary falls then) are looked at: their
gift lines are found through the gift index and their buyers' households and yearly dates
loaded in one go, so the cost follows the days at hand, not every gift ever marked. A
row's key is the card's key: Done here counts as asked on the card, and a reminder asked
or dismissed at the register leaves Today. The reminder names no note, so nothing private
can reach it. The plain birthday or anniversary row of a day a reminder speaks of is left
out of the occasions, as the card says a day once.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import CompoundSelect, and_, or_, select, union
from sqlalchemy.orm import Session, aliased, selectinload

from app.models import Customer, Occasion, OccasionKind, PurchaseLine, Relation
from app.prompts.engine import sales_allowed
from app.prompts.facts import GiftRow, gift_query, yearly_facts
from app.prompts.gift_rules import GIFT_PREFIX, gift_reminders
from app.prompts.rules import PromptRules
from app.today.marks import today_key
from app.today.names import name_of
from app.today.occasions import in_week, week_dates
from app.today.view import TodayRow


def _occasion_key(source_key: str, customer_id: int, when: date) -> str:
    """The Today key of the occasion row a gift reminder speaks of:
    "gift:7:birthday:relation:7:2026" -> "today:birthday:<customer>:7:<day>",
    "gift:7:occasion:12:2026" -> "today:occasion:<customer>:12:<day>"."""
    day = source_key.removeprefix(GIFT_PREFIX).split(":")[1:-1]
    return today_key(day[0], customer_id, day[-1], when)


def gift_rows(
    session: Session, today: date, rules: PromptRules, hidden: set[str]
) -> tuple[list[TodayRow], set[str]]:
    """(gift reminders due by ``today`` and not yet marked, the soonest day first; the
    keys of the occasion rows they stand in for)."""
    dates = week_dates(today, rules.occasion, rules.gift.lookahead_days + 1)
    linked = aliased(Customer)
    own = and_(Relation.birthday_month.is_not(None), Relation.birthday_day.is_not(None))
    recipients: CompoundSelect[int | None] = union(
        select(Relation.id)
        .outerjoin(linked, linked.id == Relation.related_customer_id)
        .where(
            or_(
                in_week(Relation.birthday_month, Relation.birthday_day, dates),
                and_(~own, in_week(linked.birthday_month, linked.birthday_day, dates)),
            )
        ),
        select(Occasion.relation_id).where(
            Occasion.relation_id.is_not(None), in_week(Occasion.month, Occasion.day, dates)
        ),
        select(Relation.id).where(
            Relation.kind.in_(rules.gift.anniversary_kinds),
            Relation.customer_id.in_(
                select(Occasion.customer_id).where(
                    Occasion.relation_id.is_(None),
                    Occasion.kind == OccasionKind.ANNIVERSARY,
                    in_week(Occasion.month, Occasion.day, dates),
                )
            ),
        ),
    )
    query = gift_query(today).where(PurchaseLine.gift_for_id.in_(recipients))
    gifts: dict[int, list[GiftRow]] = defaultdict(list)
    for customer_id, recipient, bought_on, item, kind in session.execute(query):
        gifts[customer_id].append((recipient, bought_on, item, kind))
    if not gifts:
        return [], set()
    customers = session.scalars(
        select(Customer)
        .where(Customer.id.in_(list(gifts)), Customer.archived.is_(False))
        .options(
            selectinload(Customer.relations).selectinload(Relation.related_customer),
            selectinload(Customer.occasions),
        )
    )
    found: list[tuple[date, int, TodayRow]] = []
    recalled: set[str] = set()
    for customer in customers:
        facts = yearly_facts(customer, gifts[customer.id])
        name = name_of(customer.first_name, customer.last_name, customer.preferred_name)
        for reminder in gift_reminders(facts, today, rules, sales=sales_allowed(facts, rules)):
            when = reminder.due_until or today
            if reminder.source_key in hidden:
                continue
            recalled.add(_occasion_key(reminder.source_key, customer.id, when))
            shown = TodayRow(
                key=reminder.source_key,
                customer_id=customer.id,
                display_name=name,
                text=reminder.text,
                detail=reminder.reason,
            )
            found.append((when, customer.id, shown))
    found.sort(key=lambda f: (f[0], f[1], f[2].key))
    return [shown for _, _, shown in found], recalled
