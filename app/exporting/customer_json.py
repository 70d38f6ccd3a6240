"""Everything the shop holds about one customer, as JSON: the answer to "what do you
know about me?".

Nothing is left out on purpose: the customer row (photo as base64), their further
phones, emails and addresses (contact points), household and pets,
occasions, tags, every purchase with its lines and products, every note with every
earlier wording (private and deleted ones included: the owner answers for all of
it), the ask-about prompts with what became of them, and the change history. Rows are
read straight from the tables, column by column, so a column added later is exported
without anyone remembering to add it here.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TextIO

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.errors import RegularsError
from app.i18n import N_, _
from app.models import (
    Category,
    ChangeLog,
    ContactPoint,
    Customer,
    Note,
    NoteRevision,
    Occasion,
    Product,
    Prompt,
    Purchase,
    PurchaseLine,
    Relation,
    Tag,
    customer_tag,
)
from app.safety.access import Access

FORMAT = "regulars-customer-export/1"
ENCODING = "utf-8"


def customer_document(
    session: Session, customer_id: int, *, exported_at: datetime, access: Access
) -> dict[str, Any]:
    """One customer's complete data as plain JSON values: the owner's alone to take, with
    sealed notes opened."""
    access.require_owner(N_("export everything about one customer"))
    customer = _rows(session, select(Customer.__table__).where(Customer.id == customer_id))
    if not customer:
        raise RegularsError(
            _("There is no customer #{customer_id}.").format(customer_id=customer_id)
        )
    notes = _rows(
        session, select(Note.__table__).where(Note.customer_id == customer_id).order_by(Note.id)
    )
    revisions = _by(
        "note_id",
        _rows(
            session,
            select(NoteRevision.__table__)
            .where(NoteRevision.note_id.in_([note["id"] for note in notes]))
            .order_by(NoteRevision.note_id, NoteRevision.number),
        ),
    )
    purchases = _rows(
        session,
        select(Purchase.__table__)
        .where(Purchase.customer_id == customer_id)
        .order_by(Purchase.purchased_on, Purchase.id),
    )
    lines = _by(
        "purchase_id",
        _rows(
            session,
            select(
                PurchaseLine.__table__,
                Product.sku.label("product_sku"),
                Product.name.label("product_name"),
                Category.name.label("category"),
                Category.kind.label("category_kind"),
            )
            .join(Product, Product.id == PurchaseLine.product_id)
            .outerjoin(Category, Category.id == Product.category_id)
            .where(PurchaseLine.purchase_id.in_([purchase["id"] for purchase in purchases]))
            .order_by(PurchaseLine.id),
        ),
    )
    related = Customer.__table__.alias("related")
    return {
        "format": FORMAT,
        "exported_at": exported_at.isoformat(timespec="seconds"),
        "customer": customer[0],
        "contact_points": _rows(
            session,
            select(ContactPoint.__table__)
            .where(ContactPoint.customer_id == customer_id)
            .order_by(ContactPoint.position),
        ),
        "household": _rows(
            session,
            select(
                Relation.__table__,
                related.c.first_name.label("related_first_name"),
                related.c.last_name.label("related_last_name"),
            )
            .outerjoin(related, related.c.id == Relation.related_customer_id)
            .where(Relation.customer_id == customer_id)
            .order_by(Relation.id),
        ),
        "occasions": _rows(
            session,
            select(Occasion.__table__)
            .where(Occasion.customer_id == customer_id)
            .order_by(Occasion.id),
        ),
        "tags": list(
            session.scalars(
                select(Tag.name)
                .join(customer_tag, customer_tag.c.tag_id == Tag.id)
                .where(customer_tag.c.customer_id == customer_id)
                .order_by(Tag.name)
            )
        ),
        "purchases": [
            purchase | {"lines": lines.get(purchase["id"], [])} for purchase in purchases
        ],
        "notes": [
            _opened(note, access)
            | {"revisions": [_opened(r, access) for r in revisions.get(note["id"], [])]}
            for note in notes
        ],
        "prompts": _rows(
            session,
            select(Prompt.__table__).where(Prompt.customer_id == customer_id).order_by(Prompt.id),
        ),
        "history": _rows(
            session,
            select(ChangeLog.__table__)
            .where(ChangeLog.customer_id == customer_id)
            .order_by(ChangeLog.at, ChangeLog.id),
        ),
    }


def _opened(row: dict[str, Any], access: Access) -> dict[str, Any]:
    """A note or wording row with its sealed body opened in place of the seal."""
    sealed = row.pop("sealed", None)
    if sealed is not None:
        row["body"] = access.read(row["body"], base64.b64decode(sealed))
    return row


def write_json(document: dict[str, Any], fh: TextIO) -> None:
    """The document, indented so a person can read it."""
    json.dump(document, fh, ensure_ascii=False, indent=2)
    fh.write("\n")


def _rows(session: Session, query: Select[Any]) -> list[dict[str, Any]]:
    return [
        {name: _plain(value) for name, value in row._mapping.items()}
        for row in session.execute(query)
    ]


def _by(key: str, rows: Sequence[dict[str, Any]]) -> dict[Any, list[dict[str, Any]]]:
    grouped: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(row)
    return grouped


def _plain(value: Any) -> Any:
    """A column value as JSON can hold it: dates as ISO text, bytes as base64."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value
