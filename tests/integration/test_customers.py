"""Customer details: validation, duplicates, two windows, archive, change log, commands."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.customers import (
    NewCustomer,
    add_customer,
    archive_customer,
    edit_customer,
    get_customer,
    likely_duplicates,
    unarchive_customer,
)
from app.db import Database
from app.errors import RegularsError
from app.models import ChangeLog, Customer
from app.settings import save_settings


def _customers(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(func.count(Customer.id))) or 0


def _log(db: Database, customer_id: int) -> list[tuple[str, dict[str, Any]]]:
    with db.session() as s:
        rows = s.scalars(
            select(ChangeLog).where(ChangeLog.customer_id == customer_id).order_by(ChangeLog.id)
        )
        return [(r.action, json.loads(r.payload or "{}")) for r in rows]


def test_add_normalises_and_logs(db: Database) -> None:
    new = NewCustomer(
        first_name=" Robert ",
        last_name="Smith",
        phone="555.010.0142",
        email="Rob.Smith@Example.org",
        address_line="12  Elm St",
        birthday="--02-29",
        customer_since=date(2019, 5, 1),
        contact_consent=True,
    )
    customer_id = add_customer(db, new)
    view = get_customer(db, customer_id)
    assert (view.first_name, view.phone, view.email, view.address_line, view.birthday) == (
        "Robert",
        "(555) 010-0142",
        "Rob.Smith@Example.org",
        "12 Elm St",
        "--02-29",
    )
    assert (view.version, view.customer_since, view.contact_consent) == (1, date(2019, 5, 1), True)
    with db.session() as s:
        digits = s.scalar(select(Customer.phone_digits).where(Customer.id == customer_id))
    assert digits == "15550100142"
    [(action, payload)] = _log(db, customer_id)
    assert action == "add"
    assert payload["phone_digits"] == "15550100142"
    assert payload["birthday_month"] == 2


def test_the_shop_region_reads_local_numbers(db: Database) -> None:
    save_settings({"country": "GB"})
    customer_id = add_customer(db, NewCustomer(first_name="Ann", phone="020 7946 0958"))
    assert get_customer(db, customer_id).phone == "020 7946 0958"


@pytest.mark.parametrize(
    ("new", "message"),
    [
        (NewCustomer(), "at least a first or a last name"),
        (NewCustomer(first_name="  ", last_name=""), "at least a first or a last name"),
        (NewCustomer(first_name="Ann", email="ann@"), "not an email address"),
        (NewCustomer(first_name="Ann", email="ann example.org"), "not an email address"),
        (NewCustomer(first_name="Ann", birthday="1980-02-31"), "not a real date"),
        (NewCustomer(first_name="Ann", birthday="--02-30"), "not a real date"),
        (NewCustomer(first_name="Ann", birthday="13-01"), "not a real date"),
        (NewCustomer(first_name="Ann", birthday="1st May"), "not a birthday"),
        (NewCustomer(first_name="Ann", phone="call me"), "not a phone number"),
        (NewCustomer(first_name="Ann", phone="12"), "too short"),
        (NewCustomer(first_name="A" * 101), "at most 100 fit"),
    ],
)
def test_bad_details_are_refused_and_nothing_is_written(
    db: Database, new: NewCustomer, message: str
) -> None:
    with pytest.raises(RegularsError, match=message):
        add_customer(db, new)
    assert _customers(db) == 0


def test_a_birthday_year_is_optional(db: Database) -> None:
    with_year = add_customer(db, NewCustomer(last_name="Ng", birthday="1980-07-04"))
    without = add_customer(db, NewCustomer(last_name="Ng", birthday="07-04"))
    said = add_customer(db, NewCustomer(last_name="Ng", birthday="July 4"))  # as a relation's
    assert get_customer(db, said).birthday == get_customer(db, without).birthday
    assert get_customer(db, with_year).birthday == "1980-07-04"
    assert get_customer(db, without).birthday == "--07-04"


def _shop(db: Database) -> dict[str, int]:
    return {
        "elm": add_customer(
            db, NewCustomer("Robert", "Smith", phone="555-010-0142", address_line="12 Elm St")
        ),
        "oak": add_customer(db, NewCustomer("Roberta", "Smith", town="Oakham")),
        "jose": add_customer(db, NewCustomer("José", "Müller", email="Jose@Example.org")),
        "jones": add_customer(db, NewCustomer("Robert", "Jones")),
    }


def test_likely_duplicates_by_name_nickname_phone_and_email(db: Database) -> None:
    shop = _shop(db)
    [hint] = likely_duplicates(db, "Bob", "smith")
    assert (hint.id, hint.display_name, hint.detail, hint.reason) == (
        shop["elm"],
        "Robert Smith",
        "12 Elm St",
        "same name",
    )
    assert [h.id for h in likely_duplicates(db, "Rob", "Smith")] == [shop["elm"], shop["oak"]]
    assert [h.id for h in likely_duplicates(db, "R.", "Smith")] == [shop["elm"], shop["oak"]]
    assert [h.id for h in likely_duplicates(db, "jose", "MULLER")] == [shop["jose"]]
    by_phone = likely_duplicates(db, "Someone", "Else", phone="(555) 010 0142")
    assert [(h.id, h.reason) for h in by_phone] == [(shop["elm"], "same phone")]
    by_email = likely_duplicates(db, "", "", email=" jose@example.ORG ")
    assert [(h.id, h.reason) for h in by_email] == [(shop["jose"], "same email")]
    assert likely_duplicates(db, "Margaret", "Smith") == []
    assert likely_duplicates(db, "", "") == []


def test_an_archived_duplicate_says_so(db: Database) -> None:
    shop = _shop(db)
    archive_customer(db, shop["oak"])
    [hint] = likely_duplicates(db, "Roberta", "Smith")
    assert hint.detail == "Oakham, archived"


def test_edit_changes_only_the_given_fields_and_logs_them(db: Database) -> None:
    bob = add_customer(db, NewCustomer("Robert", "Smith", email="bob@example.org"))
    view = edit_customer(
        db, bob, {"preferred_name": "Bob", "phone": "555 010 0142", "birthday": "1970-01-02"}, 1
    )
    assert (view.display_name, view.email, view.version) == ("Bob Smith", "bob@example.org", 2)
    action, payload = _log(db, bob)[-1]
    assert action == "edit"
    assert payload["preferred_name"] == [None, "Bob"]
    assert payload["birthday_year"] == [None, 1970]
    assert "email" not in payload
    cleared = edit_customer(db, bob, {"email": "", "birthday": None}, 2)
    assert (cleared.email, cleared.birthday, cleared.phone) == (None, None, "(555) 010-0142")


def test_an_edit_that_changes_nothing_writes_nothing(db: Database) -> None:
    bob = add_customer(db, NewCustomer("Robert", "Smith", town="Leeds"))
    assert edit_customer(db, bob, {"town": " Leeds "}, 1).version == 1
    assert [action for action, _ in _log(db, bob)] == ["add"]


def test_two_windows_the_later_edit_is_refused_not_merged(db: Database) -> None:
    bob = add_customer(db, NewCustomer("Robert", "Smith"))
    first_window = get_customer(db, bob)
    second_window = get_customer(db, bob)
    edit_customer(db, bob, {"email": "bob@example.org"}, first_window.version)
    with pytest.raises(RegularsError, match="changed in another window"):
        edit_customer(db, bob, {"phone": "555 010 0142"}, second_window.version)
    reopened = get_customer(db, bob)
    assert (reopened.email, reopened.phone) == ("bob@example.org", None)
    saved = edit_customer(db, bob, {"phone": "555 010 0142"}, reopened.version)
    assert (saved.email, saved.phone, saved.version) == ("bob@example.org", "(555) 010-0142", 3)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({}, "Nothing to change"),
        ({"shoe_size": "9"}, "not a customer field"),
        ({"first_name": "", "last_name": ""}, "at least a first or a last name"),
        ({"customer_since": "2024-13-01"}, "not a real date"),
        ({"contact_consent": "maybe"}, "yes or no"),
        ({"first_name": 7}, "must be text"),
    ],
)
def test_bad_edits_are_refused(db: Database, changes: dict[str, object], message: str) -> None:
    bob = add_customer(db, NewCustomer("Robert", "Smith"))
    with pytest.raises(RegularsError, match=message):
        edit_customer(db, bob, changes, 1)
    assert get_customer(db, bob).version == 1


def test_archive_and_unarchive(db: Database) -> None:
    bob = add_customer(db, NewCustomer("Robert", "Smith"))
    assert archive_customer(db, bob).archived
    assert archive_customer(db, bob).version == 2
    assert not unarchive_customer(db, bob).archived
    assert [action for action, _ in _log(db, bob)] == ["add", "archive", "unarchive"]
    with pytest.raises(RegularsError, match="no customer with id 99"):
        archive_customer(db, 99)


def test_customer_commands(db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--db", str(db_path), "customer"]
    add = [*base, "add", "--first", "Robert", "--last", "Smith", "--address", "12 Elm St"]
    assert main([*add, "--birthday=--03-04", "--phone", "555 010 0142"]) == 0
    first = capsys.readouterr()
    assert "added #1 Robert Smith (version 1)" in first.out
    assert main([*base, "add", "--first", "Bob", "--last", "Smith", "--json"]) == 0
    second = capsys.readouterr()
    assert "Robert Smith, 12 Elm St already exists (#1, same name)" in second.err
    data = json.loads(second.out)
    assert (data["id"], data["possible_duplicates"][0]["id"]) == (2, 1)

    assert main([*base, "edit", "1", "--email", "bob@example.org", "--consent", "yes"]) == 0
    assert "version 2" in capsys.readouterr().out
    assert main([*base, "edit", "1", "--town", "Leeds", "--expect-version", "1"]) == 1
    assert "another window" in capsys.readouterr().err
    assert main([*base, "edit", "1", "--phone", "", "--json"]) == 0
    edited = json.loads(capsys.readouterr().out)
    assert (edited["phone"], edited["email"], edited["contact_consent"]) == (
        None,
        "bob@example.org",
        True,
    )
    assert main([*base, "archive", "2"]) == 0
    assert "archived #2" in capsys.readouterr().out
    assert main([*base, "unarchive", "2", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["archived"] is False


def test_customer_commands_refuse_bad_input(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--db", str(db_path), "customer"]
    assert main([*base, "add", "--first", "Ann", "--birthday", "2023-02-31"]) == 1
    assert "not a real date" in capsys.readouterr().err
    assert main([*base, "add", "--email", "ann@example.org"]) == 1
    assert main([*base, "edit", "5", "--town", "Leeds"]) == 1
    with pytest.raises(SystemExit) as usage:
        main([*base, "add", "--first", "Ann", "--since", "yesterday"])
    assert usage.value.code == 2
    assert _customers(db) == 0
