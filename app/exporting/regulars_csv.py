"""All customers as the plain Regulars CSV (customers kind), safe to open in a spreadsheet.

The columns are exactly the ones the importer reads, so export -> import lands the same
values. A cell a spreadsheet would run as a formula (starting ``=``, ``+``, ``-``, ``@``,
tab or carriage return) gets an apostrophe in front; the importer takes it off again.
The file is UTF-8 with a BOM so Excel shows accents right.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import TextIO

from app.exporting.contacts import Contact
from app.importing.csvfile import GUARD, GUARDED_STARTS
from app.importing.regulars_csv import CUSTOMER_COLUMNS

ENCODING = "utf-8-sig"
TAG_SEPARATOR = "; "


def spreadsheet_safe(value: str) -> str:
    """``value`` with an apostrophe in front if a spreadsheet would read it as a formula."""
    return GUARD + value if value.startswith(GUARDED_STARTS) else value


def write_csv(contacts: Sequence[Contact], fh: TextIO) -> None:
    """The header and one row per customer."""
    writer = csv.writer(fh)
    writer.writerow(CUSTOMER_COLUMNS)
    for contact in contacts:
        cells = {
            "customer_ref": contact.ref,
            "first_name": contact.first_name,
            "last_name": contact.last_name,
            "preferred_name": contact.preferred_name,
            "phone": contact.phone,
            "email": contact.email,
            "birthday": birthday_text(contact),
            "customer_since": contact.customer_since.isoformat() if contact.customer_since else "",
            "tags": TAG_SEPARATOR.join(contact.tags),
            "note": contact.note,
        }
        writer.writerow([spreadsheet_safe(cells[name]) for name in CUSTOMER_COLUMNS])


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
