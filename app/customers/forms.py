"""What the customer form hands over, how it is stored, and where it waits when the shop's
server is away.

The form (new customer or edit) gives a ``NewCustomer`` or a ``CustomerEdit`` of only the
fields changed; ``store_customer`` saves either. When the back-office server cannot be
reached, the window keeps the form as a small JSON file on this register
(``keep_form``), closes it, and saves it by itself once the server is back, or at the
next start when the window was closed first (``load_forms``), like a note kept meanwhile.

None of a customer's own fields is private: the register sees every one of them on the
card and in this very form (privacy covers notes only: ``app.safety.access``), so a kept
form is not sealed, just as a plain note's draft is not. It goes to the user data folder
(else the system's temporary one), never beside the book, named for that book so another
shop's forms never mix in; forgetting the customer removes an edit kept for them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.customers.fields import NewCustomer
from app.customers.service import add_customer, edit_customer
from app.db import Database
from app.models import utcnow
from app.notes.drafts import discard_refused, draft_folders, write_first

_PREFIX = "form-"


@dataclass(frozen=True)
class CustomerEdit:
    """What to pass to ``edit_customer``: only the fields that changed."""

    customer_id: int
    changes: Mapping[str, object]
    expected_version: int


CustomerValues = NewCustomer | CustomerEdit


def store_customer(database: Database, values: CustomerValues) -> int:
    """Save one customer from the form (a single short write, off the GUI thread); a
    refusal raises and the form shows it beside the fields."""
    if isinstance(values, NewCustomer):
        return add_customer(database, values)
    return edit_customer(database, values.customer_id, values.changes, values.expected_version).id


@dataclass(frozen=True)
class KeptForm:
    """A customer form saved while the server was away, waiting on this register."""

    values: CustomerValues
    name: str
    """Whom it is about, for the messages."""
    file: Path
    saved_at: datetime = field(default_factory=utcnow)

    def fields(self) -> Mapping[str, object]:
        """The fields typed (a new customer's all, an edit's changed ones)."""
        if isinstance(self.values, NewCustomer):
            return asdict(self.values)
        return self.values.changes


def _folders(db_path: Path) -> list[Path]:
    """Where kept forms of the book at ``db_path`` go: the drafts' folders away from the
    book's own."""
    return draft_folders(db_path)[1:]


def _plain(fields: Mapping[str, object]) -> dict[str, object]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in fields.items()}


def _typed(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {
        k: date.fromisoformat(v) if k == "customer_since" and isinstance(v, str) else v
        for k, v in fields.items()
    }


def keep_form(db_path: Path, values: CustomerValues, name: str) -> KeptForm:
    """Keep the form's ``values`` on disk (forced there) until the book can take them;
    raises the first folder's error if none takes them."""
    edit = values if isinstance(values, CustomerEdit) else None
    form = KeptForm(values, name, Path())
    document: dict[str, object] = {
        "name": name,
        "saved_at": form.saved_at.isoformat(),
        "customer_id": None if edit is None else edit.customer_id,
        "expected_version": None if edit is None else edit.expected_version,
        "fields": _plain(form.fields()),
    }
    file = write_first(_folders(db_path), f"{_PREFIX}{uuid.uuid4().hex}.json", document)
    return replace(form, file=file)


def _read(path: Path) -> KeptForm | None:
    """A kept form as written, or None when the file cannot be read as one."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        fields = _typed(dict(document["fields"]))
        customer_id = document["customer_id"]
        values: CustomerValues = (
            NewCustomer(**fields)
            if customer_id is None
            else CustomerEdit(int(customer_id), fields, int(document["expected_version"]))
        )
        return KeptForm(
            values, str(document["name"]), path, datetime.fromisoformat(document["saved_at"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def load_forms(db_path: Path) -> list[KeptForm]:
    """Every form kept for the book at ``db_path``, oldest first."""
    found = [
        form
        for folder in _folders(db_path)
        if folder.is_dir()
        for path in folder.glob(f"{_PREFIX}*.json")
        if (form := _read(path)) is not None
    ]
    return sorted(found, key=lambda form: form.saved_at)


def discard_form(form: KeptForm) -> None:
    """Forget a kept form once it is saved, reopened or thrown away on purpose."""
    discard_refused(form.file)


def discard_forms_of(db_path: Path, customer_id: int) -> None:
    """Forget every edit kept for ``customer_id`` (the customer was forgotten)."""
    for form in load_forms(db_path):
        if isinstance(form.values, CustomerEdit) and form.values.customer_id == customer_id:
            discard_form(form)
