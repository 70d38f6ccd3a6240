"""Any other till's CSV: its columns mapped to ours, guessed, confirmed, remembered.

A till nobody wrote a reader for still says "Surname", "E-mail" or "Cust #". The header
is matched to our fields by name and common aliases (the guess), the owner confirms or
edits it, and the file is then read as a plain Regulars CSV through that mapping. The
confirmed mapping is kept as a preset keyed by the header's fingerprint, so the same
till's export next month is mapped without asking.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.customers.field_list import CUSTOMER_FIELDS
from app.db import Database
from app.errors import RegularsError
from app.i18n import N_, _
from app.importing import csvfile, regulars_csv
from app.importing.records import Format, ReadOptions, Source
from app.models import Setting

PRESET_PREFIX = "import_preset:"
FIELDS = tuple(
    dict.fromkeys(
        (*regulars_csv.CUSTOMER_COLUMNS, regulars_csv.FULL_NAME, *regulars_csv.PURCHASE_COLUMNS)
    )
)
"""Our fields, in the order the mapping page lists them."""
COLUMN_LABELS = {
    "customer_ref": N_("Customer number"),
    "full_name": N_("Full name"),
    "tags": N_("Tags"),
    "note": N_("Note"),
    "date": N_("Date of purchase"),
    "order_ref": N_("Receipt number"),
    "sku": N_("Item code (SKU)"),
    "item": N_("Item"),
    "category": N_("Category"),
    "quantity": N_("Quantity"),
    "price": N_("Price"),
}
"""The owner's words for the fields that are not a customer's own (those are named by
``app.customers.field_list.CUSTOMER_FIELDS``, the one list the forms use too)."""

_ALIASES: dict[str, tuple[str, ...]] = {
    "customer_ref": (
        "customerref", "customerid", "custid", "cust", "custno", "customerno",
        "customernumber", "clientid", "clientno", "accountno", "account", "id", "ref",
    ),
    **{field.csv_column: field.aliases for field in CUSTOMER_FIELDS if field.csv_column},
    "full_name": ("name", "fullname", "customername", "contactname", "displayname", "client"),
    "tags": ("tags", "labels", "groups", "group"),
    "note": ("note", "notes", "comment", "comments", "remarks"),
    "date": ("date", "saledate", "purchasedate", "orderdate", "day", "when"),
    "order_ref": ("orderref", "order", "orderid", "orderno", "receipt", "receiptno", "invoice"),
    "sku": ("sku", "itemcode", "code", "barcode", "upc", "plu"),
    "item": ("item", "itemname", "product", "productname", "description", "article"),
    "category": ("category", "department", "dept", "type"),
    "quantity": ("quantity", "qty", "count", "units", "amount"),
    "price": ("price", "unitprice", "each", "total", "value", "cost"),
}  # fmt: skip


@dataclass(frozen=True)
class Mapping:
    """Which column of the file (as ``csvfile.column_key`` spells it) fills which of our
    fields; a field not named is left blank."""

    pairs: tuple[tuple[str, str], ...]

    def as_text(self) -> str:
        """``field=column,...``: what the owner types after ``--map`` to confirm it."""
        return ",".join(f"{field}={column}" for field, column in self.pairs)

    def fields(self) -> dict[str, str]:
        """Our field to the file's column."""
        return dict(self.pairs)


def parse_mapping(text: str) -> Mapping:
    """``first_name=Given,last_name=Surname`` as a mapping; an unknown field or a pair
    without ``=`` is refused, naming it."""
    pairs: dict[str, str] = {}
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        field, sep, column = part.partition("=")
        field = csvfile.column_key(field)
        if not sep or not column.strip():
            raise RegularsError(
                _("'{part}' in the mapping should be field=column.").format(part=part)
            )
        if field not in FIELDS:
            raise RegularsError(
                _("'{field}' in the mapping is not a field; fields are: {fields}.").format(
                    field=field, fields=", ".join(FIELDS)
                )
            )
        pairs[field] = csvfile.column_key(column)
    if not pairs:
        raise RegularsError(_("The mapping is empty; give it as field=column,field=column."))
    return Mapping(tuple(pairs.items()))


def guess_mapping(path: Path | str) -> Mapping:
    """Our fields matched to the file's header by name and common aliases ("Surname",
    "E-mail", "Cust #", "DOB"), each field and column used once, best match first."""
    return guess_from(csvfile.header(Path(path)))


def guess_from(columns: Iterable[str]) -> Mapping:
    """The guess for a header already read (the mapping page shows it per column)."""
    taken: dict[str, str] = {}
    for column in columns:
        squeezed = _squeeze(column)
        for field, aliases in _ALIASES.items():
            if field not in taken and squeezed in aliases:
                taken[field] = column
                break
    return Mapping(tuple((field, taken[field]) for field in FIELDS if field in taken))


def fingerprint(columns: Iterable[str]) -> str:
    """The same till's header gives the same short key, whatever rows follow."""
    return hashlib.sha256("\x1f".join(columns).encode()).hexdigest()[:16]


def load_preset(database: Database, path: Path) -> Mapping | None:
    """The mapping saved for this file's header, if the owner confirmed one before."""
    key = PRESET_PREFIX + fingerprint(csvfile.header(path))
    with database.session() as session:
        text = session.scalar(select(Setting.value).where(Setting.key == key))
    if text is None:
        return None
    try:
        return Mapping(tuple((str(f), str(c)) for f, c in json.loads(text)))
    except (ValueError, TypeError):
        return None


def save_preset(database: Database, path: Path, mapping: Mapping) -> None:
    """Remember ``mapping`` for every file with this file's header."""
    key = PRESET_PREFIX + fingerprint(csvfile.header(path))
    with database.session() as session:
        setting = session.get(Setting, key)
        value = json.dumps([list(pair) for pair in mapping.pairs])
        if setting is None:
            session.add(Setting(key=key, value=value))
        else:
            setting.value = value


def refusal(path: Path) -> str:
    """What to tell the owner about a file no format recognises: the guess, ready to
    confirm or edit."""
    guess = guess_mapping(path)
    if not guess.pairs:
        return _("No column could be matched to a field; map them with --map field=column.")
    return _(
        "Guessed column mapping: {mapping}. Check it and import again with --map followed "
        "by it (edited as needed), and --save-preset to remember it."
    ).format(mapping=guess.as_text())


def read(path: Path, options: ReadOptions) -> Source:
    """The file read as a plain Regulars CSV through ``options.mapped``."""
    if not options.mapped:
        raise RegularsError(
            _("'{path}' needs a column mapping. {refusal}").format(path=path, refusal=refusal(path))
        )
    columns = csvfile.header(path)
    fields = dict(options.mapped)
    missing = sorted({column for column in fields.values() if column not in columns})
    if missing:
        raise RegularsError(
            _(
                "'{path}': the mapping names column(s) {missing}, which row 1 does not have. "
                "Row 1 has: {columns}."
            ).format(path=path, missing=", ".join(missing), columns=", ".join(columns))
        )
    kind = _kind(fields)
    positions = {field: columns.index(column) for field, column in fields.items()}
    unused = [name for name in columns if name and name not in fields.values()]
    notices = (
        [_("Not imported (no field mapped): {columns}.").format(columns=", ".join(unused))]
        if unused
        else []
    )
    written = dict(zip(columns, csvfile.header_names(path), strict=True))
    named = {field: written[column] for field, column in fields.items()}
    source = Source(
        format=regulars_csv.format_and_kind(FORMAT.label, kind),
        rows=iter(()),
        notices=notices,
        columns={"external_ref": named.get("customer_ref", ""), **named},
    )
    rows = regulars_csv.rows_at(
        path, kind, len(columns), positions, csvfile.unguard_numbers, notices
    )
    source.rows = regulars_csv.in_the_files_words(rows, named)
    return source


FORMAT = Format(
    name="mapped-csv", label=N_("CSV with a column mapping"), detect=lambda _path: False, read=read
)


def _kind(fields: dict[str, str]) -> str:
    """Purchases when date, item and a buyer are mapped; customers when a name is."""
    if {"date", "item"} <= fields.keys() and fields.keys() & {"customer_ref", "email"}:
        return regulars_csv.PURCHASES
    if fields.keys() & {"first_name", "last_name", regulars_csv.FULL_NAME}:
        return regulars_csv.CUSTOMERS
    raise RegularsError(
        _(
            "The mapping must fill first_name, last_name or full_name (customers), or "
            "date, item and customer_ref or email (purchases)."
        )
    )


def _squeeze(column: str) -> str:
    """A column name as its letters and digits only ("E-mail", "e_mail" are "email";
    "Cust #" is "cust")."""
    return re.sub(r"[^0-9a-z]", "", column.casefold())
