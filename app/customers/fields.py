"""Reading what the owner typed into a customer's fields, and refusing what cannot be right.

``CUSTOMER_FIELDS`` is the one list of a customer's own fields: each one's label (the
same word on the form, the merge dialog, the command line's help and in every refusal),
its kind, its command-line option and its column in the Regulars CSV. The add form, the
edit form and the command line all hand over the same plain values (text, dates,
yes/no); each is checked and turned into column values here, once. A refusal names the
field by its label and says what would be accepted. Emails and birthdays are read
by the same readers the importers use, and phones by the shop-region normaliser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import String

from app.birthdays import refuse_future_birthday
from app.errors import RegularsError
from app.i18n import N_, _
from app.importing import values
from app.models import Customer
from app.phones import normalise_phone
from app.plain_text import hidden_character


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
    """What may be typed, for help texts."""
    csv_column: str | None
    """Its column in the Regulars CSV (export and import), if it has one."""


CUSTOMER_FIELDS = (
    CustomerField("first_name", N_("First name"), "name", "--first", "text", "first_name"),
    CustomerField("last_name", N_("Last name"), "name", "--last", "text", "last_name"),
    CustomerField(
        "preferred_name",
        N_("Goes by"),
        "text",
        "--preferred",
        "the name they go by",
        "preferred_name",
    ),
    CustomerField("phone", N_("Phone"), "phone", "--phone", "phone number, any format", "phone"),
    CustomerField("email", N_("Email"), "email", "--email", "email address", "email"),
    CustomerField("address_line", N_("Address"), "text", "--address", "street address", None),
    CustomerField("town", N_("Town"), "text", "--town", "town or city", None),
    CustomerField(
        "birthday",
        N_("Birthday"),
        "birthday",
        "--birthday",
        "YYYY-MM-DD, or MM-DD (or --birthday=--MM-DD) without the year",
        "birthday",
    ),
    CustomerField(
        "customer_since", N_("Customer since"), "date", "--since", "YYYY-MM-DD", "customer_since"
    ),
    CustomerField(
        "contact_consent",
        N_("Contact consent"),
        "consent",
        "--consent",
        "whether they agreed to be contacted",
        None,
    ),
    CustomerField(
        "no_sales_prompts",
        N_("No sales prompts"),
        "flag",
        None,
        "never suggest buying anything",
        None,
    ),
)
FIELD_BY_KEY = {field.key: field for field in CUSTOMER_FIELDS}
FIELDS = tuple(FIELD_BY_KEY)
"""What an add or edit may set; ``birthday`` is text (``YYYY-MM-DD``, ``--MM-DD``)."""
TEXT_FIELDS = tuple(f.key for f in CUSTOMER_FIELDS if f.kind in ("name", "text"))
TYPED_FIELDS = tuple(f for f in CUSTOMER_FIELDS if f.kind not in ("date", "consent", "flag"))
"""The fields typed as text on a form or after an option (names, phone, email, birthday)."""
_PHONE = re.compile(r"[\d\s+().\-/]+(?:(?:x|ext\.?)\s*\d+)?", re.IGNORECASE)
_MIN_PHONE_DIGITS = 5


@dataclass(frozen=True)
class NewCustomer:
    """A customer as the add form fills them in; blank means "not known"."""

    first_name: str = ""
    last_name: str = ""
    preferred_name: str | None = None
    phone: str | None = None
    email: str | None = None
    address_line: str | None = None
    town: str | None = None
    birthday: str | None = None
    customer_since: date | None = None
    contact_consent: bool | None = None
    no_sales_prompts: bool = False


def label(field: str) -> str:
    """The field's name as the owner knows it."""
    known = FIELD_BY_KEY.get(field)
    return _(known.label) if known else field


def _text(field: str, value: object) -> str:
    if not isinstance(value, str):
        raise RegularsError(f"{label(field)}: must be text.")
    text = " ".join(value.split())
    if hidden := hidden_character(text):
        raise RegularsError(
            _(
                "{field}: holds an invisible control character ({code}); "
                "retype it without that character."
            ).format(field=label(field), code=hidden)
        )
    column_type = Customer.__table__.c[field].type
    limit = column_type.length if isinstance(column_type, String) else None
    if limit is not None and len(text) > limit:
        raise RegularsError(f"{label(field)}: {len(text)} characters long; at most {limit} fit.")
    return text


def _phone(raw: str, region: str) -> dict[str, Any]:
    text = raw.strip()
    if not _PHONE.fullmatch(text):
        raise RegularsError(
            f"'{raw}' is not a phone number: use digits, spaces, + ( ) - . and an optional "
            "extension such as 'x12'."
        )
    phone = normalise_phone(text, region)
    if len(phone.digits) < _MIN_PHONE_DIGITS:
        raise RegularsError(f"'{raw}' is too short for a phone number.")
    return {"phone": phone.display, "phone_digits": phone.digits}


def _birthday(raw: str) -> dict[str, Any]:
    try:
        day = values.birthday(raw.strip())
    except ValueError as exc:
        raise RegularsError(f"Birthday: {exc}.") from None
    refuse_future_birthday(day.month, day.day, day.year, date.today())
    return {"birthday_month": day.month, "birthday_day": day.day, "birthday_year": day.year}


def _since(value: object) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return values.iso_date(value.strip())
        except ValueError as exc:
            raise RegularsError(f"Customer since: {exc}.") from None
    raise RegularsError("Customer since must be a date as YYYY-MM-DD.")


def _flag(field: str, value: object, *, allow_unknown: bool) -> bool | None:
    if isinstance(value, bool) or (value is None and allow_unknown):
        return value
    raise RegularsError(f"{label(field)}: must be yes or no.")


def read_field(field: str, value: object, region: str) -> dict[str, Any]:
    """The column values for one field as typed; ``None`` or blank text clears it."""
    if field not in FIELDS:
        raise RegularsError(f"'{field}' is not a customer field; use one of {', '.join(FIELDS)}.")
    if field == "contact_consent":
        return {field: _flag(field, value, allow_unknown=True)}
    if field == "no_sales_prompts":
        return {field: _flag(field, value, allow_unknown=False)}
    blank = value is None or (isinstance(value, str) and not value.strip())
    if field in ("first_name", "last_name"):
        return {field: "" if blank else _text(field, value)}
    if blank:
        cleared = {
            "phone": ("phone", "phone_digits"),
            "birthday": ("birthday_month", "birthday_day", "birthday_year"),
        }
        return dict.fromkeys(cleared.get(field, (field,)))
    if field in TEXT_FIELDS:
        return {field: _text(field, value)}
    if field == "customer_since":
        return {field: _since(value)}
    if not isinstance(value, str):
        raise RegularsError(f"{label(field)}: must be text.")
    if field == "phone":
        return _phone(value, region)
    if field == "email":
        try:
            return {field: values.email(_text(field, value))}
        except ValueError as exc:
            raise RegularsError(f"Email: {exc}.") from None
    return _birthday(value)
