"""Household and relations: free names, pets, links to customers, refusals, change log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from app.birthdays import read_birthday
from app.cli import main
from app.customers import NewCustomer, add_customer, edit_customer, get_customer
from app.customers.relations import (
    add_relation,
    edit_relation,
    list_relations,
    remove_relation,
)
from app.db import Database
from app.errors import RegularsError
from app.models import ChangeLog, Relation


@pytest.fixture
def people(db: Database) -> tuple[int, int]:
    """Two customers: Peggy, and Tom who is her husband."""
    peggy = add_customer(db, NewCustomer(first_name="Margaret", last_name="Okafor"))
    tom = add_customer(db, NewCustomer(first_name="Tom", last_name="Okafor"))
    return peggy, tom


def test_child_pet_and_linked_spouse(db: Database, people: tuple[int, int]) -> None:
    peggy, tom = people
    emma = add_relation(db, peggy, "child", name=" Emma ", birthday=(5, 4, None))
    rex = add_relation(db, peggy, "pet", name="Rex", species="dog")
    spouse = add_relation(db, peggy, "spouse", related_customer_id=tom)
    assert (emma.name, emma.birthday, emma.label) == (
        "Emma",
        "--05-04",
        "Emma (child, birthday May 4)",
    )
    assert rex.label == "Rex (pet, dog)"
    assert (spouse.name, spouse.related_name) == (None, "Tom Okafor")
    edit_customer(db, tom, {"preferred_name": "Tommy"}, get_customer(db, tom).version)
    listed = list_relations(db, peggy)
    assert [r.id for r in listed] == [emma.id, rex.id, spouse.id]
    assert listed[2].related_name == "Tommy Okafor"
    assert list_relations(db, tom) == []


def test_edit_and_remove_are_logged(db: Database, people: tuple[int, int]) -> None:
    peggy, _tom = people
    emma = add_relation(db, peggy, "child", name="Emma")
    edited = edit_relation(db, emma.id, {"name": "Emma Rose", "birthday": (2, 29, 2008)})
    assert (edited.name, edited.birthday) == ("Emma Rose", "2008-02-29")
    removed = remove_relation(db, emma.id)
    assert removed.name == "Emma Rose"
    assert list_relations(db, peggy) == []
    with db.session() as s:
        entries = s.scalars(
            select(ChangeLog).where(ChangeLog.entity == "relation").order_by(ChangeLog.id)
        ).all()
        assert [e.action for e in entries] == ["relation_add", "relation_edit", "relation_remove"]
        assert json.loads(entries[1].payload or "{}")["name"] == ["Emma", "Emma Rose"]
        assert all(e.customer_id == peggy for e in entries)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "cousin", "name": "Al"}, "not a kind of relation"),
        ({"kind": "child"}, "needs a name or a linked customer"),
        ({"kind": "child", "name": "Al", "species": "dog"}, "Only a pet has a species"),
        ({"kind": "pet", "name": "Rex", "birthday": (2, 31, None)}, "not a real date"),
        ({"kind": "friend", "related_customer_id": 999}, "no customer with id 999"),
        ({"kind": "child", "name": "x" * 101}, "at most 100"),
    ],
)
def test_bad_relations_are_refused_whole(
    db: Database, people: tuple[int, int], kwargs: dict[str, object], message: str
) -> None:
    peggy, _tom = people
    with pytest.raises(RegularsError, match=message):
        add_relation(db, peggy, **kwargs)  # type: ignore[arg-type]
    with db.session() as s:
        assert s.scalars(select(Relation)).all() == []


def test_a_customer_is_not_their_own_relation(db: Database, people: tuple[int, int]) -> None:
    peggy, _tom = people
    with pytest.raises(RegularsError, match="their own relation"):
        add_relation(db, peggy, "friend", related_customer_id=peggy)
    rex = add_relation(db, peggy, "pet", name="Rex", species="dog")
    with pytest.raises(RegularsError, match="Only a pet"):
        edit_relation(db, rex.id, {"kind": "child"})
    assert list_relations(db, peggy)[0].kind == "pet"


def test_read_birthday() -> None:
    assert read_birthday("--05-04") == (5, 4, None)
    assert read_birthday("2010-12-01") == (12, 1, 2010)
    assert read_birthday("  ") is None
    with pytest.raises(RegularsError, match="Birthday"):
        read_birthday("31 Feb")


def test_relation_commands(
    db: Database, db_path: Path, people: tuple[int, int], capsys: pytest.CaptureFixture[str]
) -> None:
    peggy, tom = people
    base = ["--db", str(db_path), "customer", "relation"]
    assert (
        main([*base, "add", str(peggy), "--kind", "child", "--name", "Emma", "--birthday=--05-04"])
        == 0
    )
    assert "added #1 Emma (child, birthday May 4) to customer #1" in capsys.readouterr().out
    assert (
        main([*base, "add", str(peggy), "--kind", "pet", "--name", "Rex", "--species", "dog"]) == 0
    )
    assert main([*base, "add", str(peggy), "--kind", "spouse", "--link", str(tom), "--json"]) == 0
    capsys.readouterr()
    assert main([*base, "list", str(peggy), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [r["name"] or r["related_name"] for r in listed] == ["Emma", "Rex", "Tom Okafor"]
    assert main([*base, "remove", "2"]) == 0
    assert "removed #2 Rex (pet, dog)" in capsys.readouterr().out
    assert (
        main([*base, "add", str(peggy), "--kind", "child", "--name", "Al", "--birthday", "02-31"])
        == 1
    )
    assert "not a real date" in capsys.readouterr().err
    assert main([*base, "list", str(tom)]) == 0
    assert "(nobody recorded)" in capsys.readouterr().out
