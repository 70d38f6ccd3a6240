"""Square's own exports: the customer directory and the item sales, imported as they come.

The directory has one customer a row. The shop's own Reference ID is the till reference
when it is filled in, else Square's customer ID; "Groups" become tags; the memo is the
note; the birthday may come with or without its year (Square writes 0000 for "not
given"), in the order the column as a whole uses; the first visit is the customer-since
date.

The item sales export has one row per item sold, with the buyer's Customer ID,
Reference ID and name when the sale was linked to a customer. The buyer is found by the
same reference the directory gives them (so either file may come first); one the
database does not know yet is created from the name. The transaction is the order, the
gross sales over the quantity the unit price. Lines with no customer (walk-in sales) are
skipped, with a notice saying how many. A refund line (Event Type "Refund") is a return:
its quantity below zero is kept; on any other line a quantity below zero is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from app.i18n import N_, _
from app.importing import tillcsv, values
from app.importing.records import Format, ParsedRow, PurchaseRecord, ReadOptions, Source

DIRECTORY = tillcsv.Spec(
    label=N_("Square customer directory export"),
    aliases={
        "ref": ("reference_id", "square_customer_id"),
        "first_name": ("first_name", "given_name"),
        "last_name": ("surname", "last_name", "family_name"),
        "preferred_name": ("nickname",),
        "email": ("email_address", "email"),
        "phone": ("phone_number", "phone"),
        "birthday": ("birthday",),
        "since": ("first_visit", "creation_date"),
        "consent": ("email_subscription_status",),
        "tags": ("groups",),
        "note": ("memo", "notes", "note"),
        "company": ("company_name",),
        "address1": ("street_address_1", "address_line_1"),
        "address2": ("street_address_2", "address_line_2"),
        "city": ("city",),
        "region": ("state",),
        "postcode": ("postal_code", "zip_code"),
    },
    required=(
        ("first_name", "given_name"),
        ("email_address",),
        ("phone_number",),
        ("reference_id", "square_customer_id", "email_subscription_status"),
    ),
)


def read(path: Path, _options: ReadOptions) -> Source:
    """Open a Square customer directory export."""
    return tillcsv.customer_rows(DIRECTORY, path)


FORMAT = Format(name="square", label=DIRECTORY.label, detect=DIRECTORY.detect, read=read)


REFUND = "refund"
"""The Event Type of a line Square wrote for items brought back: its Qty and Gross Sales
are below zero, and it is kept as a return (a line with a negative quantity)."""

ITEM_SALES = tillcsv.Spec(
    label=N_("Square item sales export"),
    aliases={
        "ref": ("customer_reference_id", "customer_id"),
        "full_name": ("customer_name",),
        "date": ("date",),
        "item": ("item",),
        "sku": ("sku",),
        "category": ("category",),
        "quantity": ("qty", "quantity"),
        "gross": ("gross_sales",),
        "order": ("transaction_id",),
        "event": ("event_type",),
    },
    required=(("date",), ("item",), ("qty",), ("gross_sales",), ("customer_id",)),
)


def read_item_sales(path: Path, _options: ReadOptions) -> Source:
    """Open a Square item sales export: a purchase per line, a customer per new buyer."""
    return _SaleLines().source(ITEM_SALES, path)


ITEM_SALES_FORMAT = Format(
    name="square-item-sales",
    label=ITEM_SALES.label,
    detect=ITEM_SALES.detect,
    read=read_item_sales,
)


class _SaleLines(tillcsv.SaleLines):
    """The item sales, a line at a time; a buyer is known by Square's customer ID."""

    def parse(self, cells: tillcsv.Cells, orders: Mapping[str, values.DateOrder]) -> ParsedRow:
        """One item sold: its purchase, and its buyer the first time they appear."""
        ref = cells.get("ref")
        if not ref:
            self.walk_ins += 1
            return ParsedRow(cells.row)
        problems = values.Problems(cells.row)
        purchase = _purchase(cells, problems, orders.get("date", values.MDY))
        if purchase is None:
            return ParsedRow(cells.row, problems=tuple(problems.found))
        return self.with_buyer(cells, ref, purchase, orders)


def _purchase(
    cells: tillcsv.Cells, problems: values.Problems, order: values.DateOrder
) -> PurchaseRecord | None:
    column = cells.column
    purchased_on = problems.read(
        column("date"), lambda text: values.calendar_date(text, order), cells.get("date")
    )
    if not cells.get("date"):
        problems.add(column("date"), _("empty; every sale needs its date"))
    item = values.name_text(cells.get("item"))
    if not item:
        problems.add(column("item"), _("empty; every line needs the item's name"))
    refund = cells.get("event").casefold() == REFUND
    quantity = problems.read(
        column("quantity"),
        values.signed_quantity if refund else values.quantity,
        cells.get("quantity"),
    )
    gross = problems.read(column("gross"), values.money_cents, cells.get("gross"))
    if problems.found or purchased_on is None:
        return None
    quantity = 1.0 if quantity is None else quantity
    return PurchaseRecord(
        customer_ref=cells.get("ref"),
        email=None,
        purchased_on=purchased_on,
        item=item,
        order_ref=cells.get("order") or None,
        sku=cells.get("sku") or None,
        category=values.name_text(cells.get("category")) or None,
        quantity=quantity,
        unit_price_cents=None if gross is None or not quantity else round(gross / quantity),
    )
