"""How long each imported value may be: one table of limits, checked for every reader.

The limits are the database's own column sizes (a name 100 characters, an email 254, an
item 200) and the note box's 20,000 characters, so an import stores nothing the app's
own forms would refuse, and a file pasted into a vCard NOTE cannot make a card take a
minute to open. Records are checked where they land (``apply``), so a reader written
tomorrow is held to them too; the reader only says which of its columns each field came
from (``Source.columns``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import String

from app.importing.records import CustomerRecord, PurchaseRecord
from app.importing.report import RowProblem
from app.models import Base
from app.notes.service import MAX_NOTE_CHARS


def _length(table: str, column: str) -> int:
    kind = Base.metadata.tables[table].c[column].type
    assert isinstance(kind, String) and kind.length is not None
    return kind.length


CUSTOMER_LIMITS: Mapping[str, int] = {
    "external_ref": _length("customer", "external_ref"),
    "first_name": _length("customer", "first_name"),
    "last_name": _length("customer", "last_name"),
    "preferred_name": _length("customer", "preferred_name"),
    "phone": _length("customer", "phone"),
    "email": _length("customer", "email"),
    "tags": _length("tag", "name"),
    "note": MAX_NOTE_CHARS,
}
"""Characters a customer's field may hold (for ``tags``: each tag)."""
PURCHASE_LIMITS: Mapping[str, int] = {
    "customer_ref": CUSTOMER_LIMITS["external_ref"],
    "email": CUSTOMER_LIMITS["email"],
    "item": _length("purchase_line", "item"),
    "order_ref": _length("purchase", "order_ref"),
    "sku": _length("product", "sku"),
    "category": _length("category", "name"),
}
"""Characters a purchase line's field may hold."""

_CUSTOMER_AT = tuple(
    (CustomerRecord._fields.index(name), name, limit) for name, limit in CUSTOMER_LIMITS.items()
)
_PURCHASE_AT = tuple(
    (PurchaseRecord._fields.index(name), name, limit) for name, limit in PURCHASE_LIMITS.items()
)


def customer_problems(
    row: int, record: Sequence[Any], column: Callable[[str], str]
) -> list[RowProblem]:
    """Every field of a customer record longer than its limit, named by ``column``."""
    return _problems(row, record, _CUSTOMER_AT, column)


def purchase_problems(
    row: int, record: Sequence[Any], column: Callable[[str], str]
) -> list[RowProblem]:
    """Every field of a purchase record longer than its limit, named by ``column``. (A
    million-line export passes here, so a clean line costs a length per field.)"""
    return _problems(row, record, _PURCHASE_AT, column)


def _problems(
    row: int,
    record: Sequence[Any],
    fields: Sequence[tuple[int, str, int]],
    column: Callable[[str], str],
) -> list[RowProblem]:
    found = []
    for at, name, limit in fields:
        value = record[at]
        if not value:
            continue
        longest = max(map(len, value)) if isinstance(value, tuple) else len(value)
        if longest > limit:
            what = "a tag" if isinstance(value, tuple) else "it"
            found.append(
                RowProblem(
                    row,
                    column(name),
                    f"{what} is {longest:,} characters long; at most {limit:,} are kept. "
                    "Shorten it in the file and import again",
                )
            )
    return found
