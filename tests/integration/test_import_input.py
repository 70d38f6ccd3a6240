"""What an import file may hold: bytes that are not text, NULs, a customer twice, oversized
cells, negative quantities, thousands of columns. Each is refused naming its row and
column (nothing written), or read as the file meant it and said so."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db import Database
from app.errors import RegularsError
from app.i18n import use_language
from app.importing import import_file
from app.importing.mapping import parse_mapping
from app.importing.problems_csv import save_problems
from app.models import Customer, PurchaseLine
from tests.integration.test_import_formats import (
    LIGHTSPEED_R_HEADER,
    LIGHTSPEED_R_ROWS,
    SHOPIFY_CUSTOMERS,
    SHOPIFY_CUSTOMERS_HEADER,
    SHOPIFY_ORDERS,
    SHOPIFY_ORDERS_HEADER,
    SQUARE_HEADER,
    SQUARE_ROWS,
    SQUARE_SALES,
    SQUARE_SALES_HEADER,
    VCARDS,
    csv_bytes,
)
from tests.integration.test_import_mapping import CONFIRMED, TILL_HEADER, TILL_ROWS
from tests.integration.test_import_regulars_csv import row_counts

HEADER = b"customer_ref,first_name,last_name,note\r\n"


def names(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(Customer.first_name).order_by(Customer.id)))


def refused(db: Database, db_path: Path, path: Path) -> list[tuple[int, str, str]]:
    """Import ``path``: it must be refused with nothing written; its problems."""
    before = row_counts(db_path)
    report = import_file(db, path)
    assert not report.written
    assert row_counts(db_path) == before
    return [(p.row, p.column, p.reason) for p in report.problems]


@pytest.mark.parametrize(
    "rows",
    [
        # the broken byte comes after UTF-8 lines
        "C-1,Zoë,Ng,\r\n".encode() + b"C-2,Ann,Lee,caf\xe9 au lait\r\n",
        # the broken byte is the first non-ASCII one; UTF-8 follows
        b"C-2,Ann,Lee,caf\xe9 au lait\r\n" + "C-1,Zoë,Ng,\r\n".encode(),
    ],
    ids=["after-utf8", "before-utf8"],
)
def test_a_byte_that_is_not_utf8_is_refused_naming_row_and_column(
    db: Database, db_path: Path, tmp_path: Path, rows: bytes
) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(HEADER + rows)
    problems = refused(db, db_path, path)
    assert [(row, column) for row, column, _ in problems] == [
        (2 if rows.startswith(b"C-2") else 3, "note")
    ]
    assert "0xE9" in problems[0][2] and "UTF-8" in problems[0][2]
    assert "\ufffd" not in repr(problems)


def test_a_windows_1252_file_is_read_as_such_and_the_report_says_so(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(HEADER + "C-1,José,Muñoz,“smart quotes” – 5 €\r\n".encode("cp1252"))
    report = import_file(db, path)
    assert report.written, report.problems
    assert names(db) == ["José"]
    assert any("Windows-1252" in notice for notice in report.notices)


def test_a_byte_neither_utf8_nor_windows_1252_has_is_refused(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(HEADER + b"C-1,Jos\xe9,Lee,\r\nC-2,Ann,\x81Lee,\r\n")
    problems = refused(db, db_path, path)
    assert [(row, column) for row, column, _ in problems] == [(2, "first_name"), (3, "last_name")]
    assert "0xE9" in problems[0][2] and "0x81" in problems[1][2]


def test_a_nul_byte_in_a_cell_is_refused_naming_row_and_column(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(HEADER + b"C-1,Ann,Lee,\r\nC-2,Bo\x00b,Lee,fine\r\n")
    problems = refused(db, db_path, path)
    assert [(row, column) for row, column, _ in problems] == [(3, "first_name")]
    assert "NUL" in problems[0][2]


def test_a_nul_byte_in_a_till_export_or_a_vcard_is_refused(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    shopify = tmp_path / "customers_export.csv"
    rows = [list(row) for row in SHOPIFY_CUSTOMERS]
    rows[1][2] = "Mül\x00ler"
    shopify.write_bytes(csv_bytes(SHOPIFY_CUSTOMERS_HEADER, rows))
    assert [(row, column) for row, column, _ in refused(db, db_path, shopify)] == [(3, "Last Name")]
    card = tmp_path / "contacts.vcf"
    card.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\nUID:u-1\r\n"
        b"NOTE:half\x00way\r\nEND:VCARD\r\n"
    )
    problems = refused(db, db_path, card)
    assert [(row, column) for row, column, _ in problems] == [(6, "NOTE")]
    assert "NUL" in problems[0][2]


def test_a_vcard_byte_that_is_not_text_is_refused(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    card = tmp_path / "contacts.vcf"
    card.write_bytes(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ng\r\nUID:u-1\r\nEND:VCARD\r\n".encode()
        + b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\xff Lee\r\nUID:u-2\r\nEND:VCARD\r\n"
    )
    problems = refused(db, db_path, card)
    # without its unreadable FN the card names nobody, so it is not stored nameless either
    assert [(row, column) for row, column, _ in problems] == [(8, "FN"), (6, "N")]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (b"customer_ref,first_name,last\x00name", r"row 1, column 3: .*NUL"),
        (b"customer_ref,first_name,last_name,no\x81te", r"row 1, column 4: .*0x81"),
    ],
)
def test_a_header_that_is_not_text_is_refused_naming_row_1(
    db: Database, tmp_path: Path, header: bytes, message: str
) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(header + b"\r\nC-1,Ann,Lee,\r\n")
    with pytest.raises(RegularsError, match=message):
        import_file(db, path)


def only_problem(db: Database, db_path: Path, path: Path, data: bytes) -> tuple[int, str, str]:
    """Import ``data`` saved as ``path``: refused for exactly one problem, which is returned."""
    path.write_bytes(data)
    problems = refused(db, db_path, path)
    assert len(problems) == 1, problems
    return problems[0]


def _twice(header: list[str], rows: list[list[str]], ref_column: str) -> bytes:
    """The rows with the first one's reference given to the last one too."""
    at = header.index(ref_column)
    last = list(rows[-1])
    last[at] = rows[0][at]
    return csv_bytes(header, [*rows[:-1], last])


@pytest.mark.parametrize(
    ("name", "data", "column", "rows"),
    [
        (
            "regulars.csv",
            HEADER + b"C-1,Ann,Lee,\r\nC-2,Bo,Ng,\r\nC-1,Ann,Leigh,\r\n",
            "customer_ref",
            (2, 4),
        ),
        (
            "customers_export.csv",
            _twice(SHOPIFY_CUSTOMERS_HEADER, SHOPIFY_CUSTOMERS, "Customer ID"),
            "Customer ID",
            (2, 1 + len(SHOPIFY_CUSTOMERS)),
        ),
        (
            "square.csv",
            csv_bytes(SQUARE_HEADER, [SQUARE_ROWS[1], SQUARE_ROWS[0], SQUARE_ROWS[1]]),
            "Reference ID or Square Customer ID",
            (2, 4),
        ),
        (
            "lightspeed.csv",
            _twice(LIGHTSPEED_R_HEADER, LIGHTSPEED_R_ROWS, "Customer ID"),
            "Customer ID",
            (2, 1 + len(LIGHTSPEED_R_ROWS)),
        ),
        (
            "contacts.vcf",
            (VCARDS + VCARDS.split("END:VCARD\r\n")[0] + "END:VCARD\r\n").encode(),
            "UID",
            (1, 1 + VCARDS.count("\r\n")),
        ),
    ],
    ids=["regulars", "shopify", "square", "lightspeed", "vcard"],
)
def test_the_same_reference_twice_in_a_file_is_refused_naming_both_rows(
    db: Database,
    db_path: Path,
    tmp_path: Path,
    name: str,
    data: bytes,
    column: str,
    rows: tuple[int, int],
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    problems = refused(db, db_path, path)
    first, second = rows
    assert [(row, col) for row, col, _ in problems] == [(second, column)]
    assert f"row {first}" in problems[0][2]


def test_skip_bad_leaves_the_second_row_of_a_reference_out_naming_both_rows(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "till.csv"
    path.write_bytes(HEADER + b"C-1,Ann,Lee,\r\nC-2,Bo,Ng,\r\nC-1,Ann,Leigh,\r\n")
    report = import_file(db, path, skip_bad=True)
    assert report.written and report.problems_file == str(tmp_path / "till.problems.csv")
    with db.session() as session:
        landed = list(session.execute(select(Customer.external_ref, Customer.last_name)))
    assert sorted(landed) == [("C-1", "Lee"), ("C-2", "Ng")]
    with (tmp_path / "till.problems.csv").open(encoding="utf-8-sig", newline="") as fh:
        [left_out] = list(csv.DictReader(fh))
    assert left_out["last_name"] == "Leigh"
    assert "row 2" in left_out["reason"] and "row 4" in left_out["reason"]


def test_the_rows_left_out_and_the_problem_list_are_headed_in_german_in_a_german_shop(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "till.csv"
    path.write_bytes(HEADER + b"C-1,Ann,Lee,\r\nC-1,Ann,Leigh,\r\n")
    use_language("de")
    try:
        report = import_file(db, path, skip_bad=True)
        save_problems(report, tmp_path / "list.csv")
    finally:
        use_language("en")
    with (tmp_path / "till.problems.csv").open(encoding="utf-8-sig", newline="") as fh:
        [left_out] = list(csv.DictReader(fh))
    assert left_out["last_name"] == "Leigh" and "Zeile 2" in left_out["Grund"]
    with (tmp_path / "list.csv").open(encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh)) == ["Datei", "Zeile", "Spalte", "Grund"]


def test_skip_bad_never_writes_over_a_problems_file_and_one_imported_again_keeps_one_reason(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "till.csv"
    path.write_bytes(HEADER + b"C-1,Ann,Lee,\r\nC-1,Ann,Leigh,\r\nC-1,Ann,Lea,\r\n")
    first = import_file(db, path, skip_bad=True).problems_file
    assert first == str(tmp_path / "till.problems.csv")
    fixing = Path(first).read_bytes()
    second = import_file(db, path, skip_bad=True).problems_file
    assert second == str(tmp_path / "till.problems-2.csv")
    assert Path(first).read_bytes() == fixing  # the owner's fixes there are kept
    third = import_file(db, Path(first), skip_bad=True).problems_file
    assert third == str(tmp_path / "till.problems-3.csv")
    with Path(third).open(encoding="utf-8-sig", newline="") as fh:
        header, row = list(csv.reader(fh))
    assert header.count("reason") == 1 and header[-1] == "reason"
    assert len(row) == len(header) and row[2] == "Lea" and "row 2" in row[-1]


def test_the_same_reference_twice_in_a_mapped_file_is_refused(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "till.csv"
    path.write_bytes(
        _twice(TILL_HEADER, [*TILL_ROWS, ["'00123", "Cy", "Ro", "", "", "", ""]], "Cust #")
    )
    before = row_counts(db_path)
    report = import_file(db, path, mapping=parse_mapping(CONFIRMED))
    assert [(p.row, p.column) for p in report.problems] == [(4, "Cust #")]
    assert "row 2" in report.problems[0].reason
    assert row_counts(db_path) == before


def test_a_reference_already_in_the_book_is_still_updated_from_one_row(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "regulars.csv"
    path.write_bytes(HEADER + b"C-1,Ann,Lee,\r\n")
    assert import_file(db, path).written
    path.write_bytes(HEADER + b"C-1,Ann,Leigh,\r\n")
    report = import_file(db, path)
    assert report.written and report.customers.updated == 1


def _with(rows: list[list[str]], at: int, column: int, value: str) -> list[list[str]]:
    changed = [list(row) for row in rows]
    changed[at][column] = value
    return changed


LONG_NOTE = "Talks about the allotment. " * 1_000  # 27,000 characters


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        (
            "contacts.vcf",
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nUID:u-1\r\nNOTE:{LONG_NOTE}\r\n"
            "END:VCARD\r\n".encode(),
            (1, "NOTE"),
        ),
        (
            "big.vcf",
            b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nUID:u-1\r\nNOTE:"
            + b"x" * 3_000_000
            + b"\r\nEND:VCARD\r\n",
            (1, "NOTE"),
        ),
        ("regulars.csv", HEADER + f"C-1,Ann,Lee,{LONG_NOTE}\r\n".encode(), (2, "note")),
        ("names.csv", HEADER + b"C-1," + b"A" * 101 + b",Lee,\r\n", (2, "first_name")),
        (
            "tags.csv",
            b"customer_ref,first_name,tags\r\nC-1,Ann,vip;" + b"t" * 101 + b"\r\n",
            (2, "tags"),
        ),
        (
            "customers_export.csv",
            csv_bytes(SHOPIFY_CUSTOMERS_HEADER, [[*SHOPIFY_CUSTOMERS[0][:17], LONG_NOTE, "", ""]]),
            (2, "Note"),
        ),
        (
            "lightspeed.csv",
            csv_bytes(LIGHTSPEED_R_HEADER, [["1001", "Ann", "L" * 120, *LIGHTSPEED_R_ROWS[0][3:]]]),
            (2, "Last Name"),
        ),
        (
            "orders_export.csv",
            csv_bytes(
                SHOPIFY_ORDERS_HEADER,
                _with(SHOPIFY_ORDERS, 1, SHOPIFY_ORDERS_HEADER.index("Lineitem name"), "P" * 201),
            ),
            (3, "Lineitem name"),
        ),
    ],
    ids=[
        "vcard-note",
        "vcard-3mb-note",
        "csv-note",
        "csv-name",
        "csv-tag",
        "shopify",
        "lightspeed",
        "item",
    ],
)
def test_a_value_longer_than_its_field_is_refused_in_every_reader(
    db: Database, db_path: Path, tmp_path: Path, name: str, data: bytes, problem: tuple[int, str]
) -> None:
    row, column, reason = only_problem(db, db_path, tmp_path / name, data)
    assert (row, column) == problem
    assert "characters long; at most" in reason


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        (
            "purchases.csv",
            b"customer_ref,date,item,quantity\r\nC-1,2024-05-01,Kayak,-1\r\n",
            (2, "quantity"),
        ),
        (
            "orders_export.csv",
            csv_bytes(
                SHOPIFY_ORDERS_HEADER,
                _with(SHOPIFY_ORDERS, 1, SHOPIFY_ORDERS_HEADER.index("Lineitem quantity"), "-2"),
            ),
            (3, "Lineitem quantity"),
        ),
        (
            "items.csv",
            csv_bytes(
                SQUARE_SALES_HEADER,
                _with(SQUARE_SALES, 1, SQUARE_SALES_HEADER.index("Qty"), "-1"),
            ),
            (3, "Qty"),
        ),
    ],
    ids=["regulars", "shopify-orders", "square-payment"],
)
def test_a_quantity_below_zero_is_refused_where_the_format_has_no_returns(
    db: Database, db_path: Path, tmp_path: Path, name: str, data: bytes, problem: tuple[int, str]
) -> None:
    row, column, reason = only_problem(db, db_path, tmp_path / name, data)
    assert (row, column) == problem
    assert "below zero" in reason


def test_a_quantity_below_zero_in_a_mapped_file_is_refused(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "till.csv"
    path.write_bytes(b"Cust #,Sold on,Product,Qty\r\n00123,2024-05-01,Kayak,-1\r\n")
    before = row_counts(db_path)
    mapping = parse_mapping("customer_ref=cust_#,date=sold_on,item=product,quantity=qty")
    report = import_file(db, path, mapping=mapping)
    assert [(p.row, p.column) for p in report.problems] == [(2, "Qty")]
    assert row_counts(db_path) == before


def test_a_square_refund_line_is_kept_as_a_return(db: Database, tmp_path: Path) -> None:
    header = SQUARE_SALES_HEADER
    refund = list(SQUARE_SALES[1])
    for column, value in (
        ("Date", "05/03/2024"),
        ("Qty", "-1"),
        ("Gross Sales", "-$4.50"),
        ("Net Sales", "-$4.50"),
        ("Transaction ID", "T9"),
        ("Event Type", "Refund"),
    ):
        refund[header.index(column)] = value
    path = tmp_path / "items.csv"
    path.write_bytes(csv_bytes(header, [*SQUARE_SALES, refund]))
    report = import_file(db, path)
    assert report.written, report.problems
    with db.session() as session:
        returned = session.scalars(select(PurchaseLine).where(PurchaseLine.quantity < 0)).all()
        assert [(line.item, line.quantity, line.unit_price_cents) for line in returned] == [
            ("Grit", -1.0, 450)
        ]


WIDE = 2_000


def test_a_file_with_thousands_of_columns_imports(db: Database, tmp_path: Path) -> None:
    extra = [f"Custom field {i}" for i in range(WIDE)]
    path = tmp_path / "wide.csv"
    path.write_bytes(
        csv_bytes(["customer_ref", "first_name", *extra], [["C-1", "Ann", *("x" * WIDE)]])
    )
    report = import_file(db, path)
    assert report.written and names(db) == ["Ann"]
    assert "Custom field 1999" in report.notices[0]
    shopify = tmp_path / "customers_export.csv"
    shopify.write_bytes(
        csv_bytes(
            [*SHOPIFY_CUSTOMERS_HEADER, *extra],
            [[*row, *("y" * WIDE)] for row in SHOPIFY_CUSTOMERS],
        )
    )
    assert import_file(db, shopify).written


def test_thousands_of_repeated_or_unknown_columns_are_refused_with_a_reason(
    db: Database, tmp_path: Path
) -> None:
    repeated = tmp_path / "repeated.csv"
    repeated.write_bytes(csv_bytes(["customer_ref", "first_name", *["note"] * WIDE], []))
    with pytest.raises(RegularsError, match=r"the column\(s\) note appear twice"):
        import_file(db, repeated)
    unknown = tmp_path / "unknown.csv"
    unknown.write_bytes(csv_bytes([f"Column {i}" for i in range(WIDE)], [["x"] * WIDE]))
    with pytest.raises(RegularsError, match="No column could be matched"):
        import_file(db, unknown)


def test_a_purchase_line_longer_than_its_fields_is_refused_naming_each(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    customers = tmp_path / "customers.csv"
    customers.write_bytes(HEADER + b"C-1,Ann,Lee,\r\n")
    assert import_file(db, customers).written
    path = tmp_path / "purchases.csv"
    path.write_bytes(
        b"customer_ref,date,item,order_ref,sku,category\r\n"
        + b"C-1,2024-05-01,Kayak,O-1,K-1,Boats\r\n"
        + b"C-1,2024-05-01,"
        + b"Kayak " * 40
        + b",O-1,K-2,Boats\r\n"
        + b"C-1,2024-05-02,Paddle,"
        + b"O" * 101
        + b",P-1,Boats\r\n"
        + b"C-1,2024-05-01,Seat,O-1,"
        + b"S" * 101
        + b","
        + b"C" * 101
        + b"\r\n"
    )
    problems = refused(db, db_path, path)
    assert [(row, column) for row, column, _ in problems] == [
        (3, "item"),
        (4, "order_ref"),
        (5, "sku"),
        (5, "category"),
    ]


def test_a_nul_in_a_column_nobody_imports_is_no_reason_to_refuse(
    db: Database, tmp_path: Path
) -> None:
    rows = _with(SHOPIFY_CUSTOMERS, 0, SHOPIFY_CUSTOMERS_HEADER.index("Total Spent"), "12\x00")
    path = tmp_path / "customers_export.csv"
    path.write_bytes(csv_bytes(SHOPIFY_CUSTOMERS_HEADER, rows))
    report = import_file(db, path)
    assert report.written, report.problems


def test_a_cell_longer_than_csv_can_hold_is_refused_in_plain_words(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(HEADER + b"C-1,Ann,Lee,short\r\nC-2,Bo,Ng," + b"x" * 2_000_000 + b"\r\n")
    before = row_counts(db_path)
    with pytest.raises(RegularsError, match=r"row 3: a cell is over 131,072 characters long"):
        import_file(db, path)
    assert row_counts(db_path) == before
