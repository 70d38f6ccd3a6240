"""Follow-ups due: notes whose "ask on" date has come and that nobody has asked yet.

Private notes are included only for the owner (opened with the key when sealed), marked
``private`` for the window to flag; "don't bring up" notes are left out, since a follow-up
is exactly bringing it up. Deleted notes and archived customers never show.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models import Customer, Note
from app.prompts.rules import PromptRules
from app.prompts.wording import ago, short_date, shorten
from app.safety.access import Access
from app.today.marks import note_key
from app.today.names import name_of
from app.today.view import Listing, TodayRow


def follow_up_rows(
    session: Session,
    today: date,
    rules: PromptRules,
    hidden: set[str],
    limit: int,
    access: Access,
) -> Listing:
    """Notes due by ``today`` and not yet asked, dismissed or snoozed, oldest due first
    (the ask-on index finds them)."""
    query = (
        select(
            Note.id,
            Note.customer_id,
            Customer.first_name,
            Customer.last_name,
            Customer.preferred_name,
            Note.body,
            Note.sealed,
            Note.ask_on,
            Note.created_at,
            Note.private,
        )
        .join(Customer, Customer.id == Note.customer_id)
        .where(
            Customer.archived.is_(False),
            Note.ask_on.is_not(None),
            Note.ask_on <= today,
            Note.deleted_at.is_(None),
            Note.dont_bring_up.is_(False),
        )
        .order_by(Note.ask_on, Note.id)
    )
    if not access.owner:
        query = query.where(Note.private.is_(False))
    rows = session.execute(query).all()
    due = [
        (note_key(row.id, row.ask_on), row)
        for row in rows
        if row.ask_on is not None and note_key(row.id, row.ask_on) not in hidden
    ]
    shown = [
        TodayRow(
            key=key,
            customer_id=row.customer_id,
            display_name=name_of(row.first_name, row.last_name, row.preferred_name),
            text=shorten(access.read(row.body, row.sealed), rules.note_max_chars),
            detail=_("due {ago}; written {date}").format(
                ago=ago(row.ask_on, today), date=short_date(row.created_at.date(), today)
            ),
            private=row.private,
        )
        for key, row in due[:limit]
    ]
    return shown, len(due)
