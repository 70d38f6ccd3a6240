"""Files as phones, address books and mail programs really write them land whole.

Each fixture in tests/fixtures/realfiles is written to match what one program emits
(its README names the program and where the shape was seen); each test asserts what
lands (names, phones, relatives, occasions, addresses), what is reported, and that a
second import of the same file changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.db import Database
from app.importing import ImportReport, import_file
from app.models import ContactPoint, Customer
from tests.integration.test_import_regulars_csv import row_counts

FIXTURES = Path(__file__).parent.parent / "fixtures" / "realfiles"


def landed_twice(db: Database, db_path: Path, name: str) -> ImportReport:
    """Import a fixture (written, clean), then again: the second changes no row."""
    report = import_file(db, FIXTURES / name)
    assert report.ok and report.written, report.problems
    before = row_counts(db_path)
    again = import_file(db, FIXTURES / name)
    assert again.ok and not again.written, (again.customers, again.problems)
    assert row_counts(db_path) == before
    return report


def person(db: Database, last_name: str) -> Customer:
    """One customer with everything around them loaded."""
    with db.session() as s:
        return s.scalars(
            select(Customer)
            .where(Customer.last_name == last_name)
            .options(
                selectinload(Customer.tags),
                selectinload(Customer.notes),
                selectinload(Customer.relations),
                selectinload(Customer.occasions),
            )
        ).one()


def contact_points(db: Database, customer_id: int) -> list[tuple[str, str, str]]:
    with db.session() as s:
        return [
            (str(p.kind), str(p.label), p.value)
            for p in s.scalars(
                select(ContactPoint)
                .where(ContactPoint.customer_id == customer_id)
                .order_by(ContactPoint.position)
            )
        ]


def test_outlook_2_1_with_a_photo_ended_by_a_blank_line(db: Database, db_path: Path) -> None:
    report = landed_twice(db, db_path, "outlook-2.1-photo.vcf")

    john = person(db, "James")
    assert (john.first_name, john.last_name) == ("John", "James")
    assert john.phone == "(802) 555-0112"
    assert john.email == "john.james@example.com"
    assert (john.address_line, john.town) == (
        "1 Mill Rd",
        "Harlow, VT 05001, United States of America",
    )
    assert contact_points(db, john.id) == [
        ("phone", "work", "(802) 555-0110"),
        ("phone", "home", "(802) 555-0111"),
        ("email", "other", "jj.home@example.net"),
        ("address", "home", "22 Birch Lane, Harlow, VT 05001, United States of America"),
    ]
    assert [(str(r.kind), r.name) for r in john.relations] == [("spouse", "Martha")]
    assert [(o.label, o.year, o.month, o.day) for o in john.occasions] == [
        ("Anniversary", 2001, 9, 15)
    ]
    [note] = john.notes
    assert "Middle name: Richter" in note.body and "Title: Mr." in note.body
    assert "Suffix: Jr." in note.body and "Company: James & Sons Hardware" in note.body
    [unkept] = [n for n in report.notices if n.startswith("Not imported from the vCards")]
    for name in ("PHOTO", "LABEL", "TITLE", "URL", "X-MS-OL-DESIGN", "REV"):
        assert f"{name} (1 card(s))" in unkept


def test_blackberry_2_1_unindented_base64_and_lowercase_quoted_printable(
    db: Database, db_path: Path
) -> None:
    report = landed_twice(db, db_path, "blackberry-2.1-photo-key-qp.vcf")

    chinwe = person(db, "Okafor")
    assert chinwe.phone_digits == "18025550120"
    assert [n.body for n in chinwe.notes] == ["Likes the éclairs\nask about her allotment"]
    assert [(str(r.kind), r.name) for r in chinwe.relations] == [("spouse", "Emeka Okafor")]
    zoe = person(db, "Müller")
    assert zoe.first_name == "Zoë"
    [unkept] = [n for n in report.notices if n.startswith("Not imported from the vCards")]
    assert "KEY (1 card(s))" in unkept and "PHOTO (1 card(s))" in unkept


def test_iphone_3_0_dates_relatives_nicknames_and_categories(db: Database, db_path: Path) -> None:
    landed_twice(db, db_path, "iphone-3.0-dates-relatives.vcf")

    ann = person(db, "Lee")
    assert (ann.first_name, ann.preferred_name) == ("Ann", "Annie")
    assert ann.external_ref == "3F2504E0-4F89-11D3-9A0C-0305E82C3301"
    assert ann.phone == "(802) 555-0104"
    assert ann.email == "ann.lee@example.com"
    assert (ann.birthday_year, ann.birthday_month, ann.birthday_day) == (None, 12, 24)
    assert (ann.address_line, ann.town) == ("3 Elm St", "Harlow, VT 05001, United States")
    assert sorted((str(r.kind), r.name) for r in ann.relations) == [
        ("child", "Rosie"),
        ("parent", "Dot"),
        ("spouse", "Sam Lee"),
    ]
    assert sorted((str(o.kind), o.label, o.year, o.month, o.day) for o in ann.occasions) == [
        ("anniversary", "Anniversary", 2005, 6, 11),
        ("other", "Opened the shop", 2019, 9, 2),
    ]
    assert sorted(t.name for t in ann.tags) == ["Bird club", "Regulars"]
    [note] = ann.notes
    assert "Middle name: Marie" in note.body and "Also called: Nan" in note.body
    assert contact_points(db, ann.id) == [
        ("phone", "home", "(802) 555-0103"),
        ("email", "work", "alee@work.example.com"),
    ]


def test_nextcloud_4_0_adr_with_label_related_and_anniversary(db: Database, db_path: Path) -> None:
    landed_twice(db, db_path, "nextcloud-4.0-label-related.vcf")

    lam = person(db, "Đặng")
    assert (lam.first_name, lam.last_name) == ("Lâm", "Đặng")
    assert lam.phone_digits == "84905550199"
    assert (lam.address_line, lam.town) == ("12 Lê Lợi", "Quận 1, Hồ Chí Minh, 700000, Vietnam")
    assert [(str(r.kind), r.name) for r in lam.relations] == [("spouse", "Nguyễn Thị Hoa")]
    assert [(o.label, o.year) for o in lam.occasions] == [("Anniversary", 2012)]
    assert [t.name for t in lam.tags] == ["Wholesale"]
    assert contact_points(db, lam.id) == [("phone", "work", "+84 28 5550 0100")]
