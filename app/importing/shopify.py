"""Shopify's own exports: the customers CSV and the orders CSV, imported as they come.

The customers export has one customer a row (both its older "Accepts Marketing,
Address1" header and the newer "Accepts Email Marketing, Default Address Address1"
one). The orders export has one row per line item; the order's own columns (email,
date, billing name) are filled on its first line and may be blank on the others, so
they are carried down. A buyer is known by email: the first time an email appears it
brings a customer (named from the billing name, else from a later order's), and every
line a purchase. A buyer with no email but a phone or a name (cash on delivery, phone
orders) is a customer too, given a reference the next import finds again. The order's
own Phone is preferred to the billing and shipping phones. Lines with no identity at
all (walk-in sales at the till) are skipped, with a notice saying how many, and so are
the lines of orders cancelled, voided or refunded whole (no sale to ask about).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import NamedTuple

from app.i18n import N_, ngettext
from app.importing import tillcsv, values
from app.importing.records import Format, ParsedRow, PurchaseRecord, ReadOptions, Source
from app.importing.report import RowProblem
from app.phone_digits import bare_digits
from app.search.normalize import fold

CUSTOMERS = tillcsv.Spec(
    label=N_("Shopify customers export"),
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
    quotes_numbers=True,
)

ORDERS = tillcsv.Spec(
    label=N_("Shopify orders export"),
    aliases={
        "order": ("name",),
        "email": ("email",),
        "date": ("created_at", "paid_at"),
        "item": ("lineitem_name",),
        "sku": ("lineitem_sku",),
        "quantity": ("lineitem_quantity",),
        "price": ("lineitem_price",),
        "full_name": ("billing_name", "shipping_name"),
        "phone": ("phone", "billing_phone", "shipping_phone"),
        "status": ("financial_status",),
        "cancelled": ("cancelled_at",),
    },
    required=(("name",), ("email",), ("created_at",), ("lineitem_name",)),
    quotes_numbers=True,
    untrimmed=frozenset({"status", "cancelled"}),
)

BUYER_REF = "shopify-buyer:"
"""Starts the reference given a buyer with no email, so the next import finds them."""
_ITEM_FACTS = ("item", "quantity", "price", "sku")
_ITEMS_KEPT = 65_536
"""Distinct item cells remembered at most (a line a product, over and over)."""
_ORDER_FACTS = ("order", "email", "date")
"""The order's own facts every line needs (``_OrderLines.order_at``)."""
_UNSOLD = frozenset({"voided", "refunded"})
"""Financial statuses of an order that is no purchase (never paid, or paid back whole); a
partly refunded or pending one (cash on delivery) still is."""
_BUYER_FACTS = ("full_name", "phone")
"""The order's facts besides its email and date, written on its first line only in some
exports and needed only for the line that brings a new buyer."""


def read_customers(path: Path, _options: ReadOptions) -> Source:
    """Open a Shopify customers export."""
    return tillcsv.customer_rows(CUSTOMERS, path)


def read_orders(path: Path, _options: ReadOptions) -> Source:
    """Open a Shopify orders export: a customer per new email, a purchase per line."""
    return _OrderLines().source(ORDERS, path)


CUSTOMERS_FORMAT = Format(
    name="shopify-customers",
    label=CUSTOMERS.label,
    detect=CUSTOMERS.detect,
    read=read_customers,
)
ORDERS_FORMAT = Format(
    name="shopify-orders", label=ORDERS.label, detect=ORDERS.detect, read=read_orders
)


class _Item(NamedTuple):
    """A line's item as read: its name, SKU, quantity and price in cents."""

    name: str
    sku: str | None
    quantity: float
    price: int | None


class _OrderLines(tillcsv.SaleLines):
    """The orders export, a line at a time; a buyer is known by email."""

    missing = N_("email, phone or name")

    def __init__(self) -> None:
        super().__init__()
        self.order = ""
        self.lines: list[tillcsv.Cells] = []
        """The current order's lines so far, to carry its facts down from."""
        self.carried: dict[str, tuple[int, str]] = {}
        self.when: str | None = None
        self.day = date.min
        """The last date read (``None`` before the first) and what it read as: an order's
        lines share it."""
        self.address: str | None = None
        self.valid: str | None = None
        """The last email read (``None`` before the first) and what it read as."""
        self.items: dict[tuple[str, ...], _Item] = {}
        """Each line's item, quantity, price and SKU as read, by their text: a big export
        repeats a few hundred products down a million lines."""
        self.order_at: tuple[tuple[int, ...], ...] = ()
        self.item_texts = tillcsv.texts_reader({}, _ITEM_FACTS)
        """The positions of the order's reference, email and date, and what reads a line's
        item cells: found at the first line (the file's header is the same for all)."""
        self.buyer = ("", "")
        """The last email read and its buyer's key (the email in one case): an order's
        lines share them."""
        self.unsold_at: tuple[int, ...] = ()
        self.unsold_order = False
        """Whether the current order was cancelled, voided or refunded (its lines are no
        purchases), read from its first line's status and cancellation columns."""
        self.unsold = 0

    def parse(self, cells: tillcsv.Cells, orders: Mapping[str, values.DateOrder]) -> ParsedRow:
        """One line item: its purchase, and its buyer the first time their email appears.
        (Every line needs the order's email and date; its name and phone only when it
        brings the buyer, so only then are they carried down.) Read once a line of a
        million, so the order's own columns are looked up by position, not by name."""
        row = cells.cells
        if not self.order_at:
            self.order_at = tuple(cells.present.get(fact, ()) for fact in _ORDER_FACTS)
            self.unsold_at = tuple(
                next(iter(cells.present.get(fact, ())), -1) for fact in ("status", "cancelled")
            )
            self.item_texts = tillcsv.texts_reader(cells.present, _ITEM_FACTS)
        order_at, email_at, date_at = self.order_at
        order = ""
        for index in order_at:
            if row[index]:
                order = row[index]
                break
        if order != self.order:
            self.order = order
            self.lines = []
            self.carried = {}
            status_at, cancelled_at = self.unsold_at
            self.unsold_order = (cancelled_at >= 0 and bool(row[cancelled_at].strip())) or (
                status_at >= 0 and row[status_at].strip().lower() in _UNSOLD
            )
        if self.unsold_order:
            self.unsold += 1
            return ParsedRow(cells.row)
        self.lines.append(cells)
        email = self._carried_down(row, email_at, "email")
        when = self._carried_down(row, date_at, "date")
        ref = None if email else self._buyer_ref(cells)
        if not email and not ref:
            self.walk_ins += 1
            return ParsedRow(cells.row)
        purchase = self._purchase(row, email, when, orders, ref)
        if purchase is None:
            return ParsedRow(cells.row, problems=self._refusals(cells, orders))
        if email:
            if email != self.buyer[0]:
                self.buyer = (email, email.casefold())
            key = self.buyer[1]
        else:
            key = str(ref)
        return self.with_buyer(cells, key, purchase, orders, ref)

    def closing_notices(self) -> list[str]:
        """The till's notices, and how many lines were of orders that were no sale."""
        found = super().closing_notices()
        if self.unsold:
            found.append(
                ngettext(
                    "Skipped {n} line item of a cancelled, voided or refunded order: no "
                    "purchase to remember.",
                    "Skipped {n} line items of cancelled, voided or refunded orders: no "
                    "purchases to remember.",
                    self.unsold,
                ).format(n=self.unsold)
            )
        return found

    def _buyer_ref(self, cells: tillcsv.Cells) -> str | None:
        """The reference of a buyer the order names without an email (cash on delivery,
        a phone order): by phone, else by name; ``None`` for a walk-in sale."""
        self.before_buyer(cells)
        phone = bare_digits(cells.get("phone"))
        if phone:
            return f"{BUYER_REF}phone:{phone}"
        name = " ".join(fold(values.name_text(cells.get("full_name"))).split())
        return f"{BUYER_REF}name:{name}" if name else None

    def before_buyer(self, cells: tillcsv.Cells) -> None:
        """The buyer's name and phone, carried down from earlier lines of the order."""
        for fact in _BUYER_FACTS:
            self._fill_from_order(cells, fact)

    def _carried_down(self, row: list[str], positions: tuple[int, ...], fact: str) -> str:
        """One of the order's facts (read from ``positions`` of the line's cells), filled in
        from the order's first line when blank."""
        for index in positions:
            value = row[index]
            if value:
                self.carried[fact] = (index, value)
                return value
        carried = self.carried.get(fact)
        if carried is None:
            return ""
        index, value = carried
        row[index] = value
        return value

    def _fill_from_order(self, cells: tillcsv.Cells, fact: str) -> None:
        """A blank fact filled in from the latest earlier line of the order that has it."""
        if cells.get(fact):
            return
        for earlier in reversed(self.lines):
            value = earlier.get(fact)
            if value:
                cells.cells[earlier.position(fact)] = value
                return

    def _purchase(
        self,
        row: list[str],
        email: str,
        when: str,
        orders: Mapping[str, values.DateOrder],
        ref: str | None = None,
    ) -> PurchaseRecord | None:
        """The line's purchase when every cell of ``row`` reads cleanly, else ``None``
        (and ``_refusals`` says why). The order's email and date are read once an order,
        the item's cells once for each spelling of them."""
        texts = self.item_texts(row)
        try:
            if when != self.when:
                self.day = values.calendar_date(when, orders.get("date", values.MDY))
                self.when = when
            if email != self.address:
                self.valid, self.address = values.email(email) if email else None, email
            item = self.items.get(texts)
            if item is None:
                item = self._item(*texts)
        except ValueError:
            return None
        name, sku, quantity, price = item
        if not name:
            return None
        return tillcsv.new_tuple(
            PurchaseRecord,
            (ref, self.valid, self.day, name, self.order or None, sku, None, quantity, price),
        )

    def _item(self, item: str, quantity: str, price: str, sku: str) -> _Item:
        """A line's item cells read (``ValueError`` for a quantity or price that is not
        one), and remembered by their text while fewer than ``_ITEMS_KEPT`` are."""
        read = _Item(
            values.name_text(item),
            sku or None,
            values.quantity(quantity) if quantity else 1.0,
            values.money_cents(price) if price else None,
        )
        if len(self.items) >= _ITEMS_KEPT:
            self.items.clear()
        self.items[(item, quantity, price, sku)] = read
        return read

    def _refusals(
        self, cells: tillcsv.Cells, orders: Mapping[str, values.DateOrder]
    ) -> tuple[RowProblem, ...]:
        """Why a line's purchase cannot be read, every cell at fault named (the quick
        reading above stops at the first)."""
        problems = values.Problems(cells.row)
        order = orders.get("date", values.MDY)
        cells.read(problems, "email", values.email)
        cells.read(problems, "date", lambda text: values.calendar_date(text, order))
        if not cells.get("date"):
            problems.add(cells.column("date"), "empty; every order needs the date it was created")
        if not values.name_text(cells.get("item")):
            problems.add(cells.column("item"), "empty; every line item needs the item's name")
        cells.read(problems, "quantity", values.quantity)
        cells.read(problems, "price", values.money_cents)
        return tuple(problems.found)
