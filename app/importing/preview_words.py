"""An import's first rows in words, the same in the window's wizard and on the command
line: each field by the name the owner knows it by, in the shop's language."""

from __future__ import annotations

from app.customers.field_list import FIELD_BY_KEY, label
from app.i18n import N_, _
from app.importing.mapping import COLUMN_LABELS
from app.importing.report import PreviewRow

PREVIEW_WORDS = {
    "customer": N_("customer"),
    "purchase": N_("purchase"),
    "new": N_("new"),
    "updated": N_("updated"),
    "unchanged": N_("unchanged"),
}
"""The kinds of record and what happens to them, as the preview says them."""
PREVIEW_FIELDS = {"customer": N_("Customer"), "unit_price": N_("Price")}
"""Preview fields named neither by the customer fields nor by the importer's columns."""


def field_label(field: str) -> str:
    """A field as the owner knows it: a customer's own by the forms' label ("First name"),
    the others by the importer's ("Receipt number")."""
    return label(field) if field in FIELD_BY_KEY else _(COLUMN_LABELS.get(field, field))


def landing(fields: dict[str, str]) -> str:
    """ "Customer: #5 Ann Lee, Email: ann@example.com": a record as it will land."""
    return ", ".join(f"{_field_words(key)}: {value}" for key, value in fields.items())


def _field_words(key: str) -> str:
    return _(PREVIEW_FIELDS[key]) if key in PREVIEW_FIELDS else field_label(key)


def preview_words(row: PreviewRow) -> tuple[str, str, str]:
    """(what kind of record, what happens to it, how it will land) for one preview row."""
    return _(PREVIEW_WORDS[row.kind]), _(PREVIEW_WORDS[row.action]), landing(row.fields)
