"""Any other CSV through a column mapping: guessed, confirmed with --map, kept as a preset."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.db import Database
from app.errors import RegularsError
from app.importing import import_file
from app.importing.mapping import (
    PRESET_PREFIX,
    Mapping,
    guess_mapping,
    parse_mapping,
    save_preset,
)
from app.models import Customer, Purchase, PurchaseLine, Setting

TILL_HEADER = ["Cust #", "Given", "Surname", "E-mail", "Mobile", "DOB", "Loyalty pts"]
TILL_ROWS = [
    ["'00123", "Ana", "Lima", "ana@example.com", "(201) 555-0100", "05/17/1980", "40"],
    ["00124", "Ben", "Okafor", "", "201-555-0101", "", "0"],
]
CONFIRMED = "customer_ref=cust_#,first_name=given,last_name=surname,email=e_mail,phone=mobile"


def write_csv(folder: Path, name: str, header: list[str], rows: list[list[str]]) -> Path:
    path = folder / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def till_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path, "till.csv", TILL_HEADER, TILL_ROWS)


def customers(db: Database) -> list[tuple[str | None, str, str, str | None, int | None]]:
    with db.session() as s:
        rows = s.execute(
            select(
                Customer.external_ref,
                Customer.first_name,
                Customer.last_name,
                Customer.email,
                Customer.birthday_month,
            ).order_by(Customer.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_the_guess_maps_common_names_and_aliases(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "odd.csv",
        ["Family name", "First", "E-mail", "Mobile", "DOB", "Cust #", "Shoe size"],
        [],
    )
    assert guess_mapping(path).fields() == {
        "customer_ref": "cust_#",
        "first_name": "first",
        "last_name": "family_name",
        "phone": "mobile",
        "email": "e_mail",
        "birthday": "dob",
    }


def test_a_purchases_file_is_guessed_as_purchases(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path, "sales.csv", ["Receipt No", "Sale date", "E-mail", "Product", "Qty", "Each"], []
    )
    assert guess_mapping(path).fields() == {
        "email": "e_mail",
        "date": "sale_date",
        "order_ref": "receipt_no",
        "item": "product",
        "quantity": "qty",
        "price": "each",
    }


def test_an_unknown_header_without_a_mapping_is_refused_with_the_guess(
    db: Database, till_csv: Path
) -> None:
    with pytest.raises(RegularsError, match=r"is not a Regulars CSV.*Guessed column mapping: "):
        import_file(db, till_csv)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Customer)) == 0


def test_a_mapping_reads_the_file_and_leaves_unmapped_columns_noted(
    db: Database, till_csv: Path
) -> None:
    mapping = parse_mapping(CONFIRMED + ",birthday=dob")
    report = import_file(db, till_csv, mapping=mapping)
    assert report.ok and report.written
    assert report.customers.new == 2
    assert any("loyalty_pts" in notice for notice in report.notices)
    assert customers(db) == [
        ("00123", "Ana", "Lima", "ana@example.com", 5),
        ("00124", "Ben", "Okafor", None, None),
    ]
    again = import_file(db, till_csv, mapping=mapping)
    assert again.customers.unchanged == 2 and not again.written


def test_a_mapping_naming_a_missing_column_is_refused(db: Database, till_csv: Path) -> None:
    with pytest.raises(RegularsError, match=r"names column.*nickname"):
        import_file(db, till_csv, mapping=parse_mapping("first_name=nickname"))


def test_a_mapping_with_an_unknown_field_is_refused() -> None:
    with pytest.raises(RegularsError, match="'shoe_size' in the mapping is not a field"):
        parse_mapping("shoe_size=Shoe size")


def test_a_saved_preset_maps_the_same_tills_file_next_time(
    db: Database, tmp_path: Path, till_csv: Path
) -> None:
    save_preset(db, till_csv, parse_mapping(CONFIRMED))
    with db.session() as s:
        keys = list(s.scalars(select(Setting.key).where(Setting.key.like(PRESET_PREFIX + "%"))))
    assert len(keys) == 1
    next_month = write_csv(
        tmp_path, "next.csv", TILL_HEADER, [["00125", "Cy", "Berg", "cy@example.com", "", "", ""]]
    )
    report = import_file(db, next_month)
    assert report.written and report.format == "CSV with a column mapping (customers)"
    assert customers(db)[-1] == ("00125", "Cy", "Berg", "cy@example.com", None)


def test_purchases_through_a_mapping_land_on_their_customer(
    db: Database, tmp_path: Path, till_csv: Path
) -> None:
    import_file(db, till_csv, mapping=parse_mapping(CONFIRMED))
    sales = write_csv(
        tmp_path,
        "sales.csv",
        ["Receipt", "Sale date", "E-mail", "Product", "Qty", "Each"],
        [
            ["R-1", "2024-05-01", "ana@example.com", "Paddle", "2", "$49.50"],
            ["R-1", "2024-05-01", "ana@example.com", "Sea kayak", "1", "1,299.00"],
        ],
    )
    report = import_file(db, sales, mapping=guess_mapping(sales))
    assert report.written and report.purchases.new == 2
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Purchase)) == 1
        assert set(s.scalars(select(PurchaseLine.unit_price_cents))) == {4950, 129900}


def test_the_command_line_maps_saves_the_preset_and_refuses_unknown_files(
    db_path: Path, db: Database, till_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "import", str(till_csv)]) == 1
    assert "--map customer_ref=cust_#,first_name=given" in capsys.readouterr().err.replace(
        "Guessed column mapping: ", "--map "
    )
    args = ["--db", str(db_path), "import", str(till_csv), "--map", CONFIRMED, "--save-preset"]
    assert main(args) == 0
    assert main(["--db", str(db_path), "import", str(till_csv)]) == 0
    assert "already imported" in capsys.readouterr().out
    assert len(customers(db)) == 2


def test_the_mapping_reads_back_as_the_text_the_owner_types() -> None:
    mapping = Mapping((("first_name", "given"), ("email", "e_mail")))
    assert parse_mapping(mapping.as_text()) == mapping


def test_the_mapped_format_named_without_a_mapping_uses_the_preset_else_asks(
    db: Database, till_csv: Path
) -> None:
    with pytest.raises(RegularsError, match=r"needs a column mapping\. Guessed column mapping"):
        import_file(db, till_csv, fmt="mapped-csv")
    save_preset(db, till_csv, parse_mapping(CONFIRMED))
    assert import_file(db, till_csv, fmt="mapped-csv").customers.new == 2
