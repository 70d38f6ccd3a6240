"""What a practice card shows: a face (photo or a recognisable description) and a name
with three friendly facts.

Only what could be said across the counter is used. Private notes and "don't bring up"
notes (by flag or by kind) never reach a card, deleted notes neither, and the face side
never carries the customer's own name: the staff member is meant to recall it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload, undefer

from app.errors import RegularsError
from app.i18n import N_, _, ngettext
from app.models import (
    Category,
    Customer,
    Note,
    PracticeDirection,
    Product,
    ProductKind,
    Purchase,
    PurchaseLine,
    Relation,
    RelationKind,
)
from app.prompts.wording import ago, relation_word, shorten, weekday

FACTS = 3
TOP_CATEGORIES = 3
HABIT_DAYS = 365
WEEKDAY_SHARE = 0.4
MONTH_PART_SHARE = 0.6
"""A habit is worth a line when 40 % of visits fall on one weekday, or 60 % in one
third of the month: enough to recognise someone by, not a coincidence."""
FRIENDLY_NOTE_KINDS = {
    "likes": N_("Likes"),
    "interests": N_("Interests"),
    "talk_about": N_("Talk about"),
    "pets": N_("Pets"),
    "family": N_("Family"),
}
"""The kinds of note a card may tell, each with its heading."""
NOTE_CHARS = 80

_PEOPLE = (
    RelationKind.SPOUSE,
    RelationKind.PARTNER,
    RelationKind.CHILD,
    RelationKind.PARENT,
    RelationKind.SIBLING,
    RelationKind.GRANDCHILD,
)
_COUNTED = {
    RelationKind.SPOUSE: lambda n: ngettext("a spouse", "{n} spouses", n),
    RelationKind.PARTNER: lambda n: ngettext("a partner", "{n} partners", n),
    RelationKind.CHILD: lambda n: ngettext("a child", "{n} children", n),
    RelationKind.PARENT: lambda n: ngettext("a parent", "{n} parents", n),
    RelationKind.SIBLING: lambda n: ngettext("a sibling", "{n} siblings", n),
    RelationKind.GRANDCHILD: lambda n: ngettext("a grandchild", "{n} grandchildren", n),
}
_MONTH_PARTS = (N_("early in the month"), N_("mid-month"), N_("late in the month"))
_HOUSE_NUMBER = re.compile(r"^\s*\d+[a-zA-Z]?\s*,?\s+")


@dataclass(frozen=True)
class CardContent:
    """Both sides of one card; ``front_*``/``back_*`` say which way round it is asked."""

    customer_id: int
    direction: str
    name: str
    preferred_name: str | None
    photo: bytes | None
    description: tuple[str, ...]
    facts: tuple[str, ...]

    @property
    def _face_first(self) -> bool:
        return self.direction == PracticeDirection.FACE_TO_NAME.value

    @property
    def name_lines(self) -> tuple[str, ...]:
        """The name as the back of a face card says it, preferred name included."""
        if self.preferred_name and self.preferred_name not in self.name.split():
            return (self.name, _("goes by {name}").format(name=self.preferred_name))
        return (self.name,)

    @property
    def front_photo(self) -> bytes | None:
        """The photo when it is the question."""
        return self.photo if self._face_first else None

    @property
    def front_lines(self) -> tuple[str, ...]:
        """The question: the description when there is no photo, or the name."""
        if self._face_first:
            return () if self.photo else self.description
        return self.name_lines

    @property
    def back_photo(self) -> bytes | None:
        """The photo when it is the answer."""
        return None if self._face_first else self.photo

    @property
    def back_lines(self) -> tuple[str, ...]:
        """The answer: the name and facts, or the description and facts."""
        if self._face_first:
            return self.name_lines + self.facts
        return self.description + self.facts


def _street(customer: Customer) -> str | None:
    street = _HOUSE_NUMBER.sub("", customer.address_line or "").strip(" ,")
    place = ", ".join(part for part in (street, (customer.town or "").strip()) if part)
    return _("Lives: {place}").format(place=place) if place else None


def _household_shape(relations: list[Relation]) -> str | None:
    kinds = Counter(r.kind for r in relations if r.kind in _PEOPLE)
    pets = Counter(
        (r.species or relation_word("pet")).lower() for r in relations if r.kind == RelationKind.PET
    )
    parts = [_COUNTED[kind](count).format(n=count) for kind, count in sorted(kinds.items())]
    parts += [
        ngettext("a {species}", "{n} {species}s", count).format(n=count, species=species)
        for species, count in sorted(pets.items())
    ]
    return _("Household: {list}").format(list=", ".join(parts)) if parts else None


def _usually_buys(session: Session, customer_id: int) -> str | None:
    rows = session.execute(
        select(Category.name, func.count(PurchaseLine.id).label("lines"))
        .join(Product, Product.category_id == Category.id)
        .join(PurchaseLine, PurchaseLine.product_id == Product.id)
        .join(Purchase, Purchase.id == PurchaseLine.purchase_id)
        .where(Purchase.customer_id == customer_id)
        .group_by(Category.name)
        .order_by(func.count(PurchaseLine.id).desc(), Category.name)
        .limit(TOP_CATEGORIES)
    )
    names = [name for name, _ in rows]
    return _("Usually buys: {list}").format(list=", ".join(names)) if names else None


def _visit_habit(session: Session, customer_id: int, today: date) -> str | None:
    days = set(
        session.scalars(
            select(Purchase.purchased_on)
            .where(Purchase.customer_id == customer_id)
            .where(Purchase.purchased_on > today - timedelta(days=HABIT_DAYS))
            .where(Purchase.purchased_on <= today)
        )
    )
    if len(days) < 3:
        return None
    parts = []
    most, on_it = Counter(d.weekday() for d in days).most_common(1)[0]
    if on_it / len(days) >= WEEKDAY_SHARE:
        named = weekday(min(d for d in days if d.weekday() == most))
        parts.append(_("mostly on {weekday}s").format(weekday=named))
    third, in_it = Counter(min(2, (d.day - 1) // 10) for d in days).most_common(1)[0]
    if in_it / len(days) >= MONTH_PART_SHARE:
        parts.append(_(_MONTH_PARTS[third]))
    return _("Comes in: {list}").format(list=", ".join(parts)) if parts else None


def _relation_name(relation: Relation) -> str | None:
    if relation.name:
        return relation.name
    linked = relation.related_customer
    if linked is None:
        return None
    return linked.preferred_name or linked.first_name or None


def _household_fact(relations: list[Relation]) -> str | None:
    named = [
        f"{relation_word(r.kind.value)} {name}"
        for r in relations
        if r.kind in _PEOPLE and (name := _relation_name(r))
    ]
    return _("Household: {list}").format(list=", ".join(named)) if named else None


def _pets_fact(relations: list[Relation]) -> str | None:
    pets = [
        f"{r.name} ({r.species})" if r.species else r.name
        for r in relations
        if r.kind == RelationKind.PET and r.name
    ]
    return _("Pets: {list}").format(list=", ".join(pets)) if pets else None


def _interest_fact(session: Session, customer_id: int) -> str | None:
    note = session.scalar(
        select(Note)
        .where(Note.customer_id == customer_id)
        .where(Note.private.is_(False), Note.dont_bring_up.is_(False))
        .where(Note.deleted_at.is_(None))
        .where(Note.kind.in_(list(FRIENDLY_NOTE_KINDS)))
        .order_by(Note.pinned.desc(), Note.created_at.desc(), Note.id.desc())
        .limit(1)
    )
    if note is None:
        return None
    return _("{heading}: {note}").format(
        heading=_(FRIENDLY_NOTE_KINDS[note.kind]), note=shorten(note.body, NOTE_CHARS)
    )


def _big_purchase_fact(session: Session, customer_id: int, today: date) -> str | None:
    row = session.execute(
        select(PurchaseLine.item, Purchase.purchased_on)
        .join(Purchase, Purchase.id == PurchaseLine.purchase_id)
        .join(Product, Product.id == PurchaseLine.product_id)
        .join(Category, Category.id == Product.category_id)
        .where(Purchase.customer_id == customer_id)
        .where(Category.kind == ProductKind.DURABLE)
        .where(Purchase.purchased_on <= today)
        .order_by(Purchase.purchased_on.desc(), PurchaseLine.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    item, when = row
    return _("Last big purchase: {item}, {ago}").format(item=item, ago=ago(when, today))


def load_content(
    session: Session, customer_id: int, direction: PracticeDirection, today: date
) -> CardContent:
    """Both sides of the card for ``customer_id`` asked ``direction``."""
    customer = session.scalar(
        select(Customer)
        .where(Customer.id == customer_id)
        .options(
            undefer(Customer.photo),
            selectinload(Customer.relations).selectinload(Relation.related_customer),
        )
    )
    if customer is None:
        raise RegularsError(_("there is no customer #{id}.").format(id=customer_id))
    relations = sorted(customer.relations, key=lambda r: r.id)
    description = tuple(
        line
        for line in (
            _household_shape(relations),
            _usually_buys(session, customer_id),
            _visit_habit(session, customer_id, today),
            _street(customer),
        )
        if line
    ) or (_("No description on file yet: ask their name at the counter."),)
    facts = tuple(
        fact
        for fact in (
            _household_fact(relations),
            _pets_fact(relations),
            _interest_fact(session, customer_id),
            _big_purchase_fact(session, customer_id, today),
        )
        if fact
    )[:FACTS]
    name = " ".join(part for part in (customer.first_name, customer.last_name) if part)
    return CardContent(
        customer_id=customer_id,
        direction=direction.value,
        name=name or "(no name)",
        preferred_name=customer.preferred_name,
        photo=customer.photo,
        description=description,
        facts=facts,
    )
