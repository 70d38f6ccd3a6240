"""The one list of a customer's own fields: each one's label (the same word on the form,
the merge dialog, the import mapping and preview, the command line's help and in every
refusal), its kind, its command-line option and its column in the Regulars CSV (export and
import). It imports nothing of the importer or the database, so every layer can read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from app.i18n import N_, _


@dataclass(frozen=True)
class CustomerField:
    """One of a customer's own fields as every screen and file names it."""

    key: str
    """The attribute (and column) name, also the key in JSON."""
    label: str
    kind: Literal["name", "text", "phone", "email", "birthday", "date", "consent", "flag"]
    option: str | None
    """The command line's option for it (``customer add|edit``), if it has one."""
    accepts: str
    """What may be typed, for help texts (translated where it is shown)."""
    csv_column: str | None
    """Its column in the Regulars CSV (export and import), if it has one."""
    aliases: tuple[str, ...] = ()
    """Other tills' names for that column, lower case without blanks or punctuation
    ("givenname"): the import mapping's first guess."""


CUSTOMER_FIELDS = (
    CustomerField(
        "first_name",
        N_("First name"),
        "name",
        "--first",
        N_("text"),
        "first_name",
        aliases=("firstname", "first", "given", "givenname", "forename", "christianname"),
    ),
    CustomerField(
        "last_name",
        N_("Last name"),
        "name",
        "--last",
        N_("text"),
        "last_name",
        aliases=("lastname", "last", "surname", "familyname", "family"),
    ),
    CustomerField(
        "preferred_name",
        N_("Goes by"),
        "text",
        "--preferred",
        N_("the name they go by"),
        "preferred_name",
        aliases=("preferredname", "nickname", "knownas", "goesby"),
    ),
    CustomerField(
        "phone",
        N_("Phone"),
        "phone",
        "--phone",
        N_("phone number, any format"),
        "phone",
        aliases=("phone", "mobile", "cell", "cellphone", "telephone", "tel", "phonenumber"),
    ),
    CustomerField(
        "email",
        N_("Email"),
        "email",
        "--email",
        N_("email address"),
        "email",
        aliases=("email", "emailaddress", "mail"),
    ),
    CustomerField("address_line", N_("Address"), "text", "--address", N_("street address"), None),
    CustomerField("town", N_("Town"), "text", "--town", N_("town or city"), None),
    CustomerField(
        "birthday",
        N_("Birthday"),
        "birthday",
        "--birthday",
        N_("YYYY-MM-DD, or MM-DD (or --birthday=--MM-DD) without the year"),
        "birthday",
        aliases=("birthday", "dob", "dateofbirth", "birthdate", "born"),
    ),
    CustomerField(
        "customer_since",
        N_("Customer since"),
        "date",
        "--since",
        N_("YYYY-MM-DD"),
        "customer_since",
        aliases=("customersince", "since", "joined", "firstvisit", "created"),
    ),
    CustomerField(
        "contact_consent",
        N_("Contact consent"),
        "consent",
        "--consent",
        N_("whether they agreed to be contacted"),
        None,
    ),
    CustomerField(
        "no_sales_prompts",
        N_("No sales prompts"),
        "flag",
        None,
        N_("never suggest buying anything"),
        None,
    ),
)
FIELD_BY_KEY = {field.key: field for field in CUSTOMER_FIELDS}
FIELDS = tuple(FIELD_BY_KEY)
"""What an add or edit may set; ``birthday`` is text (``YYYY-MM-DD``, ``--MM-DD``)."""
TEXT_FIELDS = tuple(f.key for f in CUSTOMER_FIELDS if f.kind in ("name", "text"))
TYPED_FIELDS = tuple(f for f in CUSTOMER_FIELDS if f.kind not in ("date", "consent", "flag"))
"""The fields typed as text on a form or after an option (names, phone, email, birthday)."""


def field_help(field: CustomerField) -> str:
    """ "Phone: phone number, any format": the field and what it takes, for help texts."""
    return _("{label}: {accepts}").format(label=_(field.label), accepts=_(field.accepts))


def label(field: str) -> str:
    """The field's name as the owner knows it."""
    known = FIELD_BY_KEY.get(field)
    return _(known.label) if known else field
