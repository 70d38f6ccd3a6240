"""Invisible control and direction-override characters are refused in every one-line
customer field, typed or imported, naming the field (and the row and column), and in
the other names typed on the command line: a relation's name and species, a product
category, a staff member."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli import main
from app.customers.field_list import label
from app.customers.fields import read_field
from app.db import Database
from app.errors import RegularsError
from app.importing import import_file
from app.models import Category, Customer, Note, Relation, Staff
from tests.integration.test_import_input import HEADER, only_problem


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("first_name", "Bo\x1b[31mRED", "U+001B"),
        ("last_name", "Lee\x07", "U+0007"),
        ("preferred_name", "Bo\x9bx", "U+009B"),
        ("town", "Harlow\x7f", "U+007F"),
        ("address_line", "4 Oak \u202eAve", "U+202E"),
        ("email", "ann\u2066@example.org", "U+2066"),
        ("first_name", "A\x85b", "U+0085"),  # a C1 control that str.split calls a space
        ("last_name", "Lee\x1f", "U+001F"),
        ("first_name", "A\udc85b", "U+DC85"),  # a byte the command line could not decode
    ],
)
def test_a_typed_field_with_a_control_character_is_refused_by_name(
    field: str, value: str, code: str
) -> None:
    with pytest.raises(RegularsError) as error:
        read_field(field, value, "US")
    assert str(error.value).startswith(f"{label(field)}: ")
    assert f"({code})" in str(error.value)


def test_a_pasted_line_break_in_a_name_still_becomes_a_space() -> None:
    assert read_field("first_name", "Ann\r\n\tMarie", "US") == {"first_name": "Ann Marie"}


def test_customer_add_refuses_an_escape_sequence_and_stores_nothing(
    db: Database, db_target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["customer", "add", "--first", "Bo\x1b[31mRED", "--db", db_target])
    assert code != 0
    assert "First name" in capsys.readouterr().err
    with db.session() as session:
        assert session.scalars(select(Customer)).all() == []


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("names.csv", HEADER + b"C-1,Ev\x1b]0;PWNED\x07il,Lee,\r\n", (2, "first_name")),
        (
            "tags.csv",
            b"customer_ref,first_name,tags\r\nC-1,Ann,vip;\xe2\x80\xaeevil\r\n",
            (2, "tags"),
        ),
        (
            "contacts.vcf",
            b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;A\x1bnn;;;\r\nUID:u-1\r\nEND:VCARD\r\n",
            (1, "N"),
        ),
    ],
    ids=["csv-name", "csv-tag", "vcard-name"],
)
def test_an_imported_control_character_is_refused_naming_row_and_column(
    db: Database, db_path: Path, tmp_path: Path, name: str, data: bytes, problem: tuple[int, str]
) -> None:
    row, column, reason = only_problem(db, db_path, tmp_path / name, data)
    assert (row, column) == problem
    assert "control character" in reason


def test_a_note_keeps_its_lines_and_tabs(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_bytes(HEADER + b'C-1,Ann,Lee,"Likes:\r\n\tdark roast"\r\n')
    assert import_file(db, path).written
    with db.session() as session:
        assert session.scalars(select(Note.body)).one() == "Likes:\n\tdark roast"


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (
            [
                "customer",
                "relation",
                "add",
                "{ada}",
                "--kind",
                "child",
                "--name",
                "Em\x1b]0;X\x07ma",
            ],
            "Name: holds an invisible control character (U+001B)",
        ),
        (
            [
                "customer",
                "relation",
                "add",
                "{ada}",
                "--kind",
                "pet",
                "--name",
                "Rex",
                "--species",
                "do\u202eg",
            ],
            "Species: holds an invisible control character (U+202E)",
        ),
        (
            ["products", "kind", "Kay\x9baks", "durable"],
            "Category: holds an invisible control character (U+009B)",
        ),
        (["staff", "add", "Bo\x07b"], "Name: holds an invisible control character (U+0007)"),
    ],
    ids=["relation-name", "relation-species", "category", "staff"],
)
def test_names_typed_on_the_command_line_refuse_control_characters_and_store_nothing(
    db: Database,
    db_target: str,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
    said: str,
) -> None:
    with db.session() as session:
        ada = Customer(first_name="Ada", last_name="Lee")
        session.add(ada)
        session.flush()
        ada_id = ada.id
    typed = [word.format(ada=ada_id) if word == "{ada}" else word for word in command]
    assert main([*typed, "--db", db_target]) == 1
    assert said in capsys.readouterr().err
    with db.session() as session:
        assert session.scalars(select(Relation)).all() == []
        assert session.scalars(select(Category).where(Category.name.like("Kay%"))).all() == []
        assert session.scalars(select(Staff)).all() == []


def test_a_pasted_line_break_in_a_relations_name_still_becomes_a_space(
    db: Database, db_target: str
) -> None:
    with db.session() as session:
        ada = Customer(first_name="Ada", last_name="Lee")
        session.add(ada)
        session.flush()
        ada_id = ada.id
    add = ["customer", "relation", "add", str(ada_id), "--kind", "child", "--name", "Em\r\n\tma"]
    assert main([*add, "--db", db_target]) == 0
    with db.session() as session:
        assert session.scalars(select(Relation.name)).one() == "Em ma"
