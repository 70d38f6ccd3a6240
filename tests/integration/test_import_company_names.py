"""A contact that names only its company is found by that name; one that names nobody
at all is refused, never stored as "(no name)"."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.db import Database
from app.importing import import_file
from app.models import Customer
from app.search import search_without_index
from tests.integration.test_import_input import only_problem

GOOGLE_HEADER = "First Name,Middle Name,Last Name,Organization Name,Phone 1 - Label,Phone 1 - Value"


def _names(db: Database) -> list[tuple[str, str]]:
    with db.session() as session:
        return [(c.first_name, c.last_name) for c in session.scalars(select(Customer))]


def _imports(db: Database, path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    report = import_file(db, path)
    assert report.written, report.problems


def test_a_google_contact_with_only_a_company_is_found_by_it(db: Database, tmp_path: Path) -> None:
    _imports(
        db,
        tmp_path / "contacts.csv",
        f"{GOOGLE_HEADER}\r\n,,,Pizza Place,Mobile,(802) 555-0199\r\n",
    )
    assert _names(db) == [("", "Pizza Place")]
    hits = search_without_index(db, "pizza", 5)
    assert [hit.display_name for hit in hits] == ["Pizza Place"]


def test_a_vcard_with_only_an_org_is_found_by_it(db: Database, tmp_path: Path) -> None:
    _imports(
        db,
        tmp_path / "contacts.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN:\r\nORG:Pizza Place;Deliveries\r\n"
        "TEL;TYPE=CELL:(802) 555-0199\r\nEND:VCARD\r\n",
    )
    assert _names(db) == [("", "Pizza Place, Deliveries")]


def test_a_contact_with_a_phone_but_no_name_nor_company_is_refused(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    data = f"{GOOGLE_HEADER}\r\n,,,,Mobile,(802) 555-0199\r\n".encode()
    row, column, reason = only_problem(db, db_path, tmp_path / "contacts.csv", data)
    assert (row, column) == (2, "First Name")
    assert "no name and no company" in reason


def test_a_vcard_with_a_uid_but_no_name_nor_org_is_refused(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    data = b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nUID:u-1\r\nEND:VCARD\r\n"
    row, column, reason = only_problem(db, db_path, tmp_path / "contacts.vcf", data)
    assert (row, column) == (1, "N")
    assert "no name and no company" in reason
