"""Gift memory: which purchase line was a gift for whom in the customer's household.

Marked by the clerk (the till does not know), so the card can say "gift for Anna" and
show what is known of her sizes and likes, and the prompts can recall last year's gift
before her birthday. Only someone in the buyer's own household can receive one; every
mark and unmark goes to the change log. The rule lives here, once, for the window and the
command line alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from app.changes import record_change
from app.db import Database
from app.errors import RegularsError
from app.i18n import _
from app.models import Note, Purchase, PurchaseLine, Relation
from app.prompts.facts import relation_name
from app.prompts.wording import shorten
from app.safety.access import Access
from app.search.normalize import fold

ABOUT_KINDS = ("likes", "interests", "family", "general")
"""Notes of these kinds that name a household member tell their sizes and likes."""
ABOUT_LIMIT = 3
ABOUT_MAX_CHARS = 90


@dataclass(frozen=True)
class GiftView:
    """One purchase line and whom it was for (``recipient_id`` None: not a gift)."""

    line_id: int
    customer_id: int
    purchased_on: date
    item: str
    recipient_id: int | None
    recipient: str | None


def _line(session: Session, line_id: int) -> PurchaseLine:
    line = session.get(
        PurchaseLine,
        line_id,
        options=[selectinload(PurchaseLine.purchase), selectinload(PurchaseLine.gift_for)],
    )
    if line is None:
        raise RegularsError(_("There is no purchase line {id}.").format(id=line_id))
    return line


def _household(session: Session, customer_id: int) -> list[Relation]:
    return list(
        session.scalars(
            select(Relation)
            .where(Relation.customer_id == customer_id)
            .options(selectinload(Relation.related_customer))
            .order_by(Relation.id)
        )
    )


def _recipient(household: list[Relation], wanted: int | str) -> Relation:
    """The household member given by relation id or by name (any case and accents; the
    first name alone will do when it is unique)."""
    if isinstance(wanted, int):
        found = [r for r in household if r.id == wanted]
    else:
        key = fold(" ".join(wanted.split()))
        found = [r for r in household if fold(relation_name(r)) == key] or [
            r for r in household if fold(relation_name(r)).split()[:1] == key.split()[:1]
        ]
    if len(found) == 1:
        return found[0]
    names = ", ".join(relation_name(r) for r in household) or _("nobody yet")
    if found:
        raise RegularsError(
            _("'{wanted}' could be more than one of the household: {names}.").format(
                wanted=wanted, names=names
            )
        )
    raise RegularsError(
        _("'{wanted}' is not in the buyer's household (household: {names}).").format(
            wanted=wanted, names=names
        )
    )


def mark_gift(database: Database, line_id: int, recipient: int | str | None) -> GiftView:
    """Mark purchase line ``line_id`` as a gift for a member of the buyer's household (by
    relation id or name), or with ``None`` as bought for themselves. Marking it for the
    same person again changes nothing. The line's purchase is touched as well: the change
    feed watches purchases, not their lines, and so tells every open window."""
    with database.session() as session:
        line = _line(session, line_id)
        customer_id = line.purchase.customer_id
        chosen = (
            None if recipient is None else _recipient(_household(session, customer_id), recipient)
        )
        before = line.gift_for
        if (before.id if before else None) != (chosen.id if chosen else None):
            line.gift_for = chosen
            record_change(
                session,
                "gift_mark",
                "purchase_line",
                line.id,
                customer_id,
                {
                    "gift_for_id": [
                        before.id if before else None,
                        chosen.id if chosen else None,
                    ]
                },
            )
            session.execute(
                update(Purchase)
                .where(Purchase.id == line.purchase_id)
                .values(purchased_on=Purchase.purchased_on)
            )
        return GiftView(
            line_id=line.id,
            customer_id=customer_id,
            purchased_on=line.purchase.purchased_on,
            item=line.item,
            recipient_id=chosen.id if chosen else None,
            recipient=relation_name(chosen) if chosen else None,
        )


def gift_lines(database: Database, customer_id: int) -> list[GiftView]:
    """Every line the customer bought as a gift, newest first."""
    with database.reading() as session:
        rows = session.execute(
            select(PurchaseLine, Purchase.purchased_on)
            .join(Purchase, PurchaseLine.purchase_id == Purchase.id)
            .where(Purchase.customer_id == customer_id, PurchaseLine.gift_for_id.is_not(None))
            .options(selectinload(PurchaseLine.gift_for).selectinload(Relation.related_customer))
            .order_by(Purchase.purchased_on.desc(), PurchaseLine.id.desc())
        )
        return [
            GiftView(
                line.id,
                customer_id,
                on,
                line.item,
                line.gift_for_id,
                relation_name(line.gift_for) if line.gift_for else None,
            )
            for line, on in rows
        ]


def notes_about(
    session: Session, customer_id: int, names: Iterable[str], access: Access
) -> dict[str, tuple[str, ...]]:
    """For each of ``names`` (household members), the customer's newest notes of the
    ``ABOUT_KINDS`` that name them by first name: their sizes and likes. Never a "don't
    bring up" note, nor (at the register) a private one."""
    wanted = {name: fold(name).split()[0] for name in names if name.strip()}
    if not wanted:
        return {}
    query = (
        select(Note)
        .where(
            Note.customer_id == customer_id,
            Note.kind.in_(ABOUT_KINDS),
            Note.deleted_at.is_(None),
            Note.dont_bring_up.is_(False),
        )
        .order_by(Note.created_at.desc(), Note.id.desc())
    )
    if not access.owner:
        query = query.where(Note.private.is_(False))
    found: dict[str, list[str]] = {name: [] for name in wanted}
    for note in session.scalars(query):
        body = access.read(note.body, note.sealed)
        words = set(re.findall(r"\w+", fold(body)))
        for name, first in wanted.items():
            if first in words and len(found[name]) < ABOUT_LIMIT:
                found[name].append(shorten(body, ABOUT_MAX_CHARS))
    return {name: tuple(bodies) for name, bodies in found.items() if bodies}
