"""What other buyers of a customer's durable also bought: counted over the other buyers
only, per category, with its most picked product, on both engines."""

from __future__ import annotations

from datetime import date

from app.db import Database
from app.models import Category, Customer, Product, Purchase, PurchaseLine
from app.prompts.facts import RELATED_SAMPLE, load_related


def test_other_buyers_of_an_anchor_are_counted_with_what_else_they_bought(db: Database) -> None:
    with db.session() as session:
        boats, paddles, empty = (
            Category(name="Kayaks"),
            Category(name="Paddles"),
            Category(name="Tents"),
        )
        kayak = Product(name="Touring kayak", category=boats)
        paddle = Product(name="Carbon paddle", category=paddles)
        session.add_all([kayak, paddle, empty])
        buyers = [Customer(first_name=f"B{n}", last_name="Buyer") for n in range(6)]
        me = Customer(first_name="Me", last_name="Asking")
        session.add_all([*buyers, me])
        for n, buyer in enumerate(buyers):
            visit = Purchase(customer=buyer, purchased_on=date(2026, 5, 1 + n))
            visit.lines.append(PurchaseLine(product=kayak, item="Touring kayak"))
            if n < 5:
                visit.lines.append(PurchaseLine(product=paddle, item="Carbon paddle"))
            session.add(visit)
        mine = Purchase(customer=me, purchased_on=date(2026, 6, 1))
        mine.lines.append(PurchaseLine(product=kayak, item="Touring kayak"))
        session.add(mine)
        session.flush()
        ids = (me.id, boats.id, paddles.id, empty.id)
    me_id, boats_id, paddles_id, empty_id = ids
    with db.reading() as session:
        related = load_related(session, me_id, [boats_id], 5)
        assert load_related(session, me_id, [empty_id], 5) == ()
        assert load_related(session, me_id, [boats_id], 6) == ()
    assert [(r.category_id, r.buyers, r.co_buyers, r.top_item) for r in related] == [
        (paddles_id, 6, 5, "Carbon paddle")
    ]


def test_an_anchor_with_many_buyers_is_read_on_a_steady_sample(db: Database) -> None:
    """Three times ``RELATED_SAMPLE`` and more buyers: every third is read, the share
    comes out as it is in the whole shop, and the same buyers are read each time."""
    many = 3 * RELATED_SAMPLE - 150
    with db.session() as session:
        saws, oil = Category(name="Chainsaws"), Category(name="Chain oil")
        saw = Product(name="Arborist saw", category=saws)
        bottle = Product(name="Bar oil 1 gal", category=oil)
        session.add_all([saw, bottle])
        me = Customer(first_name="Me", last_name="Asking")
        session.add(me)
        for n in range(many):
            visit = Purchase(
                customer=Customer(first_name=f"S{n}", last_name="Sawyer"),
                purchased_on=date(2026, 5, 1),
            )
            visit.lines.append(PurchaseLine(product=saw, item="Arborist saw"))
            if n % 2 == 0:
                visit.lines.append(PurchaseLine(product=bottle, item="Bar oil 1 gal"))
            session.add(visit)
        session.flush()
        me_id, saws_id, oil_id = me.id, saws.id, oil.id
    with db.reading() as session:
        first = load_related(session, me_id, [saws_id], 5)
        assert load_related(session, me_id, [saws_id], 5) == first
    assert [(r.category_id, r.buyers, r.co_buyers, r.top_item) for r in first] == [
        (oil_id, many // 3, many // 6, "Bar oil 1 gal")
    ]
