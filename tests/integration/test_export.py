"""``regulars export``: CSV and vCard round trips, one customer's JSON, safe writing."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.cli import main
from app.db import Database, open_database
from app.exporting import export
from app.importing import import_file
from app.models import (
    Category,
    ChangeLog,
    ContactKind,
    ContactLabel,
    ContactPoint,
    Customer,
    Note,
    NoteRevision,
    Occasion,
    OccasionKind,
    Product,
    ProductKind,
    Prompt,
    PromptKind,
    PromptStatus,
    Purchase,
    PurchaseLine,
    Relation,
    RelationKind,
)
from app.safety.backups import backup_to
from tests.integration.test_import_regulars_csv import CUSTOMER_HEADER, row_counts, write_csv

TRICKY = [
    ["=HYPERLINK(\"x\")", "José", "O'Brien", "-Pepe-", "+44 20 7946 0958", "jose@example.com",
     "1980-05-17", "2019-03-02", "@vip; kayak club", "=1+1 is what he said\nsecond line"],
    ["C-2", "'Tis", "Müller", "", "(201) 555-0123", "", "--02-29", "", "", "'quoted' note"],
    ["C-3", "Łukasz", "+Plus", "", "", "luke@example.com", "", "", "", ""],
]  # fmt: skip
VALUE_COLUMNS = (
    "external_ref", "first_name", "last_name", "preferred_name", "phone", "phone_digits",
    "email", "birthday_month", "birthday_day", "birthday_year", "customer_since",
)  # fmt: skip


def snapshot(db: Database) -> list[tuple[Any, ...]]:
    """Every customer's imported values, tags and notes, in a comparable form."""
    with db.session() as s:
        found = s.scalars(
            select(Customer)
            .options(selectinload(Customer.tags), selectinload(Customer.notes))
            .order_by(Customer.first_name)
        ).all()
    return [
        (
            *(getattr(c, name) for name in VALUE_COLUMNS),
            sorted(t.name for t in c.tags),
            sorted(n.body for n in c.notes),
        )
        for c in found
    ]


@pytest.fixture
def shop(db: Database, tmp_path: Path) -> Database:
    """A shop whose customers came in through the importer (values as it stores them)."""
    report = import_file(db, write_csv(tmp_path, "in.csv", CUSTOMER_HEADER, TRICKY))
    assert report.written, report.problems
    return db


def test_csv_round_trip_lands_the_same_values_and_cells_are_spreadsheet_safe(
    shop: Database, tmp_path: Path
) -> None:
    with shop.session() as s:
        s.add(Customer(first_name="Henry", last_name="=Brown"))
    out = tmp_path / "customers.csv"
    result = export(shop, out)
    assert (result.format, result.customers) == ("csv", 4)

    with out.open(encoding="utf-8-sig", newline="") as fh:
        cells = [cell for row in csv.reader(fh) for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert '\'=HYPERLINK("x")' in cells and "'+44 20 7946 0958" in cells
    assert "''Tis" in cells and "'--02-29" in cells

    fresh = open_database(str(tmp_path / "fresh.db"))
    try:
        report = import_file(fresh, out)
        assert report.written and report.customers.new == 4, report.problems
        landed, known = snapshot(fresh), snapshot(shop)
        assert [row for row in landed if row[1] != "Henry"] == known[:1] + known[2:]
        (henry,) = [row for row in landed if row[1] == "Henry"]
        assert (henry[0], henry[2]) == ("regulars-4", "=Brown")
    finally:
        fresh.close()


def test_csv_export_reimported_into_the_same_shop_changes_nothing(
    shop: Database, db_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "customers.csv"
    with shop.session() as s:
        s.add(Customer(first_name="Ida", last_name="Noref", email="ida@example.com"))
        s.add(Customer(first_name="Henry", last_name="Nothing-Else"))
    export(shop, out)
    before = row_counts(db_path)

    report = import_file(shop, out)

    assert report.ok and not report.written
    assert report.customers.unchanged == 5
    assert row_counts(db_path) == before
    with shop.session() as s:
        henry = s.scalars(select(Customer).where(Customer.first_name == "Henry")).one()
        assert henry.external_ref is None


def test_private_and_deleted_notes_stay_out_of_the_csv_the_pinned_one_goes(
    shop: Database, tmp_path: Path
) -> None:
    with shop.session() as s:
        luke = s.scalars(select(Customer).where(Customer.external_ref == "C-3")).one()
        s.add_all(
            [
                Note(customer=luke, body="Pinned hello", pinned=True),
                Note(customer=luke, body="Divorce, don't ask", private=True),
                Note(customer=luke, body="Binned", deleted_at=datetime(2024, 1, 1)),
            ]
        )
    out = tmp_path / "c.csv"
    export(shop, out)
    text = out.read_text(encoding="utf-8-sig")
    assert "Pinned hello" in text
    assert "Divorce" not in text and "Binned" not in text


def test_vcard_export_is_valid_folded_4_0_and_imports_back(shop: Database, tmp_path: Path) -> None:
    with shop.session() as s:
        jose = s.scalars(select(Customer).where(Customer.email == "jose@example.com")).one()
        jose.address_line, jose.town = "12 High St; Apt 2", "Springfield"
        s.add(
            Occasion(customer=jose, kind=OccasionKind.ANNIVERSARY, label="Wedding", month=6, day=11)
        )
        s.add(Note(customer=jose, body="A very long note " * 10, pinned=True))
    out = tmp_path / "all.vcf"
    assert export(shop, out).format == "vcard"

    raw = out.read_bytes()
    lines = raw.split(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    text = raw.decode()
    assert text.count("BEGIN:VCARD") == 3 and "VERSION:4.0" in text
    assert "BDAY:19800517" in text and "BDAY:--0229" in text and "ANNIVERSARY:--0611" in text
    assert "ADR:;;12 High St\\; Apt 2;Springfield;;;" in text
    assert "CATEGORIES:@vip,kayak club" in text

    fresh = open_database(str(tmp_path / "fresh.db"))
    try:
        report = import_file(fresh, out)
        assert report.format == "vCard" and report.written, report.problems
        again = {row[6] or row[1]: row for row in snapshot(fresh)}
        before = {row[6] or row[1]: row for row in snapshot(shop)}
        for key in ("jose@example.com", "'Tis", "luke@example.com"):
            assert again[key][:10] == before[key][:10]
            assert again[key][11] == before[key][11]
        assert any("A very long note" in body for body in again["jose@example.com"][12])
    finally:
        fresh.close()


def test_one_customers_json_holds_everything_private_notes_and_revisions_included(
    shop: Database, tmp_path: Path
) -> None:
    with shop.session() as s:
        jose = s.scalars(select(Customer).where(Customer.email == "jose@example.com")).one()
        jose.photo = b"\x89PNG"
        category = Category(name="Kayaks", kind=ProductKind.DURABLE)
        kayak = Product(sku="K-1", name="Sea kayak", category=category)
        order = Purchase(customer=jose, purchased_on=date(2024, 5, 1), order_ref="O-1")
        s.add(PurchaseLine(purchase=order, product=kayak, item="Sea kayak", unit_price_cents=99))
        s.add(Relation(customer=jose, kind=RelationKind.PET, name="Rex", species="dog"))
        s.add(
            Occasion(customer=jose, kind=OccasionKind.ANNIVERSARY, label="Wedding", month=6, day=11)
        )
        secret = Note(customer=jose, body="Second wording", private=True)
        secret.revisions = [
            NoteRevision(number=1, body="First wording"),
            NoteRevision(number=2, body="Second wording", private=True),
        ]
        s.add(secret)
        s.flush()
        jose_id = jose.id
        s.add(
            Prompt(
                customer_id=jose_id,
                kind=PromptKind.FOLLOW_UP,
                source_key="purchase:1",
                text="How's the kayak?",
                due_from=date(2024, 5, 8),
                status=PromptStatus.ASKED,
                outcome="Loves it",
            )
        )
        s.add(ChangeLog(action="edit", entity="customer", customer_id=jose_id, payload="renamed"))
        s.add(
            ContactPoint(
                customer_id=jose_id,
                kind=ContactKind.PHONE,
                label=ContactLabel.WORK,
                value="(802) 555-0177",
                normalised="18025550177",
                position=1,
            )
        )
    out = tmp_path / "jose.json"

    assert main(["--db", shop.target, "export", str(out), "--customer", str(jose_id)]) == 0

    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["customer"]["first_name"] == "José" and doc["customer"]["photo"] == "iVBORw=="
    assert doc["tags"] == ["@vip", "kayak club"]
    assert [(r["kind"], r["name"], r["species"]) for r in doc["household"]] == [
        ("pet", "Rex", "dog")
    ]
    assert [o["label"] for o in doc["occasions"]] == ["Wedding"]
    assert [(c["kind"], c["label"], c["value"]) for c in doc["contact_points"]] == [
        ("phone", "work", "(802) 555-0177")
    ]
    (purchase,) = doc["purchases"]
    assert (purchase["order_ref"], purchase["purchased_on"]) == ("O-1", "2024-05-01")
    assert [(ln["item"], ln["product_sku"], ln["category_kind"]) for ln in purchase["lines"]] == [
        ("Sea kayak", "K-1", "durable")
    ]
    private = [n for n in doc["notes"] if n["private"]]
    assert [r["body"] for r in private[0]["revisions"]] == ["First wording", "Second wording"]
    assert [(p["text"], p["status"], p["outcome"]) for p in doc["prompts"]] == [
        ("How's the kayak?", "asked", "Loves it")
    ]
    assert [(e["action"], e["payload"]) for e in doc["history"]] == [("edit", "renamed")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{tmp}/missing/dir/out.csv"], "Cannot write"),
        (["{tmp}"], "it is a folder"),
        (["{tmp}/x.json"], "name them with --customer"),
        (["{tmp}/x.json", "--customer", "999"], "no customer #999"),
    ],
)
def test_refused_exports_exit_1_and_leave_nothing_behind(
    shop: Database,
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    out_dir = tmp_path / "outputs"
    out_dir.mkdir()
    (out_dir / "keep.csv").write_text("old")
    argv = [arg.format(tmp=out_dir) for arg in args]

    code = main(["--db", str(tmp_path / "shop.db"), "export", *argv])

    assert code == 1
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in out_dir.iterdir()) == ["keep.csv"]
    assert (out_dir / "keep.csv").read_text() == "old"


def test_an_existing_out_is_replaced_whole(shop: Database, tmp_path: Path) -> None:
    out = tmp_path / "customers.csv"
    out.write_text("old contents\n" * 1000)
    export(shop, out, fmt="csv")
    text = out.read_text(encoding="utf-8-sig")
    assert "old contents" not in text and text.startswith(",".join(CUSTOMER_HEADER))
    assert sorted(p.name for p in tmp_path.iterdir() if "partial" in p.name) == []


def test_quotes_and_full_width_formulas_survive_export_and_import_into_a_fresh_shop(
    db: Database, tmp_path: Path
) -> None:
    people = [
        ("'Ohana", "＝Kahale", "'Tis her shop's tenth year"),
        ("＠home", "－Minus", "＋1 for the new café"),
        ("Ann", "'00123", "'=not a formula"),
    ]
    with db.session() as s:
        for first, last, body in people:
            s.add(Customer(first_name=first, last_name=last, notes=[Note(body=body)]))
    out = tmp_path / "customers.csv"
    export(db, out)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        cells = [cell for row in csv.reader(fh) for cell in row]
    assert not [cell for cell in cells if cell.startswith(("＝", "＋", "－", "＠"))]
    fresh = open_database(str(tmp_path / "fresh.db"))
    try:
        assert import_file(fresh, out).written
        with fresh.session() as s:
            landed = {
                (c.first_name, c.last_name, c.notes[0].body)
                for c in s.scalars(select(Customer).options(selectinload(Customer.notes)))
            }
    finally:
        fresh.close()
    assert landed == set(people)


def test_an_export_never_replaces_the_book_its_journal_or_a_backup(
    shop: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = backup_to(db_path, tmp_path / "copy.db")
    before = {p: p.read_bytes() for p in (db_path, backup)}
    for out in (db_path, backup, tmp_path / "shop.db-wal", tmp_path / "shop.db-shm"):
        code = main(["--db", str(db_path), "export", str(out), "--format", "csv"])
        assert code == 1, out
        assert "choose another file name" in capsys.readouterr().err.casefold()
    assert {p: p.read_bytes() for p in before} == before
    assert main(["--db", str(db_path), "search", "ada"]) in (0, 1)
