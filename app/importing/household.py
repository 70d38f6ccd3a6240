"""What an import adds around a customer: further contact points, relatives, occasions.

Each is added once: what the customer has already (from an earlier import or typed in)
is loaded at the first record that brings any, and compared the way people would (a
phone by its digits, an email without case, a relative by name, an occasion by its
date and label), so importing the same address book again changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.importing.records import Dated
from app.models import ContactPoint, Occasion, OccasionKind, Relation
from app.phones import normalise_phone


def contact_key(kind: str, value: str, region: str) -> str:
    """What two contact points of ``kind`` compare by: a phone's digits, an email folded,
    an address's words in lower case."""
    return shown_and_key(kind, value, region)[1]


def shown_and_key(kind: str, value: str, region: str) -> tuple[str, str]:
    """A contact point as shown (a phone in the shop's usual spelling) and as compared."""
    if kind == "phone":
        phone = normalise_phone(value, region)
        return phone.display, phone.digits
    return value, " ".join(value.replace(",", " ").split()).casefold()


_RELATION_WORDS = {
    "spouse": "spouse", "wife": "spouse", "husband": "spouse",
    "partner": "partner", "domestic partner": "partner", "sweetheart": "partner",
    "child": "child", "son": "child", "daughter": "child",
    "parent": "parent", "mother": "parent", "father": "parent",
    "sibling": "sibling", "brother": "sibling", "sister": "sibling",
    "friend": "friend", "grandchild": "grandchild",
}  # fmt: skip


def relation_kind(word: str) -> str:
    """A relation kind from the word an address book labels a relative with ("Wife",
    "_$!<Mother>!$_" read as "Mother", "Daughter"); ``other`` when it says nothing we know."""
    return _RELATION_WORDS.get(word.strip().casefold(), "other")


def occasion_row(new_id: int, customer_id: int, dated: Dated) -> dict[str, Any]:
    """The occasion table's row for ``dated``."""
    kind = OccasionKind.ANNIVERSARY if dated.anniversary else OccasionKind.OTHER
    return {
        "id": new_id,
        "customer_id": customer_id,
        "kind": kind,
        "label": dated.label,
        "month": dated.when.month,
        "day": dated.when.day,
        "year": dated.when.year,
    }


class Extras:
    """The contact points, relatives and occasions customers have, loaded when first
    needed, and those this import adds."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._contacts: dict[tuple[int, str, str], int] | None = None
        self._positions: dict[int, int] = {}
        self._relatives: set[tuple[int, str]] | None = None
        self._occasions: set[tuple[int, str, int, int]] | None = None
        self._row: dict[str, Any] = {}

    def contact_keys(self) -> Iterator[tuple[int, str, str]]:
        """Every stored contact point as (customer, kind, normalised), for matching."""
        return iter(self._contact_map())

    def _contact_map(self) -> dict[tuple[int, str, str], int]:
        if self._contacts is None:
            found = self.session.execute(
                select(
                    ContactPoint.customer_id,
                    ContactPoint.kind,
                    ContactPoint.normalised,
                    ContactPoint.position,
                )
            )
            self._contacts = {}
            for customer_id, kind, normalised, position in found:
                self._contacts[(customer_id, str(kind), normalised)] = position
                self._positions[customer_id] = max(self._positions.get(customer_id, 0), position)
        return self._contacts

    def has_contact(self, customer_id: int, kind: str, key: str) -> bool:
        """Whether the customer has this phone, email or address among the further ones."""
        return (customer_id, kind, key) in self._contact_map()

    def add_contact(self, customer_id: int, kind: str, label: str, value: str, key: str) -> bool:
        """Whether the contact point is new to the customer; if so ``contact_row`` is its row."""
        known = self._contact_map()
        if (customer_id, kind, key) in known:
            return False
        position = self._positions.get(customer_id, 0) + 1
        self._positions[customer_id] = position
        known[(customer_id, kind, key)] = position
        self._row = {
            "customer_id": customer_id,
            "kind": kind,
            "label": label,
            "value": value,
            "normalised": key,
            "position": position,
        }
        return True

    def contact_row(self, new_id: int) -> dict[str, Any]:
        """The row of the contact point ``add_contact`` just accepted."""
        return {"id": new_id, **self._row}

    def add_relative(self, customer_id: int, kind: str, name: str) -> bool:
        """Whether a relative of that name is new to the customer."""
        if self._relatives is None:
            self._relatives = {
                (customer_id, (name or "").casefold())
                for customer_id, name in self.session.execute(
                    select(Relation.customer_id, Relation.name)
                )
            }
        key = (customer_id, name.casefold())
        if key in self._relatives:
            return False
        self._relatives.add(key)
        return True

    def add_occasion(self, customer_id: int, dated: Dated) -> bool:
        """Whether the customer has no occasion with that label on that day yet."""
        if self._occasions is None:
            self._occasions = {
                (customer_id, label.casefold(), month, day)
                for customer_id, label, month, day in self.session.execute(
                    select(Occasion.customer_id, Occasion.label, Occasion.month, Occasion.day)
                )
            }
        key = (customer_id, dated.label.casefold(), dated.when.month, dated.when.day)
        if key in self._occasions:
            return False
        self._occasions.add(key)
        return True
