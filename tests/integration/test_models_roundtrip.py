"""Every table stores and gives back what it was given, on a real migrated file."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.db import Database
from app.models import (
    Category,
    ChangeLog,
    Customer,
    Note,
    NoteRevision,
    Occasion,
    OccasionKind,
    Product,
    ProductKind,
    Prompt,
    PromptKind,
    PromptStatus,
    Purchase,
    PurchaseLine,
    Relation,
    RelationKind,
    Setting,
    Staff,
    StaffRole,
    Tag,
)


def _fill(db: Database) -> int:
    with db.session() as s:
        kayaks = Category(name="Kayaks", kind=ProductKind.DURABLE, follow_up_days=7)
        kayak = Product(sku="KAY-1", name="Touring kayak 14'", category=kayaks)
        zoe = Customer(
            first_name="Zoë",
            last_name="O'Brien-Łukasiewicz",
            preferred_name="Zo",
            phone="+1 (555) 010-0142",
            phone_digits="15550100142",
            email="zoe@example.org",
            birthday_month=2,
            birthday_day=29,
            customer_since=date(2019, 5, 1),
            tags=[Tag(name="paddlers 🛶")],
        )
        zoe.relations.append(
            Relation(kind=RelationKind.PET, name="Biscuit", species="dog", birthday_month=6)
        )
        zoe.occasions.append(
            Occasion(kind=OccasionKind.ANNIVERSARY, label="Wedding anniversary", month=9, day=14)
        )
        purchase = Purchase(customer=zoe, purchased_on=date(2026, 10, 12), order_ref="#1001")
        purchase.lines.append(
            PurchaseLine(product=kayak, item=kayak.name, quantity=1, unit_price_cents=129900)
        )
        note = Note(
            customer=zoe, body="Daughter starts college in Montréal", ask_on=date(2026, 9, 1)
        )
        note.revisions.append(NoteRevision(number=1, body=note.body))
        s.add_all([zoe, note])
        s.flush()
        s.add(
            Prompt(
                customer_id=zoe.id,
                kind=PromptKind.FOLLOW_UP,
                source_key=f"line:{purchase.lines[0].id}",
                text="How's the kayak working out?",
                due_from=date(2026, 10, 19),
            )
        )
        s.add(Staff(name="Ana", role=StaffRole.OWNER))
        s.add(ChangeLog(action="add", entity="customer", entity_id=zoe.id, customer_id=zoe.id))
        s.add(Setting(key="phone_region", value="US"))
        return zoe.id


def test_a_customer_with_everything_round_trips(db: Database) -> None:
    customer_id = _fill(db)
    with db.session() as s:
        zoe = s.scalars(
            select(Customer)
            .where(Customer.id == customer_id)
            .options(
                selectinload(Customer.tags),
                selectinload(Customer.relations),
                selectinload(Customer.occasions),
                selectinload(Customer.purchases).selectinload(Purchase.lines),
                selectinload(Customer.notes).selectinload(Note.revisions),
            )
        ).one()
        assert zoe.display_name == "Zo O'Brien-Łukasiewicz"
        assert (zoe.birthday_month, zoe.birthday_day) == (2, 29)
        assert [t.name for t in zoe.tags] == ["paddlers 🛶"]
        assert zoe.relations[0].species == "dog"
        assert zoe.occasions[0].label == "Wedding anniversary"
        assert zoe.purchases[0].lines[0].unit_price_cents == 129900
        assert zoe.notes[0].revisions[0].body == "Daughter starts college in Montréal"
        prompt = s.scalars(select(Prompt)).one()
        assert prompt.status is PromptStatus.OPEN
        assert s.get(Setting, "phone_region") is not None


def test_deleting_a_customer_removes_their_rows_through_the_database(db: Database) -> None:
    customer_id = _fill(db)
    with db.session() as s:
        s.delete(s.get(Customer, customer_id))
    with db.session() as s:
        for table in (Relation, Occasion, Purchase, PurchaseLine, Note, NoteRevision, Prompt):
            assert s.scalars(select(table)).all() == [], table.__name__
        assert s.scalars(select(Product)).one().name == "Touring kayak 14'"


def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(IntegrityError), db.session() as s:
        s.add(Note(customer_id=4242, body="orphan"))


def test_check_constraints_refuse_impossible_values(db: Database) -> None:
    with pytest.raises(IntegrityError), db.session() as s:
        s.add(Customer(first_name="A", last_name="B", birthday_month=13, birthday_day=1))
