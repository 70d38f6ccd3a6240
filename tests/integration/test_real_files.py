"""Files as phones, address books and mail programs really write them land whole.

Each fixture in tests/fixtures/realfiles is written to match what one program emits
(its README names the program and where the shape was seen); each test asserts what
lands (names, phones, relatives, occasions, addresses), what is reported, and that a
second import of the same file changes nothing.
"""

from __future__ import annotations

import csv
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.card import load_card
from app.cli import main
from app.db import Database, open_database
from app.errors import RegularsError
from app.exporting import export
from app.i18n import use_language
from app.importing import ImportReport, import_file
from app.importing.mapping import guess_mapping
from app.models import ContactPoint, Customer, Purchase, PurchaseLine
from app.search import SearchIndex, search_without_index
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


def test_android_nickname_in_its_custom_property(db: Database, db_path: Path) -> None:
    report = landed_twice(db, db_path, "android-2.1-custom-nickname.vcf")
    jogi = person(db, "Müller")
    assert (jogi.first_name, jogi.preferred_name) == ("Jürgen", "Jogi")
    [unkept] = [n for n in report.notices if n.startswith("Not imported from the vCards")]
    assert "X-ANDROID-CUSTOM (1 card)" in unkept  # the relation: listed, not lost silently


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
        assert f"{name} (1 card)" in unkept


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
    assert "KEY (1 card)" in unkept and "PHOTO (1 card)" in unkept


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


def test_google_contacts_csv_numbered_columns_and_joined_values(
    db: Database, db_path: Path
) -> None:
    report = landed_twice(db, db_path, "google-contacts.csv")

    assert report.format == "Google Contacts CSV"
    peggy = person(db, "Olson")
    assert (peggy.first_name, peggy.preferred_name) == ("Margaret", "Peggy")
    assert peggy.phone == "(802) 555-0132"
    assert peggy.email == "peggy@example.com"
    assert (peggy.birthday_year, peggy.birthday_month, peggy.birthday_day) == (1961, 3, 7)
    assert (peggy.address_line, peggy.town) == ("4 Oak Ave", "Harlow, VT 05001, US")
    assert contact_points(db, peggy.id) == [
        ("phone", "home", "(802) 555-0130"),
        ("phone", "home", "(802) 555-0131"),
        ("email", "work", "molson@work.example.com"),
    ]
    assert [(str(r.kind), r.name) for r in peggy.relations] == [("spouse", "Duck Phillips")]
    assert [(o.label, o.year) for o in peggy.occasions] == [("Anniversary", 1990)]
    assert [t.name for t in peggy.tags] == ["Regulars"]
    assert person(db, "Rizzo").phone_digits == "18025550140"
    assert any("Skipped 1 contact(s)" in n and "Just Name" in n for n in report.notices)
    assert any("Website 1 - Value" in n for n in report.notices if n.startswith("Not imported"))


def test_outlook_contacts_csv_in_windows_1252(db: Database, db_path: Path) -> None:
    report = landed_twice(db, db_path, "outlook-contacts.csv")

    assert report.format == "Outlook contacts CSV"
    ada = person(db, "Byron")
    assert (ada.first_name, ada.phone, ada.email) == ("Ada", "(802) 555-0151", "ada@example.com")
    assert (ada.birthday_year, ada.birthday_month, ada.birthday_day) == (1975, 12, 10)
    assert (ada.address_line, ada.town) == ("10 Engine Row", "Harlow, VT 05001, United States")
    assert contact_points(db, ada.id) == [
        ("phone", "home", "(802) 555-0150"),
        ("phone", "work", "(802) 555-0152"),
        ("email", "other", "ada.byron@work.example.com"),
        ("address", "work", "1 Loom Yard, Burlington, VT 05401"),
    ]
    assert sorted((str(r.kind), r.name) for r in ada.relations) == [
        ("child", "Annabella"),
        ("child", "Ralph"),
        ("spouse", "William King"),
    ]
    assert [(o.label, o.year, o.month, o.day) for o in ada.occasions] == [
        ("Anniversary", 1995, 6, 14)
    ]
    assert sorted(t.name for t in ada.tags) == ["Regulars", "Wholesale"]
    [note] = ada.notes
    assert "Middle name: King" in note.body and "Title: Dr." in note.body
    tom = person(db, "Hardy")
    assert (tom.birthday_month, tom.occasions) == (None, [])


def test_a_german_outlook_csv_is_outlook_and_its_0_0_00_is_no_date(
    db: Database, db_path: Path
) -> None:
    report = landed_twice(db, db_path, "outlook-contacts-german.csv")

    assert report.format == "Outlook contacts CSV"
    assert report.customers.new == 2
    gudrun = person(db, "Schäfer")
    assert (gudrun.first_name, gudrun.phone_digits, gudrun.email) == (
        "Gudrun",
        "491515550123",
        "gudrun@example.de",
    )
    assert (gudrun.birthday_year, gudrun.birthday_month, gudrun.birthday_day) == (1968, 12, 24)
    assert (gudrun.address_line, gudrun.town) == (
        "Lindenweg 12",
        "Freising, Bayern 85354, Deutschland",
    )
    assert contact_points(db, gudrun.id) == [
        ("phone", "home", "+49 8161 555012"),
        ("phone", "work", "+49 89 5550100"),
        ("email", "other", "g.schaefer@work.example.de"),
        ("address", "work", "Hauptstraße 5, München, 80331, Deutschland"),
    ]
    assert sorted((str(r.kind), r.name) for r in gudrun.relations) == [
        ("child", "Lena"),
        ("child", "Max"),
        ("spouse", "Jürgen"),
    ]
    assert [(o.label, o.year, o.month, o.day) for o in gudrun.occasions] == [
        ("Anniversary", 1995, 6, 14)
    ]
    assert sorted(t.name for t in gudrun.tags) == ["Großhandel", "Stammkunden"]
    [note] = gudrun.notes
    assert note.body.startswith("Nimmt immer das Roggenbrot.")
    assert "Middle name: Maria" in note.body and "Title: Frau" in note.body
    assert "Company: Bäckerei Schäfer GmbH" in note.body
    jorg = person(db, "Weiß")
    assert (jorg.first_name, jorg.phone_digits, jorg.birthday_month, jorg.occasions) == (
        "Jörg",
        "01715550160",
        None,
        [],
    )
    [unkept] = [n for n in report.notices if n.startswith("Not imported from the Outlook")]
    assert "E-Mail: Angezeigter Name" in unkept and "Straße geschäftlich" not in unkept


def test_row_problems_name_the_files_own_column_and_say_why_in_german(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    text = (FIXTURES / "outlook-contacts-german.csv").read_bytes().decode("cp1252")
    text = text.replace('"gudrun@example.de"', '"gudrun@exämple_de"')
    text = text.replace('"0.0.00"', '"31.02.1970"', 1)
    source = tmp_path / "kontakte.csv"
    source.write_bytes(text.encode("cp1252"))
    google = tmp_path / "google.csv"
    google.write_text(
        (FIXTURES / "google-contacts.csv")
        .read_text(encoding="utf-8")
        .replace("1961-03-07", "1961-13-07")
        .replace("peggy@example.com", "peggy@@example.com"),
        encoding="utf-8",
    )
    before = row_counts(db_path)

    use_language("de")
    try:
        german = import_file(db, source)
    finally:
        use_language("en")
    english = import_file(db, google)

    assert row_counts(db_path) == before
    assert [(p.row, p.column) for p in german.problems] == [
        (2, "E-Mail-Adresse"),
        (3, "Geburtstag"),
    ]
    assert german.problems[0].reason == (
        "'gudrun@exämple_de' ist keine E-Mail-Adresse "
        "(der Teil nach dem @ ist keine gültige Domain)"
    )
    assert german.problems[1].reason == "'31.02.1970' ist kein gültiges Datum"
    assert [(p.row, p.column) for p in english.problems] == [
        (2, "E-mail 1 - Value"),
        (2, "Birthday"),
    ]
    assert english.problems[0].reason.endswith("(it has more than one @)")


@pytest.mark.parametrize(
    ("name", "last_name"),
    [
        ("outlook-contacts.csv", "Hardy"),
        ("google-contacts.csv", "Olson"),
        ("thunderbird.csv", "Williams"),
    ],
)
def test_an_address_book_saved_as_windows_1252_is_read_so_and_the_import_says_so(
    db: Database,
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    last_name: str,
) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8").replace(f",{last_name},", ",Müller,", 1)
    source = tmp_path / name
    source.write_bytes(text.encode("cp1252", errors="replace"))

    assert main(["--db", str(db_path), "import", str(source)]) == 0

    out = capsys.readouterr().out
    assert f"note: '{name}' is not UTF-8: it was read as Windows-1252" in out
    assert person(db, "Müller").last_name == "Müller"


def test_thunderbird_csv_with_a_placeholder_address_and_a_full_name_only(
    db: Database, db_path: Path
) -> None:
    report = landed_twice(db, db_path, "thunderbird.csv")

    assert report.format == "Thunderbird address book CSV"
    rory = person(db, "Williams")
    assert (rory.phone, rory.email) == ("(802) 555-0172", "rory@example.com")
    assert (rory.birthday_year, rory.birthday_month, rory.birthday_day) == (1981, 3, 9)
    assert contact_points(db, rory.id) == [
        ("phone", "home", "(802) 555-0171"),
        ("phone", "work", "(802) 555-0170"),
        ("email", "other", "rory2@example.com"),
    ]
    placeholder = person(db, "")
    assert (placeholder.first_name, placeholder.email) == ("contact1", "contact1@invalid")
    dawid = person(db, "PODSIADŁO")
    assert (dawid.first_name, dawid.birthday_month, dawid.birthday_year) == ("Dawid", 11, None)


def test_one_full_name_column_is_split_the_three_ways_files_write_it(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "till.csv"
    path.write_text(
        "Client,Tel,E-mail\n"
        "Peggy Olson,802 555 0180,\n"
        "DRAPER Don,802 555 0181,\n"
        '"Holloway, Joan",,joan@example.com\n'
        "Ludwig van Beethoven,802 555 0182,\n",
        encoding="utf-8",
    )
    guess = guess_mapping(path)
    assert guess.fields()["full_name"] == "client"

    report = import_file(db, path, mapping=guess)

    assert report.ok and report.written, report.problems
    with db.session() as s:
        names = {(a, b) for a, b in s.execute(select(Customer.first_name, Customer.last_name))}
    assert names == {
        ("Peggy", "Olson"),
        ("Don", "DRAPER"),
        ("Joan", "Holloway"),
        ("Ludwig", "van Beethoven"),
    }
    again = import_file(db, path, mapping=guess)
    assert not again.written and again.customers.unchanged == 4


def test_every_phone_and_email_finds_the_customer_and_the_card_says_n_more(
    db: Database, db_path: Path
) -> None:
    import_file(db, FIXTURES / "outlook-contacts.csv")
    ada = person(db, "Byron")
    index = SearchIndex.build(db, today=date(2026, 1, 5))

    for query, reason in (
        ("802 555 0150", "phone …0150"),
        ("0152", "phone …0152"),
        ("ada.byron@work", "email ada.byron@work.example.com"),
        ("work", "email ada.byron@work.example.com"),
        ("byron@work", "email ada.byron@work.example.com"),
        ("ada byron", "name"),
    ):
        hits = index.search(query, 5)
        assert [h.customer_id for h in hits][:1] == [ada.id], query
        assert hits[0].reason.startswith(reason), (query, hits[0].reason)
        assert hits == search_without_index(db, query, 5, today=date(2026, 1, 5))

    card = load_card(db, ada.id, today=date(2026, 1, 5))
    assert card.contact_line.startswith("(802) 555-0151 · ada@example.com · 10 Engine Row")
    assert card.contact_line.endswith(" · 4 more")
    assert "home phone: (802) 555-0150" in card.more_contacts_text


def test_skip_bad_imports_the_good_rows_and_saves_the_others_beside_the_file(
    db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "customers.csv"
    shutil.copy(FIXTURES / "shopify-customers-bad-emails.csv", source)
    before = row_counts(db_path)

    assert main(["--db", str(db_path), "import", str(source)]) == 1
    assert row_counts(db_path) == before
    assert "--skip-bad" in capsys.readouterr().err

    assert main(["--db", str(db_path), "import", str(source), "--skip-bad"]) == 0
    out = capsys.readouterr().out
    saved = tmp_path / "customers.problems.csv"
    assert f"Left out 3 problem rows, saved with a reason each to {saved}" in out
    assert row_counts(db_path)["customer"] == 37
    with saved.open(encoding="utf-8-sig", newline="") as fh:
        left_out = list(csv.DictReader(fh))
    assert [(r["First Name"], r["Email"]) for r in left_out] == [
        ("First7", "mike@@example.com"),
        ("First19", "jane doe@example.com"),
        ("First33", "sam@example..com"),
    ]
    assert all(r["reason"].startswith("Email: ") for r in left_out)
    assert "not an email address" in left_out[0]["reason"]

    again = import_file(db, source, skip_bad=True)
    assert not again.written and len(again.set_aside) == 3

    fixed = saved.read_text(encoding="utf-8-sig").replace("mike@@", "mike@")
    fixed = fixed.replace("jane doe@", "jane.doe@").replace("example..com", "example.com")
    saved.write_text(fixed, encoding="utf-8-sig")
    report = import_file(db, saved)
    assert report.written and report.customers.new == 3
    assert any("reason" in notice for notice in report.notices)


def test_skip_bad_on_vcards_saves_the_bad_cards_with_their_reason(
    db: Database, tmp_path: Path
) -> None:
    source = tmp_path / "phone.vcf"
    source.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@example.com\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Berg\r\nEMAIL:bo@@example.com\r\n"
        "BDAY:1980-13-45\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    dry = import_file(db, source, skip_bad=True, dry_run=True)
    assert dry.problems_file is None and len(dry.set_aside) == 2

    report = import_file(db, source, skip_bad=True)

    assert report.written and report.customers.new == 1
    saved = Path(str(report.problems_file))
    assert saved == tmp_path / "phone.problems.vcf"
    text = saved.read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\nX-REGULARS-PROBLEM:EMAIL: ")
    assert "FN:Bo Berg\r\n" in text and "Ann Lee" not in text
    assert text.endswith("END:VCARD\r\n")


def test_two_digit_birthday_years_go_into_the_past_and_rounded_numbers_are_refused(
    db: Database, db_path: Path
) -> None:
    source = FIXTURES / "square-customers-resaved-by-excel.csv"
    before = row_counts(db_path)

    refused = import_file(db, source)

    assert not refused.written and row_counts(db_path) == before
    assert [(p.row, p.column) for p in refused.problems] == [
        (3, "Phone Number"),
        (4, "Square Customer ID"),
    ]
    assert all("a spreadsheet rounded" in p.reason for p in refused.problems)

    report = import_file(db, source, skip_bad=True)
    assert report.written and report.customers.new == 1
    [notice] = [n for n in report.notices if "two-digit year" in n]
    assert "3 birthday(s) in Birthday" in notice and "'02/20/30' read as 1930" in notice
    edna = person(db, "Krabappel")
    assert (edna.birthday_year, edna.birthday_month, edna.birthday_day) == (1930, 2, 20)
    with db.session() as s:
        stored = {p for (p,) in s.execute(select(Customer.phone_digits))}
        refs = {r for (r,) in s.execute(select(Customer.external_ref))}
    assert not any("E" in (value or "") for value in stored | refs)
    Path(str(report.problems_file)).unlink()


def test_shopify_buyers_without_email_are_customers_and_late_names_fill_in(
    db: Database, db_path: Path
) -> None:
    report = landed_twice(db, db_path, "shopify-orders-cod-and-late-names.csv")

    assert (report.customers.new, report.purchases.new) == (3, 6)
    [walk_ins] = [n for n in report.notices if n.startswith("Skipped")]
    assert walk_ins.startswith("Skipped 1 line item with no email, phone or name")
    jose = person(db, "O'Brien")
    assert (jose.first_name, jose.email, jose.phone_digits) == (
        "José",
        "jose@example.com",
        "12015550123",
    )
    amara = person(db, "Nwosu")
    assert (amara.first_name, amara.phone_digits) == ("Amara", "2348035550101")
    kofi = person(db, "Mensah")
    assert kofi.external_ref == "shopify-buyer:name:kofi mensah"
    with db.session() as s:
        bought = {
            c.first_name: sorted(line.item for p in c.purchases for line in p.lines)
            for c in s.scalars(
                select(Customer).options(
                    selectinload(Customer.purchases).selectinload(Purchase.lines)
                )
            )
        }
    assert bought == {
        "José": ["Dry bag", "Paddle"],
        "Amara": ["Gift wrap", "Head wrap", "Kente scarf"],
        "Kofi": ["Beaded bracelet"],
    }


def test_a_name_missing_from_the_first_import_is_filled_by_a_later_one(
    db: Database, tmp_path: Path
) -> None:
    header = "Name,Email,Created at,Lineitem name,Lineitem quantity,Lineitem price,Billing Name\n"
    first = tmp_path / "may.csv"
    first.write_text(header + "#1,ann@example.com,2024-05-01,Seed,1,2.00,\n", encoding="utf-8")
    later = tmp_path / "june.csv"
    later.write_text(
        header
        + "#1,ann@example.com,2024-05-01,Seed,1,2.00,\n"
        + "#2,ann@example.com,2024-06-01,Feed,1,9.00,Ann Lee\n",
        encoding="utf-8",
    )
    import_file(db, first)
    assert person(db, "").email == "ann@example.com"

    report = import_file(db, later)

    assert (report.customers.new, report.customers.updated) == (0, 1)
    assert (person(db, "Lee").first_name, person(db, "Lee").email) == ("Ann", "ann@example.com")


def test_shared_emails_and_phones_link_only_people_whose_names_agree(
    db: Database, tmp_path: Path
) -> None:
    header = "customer_ref,first_name,last_name,phone,email\n"
    known = tmp_path / "known.csv"
    known.write_text(
        header
        + "K1,Văn Lâm,Đặng,,lam@example.vn\n"
        + "K2,,Smith,802 555 0100,\n"
        + "K3,Robert,Brown,802 555 0111,\n",
        encoding="utf-8",
    )
    import_file(db, known)
    incoming = tmp_path / "till.csv"
    incoming.write_text(
        "first_name,last_name,phone,email\n"
        "Đặng Văn,Lâm,,LAM@example.vn\n"
        + "".join(f",Smith,(802) 555-0100,smith{i}@example.com\n" for i in range(10))
        + "Bob,Brown,802-555-0111,\n"
        + "Alice,Brown,802-555-0111,\n",
        encoding="utf-8",
    )
    mapping = guess_mapping(incoming)

    report = import_file(db, incoming, mapping=mapping)

    assert report.written, report.problems
    assert (report.customers.new, report.customers.updated) == (11, 2)
    with db.session() as s:
        smiths = s.scalars(select(Customer).where(Customer.last_name == "Smith")).all()
        browns = s.scalars(select(Customer).where(Customer.last_name == "Brown")).all()
    assert len(smiths) == 11
    assert sorted((b.first_name, b.preferred_name) for b in browns) == [
        ("Alice", None),
        ("Robert", "Bob"),
    ]
    with db.session() as s:
        lam = s.scalars(select(Customer).where(Customer.email.ilike("lam@example.vn"))).one()
    assert lam.external_ref == "K1"


def test_every_contact_point_goes_out_in_the_vcard_export_and_comes_back(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    import_file(db, FIXTURES / "outlook-2.1-photo.vcf")
    john = person(db, "James")
    out = tmp_path / "book.vcf"
    export(db, out)
    before = row_counts(db_path)

    again = import_file(db, out)

    assert not again.written and row_counts(db_path) == before
    other = open_database(str(tmp_path / "other.db"))
    try:
        import_file(other, out)
        moved = person(other, "James")
        assert (moved.phone, moved.email) == (john.phone, john.email)
        assert contact_points(other, moved.id) == contact_points(db, john.id)
    finally:
        other.close()


def test_shopify_orders_cancelled_voided_or_refunded_are_no_purchases(
    db: Database, tmp_path: Path
) -> None:
    """An order cancelled, voided (never paid) or refunded whole was no sale: its lines
    are left out and counted; one partly refunded or pending (cash on delivery) lands."""
    header = (FIXTURES / "shopify-orders-cod-and-late-names.csv").read_text(encoding="utf-8")
    columns = header.splitlines()[0].split(",")

    def line(order: str, status: str, cancelled: str, item: str) -> str:
        cells = dict.fromkeys(columns, "")
        cells |= {
            "Name": order,
            "Email": "ann@example.com",
            "Financial Status": status,
            "Created at": "2024-05-01 10:15:00 -0400",
            "Lineitem quantity": "1",
            "Lineitem name": item,
            "Lineitem price": "10.00",
            "Billing Name": "Ann Lee",
            "Cancelled at": cancelled,
        }
        return ",".join(cells[c] for c in columns)

    rows = [
        line("#1", "paid", "", "Kept kayak"),
        line("#2", "voided", "", "Voided paddle"),
        line("#3", "paid", "2024-05-02 09:00:00 -0400", "Cancelled tent"),
        line("#3", "", "", "Cancelled stove"),
        line("#4", "refunded", "", "Returned bag"),
        line("#5", "partially_refunded", "", "Kept hat"),
        line("#6", "pending", "", "Cash on delivery"),
    ]
    path = tmp_path / "orders_export.csv"
    path.write_text("\n".join([",".join(columns), *rows]) + "\n", encoding="utf-8")
    report = import_file(db, path)
    assert report.written and report.purchases.new == 3
    with db.session() as s:
        items = set(s.scalars(select(PurchaseLine.item)))
    assert items == {"Kept kayak", "Kept hat", "Cash on delivery"}
    assert any(
        n.startswith("Skipped 4 line items of cancelled, voided or refunded orders")
        for n in report.notices
    )


def test_skip_bad_is_refused_before_anything_lands_when_the_rows_could_not_be_saved(
    db: Database, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "customers.csv"
    shutil.copy(FIXTURES / "shopify-customers-bad-emails.csv", source)

    monkeypatch.setattr("app.importing.service.os.access", lambda *_args: False)  # root
    before = row_counts(db_path)

    with pytest.raises(RegularsError, match="Cannot save the problem rows"):
        import_file(db, source, skip_bad=True)

    assert row_counts(db_path) == before


def test_a_shop_from_the_first_release_upgrades_and_takes_contact_points(tmp_path: Path) -> None:
    target = tmp_path / "old.db"
    conn = sqlite3.connect(target)
    conn.executescript((FIXTURES.parent / "filled-0001.sql").read_text(encoding="utf-8"))
    customers_before = conn.execute("SELECT id, phone, email FROM customer").fetchall()
    conn.close()

    upgraded = open_database(str(target))
    try:
        report = import_file(upgraded, FIXTURES / "iphone-3.0-dates-relatives.vcf")
        assert report.written
        ann = person(upgraded, "Lee")
        assert contact_points(upgraded, ann.id)[0] == ("phone", "home", "(802) 555-0103")
    finally:
        upgraded.close()
    conn = sqlite3.connect(target)
    kept = set(conn.execute("SELECT id, phone, email FROM customer").fetchall())
    conn.close()
    assert set(customers_before) <= kept


def test_skip_bad_keeps_a_row_with_a_byte_that_is_not_text_as_it_was(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "till.csv"
    source.write_bytes(
        b"customer_ref,first_name,last_name\r\nC1,Ana,Lima\r\nC2,Jos\xe9,Silva\r\nC3,Caf\xc3\xa9,Ok\r\n"
    )
    assert main(["--db", str(db_path), "import", str(source), "--skip-bad"]) == 0
    assert row_counts(db_path)["customer"] == 2
    saved = (tmp_path / "till.problems.csv").read_bytes()
    assert b"C2,Jos\xe9,Silva" in saved and b"C1" not in saved


def test_every_problem_of_a_row_is_listed_and_the_row_left_out_once(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    text = (FIXTURES / "square-customers-resaved-by-excel.csv").read_bytes().decode("cp1252")
    text = text.replace(",Seymour,", ",Sey\x07mour,").replace(",11/15/68,", ",13/45/68,")
    text = text.replace("$5.00,Unknown,\r\n", "$5.00,Unknown,,Staff\r\n")
    text = text.replace("$9.00,Unknown,\r\n", "$9.00,Unknown\r\n")
    source = tmp_path / "customers.csv"
    source.write_bytes(text.encode("cp1252"))
    before = row_counts(db_path)

    refused = import_file(db, source)

    assert not refused.written and row_counts(db_path) == before
    assert sorted(p.column for p in refused.problems if p.row == 3) == [
        "(after the last column)",
        "Birthday",
        "First Name",
        "Phone Number",
    ]
    reasons = {p.column: p.reason for p in refused.problems}
    assert "invisible control character (U+0007)" in reasons["First Name"]
    assert "'13/45/68'" in reasons["Birthday"]
    assert "a spreadsheet rounded" in reasons["Phone Number"]
    assert "has 23 cells but row 1 names 22 columns" in reasons["(after the last column)"]

    report = import_file(db, source, skip_bad=True)
    assert report.written and report.customers.new == 1
    saved = Path(str(report.problems_file))
    with saved.open(encoding="utf-8-sig", newline="") as fh:
        left_out = list(csv.reader(fh))
    assert [row[1] for row in left_out[1:]] == ["Sey\x07mour", "Otto"]
    otto = dict(zip(left_out[0], left_out[2], strict=True))
    assert otto["reason"].startswith("Square Customer ID: '1.23457E+15'")
    for column in ("Phone Number", "Birthday", "First Name", "(after the last column)"):
        assert f"{column}: " in left_out[1][-1]
    again = import_file(db, source, skip_bad=True)
    assert not again.written and again.customers.unchanged == 1
    saved.unlink()


def test_a_file_no_format_knows_is_refused_naming_its_columns_as_written(
    db: Database, tmp_path: Path
) -> None:
    source = tmp_path / "adressen.csv"
    source.write_bytes('"Vorname","Straße geschäftlich"\r\n"Jörg","Hauptstraße 5"\r\n'.encode())

    with pytest.raises(RegularsError) as refused:
        import_file(db, source)

    assert "Row 1 has: Vorname, Straße geschäftlich." in str(refused.value)
    assert "strasse" not in str(refused.value)


def test_an_invisible_character_in_an_address_book_is_named_by_its_column(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    text = (FIXTURES / "outlook-contacts.csv").read_text(encoding="utf-8")
    text = text.replace(",Byron,", ",By\x1bron,").replace(",William King,", ",William\x07King,")
    source = tmp_path / "contacts.csv"
    source.write_text(text, encoding="utf-8")
    before = row_counts(db_path)

    report = import_file(db, source)

    assert not report.written and row_counts(db_path) == before
    assert [(p.row, p.column) for p in report.problems] == [(2, "Last Name"), (2, "Spouse")]
    assert "(U+001B)" in report.problems[0].reason


def test_an_invisible_character_in_a_vcard_is_named_by_its_property(
    db: Database, tmp_path: Path
) -> None:
    text = (FIXTURES / "outlook-2.1-photo.vcf").read_bytes().decode("utf-8")
    text = text.replace(":Martha", ":Mar\x07tha").replace("1 Mill Rd", "1 Mill\x1bRd")
    source = tmp_path / "john.vcf"
    source.write_bytes(text.encode("utf-8"))

    report = import_file(db, source)

    assert not report.written
    columns = [p.column for p in report.problems]
    assert columns[0] == "ADR" and "X-MS-SPOUSE" in columns[1].split(" or ")


def test_the_problems_csv_guards_formula_cells_and_a_reimport_takes_the_guard_off(
    db: Database, tmp_path: Path
) -> None:
    text = (FIXTURES / "outlook-contacts-german.csv").read_bytes().decode("cp1252")
    source = tmp_path / "kontakte.csv"
    text = text.replace('"gudrun@example.de"', '"gudrun@@example.de"')
    text = text.replace('"Nimmt immer das Roggenbrot."', '"- nimmt immer das Roggenbrot"')
    source.write_bytes(text.encode("cp1252"))

    report = import_file(db, source, skip_bad=True)

    assert report.written and report.customers.new == 1
    saved = Path(str(report.problems_file))
    raw = saved.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with saved.open(encoding="utf-8-sig", newline="") as fh:
        [header, row] = list(csv.reader(fh))
    cells = dict(zip(header, row, strict=True))
    assert cells["Mobiltelefon"] == "'+49 151 5550123"
    assert cells["Notizen"] == "'- nimmt immer das Roggenbrot"
    assert cells["reason"].startswith("E-Mail-Adresse: 'gudrun@@example.de'")
    saved.write_bytes(raw.replace(b"gudrun@@", b"gudrun@"))

    fixed = import_file(db, saved)

    assert fixed.written and fixed.customers.new == 1
    assert any("reason" in notice for notice in fixed.notices)
    gudrun = person(db, "Schäfer")
    assert (gudrun.phone_digits, gudrun.email) == ("491515550123", "gudrun@example.de")
    assert gudrun.notes[0].body.startswith("- nimmt immer das Roggenbrot\n")
