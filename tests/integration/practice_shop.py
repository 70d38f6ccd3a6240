"""A small shop for name practice: three regulars, one one-off visitor, two staff.

Robert has a household, a pet, a friendly note, a kayak, and three notes that must never
reach a card (private, flagged "don't bring up", and of the "don't bring up" kind), each
carrying the word SECRET so a test can look for it anywhere on a card.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from app.db import Database
from app.models import (
    Category,
    Customer,
    Note,
    Product,
    ProductKind,
    Purchase,
    PurchaseLine,
    Relation,
    RelationKind,
)
from app.practice import add_staff

TODAY = date(2026, 11, 20)
NOON = datetime(2026, 11, 20, 12)


def fill_practice_shop(db: Database) -> dict[str, int]:
    """Customers by nickname; staff Ana (clerk) and Olu (owner) are added too."""
    with db.session() as s:
        boats = Category(name="boats", kind=ProductKind.DURABLE)
        coffee = Category(name="coffee", kind=ProductKind.CONSUMABLE)
        kayak = Product(sku="K1", name="Touring kayak", category=boats)
        beans = Product(sku="C1", name="House beans", category=coffee)
        people = {
            "robert": Customer(
                first_name="Robert",
                last_name="Smith",
                preferred_name="Bob",
                address_line="12 Mill Lane",
                town="Oakham",
            ),
            "peggy": Customer(first_name="Margaret", last_name="Okafor", preferred_name="Peggy"),
            "jose": Customer(first_name="José", last_name="Müller"),
            "once": Customer(first_name="Walk", last_name="In"),
        }
        s.add_all(people.values())
        robert = people["robert"]
        robert.relations += [
            Relation(kind=RelationKind.SPOUSE, name="Anna"),
            Relation(kind=RelationKind.PET, name="Rex", species="dog"),
        ]
        robert.notes += [
            Note(body="Loves birdwatching on the reservoir", kind="interests"),
            Note(body="SECRET private worry", kind="likes", private=True),
            Note(body="SECRET flagged topic", kind="interests", dont_bring_up=True),
            Note(body="SECRET by kind", kind="dont_bring_up"),
        ]
        visits = {"robert": 8, "peggy": 5, "jose": 3, "once": 1}
        for key, count in visits.items():
            for n in range(count):
                visit = Purchase(customer=people[key], purchased_on=TODAY - timedelta(days=7 * n))
                visit.lines.append(PurchaseLine(product=beans, item="House beans"))
                s.add(visit)
        big = Purchase(customer=robert, purchased_on=TODAY - timedelta(days=20))
        big.lines.append(PurchaseLine(product=kayak, item="Touring kayak"))
        s.add(big)
        s.flush()
        ids = {key: person.id for key, person in people.items()}
    add_staff(db, "Ana")
    add_staff(db, "Olu", role="owner")
    return ids
