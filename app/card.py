"""The customer card: everything the clerk sees about one person, loaded in one go.

The card is assembled from a handful of batched queries into frozen dataclasses, so the
window can paint it without ever touching the database again (no lazy loads from paint
code). Private notes are included only for the owner.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload, undefer

from app.card_history import MonthStat, visit_history
from app.customers.service import CustomerView, customer_view
from app.db import Database
from app.errors import RegularsError
from app.gifts import notes_about
from app.i18n import N_, _
from app.models import (
    Category,
    ContactKind,
    ContactPoint,
    Customer,
    Note,
    NoteRevision,
    Product,
    Purchase,
    PurchaseLine,
    Relation,
)
from app.occasions import format_birthday, next_occurrence
from app.phones import shop_region, shown_phone
from app.prompts import PromptView, prompts_for
from app.prompts.ageing import default_ageing, shown_age, still_true_due
from app.prompts.facts import kept_note, relation_name
from app.safety.access import CLERK, Access

PURCHASE_LIMIT = 10
NOTE_LIMIT = 10
OCCASION_HORIZON_DAYS = 14


@dataclass(frozen=True)
class CardRelation:
    """A household member or pet, named as the clerk would say it."""

    kind: str
    name: str
    species: str | None
    birthday: str | None
    customer_id: int | None
    id: int
    """The relation's id: what a purchase line is marked as a gift for."""
    gifts: tuple[CardPurchase, ...] = ()
    """What the customer bought as gifts for them, newest first."""
    about: tuple[str, ...] = ()
    """For a gift recipient: the notes that name them (sizes, likes), newest first."""


@dataclass(frozen=True)
class CardPurchase:
    """One purchase line as the card lists it."""

    purchased_on: date
    item: str
    quantity: float
    category: str | None
    line_id: int
    gift_for: str | None
    """The household member it was a gift for, by name; ``None`` when not a gift."""
    gift_for_id: int | None


@dataclass(frozen=True)
class CardNote:
    """A note as shown: pinned ones first, then the newest."""

    id: int
    body: str
    created_at: datetime
    author: str | None
    pinned: bool
    private: bool
    ask_on: date | None
    dont_bring_up: bool
    revision: int
    """The wording shown; an edit names it, so it never overwrites a later one unseen."""
    age: str = ""
    """How long ago a family, pets or likes note was written ("2 years ago"); else ""."""
    still_true: bool = False
    """The owner should check the note still holds (never set for the register)."""


@dataclass(frozen=True)
class CardOccasion:
    """A birthday or anniversary coming up soon."""

    label: str
    on: date
    days_away: int


@dataclass(frozen=True)
class CardContact:
    """A further phone, email or address, beyond the main ones the card shows."""

    kind: str
    label: str
    value: str

    @property
    def line(self) -> str:
        """ "mobile phone: (802) 555-0104", in the shop's language."""
        words = _CONTACT_WORDS.get((self.label, self.kind))
        said = _(words) if words else f"{self.label} {self.kind}"
        return f"{said}: {self.value}"


_CONTACT_WORDS = {
    ("mobile", "phone"): N_("mobile phone"),
    ("home", "phone"): N_("home phone"),
    ("work", "phone"): N_("work phone"),
    ("other", "phone"): N_("other phone"),
    ("mobile", "email"): N_("mobile email"),
    ("home", "email"): N_("home email"),
    ("work", "email"): N_("work email"),
    ("other", "email"): N_("other email"),
    ("mobile", "address"): N_("mobile address"),
    ("home", "address"): N_("home address"),
    ("work", "address"): N_("work address"),
    ("other", "address"): N_("other address"),
}
"""Each label and kind of a further contact together, as a shop says them."""


@dataclass(frozen=True)
class CustomerCard:
    """What the card shows for one customer on one day."""

    customer: CustomerView
    visits: int
    last_visit: date | None
    tags: tuple[str, ...]
    household: tuple[CardRelation, ...]
    occasions: tuple[CardOccasion, ...]
    prompts: tuple[PromptView, ...]
    purchases: tuple[CardPurchase, ...]
    purchase_lines_total: int
    notes: tuple[CardNote, ...]
    photo: bytes | None
    """A small JPEG or PNG (see ``app.customers.photo``), shown instead of the initials."""
    history: tuple[MonthStat, ...]
    """Visits and spend per month over the last two years, oldest first."""
    more_contacts: tuple[CardContact, ...] = ()
    """Phones, emails and addresses beyond the main ones, in the order they came."""

    @property
    def contact_line(self) -> str:
        """The main phone, email and address, and "n more" when there are others."""
        line = self.customer.contact_line
        if self.more_contacts:
            line = " · ".join(filter(None, (line, _("{n} more").format(n=len(self.more_contacts)))))
        return line

    @property
    def more_contacts_text(self) -> str:
        """The further contacts one a line ("mobile phone: (802) 555-0104")."""
        return "\n".join(c.line for c in self.more_contacts)


def load_card(
    database: Database,
    customer_id: int,
    *,
    today: date,
    access: Access = CLERK,
    purchase_limit: int | None = PURCHASE_LIMIT,
) -> CustomerCard:
    """The card for ``customer_id`` as of ``today``; ``purchase_limit=None`` lists them all.

    Only reads (a prompt is stored once someone acts on it), so it runs on the window's
    readers' pool, whose connections cannot write; prompts and history each read in a
    short session of their own, the rest of the card in one more.
    """
    prompts = tuple(prompts_for(database, customer_id, today=today, access=access))
    history = visit_history(database, customer_id, today=today)
    with database.reading() as session:
        customer = session.scalars(
            select(Customer)
            .where(Customer.id == customer_id)
            .options(
                selectinload(Customer.tags),
                selectinload(Customer.relations).selectinload(Relation.related_customer),
                selectinload(Customer.occasions),
                undefer(Customer.photo),
            )
        ).one_or_none()
        if customer is None:
            raise RegularsError(
                _("There is no customer with id {customer_id}.").format(customer_id=customer_id)
            )
        visits, last_visit = session.execute(
            select(func.count(Purchase.id), func.max(Purchase.purchased_on)).where(
                Purchase.customer_id == customer_id
            )
        ).one()
        lines_total, purchases = _purchases(session, customer_id, purchase_limit)
        notes = _notes(session, customer_id, access, today)
        household = _household(session, customer, access)
        occasions = _occasions(customer, today)
        card = CustomerCard(
            customer=customer_view(customer),
            visits=visits,
            last_visit=last_visit,
            tags=tuple(sorted(t.name for t in customer.tags)),
            household=household,
            occasions=occasions,
            prompts=prompts,
            purchases=purchases,
            purchase_lines_total=lines_total,
            notes=notes,
            photo=customer.photo,
            history=history,
            more_contacts=_more_contacts(session, customer_id),
        )
    return card


def _more_contacts(session: Session, customer_id: int) -> tuple[CardContact, ...]:
    """The customer's further contacts in their order; phones spelled like the main one."""
    region = shop_region()
    return tuple(
        CardContact(
            str(kind),
            str(label),
            shown_phone(value, normalised, region) if kind == ContactKind.PHONE else value,
        )
        for kind, label, value, normalised in session.execute(
            select(
                ContactPoint.kind, ContactPoint.label, ContactPoint.value, ContactPoint.normalised
            )
            .where(ContactPoint.customer_id == customer_id)
            .order_by(ContactPoint.position)
        )
    )


def _purchases(
    session: Session, customer_id: int, limit: int | None
) -> tuple[int, tuple[CardPurchase, ...]]:
    total = session.scalar(
        select(func.count(PurchaseLine.id))
        .join(Purchase, PurchaseLine.purchase_id == Purchase.id)
        .where(Purchase.customer_id == customer_id)
    )
    query = (
        _lines_query(customer_id)
        .order_by(Purchase.purchased_on.desc(), PurchaseLine.id.desc())
        .limit(limit)
    )
    return total or 0, _card_lines(session, query)


_Lines = Select[date, str, float, str, int, int | None]
"""A purchase line as the card reads it: day, item, quantity, category, id, gift for."""


def _lines_query(customer_id: int) -> _Lines:
    return (
        select(
            Purchase.purchased_on,
            PurchaseLine.item,
            PurchaseLine.quantity,
            Category.name,
            PurchaseLine.id,
            PurchaseLine.gift_for_id,
        )
        .join(Purchase, PurchaseLine.purchase_id == Purchase.id)
        .join(Product, PurchaseLine.product_id == Product.id)
        .outerjoin(Category, Product.category_id == Category.id)
        .where(Purchase.customer_id == customer_id)
    )


def _card_lines(session: Session, query: _Lines) -> tuple[CardPurchase, ...]:
    rows = session.execute(query).all()
    ids = {row.gift_for_id for row in rows if row.gift_for_id is not None}
    names = {
        relation.id: relation_name(relation)
        for relation in session.scalars(
            select(Relation)
            .where(Relation.id.in_(ids))
            .options(selectinload(Relation.related_customer))
        )
    }
    return tuple(
        CardPurchase(on, item, quantity, category, line_id, names.get(gift_for or 0), gift_for)
        for on, item, quantity, category, line_id, gift_for in rows
    )


def _household(session: Session, customer: Customer, access: Access) -> tuple[CardRelation, ...]:
    """The household, each gift recipient with their gifts and the notes naming them."""
    gifts = _card_lines(
        session,
        _lines_query(customer.id)
        .where(PurchaseLine.gift_for_id.is_not(None))
        .order_by(Purchase.purchased_on.desc(), PurchaseLine.id.desc()),
    )
    people = [_relation(r) for r in customer.relations]
    recipients = {gift.gift_for_id: gift.gift_for or "" for gift in gifts}
    about = notes_about(session, customer.id, recipients.values(), access)
    return tuple(
        replace(
            person,
            gifts=tuple(gift for gift in gifts if gift.gift_for_id == person.id),
            about=about.get(recipients.get(person.id, ""), ()),
        )
        for person in people
    )


def _notes(session: Session, customer_id: int, access: Access, today: date) -> tuple[CardNote, ...]:
    ageing = default_ageing()
    revision = (
        select(func.coalesce(func.max(NoteRevision.number), 1))
        .where(NoteRevision.note_id == Note.id)
        .scalar_subquery()
    )
    query = (
        select(Note, revision)
        .where(Note.customer_id == customer_id, Note.deleted_at.is_(None))
        .order_by(Note.pinned.desc(), Note.created_at.desc(), Note.id.desc())
        .limit(NOTE_LIMIT)
    )
    if not access.owner:
        query = query.where(Note.private.is_(False))
    cards = []
    for n, number in session.execute(query):
        kept = kept_note(n, access)
        body = kept.body
        cards.append(
            CardNote(
                n.id, body, n.created_at, n.author, n.pinned, n.private, n.ask_on,
                n.dont_bring_up, number, shown_age(kept, today, ageing),
                access.owner and still_true_due(kept, today, ageing),
            )
        )  # fmt: skip
    return tuple(cards)


def _relation(relation: Relation) -> CardRelation:
    linked = relation.related_customer
    name = relation.name or (linked.display_name if linked else "")
    return CardRelation(
        id=relation.id,
        kind=relation.kind.value,
        name=name,
        species=relation.species,
        birthday=format_birthday(
            relation.birthday_month, relation.birthday_day, relation.birthday_year
        ),
        customer_id=relation.related_customer_id,
    )


def _occasions(customer: Customer, today: date) -> tuple[CardOccasion, ...]:
    dated: list[tuple[str, int | None, int | None]] = [
        (_("Birthday"), customer.birthday_month, customer.birthday_day)
    ]
    for relation in customer.relations:
        name = relation.name or (
            relation.related_customer.display_name if relation.related_customer else "?"
        )
        label = _("{name}'s birthday").format(name=name)
        dated.append((label, relation.birthday_month, relation.birthday_day))
    for occasion in customer.occasions:
        dated.append((occasion.label, occasion.month, occasion.day))
    found = []
    for label, month, day in dated:
        if month is None or day is None:
            continue
        on = next_occurrence(month, day, today)
        if on is not None and (on - today).days <= OCCASION_HORIZON_DAYS:
            found.append(CardOccasion(label, on, (on - today).days))
    return tuple(sorted(found, key=lambda o: o.on))
