"""Shopify's own exports: the customers CSV and the orders CSV, imported as they come.

The customers export has one customer a row (both its older "Accepts Marketing,
Address1" header and the newer "Accepts Email Marketing, Default Address Address1"
one). The orders export has one row per line item; the order's own columns (email,
date, billing name) are filled on its first line and may be blank on the others, so
they are carried down. A buyer is known by email: the first time an email appears it
brings a customer (named from the billing name), and every line a purchase. Lines with
no email at all (walk-in sales at the till) have nobody to belong to and are skipped,
with a notice saying how many.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from app.importing import tillcsv, values
from app.importing.records import Format, ParsedRow, PurchaseRecord, ReadOptions, Source

CUSTOMERS = tillcsv.Spec(
    label="Shopify customers export",
    aliases={
        "ref": ("customer_id",),
        "first_name": ("first_name",),
        "last_name": ("last_name",),
        "email": ("email",),
        "phone": ("phone", "default_address_phone"),
        "consent": ("accepts_email_marketing", "accepts_marketing"),
        "tags": ("tags",),
        "note": ("note",),
        "company": ("default_address_company", "company"),
        "address1": ("default_address_address1", "address1"),
        "address2": ("default_address_address2", "address2"),
        "city": ("default_address_city", "city"),
        "region": ("default_address_province_code", "province_code", "province"),
        "postcode": ("default_address_zip", "zip"),
        "country": ("default_address_country_code", "country_code", "country"),
    },
    required=(
        ("first_name",),
        ("last_name",),
        ("email",),
        ("accepts_email_marketing", "accepts_marketing"),
        ("total_spent", "total_orders", "tax_exempt"),
    ),
)

ORDERS = tillcsv.Spec(
    label="Shopify orders export",
    aliases={
        "order": ("name",),
        "email": ("email",),
        "date": ("created_at", "paid_at"),
        "item": ("lineitem_name",),
        "sku": ("lineitem_sku",),
        "quantity": ("lineitem_quantity",),
        "price": ("lineitem_price",),
        "full_name": ("billing_name", "shipping_name"),
        "phone": ("billing_phone", "phone", "shipping_phone"),
    },
    required=(("name",), ("email",), ("created_at",), ("lineitem_name",)),
)

_ORDER_FACTS = ("email", "date", "full_name", "phone")
"""The order's own facts, written on its first line only in some exports."""


def read_customers(path: Path, options: ReadOptions) -> Source:
    """Open a Shopify customers export."""
    return tillcsv.customer_rows(CUSTOMERS, path, options)


def read_orders(path: Path, options: ReadOptions) -> Source:
    """Open a Shopify orders export: a customer per new email, a purchase per line."""
    reader = _OrderLines(options)
    source = ORDERS.source(path, reader.parse)
    source.rows = tillcsv.then_walk_in_notice(
        source.rows, lambda: reader.walk_ins, "email", source.notices
    )
    return source


CUSTOMERS_FORMAT = Format(
    name="shopify-customers",
    label=CUSTOMERS.label,
    detect=CUSTOMERS.detect,
    read=read_customers,
)
ORDERS_FORMAT = Format(
    name="shopify-orders", label=ORDERS.label, detect=ORDERS.detect, read=read_orders
)


class _OrderLines:
    """What reading the orders export remembers from row to row."""

    def __init__(self, options: ReadOptions) -> None:
        self.options = options
        self.order = ""
        self.carried: dict[str, tuple[int, str]] = {}
        self.buyers: set[str] = set()
        self.walk_ins = 0

    def parse(self, cells: tillcsv.Cells, orders: Mapping[str, values.DateOrder]) -> ParsedRow:
        """One line item: its purchase, and its buyer the first time their email appears."""
        order = cells.get("order")
        if order != self.order:
            self.order = order
            self.carried = {}
        email, when, _, _ = [self._carried_down(cells, fact) for fact in _ORDER_FACTS]
        if not email:
            self.walk_ins += 1
            return ParsedRow(cells.row)
        problems = values.Problems(cells.row)
        purchase = self._purchase(cells, problems, orders.get("date", values.MDY), email, when)
        if purchase is None:
            return ParsedRow(cells.row, problems=tuple(problems.found))
        key = email.casefold()
        if key in self.buyers:
            return ParsedRow(cells.row, records=(purchase,))
        buyer = tillcsv.customer(cells, problems, self.options, orders)
        if buyer is None:
            return ParsedRow(cells.row, problems=tuple(problems.found))
        self.buyers.add(key)
        return ParsedRow(cells.row, records=(buyer, purchase))

    def _carried_down(self, cells: tillcsv.Cells, fact: str) -> str:
        """One of the order's facts, filled in from the order's first line when blank."""
        value = cells.get(fact)
        if value:
            self.carried[fact] = (cells.position(fact), value)
        elif fact in self.carried:
            index, value = self.carried[fact]
            cells.cells[index] = value
        return value

    def _purchase(
        self,
        cells: tillcsv.Cells,
        problems: values.Problems,
        order: values.DateOrder,
        email_text: str,
        when: str,
    ) -> PurchaseRecord | None:
        email = problems.read(lambda: cells.column("email"), values.email, email_text)
        purchased_on = problems.read(
            lambda: cells.column("date"), lambda text: values.calendar_date(text, order), when
        )
        if not when:
            problems.add(cells.column("date"), "empty; every order needs the date it was created")
        item = values.name_text(cells.get("item"))
        if not item:
            problems.add(cells.column("item"), "empty; every line item needs the item's name")
        quantity = cells.read(problems, "quantity", values.quantity)
        price = cells.read(problems, "price", values.money_cents)
        if problems.found or purchased_on is None:
            return None
        return PurchaseRecord(
            customer_ref=None,
            email=email,
            purchased_on=purchased_on,
            item=item,
            order_ref=self.order or None,
            sku=cells.get("sku") or None,
            quantity=1.0 if quantity is None else quantity,
            unit_price_cents=price,
        )
