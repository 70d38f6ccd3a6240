"""What the rules look at, read from the database into plain values in a few queries.

The engine then runs on these values alone: no session, no lazy load, and no clock, so
every rule can be tested with fixed dates and the card costs a handful of indexed reads.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import CTE, distinct, func, select
from sqlalchemy.orm import Session, selectinload

from app.errors import RegularsError
from app.i18n import _
from app.models import (
    Category,
    Customer,
    Note,
    Occasion,
    OccasionKind,
    Product,
    ProductKind,
    Purchase,
    PurchaseLine,
    Relation,
    RelationKind,
)
from app.safety.access import CLERK, Access


@dataclass(frozen=True)
class LineFact:
    """One thing the customer bought, with its category's follow-up settings."""

    bought_on: date
    item: str
    category_id: int | None
    category: str
    kind: ProductKind
    follow_up_days: int | None
    replenish_days: int | None


@dataclass(frozen=True)
class NoteFact:
    """A live note with an "ask on" date (deleted notes are never read)."""

    id: int
    body: str
    written_on: date
    ask_on: date
    private: bool
    dont_bring_up: bool


@dataclass(frozen=True)
class KeptNote:
    """A live note of a kind that may age (deleted notes are never read)."""

    id: int
    body: str
    kind: str
    written_on: date
    private: bool
    dont_bring_up: bool


@dataclass(frozen=True)
class BirthdayFact:
    """A birthday to remember: the customer's own (``relation_id`` None) or a relation's."""

    relation_id: int | None
    name: str
    relation: RelationKind | None
    month: int
    day: int


@dataclass(frozen=True)
class OccasionFact:
    """An anniversary or other yearly date the owner recorded; ``relation_id`` names the
    household member it belongs to (``None``: the customer's own)."""

    id: int
    label: str
    month: int
    day: int
    relation_id: int | None = None
    anniversary: bool = True
    """An anniversary (a wedding's, say), not some other yearly date."""


@dataclass(frozen=True)
class GiftFact:
    """A purchase line the customer bought as a gift for someone in their household."""

    relation_id: int
    name: str
    relation: RelationKind
    bought_on: date
    item: str
    kind: ProductKind


@dataclass(frozen=True)
class RelatedFact:
    """Among other buyers of the anchor category, how many also bought ``category``."""

    anchor_category_id: int
    category_id: int
    category: str
    buyers: int
    co_buyers: int
    base_share: float
    top_item: str


@dataclass(frozen=True)
class CustomerFacts:
    """Everything about one customer that any prompt rule reads."""

    customer_id: int
    name: str
    customer_since: date | None
    no_sales_prompts: bool
    contact_consent: bool | None
    birthdays: tuple[BirthdayFact, ...]
    occasions: tuple[OccasionFact, ...]
    lines: tuple[LineFact, ...]
    visits: tuple[date, ...]
    notes: tuple[NoteFact, ...]
    kept_notes: tuple[KeptNote, ...] = ()
    """Notes of the kinds the ageing rules read ("new puppy", "expecting in March")."""
    gifts: tuple[GiftFact, ...] = ()
    """What was bought as a gift for whom, oldest first."""


def day_gaps(dates: Sequence[date]) -> list[int]:
    """Days between consecutive dates (sorted, distinct): a customer's rhythm."""
    return [(later - earlier).days for earlier, later in itertools.pairwise(dates)]


def _greeting_name(customer: Customer) -> str:
    return customer.preferred_name or customer.first_name or customer.display_name or "them"


def relation_name(relation: Relation) -> str:
    """How the card and the prompts name a household member: the name given, else the
    linked customer's greeting name."""
    linked = relation.related_customer
    return relation.name or (_greeting_name(linked) if linked is not None else "")


def _birthdays(customer: Customer) -> list[BirthdayFact]:
    found = []
    if customer.birthday_month and customer.birthday_day:
        found.append(
            BirthdayFact(
                None,
                _greeting_name(customer),
                None,
                customer.birthday_month,
                customer.birthday_day,
            )
        )
    for relation in customer.relations:
        linked = relation.related_customer
        month, day = relation.birthday_month, relation.birthday_day
        if not (month and day) and linked is not None:
            month, day = linked.birthday_month, linked.birthday_day
        name = relation_name(relation)
        if month and day and name:
            found.append(BirthdayFact(relation.id, name, relation.kind, month, day))
    return found


def _lines(session: Session, customer_id: int, today: date) -> list[LineFact]:
    rows = session.execute(
        select(
            Purchase.purchased_on,
            PurchaseLine.item,
            Product.name,
            Category.id,
            Category.name,
            Category.kind,
            Category.follow_up_days,
            Category.replenish_days,
        )
        .join(PurchaseLine, PurchaseLine.purchase_id == Purchase.id)
        .join(Product, Product.id == PurchaseLine.product_id)
        .outerjoin(Category, Category.id == Product.category_id)
        .where(Purchase.customer_id == customer_id, Purchase.purchased_on <= today)
        .order_by(Purchase.purchased_on, PurchaseLine.id)
    )
    return [
        LineFact(
            bought_on=bought_on,
            item=(item or product).strip() or product,
            category_id=category_id,
            category=category or "",
            kind=kind or ProductKind.OTHER,
            follow_up_days=follow_up,
            replenish_days=replenish,
        )
        for bought_on, item, product, category_id, category, kind, follow_up, replenish in rows
    ]


def _gifts(session: Session, customer: Customer, today: date) -> list[GiftFact]:
    relations = {relation.id: relation for relation in customer.relations}
    rows = session.execute(
        select(PurchaseLine.gift_for_id, Purchase.purchased_on, PurchaseLine.item, Category.kind)
        .join(Purchase, PurchaseLine.purchase_id == Purchase.id)
        .join(Product, Product.id == PurchaseLine.product_id)
        .outerjoin(Category, Category.id == Product.category_id)
        .where(
            Purchase.customer_id == customer.id,
            Purchase.purchased_on <= today,
            PurchaseLine.gift_for_id.is_not(None),
        )
        .order_by(Purchase.purchased_on, PurchaseLine.id)
    )
    return [
        GiftFact(
            relation_id=relation.id,
            name=relation_name(relation),
            relation=relation.kind,
            bought_on=bought_on,
            item=item,
            kind=kind or ProductKind.OTHER,
        )
        for relation_id, bought_on, item, kind in rows
        if (relation := relations.get(relation_id or 0)) is not None
    ]


def load_kept_notes(
    session: Session, customer_id: int, kinds: Collection[str], access: Access = CLERK
) -> tuple[KeptNote, ...]:
    """The customer's live notes of ``kinds``, oldest first; private ones only for the
    owner (opened with the key when sealed)."""
    if not kinds:
        return ()
    query = select(Note).where(
        Note.customer_id == customer_id, Note.kind.in_(kinds), Note.deleted_at.is_(None)
    )
    if not access.owner:
        query = query.where(Note.private.is_(False))
    return tuple(
        kept_note(note, access)
        for note in session.scalars(query.order_by(Note.created_at, Note.id))
    )


def kept_note(note: Note, access: Access) -> KeptNote:
    """A note as the ageing rules read it (a sealed one opened with the owner's key)."""
    return KeptNote(
        id=note.id,
        body=access.read(note.body, note.sealed),
        kind=note.kind,
        written_on=note.created_at.date(),
        private=note.private,
        dont_bring_up=note.dont_bring_up,
    )


def load_facts(
    session: Session,
    customer_id: int,
    today: date,
    access: Access = CLERK,
    kept_kinds: Collection[str] = (),
) -> CustomerFacts:
    """The facts for one customer as of ``today``: later purchases are left out, so a
    preview of an earlier day is honest. Private notes are read only for the owner
    (opened with the key when sealed); notes of ``kept_kinds`` are read for the ageing
    rules. An unknown id is refused."""
    customer = session.get(
        Customer,
        customer_id,
        options=[
            selectinload(Customer.relations).selectinload(Relation.related_customer),
            selectinload(Customer.occasions),
        ],
    )
    if customer is None:
        raise RegularsError(
            _("There is no customer with id {customer_id}.").format(customer_id=customer_id)
        )
    due = select(Note).where(
        Note.customer_id == customer_id,
        Note.ask_on.is_not(None),
        Note.ask_on <= today,
        Note.deleted_at.is_(None),
    )
    notes = session.scalars(due if access.owner else due.where(Note.private.is_(False)))
    visits = session.scalars(
        select(Purchase.purchased_on)
        .where(Purchase.customer_id == customer_id, Purchase.purchased_on <= today)
        .distinct()
        .order_by(Purchase.purchased_on)
    )
    occasions: list[Occasion] = customer.occasions
    return CustomerFacts(
        customer_id=customer.id,
        name=_greeting_name(customer),
        customer_since=customer.customer_since,
        no_sales_prompts=bool(customer.no_sales_prompts),
        contact_consent=customer.contact_consent,
        birthdays=tuple(_birthdays(customer)),
        occasions=tuple(
            OccasionFact(
                o.id, o.label, o.month, o.day, o.relation_id, o.kind == OccasionKind.ANNIVERSARY
            )
            for o in occasions
        ),
        lines=tuple(_lines(session, customer_id, today)),
        visits=tuple(visits),
        notes=tuple(
            NoteFact(
                id=note.id,
                body=access.read(note.body, note.sealed),
                written_on=note.created_at.date(),
                ask_on=note.ask_on,
                private=note.private,
                dont_bring_up=note.dont_bring_up,
            )
            for note in notes
            if note.ask_on is not None
        ),
        kept_notes=load_kept_notes(session, customer_id, kept_kinds, access),
        gifts=tuple(_gifts(session, customer, today)),
    )


def load_related(
    session: Session, customer_id: int, anchors: Collection[int], min_customers: int
) -> tuple[RelatedFact, ...]:
    """What other buyers of the ``anchors`` categories also bought, counted per category.

    Only the anchors' buyers are scanned (durables are rare purchases), so this stays a
    bounded read on a large shop; pairs seen fewer than ``min_customers`` times are dropped.
    """
    if not anchors:
        return ()
    # The anchors' products are named by id: PostgreSQL then knows from each product's
    # own statistics that durables sold rarely, and reads their lines by index instead
    # of the whole table (a category filter hides that, and it planned for thousands).
    products = list(session.scalars(select(Product.id).where(Product.category_id.in_(anchors))))
    if not products:
        return ()
    buyers = (
        select(Purchase.customer_id.label("cid"), Product.category_id.label("anchor"))
        .join(PurchaseLine, PurchaseLine.purchase_id == Purchase.id)
        .join(Product, Product.id == PurchaseLine.product_id)
        .where(PurchaseLine.product_id.in_(products), Purchase.customer_id != customer_id)
        .distinct()
        .cte("anchor_buyers")
    )
    counted = select(buyers.c.anchor, func.count()).group_by(buyers.c.anchor)
    buyer_counts: dict[int, int] = dict(session.execute(counted).all())
    co_buyers = func.count(distinct(buyers.c.cid))
    per_category = session.execute(
        select(buyers.c.anchor, Category.id, Category.name, co_buyers)
        .join(Purchase, Purchase.customer_id == buyers.c.cid)
        .join(PurchaseLine, PurchaseLine.purchase_id == Purchase.id)
        .join(Product, Product.id == PurchaseLine.product_id)
        .join(Category, Category.id == Product.category_id)
        .where(Category.id != buyers.c.anchor)
        .group_by(buyers.c.anchor, Category.id, Category.name)
        .having(co_buyers >= min_customers)
    ).all()
    if not per_category:
        return ()
    categories = {row[1] for row in per_category}
    top = _top_items(session, buyers, categories)
    base = _base_shares(session, categories)
    return tuple(
        RelatedFact(
            anchor_category_id=anchor,
            category_id=category_id,
            category=name,
            buyers=buyer_counts.get(anchor, 0),
            co_buyers=count,
            base_share=base.get(category_id, 0.0),
            top_item=top.get((anchor, category_id), name),
        )
        for anchor, category_id, name, count in per_category
    )


BASE_SAMPLE = 2000


def _base_shares(session: Session, categories: Collection[int]) -> dict[int, float]:
    """How many customers in general bought each category, as a share of buyers.

    Estimated on an evenly spread sample of about ``BASE_SAMPLE`` customers (every one in
    a small shop), read through the customer index, so it costs the same at any size.
    """
    total = session.scalar(select(func.count()).select_from(Customer)) or 0
    step = max(1, total // BASE_SAMPLE)
    sample = select(Customer.id).where(Customer.id % step == 0).scalar_subquery()
    shoppers = session.scalar(
        select(func.count(distinct(Purchase.customer_id))).where(Purchase.customer_id.in_(sample))
    )
    if not shoppers:
        return {}
    bought = func.count(distinct(Purchase.customer_id))
    rows = session.execute(
        select(Product.category_id, bought)
        .join(PurchaseLine, PurchaseLine.purchase_id == Purchase.id)
        .join(Product, Product.id == PurchaseLine.product_id)
        .where(Purchase.customer_id.in_(sample), Product.category_id.in_(categories))
        .group_by(Product.category_id)
    ).all()
    return {category_id: count / shoppers for category_id, count in rows if category_id}


def _top_items(
    session: Session, buyers: CTE, categories: Collection[int]
) -> dict[tuple[int, int], str]:
    """The product of each category that most of the anchor's buyers picked up."""
    customers = func.count(distinct(buyers.c.cid))
    rows = session.execute(
        select(buyers.c.anchor, Product.category_id, Product.name, customers)
        .join(Purchase, Purchase.customer_id == buyers.c.cid)
        .join(PurchaseLine, PurchaseLine.purchase_id == Purchase.id)
        .join(Product, Product.id == PurchaseLine.product_id)
        .where(Product.category_id.in_(categories))
        .group_by(buyers.c.anchor, Product.category_id, Product.name)
    )
    best: dict[tuple[int, int], tuple[int, str]] = {}
    for anchor, category_id, name, count in rows:
        if category_id is None:
            continue
        key = (anchor, category_id)
        held = best.get(key)
        if held is None or count > held[0] or (count == held[0] and name < held[1]):
            best[key] = (count, name)
    return {key: name for key, (_, name) in best.items()}
