"""A register window on a small real shop, for driving with keys like a clerk."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from app.db import Database
from app.models import Customer, Product, Purchase, PurchaseLine, Relation, RelationKind
from app.ui.main_window import MainWindow

TODAY = date(2026, 11, 23)


def fill_small_shop(db: Database) -> dict[str, int]:
    """A handful of customers, including two people with the same name."""
    people = {
        "robert_elm": Customer(
            first_name="Robert",
            last_name="Smith",
            phone="555-010-0142",
            phone_digits="5550100142",
            address_line="12 Elm St",
        ),
        "robert_oak": Customer(
            first_name="Robert",
            last_name="Smith",
            phone="555-010-0999",
            phone_digits="5550100999",
            address_line="3 Oak Ave",
        ),
        "margaret": Customer(first_name="Margaret", last_name="Okafor", preferred_name="Peggy"),
        "jose": Customer(first_name="José", last_name="Müller", email="jose@example.org"),
    }
    with db.session() as s:
        kayak = Product(sku="K1", name="Touring kayak")
        s.add_all(people.values())
        people["robert_elm"].relations.append(
            Relation(kind=RelationKind.PET, name="Rex", species="dog")
        )
        visit = Purchase(customer=people["robert_elm"], purchased_on=date(2026, 11, 1))
        visit.lines.append(PurchaseLine(product=kayak, item="Touring kayak"))
        s.add(visit)
        s.flush()
        return {key: person.id for key, person in people.items()}


@pytest.fixture
def shop(db: Database) -> dict[str, int]:
    """Customer ids of the small shop, by nickname."""
    return fill_small_shop(db)


@pytest.fixture
def window(qtbot: QtBot, db: Database, shop: dict[str, int]) -> Iterator[MainWindow]:
    """The main window, shown, with its search index ready."""
    win = MainWindow(db, today=lambda: TODAY)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.indexReady, timeout=10_000):
        win.show()
    qtbot.waitExposed(win)
    yield win
    win.background.wait()
