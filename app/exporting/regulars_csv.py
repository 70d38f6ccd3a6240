"""All customers as the plain Regulars CSV (customers kind), safe to open in a spreadsheet.

The columns are exactly the ones the importer reads, so export -> import lands the same
values. A cell a spreadsheet would run as a formula (starting ``=``, ``+``, ``-``, ``@``,
a tab or line break, or their full-width forms ``＝＋－＠``) gets an apostrophe in front,
and so does one starting with a blank or an apostrophe; the importer takes off exactly
the apostrophes put there, so every value reads back as it was.
The file is UTF-8 with a BOM so Excel shows accents right.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import TextIO

from app.customers.field_list import CUSTOMER_FIELDS, CustomerField
from app.exporting.contacts import Contact
from app.importing.csvfile import GUARD, guarded
from app.importing.regulars_csv import CUSTOMER_COLUMNS

ENCODING = "utf-8-sig"
TAG_SEPARATOR = "; "


def spreadsheet_safe(value: str) -> str:
    """``value`` with an apostrophe in front if a spreadsheet would read it as a formula
    (or the importer would not read it back exactly without one)."""
    return GUARD + value if value and guarded(value[0]) else value


def write_csv(contacts: Sequence[Contact], fh: TextIO) -> None:
    """The header and one row per customer."""
    writer = csv.writer(fh)
    writer.writerow(CUSTOMER_COLUMNS)
    for contact in contacts:
        cells = {
            "customer_ref": contact.ref,
            **{f.csv_column: _cell(contact, f) for f in CUSTOMER_FIELDS if f.csv_column},
            "tags": TAG_SEPARATOR.join(contact.tags),
            "note": contact.note,
        }
        writer.writerow([spreadsheet_safe(cells[name]) for name in CUSTOMER_COLUMNS])


def _cell(contact: Contact, field: CustomerField) -> str:
    """One customer field as the importer reads it back: ISO dates, the rest as stored."""
    if field.kind == "birthday":
        return birthday_text(contact)
    value = getattr(contact, field.key)
    if field.kind == "date":
        return value.isoformat() if value else ""
    return str(value)


def birthday_text(contact: Contact) -> str:
    """``YYYY-MM-DD``, or ``--MM-DD`` when the year was not given."""
    when = contact.birthday
    if when is None:
        return ""
    return (
        f"{when.year:04d}-{when.month:02d}-{when.day:02d}"
        if when.year
        else (f"--{when.month:02d}-{when.day:02d}")
    )
