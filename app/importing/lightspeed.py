"""Lightspeed's customer export, imported as it comes.

Both Lightspeed tills are read: Retail (R-Series: "Customer ID", "Home"/"Work"/"Mobile"
phones, "Email", "Notes") and X-Series (once Vend), whether its columns come as keys
("customer_code", "date_of_birth", "physical_address1", "customer_group_name") or as its
screens name them ("Customer Code", "Physical Address", "Customer Group", "Customer
Note"). One customer a row; the till's customer
ID or code is the till reference; the mobile is the phone the clerk will be given, the
home and work numbers stand in for it; customer type or group becomes a tag.
"""

from __future__ import annotations

from pathlib import Path

from app.i18n import N_
from app.importing import tillcsv
from app.importing.records import Format, ReadOptions, Source

CUSTOMERS = tillcsv.Spec(
    label=N_("Lightspeed customer export"),
    aliases={
        "ref": ("customer_id", "customer_code"),
        "first_name": ("first_name",),
        "last_name": ("last_name",),
        "email": ("email", "email_1", "email_2"),
        "phone": ("mobile", "phone", "home", "work"),
        "birthday": ("birthday", "date_of_birth", "dob"),
        "since": ("created", "created_at", "date_created"),
        "tags": ("customer_type", "customer_group_name", "customer_group", "tags"),
        "note": ("notes", "note", "customer_note"),
        "company": ("company", "company_name"),
        "address1": (
            "address1",
            "address_1",
            "physical_address1",
            "physical_address_1",
            "physical_address",
        ),
        "address2": ("address2", "address_2", "physical_address2", "physical_address_2"),
        "city": ("city", "physical_city", "physical_suburb"),
        "region": ("state", "physical_state"),
        "postcode": ("zip", "physical_postcode"),
        "country": ("country", "physical_country_id", "physical_country"),
    },
    required=(
        ("first_name",),
        ("last_name",),
        ("mobile",),
        ("customer_id", "customer_code"),
        ("home", "work", "date_of_birth", "customer_group_name"),
    ),
)


def read(path: Path, _options: ReadOptions) -> Source:
    """Open a Lightspeed customer export."""
    return tillcsv.customer_rows(CUSTOMERS, path)


FORMAT = Format(name="lightspeed", label=CUSTOMERS.label, detect=CUSTOMERS.detect, read=read)
