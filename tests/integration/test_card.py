"""The customer card: what it shows, what it hides, and the ``regulars card`` command."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from app.card import load_card
from app.cli import main
from app.db import Database
from app.errors import RegularsError
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
    Tag,
)
from app.notes import add_note
from app.safety.access import Access

TODAY = date(2026, 11, 23)


def _customer(db: Database) -> int:
    with db.session() as s:
        feed = Product(
            sku="FEED-L",
            name="Layer feed 20 kg",
            category=Category(name="Chicken feed", kind=ProductKind.CONSUMABLE),
        )
        maria = Customer(
            first_name="María José",
            last_name="García",
            preferred_name="Pepa",
            phone="(555) 010-0142",
            town="Millbrook",
            customer_since=date(2016, 3, 1),
            birthday_month=11,
            birthday_day=27,
            tags=[Tag(name="allotment club")],
        )
        maria.relations.extend(
            [
                Relation(kind=RelationKind.CHILD, name="Emma", birthday_month=11, birthday_day=25),
                Relation(kind=RelationKind.PET, name="Biscuit", species="dog"),
            ]
        )
        maria.occasions.append(
            Occasion(kind=OccasionKind.ANNIVERSARY, label="Wedding anniversary", month=3, day=9)
        )
        for week in range(12):
            purchase = Purchase(customer=maria, purchased_on=TODAY - timedelta(weeks=week))
            purchase.lines.append(PurchaseLine(product=feed, item=feed.name, quantity=2))
        s.add(maria)
        s.flush()
        base = datetime(2026, 1, 1)
        s.add_all(
            [
                Note(customer_id=maria.id, body="Old note", created_at=base),
                Note(
                    customer_id=maria.id,
                    body="Loves heirloom tomatoes",
                    pinned=True,
                    created_at=base - timedelta(days=300),
                ),
                Note(
                    customer_id=maria.id,
                    body="Private: going through a divorce",
                    private=True,
                    created_at=base + timedelta(days=1),
                ),
                Note(
                    customer_id=maria.id,
                    body="Deleted note",
                    created_at=base + timedelta(days=2),
                    deleted_at=base + timedelta(days=3),
                ),
            ]
        )
        return maria.id


def test_the_card_shows_who_household_purchases_and_notes(db: Database) -> None:
    card = load_card(db, _customer(db), today=TODAY)
    assert card.customer.display_name == "Pepa García"
    assert card.visits == 12
    assert card.last_visit == TODAY
    assert {(p.name, p.kind) for p in card.household} == {("Emma", "child"), ("Biscuit", "pet")}
    assert len(card.purchases) == 10
    assert card.purchase_lines_total == 12
    assert card.purchases[0].purchased_on == TODAY
    assert card.purchases[0].category == "Chicken feed"
    assert [n.body for n in card.notes] == ["Loves heirloom tomatoes", "Old note"]
    assert card.tags == ("allotment club",)


def test_upcoming_birthdays_include_the_household(db: Database) -> None:
    card = load_card(db, _customer(db), today=TODAY)
    assert [(o.label, o.days_away) for o in card.occasions] == [
        ("Emma's birthday", 2),
        ("Birthday", 4),
    ]


def test_private_notes_only_for_the_owner(db: Database) -> None:
    customer_id = _customer(db)
    owner_card = load_card(db, customer_id, today=TODAY, access=Access(owner=True))
    assert "Private: going through a divorce" in [n.body for n in owner_card.notes]
    assert all(not n.private for n in load_card(db, customer_id, today=TODAY).notes)


def test_show_all_lists_every_purchase(db: Database) -> None:
    card = load_card(db, _customer(db), today=TODAY, purchase_limit=None)
    assert len(card.purchases) == 12


def test_an_unknown_customer_is_a_clear_refusal(db: Database) -> None:
    with pytest.raises(RegularsError, match="no customer with id 999"):
        load_card(db, 999, today=TODAY)


def test_card_command_prints_json_without_private_notes(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    customer_id = _customer(db)
    code = main(["card", str(customer_id), "--db", str(db_path), "--json", "--on", "2026-11-23"])
    assert code == 0
    card = json.loads(capsys.readouterr().out)
    assert card["customer"]["display_name"] == "Pepa García"
    assert card["occasions"][0]["on"] == "2026-11-25"
    assert "divorce" not in json.dumps(card)


def test_card_command_text_and_unknown_id(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    customer_id = _customer(db)
    assert main(["--db", str(db_path), "card", str(customer_id)]) == 0
    printed = capsys.readouterr().out
    assert "Pepa García" in printed and "birthday November 27" in printed
    add_note(db, customer_id, "Knee surgery in May\nask how it went")
    assert main(["--db", str(db_path), "card", str(customer_id)]) == 0
    assert "  - Knee surgery in May\n    ask how it went  (" in capsys.readouterr().out
    assert main(["--db", str(db_path), "card", "4242"]) == 1
    assert "no customer with id 4242" in capsys.readouterr().err


def test_a_bad_date_is_a_usage_error(db_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(db_path), "card", "1", "--on", "2026-02-31"])
    assert exit_info.value.code == 2
