"""Customers as the lookup holds them: the name words, contact fields and visit stats.

Every phone and email a customer has is findable: the main ones on the customer row and
the further ones kept as contact points.

Loaded in two bulk queries (customers, then visit counts per customer) rather than
through ORM objects, because the index reads all 100,000 of them at start-up and an
ORM load would cost several times more. The same loader serves the index, its
incremental updates and the no-index path, so all three see customers identically.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from datetime import date
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import ContactKind, ContactPoint, Customer, Purchase
from app.models.customer import display_name
from app.search.normalize import NamePart, fold, name_parts

REGULAR_HALF_LIFE_DAYS = 180
_IDS_PER_QUERY = 500


class Entry(NamedTuple):
    """One findable customer; ``regularity`` orders ties (frequent, recent visitors first)."""

    customer_id: int
    display_name: str
    parts: tuple[NamePart, ...]
    phone: str
    email: str
    place: str
    visits: int
    last_visit: date | None
    regularity: float
    more_phones: tuple[str, ...] = ()
    """Digits of the customer's further phones (contact points), found like the main one."""
    more_emails: tuple[str, ...] = ()

    def phones(self) -> tuple[str, ...]:
        """Every phone's digits, the main one first."""
        return (self.phone, *self.more_phones) if self.more_phones else (self.phone,)

    def emails(self) -> tuple[str, ...]:
        """Every email, folded, the main one first."""
        return (self.email, *self.more_emails) if self.more_emails else (self.email,)


def regularity(visits: int, last_visit: date | None, today: date) -> float:
    """How much of a regular someone is: more visits count, and the count fades by half
    every ``REGULAR_HALF_LIFE_DAYS`` since the last one."""
    if not visits or last_visit is None:
        return 0.0
    days = max(0, (today - last_visit).days)
    fade: float = 0.5 ** (days / REGULAR_HALF_LIFE_DAYS)
    return math.log1p(visits) * fade


def rank_key(entry: Entry) -> tuple[float, int, int]:
    """Ties in match quality go to regulars, then the latest visit, then the oldest id."""
    last = entry.last_visit.toordinal() if entry.last_visit else 0
    return (-entry.regularity, -last, entry.customer_id)


def load_entries(session: Session, today: date, ids: Collection[int] | None = None) -> list[Entry]:
    """The customers who are not archived (all of them, or just ``ids``)."""
    if ids is None:
        return _load(session, today, None)
    wanted = sorted(ids)
    return [
        entry
        for start in range(0, len(wanted), _IDS_PER_QUERY)
        for entry in _load(session, today, wanted[start : start + _IDS_PER_QUERY])
    ]


def _load(session: Session, today: date, ids: list[int] | None) -> list[Entry]:
    customers = select(
        Customer.id,
        Customer.first_name,
        Customer.last_name,
        Customer.preferred_name,
        Customer.phone_digits,
        Customer.email,
        Customer.address_line,
        Customer.town,
    ).where(Customer.archived.is_(False))
    visits = select(
        Purchase.customer_id, func.count(Purchase.id), func.max(Purchase.purchased_on)
    ).group_by(Purchase.customer_id)
    if ids is not None:
        customers = customers.where(Customer.id.in_(ids))
        visits = visits.where(Purchase.customer_id.in_(ids))
    points = select(ContactPoint.customer_id, ContactPoint.kind, ContactPoint.normalised).where(
        ContactPoint.kind != ContactKind.ADDRESS
    )
    if ids is not None:
        points = points.where(ContactPoint.customer_id.in_(ids))
    connection = session.connection()
    stats = {cid: (count, last) for cid, count, last in connection.execute(visits)}
    more: dict[tuple[int, str], list[str]] = {}
    for cid, kind, normalised in connection.execute(points.order_by(ContactPoint.position)):
        more.setdefault((cid, kind), []).append(fold(normalised).strip())
    parsed: dict[str | None, tuple[NamePart, ...]] = {}
    entries = []
    for cid, first, last, preferred, phone, email, street, town in connection.execute(customers):
        parts: tuple[NamePart, ...] = ()
        for text in (first, preferred, last):
            if (found := parsed.get(text)) is None:
                found = parsed[text] = name_parts(text)
            parts += found
        count, last_visit = stats.get(cid, (0, None))
        entries.append(
            Entry(
                customer_id=cid,
                display_name=display_name(first or "", last or "", preferred),
                parts=parts,
                phone=phone or "",
                email=fold(email or "").strip(),
                place=(street or town or "").strip(),
                visits=count,
                last_visit=last_visit,
                regularity=regularity(count, last_visit, today),
                more_phones=tuple(more.get((cid, ContactKind.PHONE), ())),
                more_emails=tuple(more.get((cid, ContactKind.EMAIL), ())),
            )
        )
    return entries
