"""Tills' own exports and vCards imported as they come, quirks and all, on real files."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.db import Database
from app.errors import RegularsError
from app.importing import import_file
from app.models import Customer, Purchase
from tests.integration.test_import_regulars_csv import row_counts

SHOPIFY_CUSTOMERS_HEADER = [
    "Customer ID", "First Name", "Last Name", "Email", "Accepts Email Marketing",
    "Default Address Company", "Default Address Address1", "Default Address Address2",
    "Default Address City", "Default Address Province Code", "Default Address Country Code",
    "Default Address Zip", "Default Address Phone", "Phone", "Accepts SMS Marketing",
    "Total Spent", "Total Orders", "Note", "Tax Exempt", "Tags",
]  # fmt: skip
SHOPIFY_CUSTOMERS = [
    ["'7040001", "José", "O'Brien", "jose@example.com", "yes", "", "12 High St", "Apt 2",
     "Springfield", "MA", "US", "'01103", "", "'+12015550123", "no", "1299.00", "3",
     "Knee surgery in May\nask how it went", "no", "VIP, kayak club"],
    ["'7040002", "Zoë", "Müller", "zoe@example.com", "no", "", "", "", "", "", "", "", "",
     "", "no", "0.00", "0", "", "no", ""],
]  # fmt: skip
OLD_SHOPIFY_HEADER = [
    "First Name", "Last Name", "Email", "Company", "Address1", "Address2", "City",
    "Province", "Province Code", "Country", "Country Code", "Zip", "Phone",
    "Accepts Marketing", "Total Spent", "Total Orders", "Tags", "Note", "Tax Exempt",
]  # fmt: skip
SHOPIFY_ORDERS_HEADER = [
    "Name", "Email", "Financial Status", "Paid at", "Accepts Marketing", "Currency",
    "Subtotal", "Total", "Created at", "Lineitem quantity", "Lineitem name",
    "Lineitem price", "Lineitem sku", "Billing Name", "Billing Phone", "Id",
]  # fmt: skip
SHOPIFY_ORDERS = [
    ["#1001", "jose@example.com", "paid", "2024-05-01 10:15:00 -0400", "yes", "USD",
     "1398.00", "1398.00", "2024-05-01 10:15:00 -0400", "1", "Sea kayak", "1,299.00",
     "K-100", "José O'Brien", "'+12015550123", "'5550001"],
    ["#1001", "", "", "", "", "", "", "", "", "2", "Paddle", "49.50", "P-1", "", "", ""],
    ["#1002", "", "paid", "2024-05-02 09:00:00 -0400", "", "USD", "5.00", "5.00",
     "2024-05-02 09:00:00 -0400", "1", "Gift card", "5.00", "", "", "", "'5550002"],
    ["#1003", "ann@example.com", "paid", "", "no", "USD", "12.50", "12.50",
     "2024-06-03 17:45:00 +0200", "1", "Bird seed 5kg", "$12.50", "", "Mary Ann Lee", "",
     "'5550003"],
]  # fmt: skip
SQUARE_HEADER = [
    "Reference ID", "First Name", "Surname", "Nickname", "Email Address", "Phone Number",
    "Company Name", "Street Address 1", "Street Address 2", "City", "State", "Postal Code",
    "Birthday", "Memo", "Square Customer ID", "Creation Source", "First Visit", "Last Visit",
    "Transaction Count", "Total Spend", "Email Subscription Status", "Groups",
]  # fmt: skip
SQUARE_ROWS = [
    ["", "Katarzyna", "Wiśniewska", "Kasia", "kasia@example.com", "(802) 555-0101", "", "",
     "", "", "", "", "17.05.1985", "Farm account", "SQ1", "Directory", "13.02.2021",
     "01.03.2024", "12", "£1.234,50", "Subscribed", "Farm, Regulars"],
    ["R-7", "Henry", "Brown", "", "", "802 555 0102", "Brown & Sons", "1 Mill Rd", "",
     "Harlow", "VT", "05001", "03.04", "", "SQ2", "Directory", "04.03.2021", "", "1",
     "£5,00", "Unknown", ""],
]  # fmt: skip
VCARDS = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\n"
    "N:Lee;Ann;Marie;;\r\n"
    "FN:Ann Marie Lee\r\n"
    "NICKNAME:Annie\r\n"
    "TEL;TYPE=HOME:802 555 0103\r\n"
    "TEL;TYPE=CELL,pref:802 555 0104\r\n"
    "item1.EMAIL;TYPE=INTERNET:ann@example.com\r\n"
    "ADR;TYPE=HOME:;;3 Elm St;Harlow;VT;05001;USA\r\n"
    "BDAY;X-APPLE-OMIT-YEAR=1604:1604-12-24\r\n"
    "X-ANNIVERSARY:2005-06-11\r\n"
    "CATEGORIES:Regulars,Bird club\r\n"
    "NOTE:Feeds the robins\\, not the crows.\\nAsk about the new feed\r\n"
    " er.\r\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:4.0\r\n"
    "FN:Tom Baker\r\n"
    "TEL;VALUE=uri;PREF=1:tel:+1-802-555-0105\r\n"
    "BDAY:19700228\r\n"
    "ANNIVERSARY:--0611\r\n"
    "RELATED;TYPE=spouse:Sarah\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;Zo=C3=AB;;;\r\n"
    "EMAIL:zoe@example.com\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "FN:Nameonly Person\r\n"
    "END:VCARD\r\n"
)


def csv_bytes(
    header: list[str], rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8-sig"
) -> bytes:
    """A CSV as a till or a spreadsheet saves it (CRLF, every cell quoted when needed)."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def customers(db: Database) -> dict[str, Customer]:
    """Every customer by email (else by first name), with tags, notes and purchases."""
    with db.session() as s:
        found = s.scalars(
            select(Customer).options(
                selectinload(Customer.tags),
                selectinload(Customer.notes),
                selectinload(Customer.purchases).selectinload(Purchase.lines),
            )
        ).all()
    return {c.email or c.first_name: c for c in found}


def imported_twice(db: Database, db_path: Path, path: Path, fmt: str) -> None:
    """Import ``path``: recognised as ``fmt``, written; the same file again changes nothing."""
    report = import_file(db, path)
    assert report.format == fmt
    assert report.ok and report.written, report.problems
    before = row_counts(db_path)
    again = import_file(db, path)
    assert again.ok and not again.written
    assert (again.customers.new, again.customers.updated) == (0, 0)
    assert again.purchases.new == 0
    assert row_counts(db_path) == before


def test_shopify_customers_with_bom_quoted_newlines_and_apostrophe_ids(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "customers_export.csv"
    path.write_bytes(csv_bytes(SHOPIFY_CUSTOMERS_HEADER, SHOPIFY_CUSTOMERS))
    imported_twice(db, db_path, path, "Shopify customers export")

    people = customers(db)
    jose, zoe = people["jose@example.com"], people["zoe@example.com"]
    assert (jose.external_ref, jose.first_name, jose.last_name) == ("7040001", "José", "O'Brien")
    assert (jose.phone, jose.phone_digits) == ("(201) 555-0123", "12015550123")
    assert sorted(t.name for t in jose.tags) == ["VIP", "kayak club"]
    assert [n.body for n in jose.notes] == [
        "Knee surgery in May\nask how it went\nEmail marketing: yes"
    ]
    assert (jose.address_line, jose.town) == ("12 High St, Apt 2", "Springfield, MA 01103, US")
    assert [n.body for n in zoe.notes] == ["Email marketing: no"]


def test_older_shopify_customers_saved_by_excel_in_cp1252_with_semicolons(
    db: Database, tmp_path: Path
) -> None:
    row = ["Zoë", "Müller", "zoe@example.com", "", "", "", "Köln", "", "", "Germany", "DE", "",
           "+49 221 123456", "no", "0.00", "0", "Stammkundin", "Grüße an Hans", "no"]  # fmt: skip
    path = tmp_path / "customers.csv"
    path.write_bytes(csv_bytes(OLD_SHOPIFY_HEADER, [row], delimiter=";", encoding="cp1252"))

    report = import_file(db, path)

    assert report.format == "Shopify customers export" and report.written
    zoe = customers(db)["zoe@example.com"]
    assert (zoe.first_name, zoe.last_name, zoe.phone) == ("Zoë", "Müller", "+49 221 123456")
    assert [t.name for t in zoe.tags] == ["Stammkundin"]
    assert [n.body for n in zoe.notes] == ["Grüße an Hans\nEmail marketing: no"]
    assert (zoe.address_line, zoe.town) == (None, "Köln, DE")


def test_shopify_orders_one_row_per_line_item_order_columns_carried_down(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "orders_export.csv"
    path.write_bytes(csv_bytes(SHOPIFY_ORDERS_HEADER, SHOPIFY_ORDERS))
    imported_twice(db, db_path, path, "Shopify orders export")

    report = import_file(db, path, dry_run=True)
    assert any("1 line item with no email" in notice for notice in report.notices)
    people = customers(db)
    assert set(people) == {"jose@example.com", "ann@example.com"}
    jose, ann = people["jose@example.com"], people["ann@example.com"]
    assert (jose.first_name, jose.last_name, jose.phone_digits) == (
        "José",
        "O'Brien",
        "12015550123",
    )
    assert (ann.first_name, ann.last_name) == ("Mary Ann", "Lee")
    (order,) = jose.purchases
    assert (order.order_ref, order.purchased_on) == ("#1001", date(2024, 5, 1))
    assert sorted((ln.item, ln.quantity, ln.unit_price_cents) for ln in order.lines) == [
        ("Paddle", 2.0, 4950),
        ("Sea kayak", 1.0, 129900),
    ]
    assert [(p.order_ref, p.purchased_on) for p in ann.purchases] == [("#1003", date(2024, 6, 3))]


def test_square_directory_in_utf16_with_tabs_and_day_first_dates(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(csv_bytes(SQUARE_HEADER, SQUARE_ROWS, delimiter="\t", encoding="utf-16"))
    imported_twice(db, db_path, path, "Square customer directory export")

    people = customers(db)
    kasia, henry = people["kasia@example.com"], people["Henry"]
    assert (kasia.external_ref, kasia.preferred_name, kasia.last_name) == (
        "SQ1",
        "Kasia",
        "Wiśniewska",
    )
    assert (kasia.birthday_year, kasia.birthday_month, kasia.birthday_day) == (1985, 5, 17)
    assert kasia.customer_since == date(2021, 2, 13)
    assert sorted(t.name for t in kasia.tags) == ["Farm", "Regulars"]
    assert [n.body for n in kasia.notes] == ["Farm account\nEmail marketing: yes"]
    assert (henry.external_ref, henry.phone) == ("R-7", "(802) 555-0102")
    assert (henry.birthday_year, henry.birthday_month, henry.birthday_day) == (None, 4, 3)
    assert henry.customer_since == date(2021, 3, 4)
    assert [n.body for n in henry.notes] == ["Company: Brown & Sons"]
    assert (henry.address_line, henry.town) == ("1 Mill Rd", "Harlow, VT 05001")


def test_month_first_dates_are_told_apart_by_the_whole_column(db: Database, tmp_path: Path) -> None:
    rows = [
        ["", "Ann", "Lee", "", "ann@example.com", "", "", "", "", "", "", "", "03/04", "",
         "SQ1", "", "03/04/2021", "", "", "", "", ""],
        ["", "Bo", "Lee", "", "bo@example.com", "", "", "", "", "", "", "", "12/25/1990", "",
         "SQ2", "", "02/28/2021", "", "", "", "", ""],
    ]  # fmt: skip
    path = tmp_path / "square.csv"
    path.write_bytes(csv_bytes(SQUARE_HEADER, rows))

    assert import_file(db, path).written

    ann = customers(db)["ann@example.com"]
    assert (ann.birthday_month, ann.birthday_day) == (3, 4)
    assert ann.customer_since == date(2021, 3, 4)


def test_vcards_3_and_4_and_2_1_many_to_a_file(db: Database, db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "contacts.vcf"
    path.write_text(VCARDS, encoding="utf-8", newline="")
    imported_twice(db, db_path, path, "vCard")

    report = import_file(db, path, dry_run=True)
    assert any("Skipped 1 card with" in n and "Nameonly Person" in n for n in report.notices)
    assert any("Not imported from the vCards: PHOTO (1 card)" in n for n in report.notices)
    people = customers(db)
    assert set(people) == {"ann@example.com", "Tom", "zoe@example.com"}
    ann, tom, zoe = people["ann@example.com"], people["Tom"], people["zoe@example.com"]
    assert (ann.first_name, ann.last_name, ann.preferred_name) == ("Ann", "Lee", "Annie")
    assert ann.external_ref == "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"
    assert ann.phone == "(802) 555-0104"
    assert (ann.birthday_year, ann.birthday_month, ann.birthday_day) == (None, 12, 24)
    assert sorted(t.name for t in ann.tags) == ["Bird club", "Regulars"]
    assert [n.body for n in ann.notes] == [
        "Feeds the robins, not the crows.\nAsk about the new feeder.\nMiddle name: Marie"
    ]
    assert (ann.address_line, ann.town) == ("3 Elm St", "Harlow, VT 05001, USA")
    assert (tom.first_name, tom.last_name, tom.phone_digits) == ("Tom", "Baker", "18025550105")
    assert (tom.birthday_year, tom.birthday_month, tom.birthday_day) == (1970, 2, 28)
    assert tom.notes == []
    assert (zoe.first_name, zoe.last_name) == ("Zoë", "Müller")


def test_a_broken_vcard_refuses_the_file_naming_the_line(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "cut.vcf"
    path.write_text(
        "BEGIN:VCARD\nFN:Ann Lee\nEMAIL:ann@example.com\nBDAY:1980-13-45\nEND:VCARD\n"
        "BEGIN:VCARD\nFN:Tom\nEMAIL:tom@example.com\n",
        encoding="utf-8",
    )
    before = row_counts(db_path)

    report = import_file(db, path)

    assert not report.written
    assert [(p.row, p.column) for p in report.problems] == [(1, "BDAY"), (6, "(card)")]
    assert "cut short" in report.problems[1].reason
    assert row_counts(db_path) == before


def test_a_bad_email_in_a_till_export_refuses_it_naming_row_and_column(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    rows = [list(SHOPIFY_CUSTOMERS[0]), list(SHOPIFY_CUSTOMERS[1])]
    rows[1][3] = "zoe at example"
    path = tmp_path / "customers.csv"
    path.write_bytes(csv_bytes(SHOPIFY_CUSTOMERS_HEADER, rows))
    before = row_counts(db_path)

    report = import_file(db, path)

    assert not report.written
    assert [(p.row, p.column) for p in report.problems] == [(3, "Email")]
    assert row_counts(db_path) == before


def test_order_lines_without_a_date_or_an_item_or_with_bad_cells_are_each_named(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    """The first line of the file already lacks its date (nothing earlier to confuse it
    with), and one line has three bad cells: every one is reported."""
    undated = list(SHOPIFY_ORDERS[3])
    undated[3] = undated[8] = ""
    spoiled = list(SHOPIFY_ORDERS[0])
    spoiled[9], spoiled[10], spoiled[11] = "two", "", "lots"
    path = tmp_path / "orders_export.csv"
    path.write_bytes(csv_bytes(SHOPIFY_ORDERS_HEADER, [undated, spoiled]))
    before = row_counts(db_path)

    report = import_file(db, path)

    assert not report.written
    assert [(p.row, p.column, p.reason) for p in report.problems] == [
        (2, "Created at", "empty; every order needs the date it was created"),
        (3, "Lineitem name", "empty; every line item needs the item's name"),
        (3, "Lineitem quantity", "'two' is not a number"),
        (3, "Lineitem price", "'lots' is not an amount of money"),
    ]
    assert row_counts(db_path) == before


def test_an_order_number_used_by_two_customers_is_refused_naming_both_rows(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    again = list(SHOPIFY_ORDERS[3])
    again[0] = "#1001"
    path = tmp_path / "orders_export.csv"
    path.write_bytes(csv_bytes(SHOPIFY_ORDERS_HEADER, [*SHOPIFY_ORDERS, again]))
    before = row_counts(db_path)

    report = import_file(db, path)

    assert not report.written
    assert [(p.row, p.column, p.reason) for p in report.problems] == [
        (6, "Name", "order '#1001' is another customer's (row 2)")
    ]
    assert row_counts(db_path) == before


def test_a_named_format_that_does_not_fit_is_refused(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_bytes(csv_bytes(SHOPIFY_ORDERS_HEADER, SHOPIFY_ORDERS))
    with pytest.raises(RegularsError, match="is not a Square customer directory export"):
        import_file(db, path, fmt="square")
    with pytest.raises(RegularsError, match="is not a vCard file"):
        import_file(db, path, fmt="vcard")


SQUARE_SALES_HEADER = [
    "Date", "Time", "Time Zone", "Category", "Item", "Qty", "Price Point Name", "SKU",
    "Modifiers Applied", "Gross Sales", "Discounts", "Net Sales", "Tax", "Transaction ID",
    "Payment ID", "Device Name", "Notes", "Details", "Event Type", "Location",
    "Customer ID", "Customer Name", "Customer Reference ID",
]  # fmt: skip
SQUARE_SALES = [
    ["05/01/2024", "10:15:00", "Eastern Time", "Feed", "Layer feed 20kg", "2", "Regular",
     "'F-20", "", "$37.98", "$0.00", "$37.98", "$0.00", "T1", "P1", "Till", "", "", "Payment",
     "Main St", "SQ1", "Katarzyna Wiśniewska", ""],
    ["05/01/2024", "10:15:00", "Eastern Time", "Feed", "Grit", "1", "Regular", "", "",
     "$4.50", "$0.00", "$4.50", "$0.00", "T1", "P1", "Till", "", "", "Payment", "Main St",
     "SQ1", "Katarzyna Wiśniewska", ""],
    ["05/02/2024", "09:00:00", "Eastern Time", "Boats", "Sea kayak", "1", "Regular", "K-1",
     "", "$1,299.00", "$0.00", "$1,299.00", "$0.00", "T2", "P2", "Till", "", "", "Payment",
     "Main St", "SQ2", "Henry Brown", "R-7"],
    ["05/13/2024", "12:00:00", "Eastern Time", "Feed", "Grit", "1", "Regular", "", "",
     "$4.50", "$0.00", "$4.50", "$0.00", "T3", "P3", "Till", "", "", "Payment", "Main St",
     "", "", ""],
    ["05/13/2024", "12:30:00", "Eastern Time", "", "Gift card", "1", "Regular", "", "",
     "$25.00", "$0.00", "$25.00", "$0.00", "T4", "P4", "Till", "", "", "Payment", "Main St",
     "SQ9", "Nora Mae Quinn", ""],
]  # fmt: skip
LIGHTSPEED_R_HEADER = [
    "Customer ID", "First Name", "Last Name", "Title", "Company", "Birthday", "Address1",
    "Address2", "City", "State", "Zip", "Country", "Home", "Work", "Mobile", "Email",
    "Email 2", "Customer Type", "Notes",
]  # fmt: skip
LIGHTSPEED_R_ROWS = [
    ["1001", "Ann", "Lee", "Ms", "", "03/04/1980", "3 Elm St", "", "Harlow", "VT", "05001",
     "USA", "802 555 0103", "", "802 555 0104", "ann@example.com", "", "Regulars",
     "Prefers oat milk"],
    ["1002", "Tom", "Baker", "", "Baker Farm", "", "", "", "", "", "", "", "", "802 555 0105",
     "", "", "", "", ""],
]  # fmt: skip
LIGHTSPEED_X_HEADER = [
    "customer_code", "first_name", "last_name", "email", "phone", "mobile", "fax",
    "date_of_birth", "sex", "physical_address1", "physical_city", "physical_postcode",
    "customer_group_name", "note", "enable_loyalty", "year_to_date", "balance",
]  # fmt: skip
LIGHTSPEED_X_ROWS = [
    ["Zoe-1", "Zoë", "Müller", "zoe@example.com", "", "+49 221 123456", "", "1990-12-24", "F",
     "Ringstraße 1", "Köln", "50667", "All Customers", "", "1", "0.00", "0.00"],
]  # fmt: skip


def test_square_item_sales_link_to_the_directory_and_bring_new_buyers(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    directory = tmp_path / "customers.csv"
    directory.write_bytes(csv_bytes(SQUARE_HEADER, SQUARE_ROWS))
    assert import_file(db, directory).written
    path = tmp_path / "items.csv"
    path.write_bytes(csv_bytes(SQUARE_SALES_HEADER, SQUARE_SALES))
    imported_twice(db, db_path, path, "Square item sales export")

    report = import_file(db, path, dry_run=True)
    assert any("1 line item with no customer" in notice for notice in report.notices)
    people = customers(db)
    kasia, henry, nora = people["kasia@example.com"], people["Henry"], people["Nora Mae"]
    assert (kasia.first_name, kasia.preferred_name) == ("Katarzyna", "Kasia")
    (order,) = kasia.purchases
    assert (order.order_ref, order.purchased_on) == ("T1", date(2024, 5, 1))
    assert sorted((ln.item, ln.quantity, ln.unit_price_cents) for ln in order.lines) == [
        ("Grit", 1.0, 450),
        ("Layer feed 20kg", 2.0, 1899),
    ]
    assert [(p.order_ref, p.lines[0].unit_price_cents) for p in henry.purchases] == [("T2", 129900)]
    assert (nora.external_ref, nora.last_name) == ("SQ9", "Quinn")
    assert [p.lines[0].item for p in nora.purchases] == ["Gift card"]
    assert len(people) == 3


def test_lightspeed_retail_and_x_series_customer_exports(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    retail = tmp_path / "customers.csv"
    retail.write_bytes(csv_bytes(LIGHTSPEED_R_HEADER, LIGHTSPEED_R_ROWS, encoding="cp1252"))
    imported_twice(db, db_path, retail, "Lightspeed customer export")
    x_series = tmp_path / "customer-export.csv"
    x_series.write_bytes(csv_bytes(LIGHTSPEED_X_HEADER, LIGHTSPEED_X_ROWS, delimiter=";"))
    imported_twice(db, db_path, x_series, "Lightspeed customer export")

    people = customers(db)
    ann, tom, zoe = people["ann@example.com"], people["Tom"], people["zoe@example.com"]
    assert (ann.external_ref, ann.phone_digits) == ("1001", "18025550104")
    assert (ann.birthday_year, ann.birthday_month, ann.birthday_day) == (1980, 3, 4)
    assert [t.name for t in ann.tags] == ["Regulars"]
    assert [n.body for n in ann.notes] == ["Prefers oat milk"]
    assert (ann.address_line, ann.town) == ("3 Elm St", "Harlow, VT 05001, USA")
    assert (tom.external_ref, tom.phone_digits) == ("1002", "18025550105")
    assert [n.body for n in tom.notes] == ["Company: Baker Farm"]
    assert (zoe.external_ref, zoe.first_name, zoe.phone) == ("Zoe-1", "Zoë", "+49 221 123456")
    assert (zoe.birthday_year, zoe.birthday_month, zoe.birthday_day) == (1990, 12, 24)
    assert [t.name for t in zoe.tags] == ["All Customers"]


SQUARE_ITEM_SALES_HEADERS = {
    "2017": "Date,Time,Time Zone,Category,Item,Qty,Price Point Name,SKU,Modifiers Applied,"
    "Gross Sales,Discounts,Net Sales,Tax,Transaction ID,Payment ID,Device Name,Notes,Details,"
    "Event Type,Location,Dining Option,Customer ID,Customer Name,Customer Reference ID",
    "2026": "Date,Time,Time Zone,Category,Item,Qty,Price Point Name,SKU,Modifiers Applied,"
    "Gross Sales,Discounts,Net Sales,Tax,Transaction ID,Payment ID,Device Name,Notes,Details,"
    "Event Type,Location,Dining Option,Customer ID,Customer Name,Customer Reference ID,Unit,"
    "Count,GTIN,Itemization Type,Commission,Employee,Fulfillment Note,Channel,Token,"
    "Card Brand,PAN Suffix",
    "product sales first": "Date,Category,Item,Qty,Price Point Name,SKU,Modifiers Applied,"
    "Product Sales,Discounts,Net Sales,Tax,Gross Sales,Details,Event Type,Location,"
    "Dining Option,Customer ID,Customer Name,Itemization Type,Fulfillment Note,Channel",
}
"""Item sales headers as Square has written them over the years (seen in public code that
reads real exports)."""


@pytest.mark.parametrize("year", sorted(SQUARE_ITEM_SALES_HEADERS))
def test_square_item_sales_headers_of_every_vintage_are_recognised(
    db: Database, tmp_path: Path, year: str
) -> None:
    header = SQUARE_ITEM_SALES_HEADERS[year].split(",")
    row = dict.fromkeys(header, "") | {
        "Date": "2026-07-18",
        "Time": "12:59:30",
        "Item": "Speckled Mug",
        "Qty": "1.0",
        "Gross Sales": "$18.00",
        "Customer ID": "SQ-77",
        "Customer Name": "Dee Example",
    }
    path = tmp_path / "items.csv"
    path.write_bytes(csv_bytes(header, [[row[name] for name in header]]))
    report = import_file(db, path)
    assert report.format == "Square item sales export"
    assert report.written, report.problems
    (dee,) = customers(db).values()
    assert (dee.first_name, dee.last_name, dee.external_ref) == ("Dee", "Example", "SQ-77")
    ((line,),) = [p.lines for p in dee.purchases]
    assert (line.item, line.quantity, line.unit_price_cents) == ("Speckled Mug", 1.0, 1800)


LIGHTSPEED_X_DISPLAY_HEADER = [
    "Customer Code", "First Name", "Last Name", "Company Name", "Sex", "Date of Birth",
    "Physical Address", "Physical Address", "Physical Suburb", "Physical City",
    "Physical Postcode", "Physical State", "Physical Country", "Phone", "Fax", "Mobile",
    "Website", "Email", "Customer Group", "Customer Note", "Account Balance",
]  # fmt: skip
"""X-Series' customer columns as its own screens name them (not its API's keys)."""


def test_lightspeed_x_series_export_with_display_names(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "customers.csv"
    row = ["C-9", "Ivy", "Okafor", "", "F", "1985-02-03", "12 Quay St", "", "", "Cork",
           "T12", "", "IE", "", "", "087 123 4567", "", "ivy@example.com", "Wholesale",
           "Orders on Fridays", "0.00"]  # fmt: skip
    path.write_bytes(csv_bytes(LIGHTSPEED_X_DISPLAY_HEADER, [row]))
    imported_twice(db, db_path, path, "Lightspeed customer export")
    ivy = customers(db)["ivy@example.com"]
    assert (ivy.external_ref, ivy.birthday_month, ivy.birthday_day) == ("C-9", 2, 3)
    assert [t.name for t in ivy.tags] == ["Wholesale"]
    assert [n.body for n in ivy.notes] == ["Orders on Fridays"]
    assert (ivy.address_line, ivy.town) == ("12 Quay St", "Cork, T12, IE")
