"""Reading what the owner typed into a customer's fields, and refusing what cannot be right.

The fields themselves (label, kind, option, CSV column) are the one list in
``app.customers.field_list``. The add form, the edit form and the command line all hand
over the same plain values (text, dates, yes/no); each is checked and turned into column
values here, once. A refusal names the
field by its label and says what would be accepted. Emails and birthdays are read
by the same readers the importers use, and phones by the shop-region normaliser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import String

from app.birthdays import read_birthday
from app.customers.field_list import FIELDS, TEXT_FIELDS, label
from app.errors import RegularsError
from app.i18n import _
from app.importing import values
from app.models import Customer
from app.phones import normalise_phone
from app.plain_text import refuse_hidden

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


def _text(field: str, value: object) -> str:
    if not isinstance(value, str):
        raise RegularsError(_("{label}: must be text.").format(label=label(field)))
    refuse_hidden(label(field), value)
    text = " ".join(value.split())
    column_type = Customer.__table__.c[field].type
    limit = column_type.length if isinstance(column_type, String) else None
    if limit is not None and len(text) > limit:
        raise RegularsError(
            _("{label}: {length} characters long; at most {limit} fit.").format(
                label=label(field), length=len(text), limit=limit
            )
        )
    return text


def _phone(raw: str, region: str) -> dict[str, Any]:
    text = raw.strip()
    if not _PHONE.fullmatch(text):
        raise RegularsError(
            _(
                "'{raw}' is not a phone number: use digits, spaces, + ( ) - . and an optional "
                "extension such as 'x12'."
            ).format(raw=raw)
        )
    phone = normalise_phone(text, region)
    if len(phone.digits) < _MIN_PHONE_DIGITS:
        raise RegularsError(_("'{raw}' is too short for a phone number.").format(raw=raw))
    return {"phone": phone.display, "phone_digits": phone.digits}


def _birthday(raw: str) -> dict[str, Any]:
    month, day, year = read_birthday(raw) or (None, None, None)
    return {"birthday_month": month, "birthday_day": day, "birthday_year": year}


def _since(value: object) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return values.iso_date(value.strip())
        except ValueError as exc:
            raise RegularsError(_("Customer since: {problem}.").format(problem=exc)) from None
    raise RegularsError(_("Customer since must be a date as YYYY-MM-DD."))


def _flag(field: str, value: object, *, allow_unknown: bool) -> bool | None:
    if isinstance(value, bool) or (value is None and allow_unknown):
        return value
    raise RegularsError(_("{label}: must be yes or no.").format(label=label(field)))


def read_field(field: str, value: object, region: str) -> dict[str, Any]:
    """The column values for one field as typed; ``None`` or blank text clears it."""
    if field not in FIELDS:
        raise RegularsError(
            _("'{field}' is not a customer field; use one of {fields}.").format(
                field=field, fields=", ".join(FIELDS)
            )
        )
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
        raise RegularsError(_("{label}: must be text.").format(label=label(field)))
    if field == "phone":
        return _phone(value, region)
    if field == "email":
        try:
            return {field: values.email(_text(field, value))}
        except ValueError as exc:
            raise RegularsError(_("Email: {problem}.").format(problem=exc)) from None
    return _birthday(value)
