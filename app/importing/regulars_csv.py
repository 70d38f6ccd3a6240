"""The plain "Regulars CSV": the documented shape any till's export can be mapped to.

Two kinds of file, told apart by their first row:

- customers: ``customer_ref,first_name,last_name,preferred_name,phone,email,birthday,
  customer_since,tags,note``
- purchases: ``customer_ref,date,order_ref,sku,item,category,quantity,price``
  (``email`` may stand in for ``customer_ref``)

Columns may come in any order and any case; unknown columns are ignored and mentioned.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from app.customers.field_list import CUSTOMER_FIELDS
from app.errors import RegularsError
from app.i18n import N_, _
from app.importing import csvfile, tillcsv, values
from app.importing.records import (
    REGULARS_COLUMNS,
    CustomerRecord,
    Format,
    ParsedRow,
    PurchaseRecord,
    ReadOptions,
    Source,
)
from app.phone_digits import bare_digits

CUSTOMER_COLUMNS = (
    "customer_ref",
    *(field.csv_column for field in CUSTOMER_FIELDS if field.csv_column),
    "tags",
    "note",
)
"""The customers kind's columns: the customer fields' export names between the till's
reference and what only a file carries (tags, a note)."""
PURCHASE_COLUMNS = (
    "customer_ref",
    "email",
    "date",
    "order_ref",
    "sku",
    "item",
    "category",
    "quantity",
    "price",
)
FULL_NAME = "full_name"
"""One column with the whole name, split into given and family names ("Given Family",
"FAMILY Given", "Family, Given"); read when first_name and last_name are blank."""
CUSTOMERS = "customers"
PURCHASES = "purchases"
KIND_WORDS = {CUSTOMERS: N_("customers"), PURCHASES: N_("purchases")}
"""Each kind of file as the report names it."""

Cells = dict[str, str]
"""A row's cells by column name, trimmed; a column the file lacks reads as blank."""


def file_kind(columns: list[str]) -> str | None:
    """``customers`` or ``purchases`` when the header has that kind's required columns."""
    kind = _likely_kind(set(columns))
    return kind if kind and not _missing(kind, set(columns)) else None


FORMAT_LABEL = N_("Regulars CSV")


def format_and_kind(label: str, kind: str) -> str:
    """ "Regulars CSV (customers)" in the language in use, for the import report."""
    return _("{format} ({kind})").format(format=_(label), kind=_(KIND_WORDS[kind]))


def detect(path: Path) -> bool:
    """Whether the file's first row makes it a Regulars CSV of either kind."""
    return file_kind(csvfile.header(path)) is not None


def read(path: Path, _options: ReadOptions) -> Source:
    """Open ``path`` as a Regulars CSV, refusing a header that is neither kind."""
    columns = csvfile.header(path)
    kind = _checked_kind(path, columns)
    known = CUSTOMER_COLUMNS if kind == CUSTOMERS else PURCHASE_COLUMNS
    written = dict(zip(columns, csvfile.header_names(path), strict=True))
    unknown = [written[name] for name in columns if name and name not in known]
    notices = [
        _("Ignored columns the Regulars CSV does not know: {columns}.").format(
            columns=", ".join(unknown)
        )
    ]
    source = Source(
        format=format_and_kind(FORMAT_LABEL, kind),
        rows=iter(()),
        notices=notices if unknown else [],
        columns={field: written.get(name, "") for field, name in REGULARS_COLUMNS.items()}
        | written,
    )
    source.rows = in_the_files_words(_parsed_rows(path, columns, kind, source.notices), written)
    return source


def in_the_files_words(rows: Iterator[ParsedRow], named: dict[str, str]) -> Iterator[ParsedRow]:
    """The rows, each problem naming the file's column as its header writes it ("Qty",
    "Birthday") rather than our field."""
    for parsed in rows:
        if parsed.problems:
            parsed = parsed._replace(
                problems=tuple(
                    replace(problem, column=named.get(problem.column) or problem.column)
                    for problem in parsed.problems
                )
            )
        yield parsed


FORMAT = Format(name="regulars", label=FORMAT_LABEL, detect=detect, read=read)


def _likely_kind(columns: set[str]) -> str | None:
    customer_score = len(columns & (set(CUSTOMER_COLUMNS) - set(PURCHASE_COLUMNS)))
    purchase_score = len(columns & (set(PURCHASE_COLUMNS) - set(CUSTOMER_COLUMNS)))
    if not customer_score and not purchase_score:
        return None
    return PURCHASES if purchase_score > customer_score else CUSTOMERS


def _missing(kind: str, columns: set[str]) -> list[str]:
    """The required columns not in the header, in words."""
    if kind == CUSTOMERS:
        needs = [("customer_ref",), ("first_name", "last_name", FULL_NAME)]
    else:
        needs = [("customer_ref", "email"), ("date",), ("item",)]
    return [" or ".join(need) for need in needs if not columns.intersection(need)]


def _checked_kind(path: Path, columns: list[str]) -> str:
    if not columns:
        raise RegularsError(
            _("'{path}' is empty; its first row should name the columns.").format(path=path)
        )
    repeated = sorted(name for name, times in Counter(columns).items() if name and times > 1)
    if repeated:
        raise RegularsError(
            _("'{path}': the column(s) {repeated} appear twice.").format(
                path=path, repeated=", ".join(repeated)
            )
        )
    kind = _likely_kind(set(columns))
    if kind is None:
        raise RegularsError(
            _(
                "'{path}' is not a Regulars CSV: row 1 should name the columns. A customers "
                "file needs customer_ref and first_name or last_name; a purchases file needs "
                "customer_ref or email, date and item. Row 1 has: {columns}."
            ).format(path=path, columns=", ".join(csvfile.header_names(path)))
        )
    missing = _missing(kind, set(columns))
    if missing:
        raise RegularsError(
            _(
                "'{path}' looks like a Regulars CSV {kind} file but lacks the column(s): {missing}."
            ).format(path=path, kind=kind, missing="; ".join(missing))
        )
    return kind


def _parsed_rows(
    path: Path, columns: list[str], kind: str, notices: list[str]
) -> Iterator[ParsedRow]:
    known = CUSTOMER_COLUMNS if kind == CUSTOMERS else PURCHASE_COLUMNS
    positions = {name: columns.index(name) if name in columns else -1 for name in known}
    return rows_at(path, kind, len(columns), positions, notices=notices)


def rows_at(
    path: Path,
    kind: str,
    width: int,
    positions: dict[str, int],
    unguarded: Callable[[str], str] = csvfile.unguard,
    notices: list[str] | None = None,
) -> Iterator[ParsedRow]:
    """A ``kind`` file's rows read from the given column positions (-1: not in the file),
    so a file with its own column names is read once they are mapped to ours. A Regulars
    CSV loses only the apostrophes its export wrote; another till's file may lose its
    own (``unguarded``). ``notices`` hears how the file was read."""
    parse = _customer if kind == CUSTOMERS else _purchase
    known = (*CUSTOMER_COLUMNS, FULL_NAME) if kind == CUSTOMERS else PURCHASE_COLUMNS
    wanted = {name: positions.get(name, -1) for name in known}
    return csvfile.named_rows(path, width, wanted, parse, unguarded, notices)


def _customer(row: int, cell: Cells) -> ParsedRow:
    problems = values.Problems(row)
    first, last = values.name_text(cell["first_name"]), values.name_text(cell["last_name"])
    if not first and not last:
        first, last = tillcsv.split_name(cell[FULL_NAME])
    ref = problems.read("customer_ref", values.unrounded, cell["customer_ref"]) or None
    phone = problems.read("phone", values.unrounded, cell["phone"]) or ""
    email = problems.read("email", values.email, cell["email"])
    if not first and not last and not ref and not email and not bare_digits(phone):
        # A customer an order brought with no name yet (named by a later file) comes
        # back from the shop's own export as it went out; one nothing names is refused.
        problems.add("first_name", _("first_name and last_name are both empty"))
    elif not ref and not email and not bare_digits(phone) and not problems.found:
        problems.add(
            "customer_ref",
            _("empty, and no email or phone either: nothing would find this customer again"),
        )
    birthday = problems.read("birthday", values.birthday, cell["birthday"])
    since = problems.read("customer_since", values.iso_date, cell["customer_since"])
    if problems.found:
        return ParsedRow(row, problems=tuple(problems.found))
    record = CustomerRecord(
        external_ref=ref,
        first_name=first,
        last_name=last,
        preferred_name=values.name_text(cell["preferred_name"]) or None,
        phone=phone or None,
        email=email,
        birthday=birthday,
        customer_since=since,
        tags=values.tags(cell["tags"]),
        note=values.note_text(cell["note"]),
    )
    return ParsedRow(row, customer=record)


def _purchase(row: int, cell: Cells) -> ParsedRow:
    problems = values.Problems(row)
    ref = cell["customer_ref"] or None
    email = problems.read("email", values.email, cell["email"])
    if not ref and not cell["email"]:
        problems.add("customer_ref", _("empty, and no email either: whose purchase is this?"))
    purchased_on = problems.read("date", values.iso_date, cell["date"])
    if not cell["date"]:
        problems.add("date", _("empty; every purchase needs its date as YYYY-MM-DD"))
    item = values.name_text(cell["item"])
    if not item:
        problems.add("item", _("empty; every purchase line needs the item's name"))
    quantity = problems.read("quantity", values.quantity, cell["quantity"])
    price = problems.read("price", values.money_cents, cell["price"])
    if problems.found or purchased_on is None:
        return ParsedRow(row, problems=tuple(problems.found))
    record = PurchaseRecord(
        customer_ref=ref,
        email=email,
        purchased_on=purchased_on,
        item=item,
        order_ref=cell["order_ref"] or None,
        sku=cell["sku"] or None,
        category=values.name_text(cell["category"]) or None,
        quantity=1.0 if quantity is None else quantity,
        unit_price_cents=price,
    )
    return ParsedRow(row, purchase=record)
