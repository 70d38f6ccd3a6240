"""Who is worth learning: the regulars, most frequent and most recent first.

The shop's visit history picks the deck (one GROUP BY over the past year's purchases,
ranked by the register lookup's own ``regularity``), and the owner has the last word:
a customer can be added (always in, ahead of the rest) or removed (never shown). The deck
is the shop's; each staff member's progress through it is their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import RegularsError
from app.i18n import _
from app.models import Customer, PracticeDeckEntry, Purchase, StaffRole
from app.practice.staff import find_staff
from app.search.entries import regularity
from app.today.names import names_of

DECK_SIZE = 100
MIN_VISITS = 3
"""A regular worth learning: three visits or more in the past year."""
HISTORY_DAYS = 365


@dataclass(frozen=True)
class DeckMember:
    """One customer in the deck, with why they are in it."""

    customer_id: int
    display_name: str
    visits: int
    last_visit: date | None
    added_by_owner: bool


def _visits(session: Session, today: date) -> dict[int, tuple[int, date]]:
    rows = session.execute(
        select(Purchase.customer_id, func.count(Purchase.id), func.max(Purchase.purchased_on))
        .join(Customer, Customer.id == Purchase.customer_id)
        .where(Customer.archived.is_(False))
        .where(Purchase.purchased_on > today - timedelta(days=HISTORY_DAYS))
        .where(Purchase.purchased_on <= today)
        .group_by(Purchase.customer_id)
    )
    return {cid: (count, last) for cid, count, last in rows}


def _choices(session: Session) -> dict[int, bool]:
    rows = session.execute(
        select(PracticeDeckEntry.customer_id, PracticeDeckEntry.included)
        .join(Customer, Customer.id == PracticeDeckEntry.customer_id)
        .where(Customer.archived.is_(False))
        .order_by(PracticeDeckEntry.set_at, PracticeDeckEntry.customer_id)
    )
    return {cid: bool(included) for cid, included in rows}


def deck_ids(session: Session, today: date, size: int = DECK_SIZE) -> list[int]:
    """The deck in learning order: the owner's additions, then regulars by regularity."""
    visits = _visits(session, today)
    choices = _choices(session)
    added = [cid for cid, included in choices.items() if included]
    regulars = sorted(
        (cid for cid, (count, _) in visits.items() if count >= MIN_VISITS),
        key=lambda cid: (-regularity(*visits[cid], today), -visits[cid][1].toordinal(), cid),
    )
    return (added + [cid for cid in regulars if cid not in choices])[:size]


def list_deck(database: Database, today: date, size: int = DECK_SIZE) -> list[DeckMember]:
    """The deck as the owner reviews it before adding or removing anyone."""
    with database.session() as session:
        ids = deck_ids(session, today, size)
        visits = _visits(session, today)
        choices = _choices(session)
        names = names_of(session, ids)
        return [
            DeckMember(
                customer_id=cid,
                display_name=names.get(cid, "(no name)"),
                visits=visits.get(cid, (0, None))[0],
                last_visit=visits.get(cid, (0, None))[1],
                added_by_owner=choices.get(cid, False),
            )
            for cid in ids
        ]


def set_in_deck(
    database: Database, customer_id: int, included: bool | None, *, by: str, now: datetime
) -> None:
    """Owner only: always include (True), never include (False), or leave it to the
    visit history again (None)."""
    with database.session() as session:
        if find_staff(session, by).role != StaffRole.OWNER:
            raise RegularsError(
                _("only an owner may change the practice deck; {by} is a clerk.").format(by=by)
            )
        if session.get(Customer, customer_id) is None:
            raise RegularsError(
                _("there is no customer #{customer_id}.").format(customer_id=customer_id)
            )
        entry = session.get(PracticeDeckEntry, customer_id)
        if included is None:
            session.execute(
                delete(PracticeDeckEntry).where(PracticeDeckEntry.customer_id == customer_id)
            )
        elif entry is None:
            session.add(PracticeDeckEntry(customer_id=customer_id, included=included, set_at=now))
        else:
            entry.included = included
            entry.set_at = now
