"""Square's customer directory export, imported as it comes.

One customer a row. The shop's own Reference ID is the till reference when it is
filled in, else Square's customer ID; "Groups" become tags; the memo is the note; the
birthday may come with or without its year (Square writes 0000 for "not given"), in the
order the column as a whole uses; the first visit is the customer-since date.
"""

from __future__ import annotations

from pathlib import Path

from app.importing import tillcsv
from app.importing.records import Format, ReadOptions, Source

DIRECTORY = tillcsv.Spec(
    label="Square customer directory export",
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


def read(path: Path, options: ReadOptions) -> Source:
    """Open a Square customer directory export."""
    return tillcsv.customer_rows(DIRECTORY, path, options)


FORMAT = Format(name="square", label=DIRECTORY.label, detect=DIRECTORY.detect, read=read)
