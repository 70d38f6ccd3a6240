"""The customers as an address book sees them: what the CSV and vCard exports write.

Both exports carry the same facts, loaded here in a few queries for the whole shop. A
customer's private and "don't bring up" notes never leave in these files; the one shared
note carried is the pinned one, else the latest (the JSON export of one customer has
every note). A customer with no till reference, email or phone gets the reference
``regulars-<id>``, so importing the export finds them again instead of refusing the row.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.importing.records import OWN_REF_PREFIX, Birthday
from app.models import (
    ContactKind,
    ContactPoint,
    Customer,
    Note,
    Occasion,
    OccasionKind,
    Tag,
    customer_tag,
)
from app.phones import portable_phone, shop_region


@dataclass(frozen=True)
class Contact:
    """One customer's shareable facts, fully loaded."""

    id: int
    ref: str
    first_name: str
    last_name: str
    preferred_name: str
    phone: str
    email: str
    address_line: str
    town: str
    birthday: Birthday | None
    customer_since: date | None
    anniversary: Birthday | None
    tags: tuple[str, ...]
    note: str
    more: tuple[tuple[str, str, str], ...] = ()
    """Further phones, emails and addresses as (kind, label, value), in their order."""

    @property
    def full_name(self) -> str:
        """First and family name as one line ("FN" in a vCard)."""
        return " ".join(part for part in (self.first_name, self.last_name) if part)


def load_contacts(session: Session, ids: Collection[int] | None = None) -> list[Contact]:
    """Every customer (or those in ``ids``), oldest first."""
    customers = select(Customer).order_by(Customer.id)
    if ids is not None:
        customers = customers.where(Customer.id.in_(ids))
    tags = _grouped(
        session,
        select(customer_tag.c.customer_id, Tag.name)
        .join(Tag, Tag.id == customer_tag.c.tag_id)
        .order_by(customer_tag.c.customer_id, Tag.name),
    )
    notes = _first_by_customer(
        session,
        select(Note.customer_id, Note.body)
        .where(Note.private.is_(False), Note.dont_bring_up.is_(False), Note.deleted_at.is_(None))
        .order_by(Note.customer_id, Note.pinned.desc(), Note.created_at.desc(), Note.id.desc()),
    )
    region = shop_region()
    more: dict[int, list[tuple[str, str, str]]] = {}
    for customer_id, kind, label, value, normalised in session.execute(
        select(
            ContactPoint.customer_id,
            ContactPoint.kind,
            ContactPoint.label,
            ContactPoint.value,
            ContactPoint.normalised,
        ).order_by(ContactPoint.customer_id, ContactPoint.position)
    ):
        if kind == ContactKind.PHONE:
            value = portable_phone(value, normalised, region)
        more.setdefault(customer_id, []).append((str(kind), str(label), value))
    anniversaries: dict[int, Birthday] = {}
    for row in session.execute(
        select(Occasion.customer_id, Occasion.month, Occasion.day, Occasion.year)
        .where(Occasion.kind == OccasionKind.ANNIVERSARY, Occasion.relation_id.is_(None))
        .order_by(Occasion.customer_id, Occasion.id)
    ):
        anniversaries.setdefault(row.customer_id, Birthday(row.month, row.day, row.year))
    return [
        _contact(
            customer,
            region,
            tuple(tags.get(customer.id, ())),
            notes.get(customer.id, ""),
            anniversaries.get(customer.id),
            tuple(more.get(customer.id, ())),
        )
        for customer in session.scalars(customers)
    ]


def export_ref(customer: Customer) -> str:
    """The till reference, else ``regulars-<id>`` when nothing else would find them again."""
    if customer.external_ref:
        return customer.external_ref
    return "" if customer.email or customer.phone_digits else f"{OWN_REF_PREFIX}{customer.id}"


def _contact(
    customer: Customer,
    region: str,
    tags: tuple[str, ...],
    note: str,
    anniversary: Birthday | None,
    more: tuple[tuple[str, str, str], ...],
) -> Contact:
    month, day = customer.birthday_month, customer.birthday_day
    return Contact(
        id=customer.id,
        ref=export_ref(customer),
        first_name=customer.first_name,
        last_name=customer.last_name,
        preferred_name=customer.preferred_name or "",
        phone=portable_phone(customer.phone, customer.phone_digits, region)
        if customer.phone
        else "",
        email=customer.email or "",
        address_line=customer.address_line or "",
        town=customer.town or "",
        birthday=Birthday(month, day, customer.birthday_year) if month and day else None,
        customer_since=customer.customer_since,
        anniversary=anniversary,
        tags=tags,
        note=note,
        more=more,
    )


def _grouped(session: Session, query: Select[int, str]) -> dict[int, list[str]]:
    """The second column's values for each first column's value, in query order."""
    grouped: dict[int, list[str]] = {}
    for key, value in session.execute(query):
        grouped.setdefault(key, []).append(value)
    return grouped


def _first_by_customer(session: Session, query: Select[int, str]) -> dict[int, str]:
    """The first value the query gives for each customer."""
    first: dict[int, str] = {}
    for key, value in session.execute(query):
        first.setdefault(key, value)
    return first
