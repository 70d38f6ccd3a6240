"""``regulars import`` of the plain Regulars CSV, on real database files: all or nothing."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.cli import main
from app.db import Database, open_database
from app.errors import RegularsError
from app.importing import import_file
from app.models import ContactPoint, Customer, Note, Product, ProductKind, Purchase
from app.safety.backups import list_backups
from app.settings import save_settings

CUSTOMER_HEADER = [
    "customer_ref",
    "first_name",
    "last_name",
    "preferred_name",
    "phone",
    "email",
    "birthday",
    "customer_since",
    "tags",
    "note",
]
PURCHASE_HEADER = [
    "customer_ref",
    "date",
    "order_ref",
    "sku",
    "item",
    "category",
    "quantity",
    "price",
]
NOTE = 'Knee surgery in May — ask how it went.\nSays "call me Pepe", not José.'
CUSTOMERS = [
    ["C-1", "José", "O'Brien", "Pepe", "(201) 555-0123", "jose@example.com", "1980-05-17",
     "2019-03-02", "VIP; kayak club", NOTE],
    ["C-2", "Zoë", "Müller-Lüdenscheidt", "", "+44 20 7946 0958", "", "--02-29", "", "", ""],
    ["C-3", "Łukasz", "D'Angelo", "", "", "luke@example.com", "12-24", "", "vip", ""],
]  # fmt: skip
PURCHASES = [
    ["C-1", "2024-05-01", "O-1", "K-100", "Sea kayak", "Kayaks", "1", "$1,299.00"],
    ["C-1", "2024-05-01", "O-1", "", "Paddle", "Paddles", "2", "49.5"],
    ["C-3", "2024-06-01", "", "", "Bird seed 5kg", "Bird seed", "", "€12,50"],
    ["C-3", "2024-06-01", "", "", "Suet balls", "Bird seed", "3", ""],
]


def write_csv(folder: Path, name: str, header: list[str], rows: list[list[str]]) -> Path:
    """A CSV as a spreadsheet saves it (UTF-8 with a BOM, CRLF line ends)."""
    path = folder / name
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def row_counts(db_path: Path) -> dict[str, int]:
    """Rows in every table, read straight from the file with sqlite3."""
    conn = sqlite3.connect(db_path)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def run_cli(*args: str) -> int:
    return main(list(args))


@pytest.fixture
def customers_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path, "customers.csv", CUSTOMER_HEADER, CUSTOMERS)


@pytest.fixture
def purchases_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path, "purchases.csv", PURCHASE_HEADER, PURCHASES)


def test_customers_then_purchases_land_with_every_value_intact(
    db: Database, customers_csv: Path, purchases_csv: Path
) -> None:
    report = import_file(db, customers_csv)
    assert report.ok and report.written
    assert (report.customers.new, report.customers.updated, report.skipped) == (3, 0, 0)

    report = import_file(db, purchases_csv)
    assert report.ok and report.written
    assert (report.purchases.new, report.customers.new) == (4, 0)

    with db.session() as s:
        people = {
            c.external_ref: c
            for c in s.scalars(
                select(Customer).options(
                    selectinload(Customer.tags),
                    selectinload(Customer.notes).selectinload(Note.revisions),
                    selectinload(Customer.purchases).selectinload(Purchase.lines),
                )
            )
        }
        kayak = s.scalars(select(Product).where(Product.sku == "K-100")).one()
        kayak_kind = kayak.category.kind if kayak.category else None
    jose, zoe, lukasz = people["C-1"], people["C-2"], people["C-3"]
    assert (jose.first_name, jose.last_name, jose.preferred_name) == ("José", "O'Brien", "Pepe")
    assert (jose.phone, jose.phone_digits) == ("(201) 555-0123", "12015550123")
    assert (jose.birthday_year, jose.birthday_month, jose.birthday_day) == (1980, 5, 17)
    assert jose.customer_since == date(2019, 3, 2)
    assert sorted(t.name for t in jose.tags) == ["VIP", "kayak club"]
    assert [n.body for n in jose.notes] == [NOTE]
    assert [(r.number, r.body) for r in jose.notes[0].revisions] == [(1, NOTE)]
    assert (zoe.first_name, zoe.last_name, zoe.email) == ("Zoë", "Müller-Lüdenscheidt", None)
    assert (zoe.phone, zoe.phone_digits) == ("+44 20 7946 0958", "442079460958")
    assert (zoe.birthday_year, zoe.birthday_month, zoe.birthday_day) == (None, 2, 29)
    assert (lukasz.first_name, lukasz.last_name) == ("Łukasz", "D'Angelo")
    assert [t.name for t in lukasz.tags] == ["VIP"]

    (order,) = jose.purchases
    assert (order.order_ref, order.purchased_on) == ("O-1", date(2024, 5, 1))
    assert sorted((ln.item, ln.quantity, ln.unit_price_cents) for ln in order.lines) == [
        ("Paddle", 2.0, 4950),
        ("Sea kayak", 1.0, 129900),
    ]
    (visit,) = lukasz.purchases
    assert (visit.order_ref, visit.purchased_on) == (None, date(2024, 6, 1))
    assert sorted((ln.item, ln.quantity, ln.unit_price_cents) for ln in visit.lines) == [
        ("Bird seed 5kg", 1.0, 1250),
        ("Suet balls", 3.0, None),
    ]
    assert kayak_kind == ProductKind.DURABLE


def test_reimporting_the_same_files_changes_nothing(
    db: Database, db_path: Path, customers_csv: Path, purchases_csv: Path
) -> None:
    import_file(db, customers_csv)
    import_file(db, purchases_csv)
    before = row_counts(db_path)

    again = import_file(db, customers_csv)
    assert (again.customers.new, again.customers.updated, again.customers.unchanged) == (0, 0, 3)
    assert not again.written
    again = import_file(db, purchases_csv)
    assert (again.purchases.new, again.purchases.unchanged) == (0, 4)
    assert not again.written
    assert row_counts(db_path) == before


def test_a_bad_date_in_row_7_refuses_the_whole_file(
    db: Database,
    db_path: Path,
    tmp_path: Path,
    customers_csv: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import_file(db, customers_csv)
    before = row_counts(db_path)
    rows = [
        ["C-1", "José", "O'Brien-Smith", "", "", "", "", "", "new tag", "A fresh note"],
        *([f"N-{i}", f"New{i}", "Person", "", "", f"n{i}@example.com", "", "", "", ""]
          for i in range(4)),
        ["N-7", "Bad", "Date", "", "", "", "", "2024-02-31", "", ""],
        ["", "", "", "", "", "bad-email", "", "", "", ""],
    ]  # fmt: skip
    path = write_csv(tmp_path, "more.csv", CUSTOMER_HEADER, rows)

    assert run_cli("--db", str(db_path), "import", str(path)) == 1
    captured = capsys.readouterr()
    assert f"{path}, row 7, column customer_since: '2024-02-31' is not a real date" in captured.out
    assert f"{path}, row 8, column first_name:" in captured.out
    assert f"{path}, row 8, column email: 'bad-email' is not an email address" in captured.out
    assert "3 problem(s)" in captured.err
    assert "nothing was written" in captured.err
    assert row_counts(db_path) == before
    with db.session() as s:
        assert s.scalars(
            select(Customer.last_name).where(Customer.external_ref == "C-1")
        ).one() == ("O'Brien")


def test_a_missing_required_column_names_the_file_and_column(
    db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = row_counts(db_path)
    header = [name for name in PURCHASE_HEADER if name != "date"]
    path = write_csv(tmp_path, "no_date.csv", header, [["C-1", "O-1", "", "Kayak", "", "1", "9"]])

    with pytest.raises(RegularsError, match=r"no_date\.csv.*lacks the column\(s\): date"):
        import_file(db, path)
    assert run_cli("--db", str(db_path), "import", str(path)) == 1
    assert "lacks the column(s): date" in capsys.readouterr().err
    assert row_counts(db_path) == before


def test_a_header_of_neither_kind_says_what_each_kind_needs(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "mystery.csv", ["name", "amount"], [["Ann", "5"]])
    with pytest.raises(RegularsError, match=r"mystery\.csv' is not a Regulars CSV.*name, amount"):
        import_file(db, path)


def test_a_missing_file_is_refused(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli("--db", str(db_path), "import", str(tmp_path / "gone.csv")) == 1
    assert "gone.csv' does not exist" in capsys.readouterr().err
    assert not db_path.exists()


def test_a_dry_run_reports_and_writes_nothing(
    db: Database, db_path: Path, customers_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = row_counts(db_path)
    assert run_cli("--db", str(db_path), "import", str(customers_csv), "--dry-run") == 0
    text = capsys.readouterr().out
    assert "dry run, nothing was written" in text
    assert "customers: 3 new, 0 updated, 0 unchanged" in text
    assert "row 2 (customer, new) Customer: #1 Pepe O'Brien, Customer number: C-1" in text

    assert run_cli("--db", str(db_path), "import", str(customers_csv), "--dry-run", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["ok"], data["dry_run"], data["written"]) == (True, True, False)
    assert data["customers"] == {"new": 3, "updated": 0, "unchanged": 0}
    assert [row["row"] for row in data["preview"]] == [2, 3, 4]
    assert data["preview"][1]["fields"]["birthday"] == "--02-29"
    assert row_counts(db_path) == before


def test_email_stands_in_for_customer_ref(
    db: Database, tmp_path: Path, customers_csv: Path
) -> None:
    import_file(db, customers_csv)
    header = ["email", "date", "item", "price"]
    path = write_csv(
        tmp_path, "by_email.csv", header, [["LUKE@example.com", "2024-07-04", "Seed", "3"]]
    )

    report = import_file(db, path)
    assert report.ok and report.purchases.new == 1
    with db.session() as s:
        owner = s.scalars(select(Customer.external_ref).join(Customer.purchases)).one()
    assert owner == "C-3"


def test_a_purchase_for_nobody_is_a_problem(
    db: Database, db_path: Path, tmp_path: Path, customers_csv: Path
) -> None:
    import_file(db, customers_csv)
    before = row_counts(db_path)
    rows = [*PURCHASES, ["C-404", "2024-07-04", "", "", "Seed", "", "1", "3"]]
    report = import_file(db, write_csv(tmp_path, "p.csv", PURCHASE_HEADER, rows))
    assert [(p.row, p.column) for p in report.problems] == [(6, "customer_ref")]
    assert "'C-404'" in report.problems[0].reason
    assert not report.written
    assert row_counts(db_path) == before


def test_a_different_customer_ref_with_the_same_email_updates_that_customer(
    db: Database, tmp_path: Path, customers_csv: Path
) -> None:
    import_file(db, customers_csv)
    row = ["X-77", "josé", "Ó Briain", "", "", "JOSE@example.COM", "", "", "", ""]
    report = import_file(db, write_csv(tmp_path, "till2.csv", CUSTOMER_HEADER, [row]))

    assert (report.customers.new, report.customers.updated) == (0, 1)
    assert any("'X-77'" in notice and "'C-1'" in notice for notice in report.notices)
    with db.session() as s:
        people = s.scalars(select(Customer).order_by(Customer.id)).all()
    assert len(people) == 3
    assert (people[0].external_ref, people[0].last_name) == ("C-1", "Ó Briain")


def test_a_shared_phone_links_the_same_person_but_not_their_household(
    db: Database, tmp_path: Path
) -> None:
    first = [["", "Ann", "Lee", "", "201 555 0188", "", "", "", "", ""]]
    import_file(db, write_csv(tmp_path, "a.csv", CUSTOMER_HEADER, first))
    rows = [
        ["A-1", "Ann", "Lee", "Annie", "(201) 555-0188", "", "", "", "", ""],
        ["A-2", "Bob", "Lee", "", "+1 201-555-0188", "", "", "", "", ""],
    ]
    report = import_file(db, write_csv(tmp_path, "b.csv", CUSTOMER_HEADER, rows))

    assert (report.customers.new, report.customers.updated) == (1, 1)
    with db.session() as s:
        people = [
            (c.external_ref, c.first_name, c.preferred_name) for c in s.scalars(select(Customer))
        ]
    assert sorted(people) == [("A-1", "Ann", "Annie"), ("A-2", "Bob", None)]


def test_a_household_sharing_a_landline_is_found_again_each_by_their_own_name(
    db: Database, tmp_path: Path
) -> None:
    """Zed and Amy share the landline and have no email: the second import finds each
    again (Amy was added again on every import when only the landline's first owner was
    asked whether the names agree)."""
    rows = [
        ["", "Zed", "Quinn", "", "212-555-0101", "", "", "", "", ""],
        ["", "Amy", "Quinn", "", "212-555-0101", "", "", "", "", ""],
    ]
    path = write_csv(tmp_path, "quinns.csv", CUSTOMER_HEADER, rows)
    assert import_file(db, path).customers.new == 2
    again = import_file(db, path).customers
    assert (again.new, again.unchanged) == (0, 2)


def test_a_file_that_cannot_spell_a_name_does_not_unspell_it(db: Database, tmp_path: Path) -> None:
    accented = [["", "José", "Núñez", "", "212-555-0177", "", "", "", "", ""]]
    plain = [["", "Jose", "Nunez", "", "212-555-0177", "", "", "", "", ""]]
    first = write_csv(tmp_path, "phone.csv", CUSTOMER_HEADER, accented)
    second = write_csv(tmp_path, "till.csv", CUSTOMER_HEADER, plain)
    import_file(db, first)
    for path in (second, first):
        assert import_file(db, path).customers.unchanged == 1, path
    with db.session() as s:
        jose = s.scalars(select(Customer)).one()
    assert (jose.first_name, jose.last_name) == ("José", "Núñez")


def test_a_customer_known_only_by_email_goes_out_and_comes_back_with_the_shops_export(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    """An order may bring a buyer whose name a later file gives: the shop's own export
    writes them as they are, and that export imports straight back; a row nothing
    names (no name, reference, email or phone) is still refused."""
    rows = [["", "", "", "", "", "only@example.com", "", "", "", ""]]
    assert import_file(db, write_csv(tmp_path, "orders.csv", CUSTOMER_HEADER, rows)).written
    out = tmp_path / "export.csv"
    assert run_cli("--db", str(db_path), "export", str(out)) == 0
    with open_database(str(tmp_path / "elsewhere.db")) as elsewhere:
        assert import_file(elsewhere, out).customers.new == 1
        nobody = write_csv(tmp_path, "nobody.csv", CUSTOMER_HEADER, [[""] * 9 + ["a note"]])
        [problem] = import_file(elsewhere, nobody).problems
    assert "first_name and last_name are both empty" in problem.reason


def test_a_company_links_again_by_its_phone_but_a_family_name_alone_does_not(
    db: Database, tmp_path: Path
) -> None:
    """A contact that is a company (its name kept as the last name) is found again on the
    next import of the same file; ten 'Smith's sharing the landline stay ten."""
    rows = [
        ["", "", "Hardware Co-op", "", "518-555-0188", "", "", "", "", ""],
        ["", "", "Smith", "", "518-555-0199", "", "", "", "", ""],
    ]
    path = write_csv(tmp_path, "book.csv", CUSTOMER_HEADER, rows)
    assert import_file(db, path).customers.new == 2
    again = import_file(db, path).customers
    assert (again.new, again.unchanged) == (1, 1)  # the Smith row is another Smith


def test_a_new_main_email_keeps_the_old_one_and_two_files_do_not_swap_them(
    db: Database, tmp_path: Path
) -> None:
    """A later file with another email for Jane makes it her main one and keeps the old
    one among her further ones; importing the first file again changes nothing (its
    email is hers already), so no file drops what another gave."""
    work = [["", "Jane", "Smith", "", "518-555-0142", "jane@work.example", "", "", "", ""]]
    home = [["", "Jane", "Smith", "", "518-555-0142", "jsmith@example.com", "", "", "", ""]]
    first = write_csv(tmp_path, "work.csv", CUSTOMER_HEADER, work)
    second = write_csv(tmp_path, "home.csv", CUSTOMER_HEADER, home)
    import_file(db, first)
    assert import_file(db, second).customers.updated == 1
    for path in (first, second):
        assert import_file(db, path).customers.unchanged == 1, path
    with db.session() as s:
        jane = s.scalars(select(Customer)).one()
        further = s.scalars(select(ContactPoint.value).where(ContactPoint.kind == "email")).all()
        emails = [jane.email, *further]
    assert emails == ["jsmith@example.com", "jane@work.example"]


def test_phone_numbers_are_read_in_the_shops_region(db: Database, tmp_path: Path) -> None:
    save_settings({"country": "GB"})
    row = ["G-1", "Ada", "Lovelace", "", "020 7946 0958", "", "", "", "", ""]
    import_file(db, write_csv(tmp_path, "gb.csv", CUSTOMER_HEADER, [row]))
    with db.session() as s:
        ada = s.scalars(select(Customer)).one()
    assert (ada.phone, ada.phone_digits) == ("020 7946 0958", "442079460958")


def test_columns_in_any_order_and_case_extra_ones_noted_blank_rows_skipped(
    db: Database, tmp_path: Path
) -> None:
    header = ["Last Name", " FIRST_NAME ", "Customer-Ref", "Loyalty Points"]
    rows = [["Lee", "Ann", "C-9", "120"], ["", "", "", ""], ["Ng", "Bo", "C-10", ""]]
    report = import_file(db, write_csv(tmp_path, "odd.csv", header, rows))

    assert report.ok and (report.customers.new, report.skipped) == (2, 1)
    assert report.notices == ("Ignored columns the Regulars CSV does not know: Loyalty Points.",)
    with db.session() as s:
        names = s.execute(select(Customer.external_ref, Customer.first_name)).all()
    assert sorted(names) == [("C-10", "Bo"), ("C-9", "Ann")]


def test_an_order_ref_shared_by_two_customers_is_a_problem(
    db: Database, tmp_path: Path, customers_csv: Path
) -> None:
    import_file(db, customers_csv)
    rows = [
        ["C-1", "2024-05-01", "O-9", "", "Tent", "", "1", "100"],
        ["C-2", "2024-05-01", "O-9", "", "Stove", "", "1", "50"],
    ]
    report = import_file(db, write_csv(tmp_path, "p.csv", PURCHASE_HEADER, rows))
    assert [(p.row, p.column) for p in report.problems] == [(3, "order_ref")]
    assert "row 2" in report.problems[0].reason


def test_text_that_breaks_utf8_after_utf8_lines_is_refused_naming_the_row(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes("customer_ref,first_name\nC-1,Zoë\n".encode() + b"C-2,Jos\xe9\n")
    report = import_file(db, path)
    assert [(p.row, p.column) for p in report.problems] == [(3, "first_name")]
    assert not report.written


def test_a_verified_backup_of_the_state_before_is_taken_just_before_commit(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    first = write_csv(tmp_path, "a.csv", CUSTOMER_HEADER, [["A-1", "Ada", "Byron"] + [""] * 7])
    second = write_csv(tmp_path, "b.csv", CUSTOMER_HEADER, [["B-1", "Bea", "Stone"] + [""] * 7])
    assert import_file(db, first).written
    assert import_file(db, second).written
    newest = list_backups(db_path)[0].path
    assert row_counts(newest)["customer"] == 1
    assert row_counts(db_path)["customer"] == 2
