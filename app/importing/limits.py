"""How long each imported value may be: one table of limits, checked for every reader.

The limits are the database's own column sizes (a name 100 characters, an email 254, an
item 200) and the note box's 20,000 characters, so an import stores nothing the app's
own forms would refuse, and a file pasted into a vCard NOTE cannot make a card take a
minute to open. Records are checked where they land (``apply``), so a reader written
tomorrow is held to them too; the reader only says which of its columns each field came
from (``Source.columns``). A purchase line's item, SKU and category are checked once per
product and its order reference once per order, so a million-line export pays nothing
per line.

No value may hold an invisible control or direction-override character either
(``app.plain_text``, the rule the customer form keeps too); a note may hold line breaks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import String

from app.i18n import _
from app.importing import csvfile
from app.importing.report import RowProblem
from app.models import Base
from app.notes.service import MAX_NOTE_CHARS
from app.plain_text import hidden_character


def _length(table: str, column: str) -> int:
    kind = Base.metadata.tables[table].c[column].type
    assert isinstance(kind, String) and kind.length is not None
    return kind.length


LIMITS: Mapping[str, int] = {
    "external_ref": _length("customer", "external_ref"),
    "first_name": _length("customer", "first_name"),
    "last_name": _length("customer", "last_name"),
    "preferred_name": _length("customer", "preferred_name"),
    "phone": _length("customer", "phone"),
    "email": _length("customer", "email"),
    "tags": _length("tag", "name"),
    "note": MAX_NOTE_CHARS,
    "item": _length("purchase_line", "item"),
    "order_ref": _length("purchase", "order_ref"),
    "sku": _length("product", "sku"),
    "category": _length("category", "name"),
}
"""Characters each stored field of a record may hold (for ``tags``: each tag)."""


def problems(
    row: int, fields: Iterable[tuple[str, Any]], column: Callable[[str], str]
) -> list[RowProblem]:
    """Every one of ``fields`` (record field name, value) longer than its limit or holding
    a hidden character, named by ``column``; fields with no limit are only read for
    hidden characters. Blank fields (most of a record) are passed over at once, and a
    plain text is read without the walk through tuples."""
    found = []
    for name, value in fields:
        if not value:
            continue
        hidden = (
            hidden_character(value, lines=name == "note")
            if isinstance(value, str)
            else next(
                filter(None, (hidden_character(t, lines=name == "note") for t in _texts(value))),
                None,
            )
        )
        if hidden:
            found.append(csvfile.hidden_problem(row, column(name), hidden))
            continue
        limit = LIMITS.get(name)
        if limit is None:
            continue
        longest = max(map(len, value)) if isinstance(value, tuple) else len(value)
        if longest > limit:
            what = "a tag" if isinstance(value, tuple) else "it"
            found.append(
                RowProblem(
                    row,
                    column(name),
                    _(
                        "{what} is {longest:,} characters long; at most {limit:,} are kept. "
                        "Shorten it in the file and import again"
                    ).format(what=what, longest=longest, limit=limit),
                )
            )
    return found


def _texts(value: Any) -> Iterable[str]:
    """Every text in a record field: itself, or inside its tags, contacts and relatives."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for part in value:
            yield from _texts(part)
