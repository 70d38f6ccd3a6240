"""What the rules look at, read from the database into plain values in a few queries.

The engine then runs on these values alone: no session, no lazy load, and no clock, so
every rule can be tested with fixed dates and the card costs a handful of indexed reads.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.orm import Session, selectinload

from app.errors import RegularsError
from app.i18n import _
from app.models import (
    Category,
    Customer,
    Note,
    OccasionKind,
    Product,
    ProductKind,
    Purchase,
    PurchaseLine,
    Relation,
    RelationKind,
)
from app.models.customer import display_name
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


class Person(NamedTuple):
    """A customer as the yearly rules read them, from a plain row: the fields of a loaded
    ``Customer`` they use (the Today view reads hundreds at once, without the ORM)."""

    id: int
    first_name: str
    last_name: str
    preferred_name: str | None
    birthday_month: int | None
    birthday_day: int | None
    customer_since: date | None = None
    no_sales_prompts: bool = False
    contact_consent: bool | None = None


class Member(NamedTuple):
    """A household member from a plain row: the fields of a loaded ``Relation`` the yearly
    rules use."""

    id: int
    kind: RelationKind
    name: str | None
    birthday_month: int | None
    birthday_day: int | None
    related_customer: Person | None


def _greeting_name(customer: Customer | Person) -> str:
    shown = display_name(customer.first_name, customer.last_name, customer.preferred_name)
    return customer.preferred_name or customer.first_name or shown or "them"


def relation_name(relation: Relation | Member) -> str:
    """How the card and the prompts name a household member: the name given, else the
    linked customer's greeting name."""
    linked = relation.related_customer
    return relation.name or (_greeting_name(linked) if linked is not None else "")


def _birthdays(
    customer: Customer | Person, relations: Iterable[Relation | Member]
) -> list[BirthdayFact]:
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
    for relation in relations:
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


def gift_query(today: date) -> Select[int, int | None, date, str, ProductKind]:
    """Every line bought as a gift up to ``today`` (the gift index finds them), oldest
    first, with its buyer and its category's kind."""
    return (
        select(
            Purchase.customer_id,
            PurchaseLine.gift_for_id,
            Purchase.purchased_on,
            PurchaseLine.item,
            Category.kind,
        )
        .join(Purchase, PurchaseLine.purchase_id == Purchase.id)
        .join(Product, Product.id == PurchaseLine.product_id)
        .outerjoin(Category, Category.id == Product.category_id)
        .where(Purchase.purchased_on <= today, PurchaseLine.gift_for_id.is_not(None))
        .order_by(Purchase.purchased_on, PurchaseLine.id)
    )


GiftRow = tuple[int | None, date, str, ProductKind | None]
"""A gift line as ``gift_facts`` reads it: recipient, day, item, kind."""


def gift_facts(household: Iterable[Relation | Member], rows: Iterable[GiftRow]) -> list[GiftFact]:
    """The customer's gift lines as the gift rules read them; a line for someone who has
    left the ``household`` is no gift to remember."""
    relations = {relation.id: relation for relation in household}
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


def _gift_rows(session: Session, customer_id: int, today: date) -> list[GiftRow]:
    rows = session.execute(gift_query(today).where(Purchase.customer_id == customer_id))
    return [(recipient, on, item, kind) for _, recipient, on, item, kind in rows]


def occasion_fact(
    occasion_id: int,
    label: str,
    month: int,
    day: int,
    relation_id: int | None,
    kind: OccasionKind,
) -> OccasionFact:
    """A yearly date as the rules read it, from a loaded ``Occasion``'s fields or a row."""
    return OccasionFact(
        occasion_id, label, month, day, relation_id, kind == OccasionKind.ANNIVERSARY
    )


def household_facts(
    customer: Customer | Person,
    relations: Iterable[Relation | Member],
    occasions: Iterable[OccasionFact],
    gifts: Iterable[GiftRow],
) -> CustomerFacts:
    """What the gift rules read of a customer (household birthdays, yearly dates, gifts,
    whether sales prompts may show) and nothing else: the Today view works reminders out
    for many customers at once, from their households and yearly dates read beforehand."""
    household = list(relations)
    return CustomerFacts(
        customer_id=customer.id,
        name=_greeting_name(customer),
        customer_since=customer.customer_since,
        no_sales_prompts=bool(customer.no_sales_prompts),
        contact_consent=customer.contact_consent,
        birthdays=tuple(_birthdays(customer, household)),
        occasions=tuple(occasions),
        lines=(),
        visits=(),
        notes=(),
        gifts=tuple(gift_facts(household, gifts)),
    )


def yearly_facts(customer: Customer, gifts: Iterable[GiftRow]) -> CustomerFacts:
    """``household_facts`` of a loaded customer."""
    occasions = [
        occasion_fact(o.id, o.label, o.month, o.day, o.relation_id, o.kind)
        for o in customer.occasions
    ]
    return household_facts(customer, customer.relations, occasions, gifts)


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
    return dataclasses.replace(
        yearly_facts(customer, _gift_rows(session, customer_id, today)),
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
    )


RELATED_SAMPLE = 200
"""At most this many of an anchor's other buyers are read for its suggestion."""


def load_related(
    session: Session, customer_id: int, anchors: Collection[int], min_customers: int
) -> tuple[RelatedFact, ...]:
    """What other buyers of the ``anchors`` categories also bought, counted per category.

    Only the anchors' buyers are scanned (durables are rare purchases), and of those at
    most ``RELATED_SAMPLE`` per anchor, evenly spread over the customer ids
    (``_spread``): reading every buyer's whole history took 100–600 ms on a card for a
    durable that ten thousand customers own, and a share of a couple of hundred buyers
    tells the same story (the rules want a quarter of them and a clear lift, so a
    suggestion near the line may come and go, one far from it never does). The sample is
    the same at every open of the card, so a suggestion does not flicker. Every figure
    (buyers, co-buyers) is counted within the sample; pairs seen fewer than
    ``min_customers`` times there are dropped.
    """
    if not anchors:
        return ()
    # The anchors' products are named by id: PostgreSQL then knows from each product's
    # own statistics that durables sold rarely, and reads their lines by index instead
    # of the whole table (a category filter hides that, and it planned for thousands).
    products = list(session.scalars(select(Product.id).where(Product.category_id.in_(anchors))))
    if not products:
        return ()
    buyers: dict[int, list[int]] = {}
    for cid, anchor in session.execute(
        select(Purchase.customer_id, Product.category_id)
        .join(PurchaseLine, PurchaseLine.purchase_id == Purchase.id)
        .join(Product, Product.id == PurchaseLine.product_id)
        .where(PurchaseLine.product_id.in_(products), Purchase.customer_id != customer_id)
        .distinct()
    ):
        if anchor is not None:
            buyers.setdefault(anchor, []).append(cid)
    found: list[tuple[int, int, str, int, str]] = []
    sampled: dict[int, int] = {}
    for anchor, everyone in sorted(buyers.items()):
        sample = _spread(everyone)
        sampled[anchor] = len(sample)
        found.extend((anchor, *row) for row in _co_bought(session, anchor, sample, min_customers))
    if not found:
        return ()
    base = _base_shares(session)
    return tuple(
        RelatedFact(
            anchor_category_id=anchor,
            category_id=category_id,
            category=name,
            buyers=sampled[anchor],
            co_buyers=count,
            base_share=base.get(category_id, 0.0),
            top_item=top_item,
        )
        for anchor, category_id, name, count, top_item in found
    )


def _spread(customer_ids: Collection[int]) -> list[int]:
    """At most ``RELATED_SAMPLE`` of ``customer_ids``, every n-th in id order."""
    ordered = sorted(customer_ids)
    return ordered[:: max(1, math.ceil(len(ordered) / RELATED_SAMPLE))]


def _co_bought(
    session: Session, anchor: int, buyers: Collection[int], min_customers: int
) -> list[tuple[int, str, int, str]]:
    """Each other category that at least ``min_customers`` of ``buyers`` bought: its id,
    name, how many of them did, and the product most of them picked.

    Their purchases are found first and then those purchases' lines, each by its own
    index, so the read is as small as the sample on either engine (joined in one query,
    PostgreSQL chose to read every line of a smaller shop)."""
    whose: dict[int, int] = dict(
        session.execute(
            select(Purchase.id, Purchase.customer_id).where(Purchase.customer_id.in_(buyers))
        ).all()
    )
    if not whose:
        return []
    customers: dict[tuple[int, str], set[int]] = {}
    items: dict[tuple[int, str], set[int]] = {}
    for purchase_id, category_id, category, item in session.execute(
        select(PurchaseLine.purchase_id, Category.id, Category.name, Product.name)
        .join(Product, Product.id == PurchaseLine.product_id)
        .join(Category, Category.id == Product.category_id)
        .where(PurchaseLine.purchase_id.in_(list(whose)), Category.id != anchor)
    ):
        customers.setdefault((category_id, category), set()).add(whose[purchase_id])
        items.setdefault((category_id, item), set()).add(whose[purchase_id])
    top: dict[int, tuple[int, str]] = {}
    for (category_id, item), who in items.items():
        held = top.get(category_id)
        if held is None or (-len(who), item) < (-held[0], held[1]):
            top[category_id] = (len(who), item)
    return [
        (category_id, category, len(who), top[category_id][1])
        for (category_id, category), who in sorted(customers.items())
        if len(who) >= min_customers
    ]


BASE_SAMPLE = 2000
BASE_KEPT_SECONDS = 600.0
"""How long the shop-wide shares are reused from one card to the next."""
_base_kept: dict[str, tuple[float, dict[int, float]]] = {}


def _base_shares(session: Session) -> dict[int, float]:
    """How many customers in general bought each category, as a share of buyers.

    The same for every customer, and it moves slowly (a share of thousands of customers),
    so one reading serves every card of this book for ``BASE_KEPT_SECONDS``: reading it
    took about as long as the rest of a card together. A sale made meanwhile counts at the
    next reading; it could at most tip a suggestion already at the edge of the lift rule.
    """
    book = str(session.get_bind().engine.url)
    now = time.monotonic()
    kept = _base_kept.get(book)
    if kept is not None and now - kept[0] < BASE_KEPT_SECONDS:
        return kept[1]
    shares = _read_base_shares(session)
    _base_kept[book] = (now, shares)
    return shares


def _read_base_shares(session: Session) -> dict[int, float]:
    """Each category's share of buyers, estimated on an evenly spread sample of about
    ``BASE_SAMPLE`` customers (every one in a small shop), read through the customer
    index, so it costs the same at any size."""
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
        .where(Purchase.customer_id.in_(sample))
        .group_by(Product.category_id)
    ).all()
    return {category_id: count / shoppers for category_id, count in rows if category_id}
