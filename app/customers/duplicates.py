"""Before adding someone: "Robert Smith, Elm St already exists".

A likely duplicate shares the phone number, the email address, or the name, where the
name compares like the register does (no case, no accents) and a first name matches its
nicknames and shortenings too ("Bob", "Rob" for Robert). The detail shown is what tells
same-name people apart at a glance: street, town, or the phone's last digits.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from app.db import Database
from app.models import Customer
from app.phones import normalise_phone, shop_region
from app.search.nicknames import nicknames
from app.search.normalize import fold

MAX_HINTS = 10
SHORT_START = 3


@dataclass(frozen=True)
class DuplicateHint:
    """An existing customer who may be the person being added, and why."""

    id: int
    display_name: str
    detail: str
    reason: str


def _first_names_agree(typed: str, stored: str) -> bool:
    """Same name, a nickname, or an initial or short start ("R.", "Rob") of the other;
    "Robert" and "Roberta" are different people."""
    typed, stored = typed.rstrip("."), stored.rstrip(".")
    if not typed or not stored:
        return typed == stored
    short, long = sorted((typed, stored), key=len)
    if typed == stored or (len(short) <= SHORT_START and long.startswith(short)):
        return True
    names = nicknames()
    return stored in names.short_forms_of(typed) | names.full_names_of(typed)


def _detail(customer: Customer) -> str:
    parts = [customer.address_line or customer.town or ""]
    if not parts[0] and customer.phone_digits:
        parts[0] = f"phone …{customer.phone_digits[-4:]}"
    if not parts[0] and customer.email:
        parts[0] = customer.email
    if customer.archived:
        parts.append("archived")
    return ", ".join(p for p in parts if p)


def likely_duplicates(
    database: Database,
    first_name: str,
    last_name: str,
    phone: str | None = None,
    email: str | None = None,
) -> list[DuplicateHint]:
    """Existing customers the one being added may already be, strongest reason first."""
    first, last = fold(" ".join(first_name.split())), fold(" ".join(last_name.split()))
    reasons: dict[int, str] = {}
    with database.reading() as session:
        digits = normalise_phone(phone, shop_region()).digits if phone else ""
        wanted = []
        if digits:
            wanted.append(Customer.phone_digits == digits)
        if email and email.strip():
            wanted.append(func.lower(Customer.email) == email.strip().lower())
        if wanted:
            for customer in session.scalars(select(Customer).where(or_(*wanted))):
                same_phone = bool(digits) and customer.phone_digits == digits
                reasons[customer.id] = "same phone" if same_phone else "same email"
        if last or first:
            rows = session.execute(select(Customer.id, Customer.first_name, Customer.last_name))
            for customer_id, stored_first, stored_last in rows:
                if (
                    customer_id not in reasons
                    and fold(stored_last) == last
                    and _first_names_agree(first, fold(stored_first))
                ):
                    reasons[customer_id] = "same name"
        ids = list(reasons)[:MAX_HINTS]
        found = {c.id: c for c in session.scalars(select(Customer).where(Customer.id.in_(ids)))}
        return [DuplicateHint(i, found[i].display_name, _detail(found[i]), reasons[i]) for i in ids]
