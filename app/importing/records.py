"""Rows as every import format hands them over: already checked, in the app's own terms.

Each format (the plain Regulars CSV now; till exports and vCard later) turns its rows into
these records, so matching, idempotency and the all-or-nothing write exist exactly once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module
from pathlib import Path
from typing import NamedTuple

from app.importing.report import RowProblem

OWN_REF_PREFIX = "regulars-"
REGULARS_COLUMNS = {
    "external_ref": "customer_ref",
    "purchased_on": "date",
    "unit_price_cents": "price",
}
"""The Regulars CSV's column for each record field not spelled the same."""


def own_export_id(ref: str | None) -> int | None:
    """The customer id in a ``regulars-<id>`` reference, which Regulars' own export gives
    customers with nothing else to find them by; ``None`` for any other reference."""
    if not ref or not ref.startswith(OWN_REF_PREFIX):
        return None
    digits = ref.removeprefix(OWN_REF_PREFIX)
    return int(digits) if digits.isdigit() else None


class Birthday(NamedTuple):
    """Month and day, and the year when the customer gave it."""

    month: int
    day: int
    year: int | None = None


class Contact(NamedTuple):
    """One more phone, email or address (``kind``) and what it is for (``label``: mobile,
    home, work, other), as the file writes it."""

    kind: str
    label: str
    value: str


class Dated(NamedTuple):
    """A yearly date worth a kind word (a wedding anniversary), as the file names it."""

    label: str
    when: Birthday
    anniversary: bool = True


class Relative(NamedTuple):
    """Someone in the customer's life, by name: ``kind`` is a relation kind (spouse,
    child, parent, sibling, partner, friend, other)."""

    kind: str
    name: str


class CustomerRecord(NamedTuple):
    """A customer as one row describes them; blank values mean "not known", never "erase".

    Records are named tuples rather than dataclasses: a million-line import builds (and
    passes between processes, see ``worker``) over a million of them."""

    external_ref: str | None
    first_name: str
    last_name: str
    preferred_name: str | None = None
    phone: str | None = None
    """As the file writes it: read in the shop's phone region where records land
    (``apply``), once for every format, and off the reading process (``worker``)."""
    email: str | None = None
    birthday: Birthday | None = None
    customer_since: date | None = None
    tags: tuple[str, ...] = ()
    note: str | None = None
    address: str | None = None
    """The main address's street part; ``town`` the rest (town, region, postcode)."""
    town: str | None = None
    contacts: tuple[Contact, ...] = ()
    """Phones, emails and addresses beyond the main ones."""
    occasions: tuple[Dated, ...] = ()
    relatives: tuple[Relative, ...] = ()


class PurchaseRecord(NamedTuple):
    """One purchase line and the customer it belongs to (by till reference, else email)."""

    customer_ref: str | None
    email: str | None
    purchased_on: date
    item: str
    order_ref: str | None = None
    sku: str | None = None
    category: str | None = None
    quantity: float = 1.0
    unit_price_cents: int | None = None


class ParsedRow(NamedTuple):
    """One row of the file: its customer and purchase when clean, else what is wrong with it.

    Neither and no problems means a blank row, which is skipped. A till row may carry
    both (a customer and the line they bought); the customer lands first.
    """

    row: int
    customer: CustomerRecord | None = None
    purchase: PurchaseRecord | None = None
    problems: tuple[RowProblem, ...] = ()


@dataclass
class Source:
    """An opened file in a known format, read lazily row by row.

    ``notices`` are things the owner should know that refuse nothing (ignored columns);
    a reader may add to them while its rows are being read.
    """

    format: str
    rows: Iterator[ParsedRow]
    notices: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    """The file's column each record field (``external_ref``, ``note``…) is read from, to
    name it in a problem; a field not here is named as the Regulars CSV names it."""

    def column(self, name: str) -> str:
        """The file's column for the record field ``name``."""
        return self.columns.get(name) or REGULARS_COLUMNS.get(name, name)

    def close(self) -> None:
        """Stop reading: the file is closed (and a reading process stopped) at once, not
        whenever the garbage collector gets round to an abandoned generator."""
        close = getattr(self.rows, "close", None)
        if close is not None:
            close()


@dataclass(frozen=True)
class ReadOptions:
    """What a reader needs to know beyond the file itself."""

    mapped: tuple[tuple[str, str], ...] = ()
    """For a file read through a column mapping: (our field, the file's column key)."""


@dataclass(frozen=True)
class Format:
    """One kind of file Regulars imports.

    ``detect`` looks only at the start of the file and says whether it is this format;
    ``read`` opens it (refusing a file it cannot read as this format) and streams its rows.
    """

    name: str
    label: str
    detect: Callable[[Path], bool]
    read: Callable[[Path, ReadOptions], Source]

    def __post_init__(self) -> None:
        _DEFINED.setdefault(self.name, self)


_DEFINED: dict[str, Format] = {}
"""Every format defined so far, by name: the formats of the modules imported."""


def defined_format(module: str, name: str) -> Format:
    """The format ``name`` defined in ``module`` (imported here if it was not yet): how a
    reading process finds its format without importing every other (``worker``)."""
    import_module(module)
    return _DEFINED[name]
