"""Reading what the owner typed into a customer's fields, and refusing what cannot be right.

The add form, the edit form and the command line all hand over the same plain values
(text, dates, yes/no); each is checked and turned into column values here, once. A
refusal names the field and says what would be accepted. Emails and birthdays are read
by the same readers the importers use, and phones by the shop-region normaliser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import String

from app.errors import RegularsError
from app.importing import values
from app.models import Customer
from app.phones import normalise_phone

TEXT_FIELDS = ("first_name", "last_name", "preferred_name", "address_line", "town")
FIELDS = (
    *TEXT_FIELDS,
    "phone",
    "email",
    "birthday",
    "customer_since",
    "contact_consent",
    "no_sales_prompts",
)
"""What an add or edit may set; ``birthday`` is text (``YYYY-MM-DD``, ``--MM-DD``)."""

_LABELS = {
    "first_name": "first name",
    "last_name": "last name",
    "preferred_name": "preferred name",
    "address_line": "address",
    "customer_since": "customer since",
    "contact_consent": "contact consent",
    "no_sales_prompts": "no sales prompts",
}
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
    return _LABELS.get(field, field)


def _text(field: str, value: object) -> str:
    if not isinstance(value, str):
        raise RegularsError(f"The {label(field)} must be text.")
    text = " ".join(value.split())
    column_type = Customer.__table__.c[field].type
    limit = column_type.length if isinstance(column_type, String) else None
    if limit is not None and len(text) > limit:
        raise RegularsError(
            f"The {label(field)} is {len(text)} characters long; at most {limit} fit."
        )
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
    raise RegularsError(f"The {label(field)} must be yes or no.")


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
        raise RegularsError(f"The {label(field)} must be text.")
    if field == "phone":
        return _phone(value, region)
    if field == "email":
        try:
            return {field: values.email(_text(field, value))}
        except ValueError as exc:
            raise RegularsError(f"Email: {exc}.") from None
    return _birthday(value)
