"""Follow-ups due: notes whose "ask on" date has come and that nobody has asked yet, and
facts in notes that have aged ("How's the baby?"), as the card asks them.

Private notes are included only for the owner (opened with the key when sealed), marked
``private`` for the window to flag; "don't bring up" notes are left out, since a follow-up
is exactly bringing it up. Deleted notes and archived customers never show.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from app.dialects import holds_any_ignoring_case
from app.i18n import _, current_language
from app.models import Customer, Note
from app.prompts.ageing import AgeingRules, aged_facts, written_between
from app.prompts.facts import kept_note
from app.prompts.personal_rules import Audience
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


def _written_in(first: date, last: date) -> ColumnElement[bool]:
    """A note written on a day from ``first`` to ``last``."""
    return and_(
        Note.created_at >= datetime.combine(first, time.min),
        Note.created_at < datetime.combine(last + timedelta(days=1), time.min),
    )


def aged_rows(
    session: Session,
    today: date,
    rules: PromptRules,
    ageing: AgeingRules,
    hidden: set[str],
    access: Access,
) -> list[TodayRow]:
    """Facts that aged by ``today`` ("How's the baby?"), each with the card's key and
    reason, oldest note first. SQL reads only the notes that may hold a fact's words
    (and, for the owner, sealed ones, whose words it cannot see) written on a day from
    which that fact's prompt can show today (``written_between``): each fact's words are
    looked for only in its own window, mostly a couple of months of notes."""
    facts = [fact for fact in ageing.facts if fact.phrases]
    if not facts or not ageing.read_kinds:
        return []
    dialect = session.get_bind().dialect
    windows = [(fact, _written_in(*written_between(fact, ageing, today))) for fact in facts]
    may_hold = [
        and_(window, holds_any_ignoring_case(dialect, Note.body, list(fact.phrases)))
        for fact, window in windows
    ]
    if access.owner:
        may_hold.append(and_(Note.sealed.is_not(None), or_(*(window for _, window in windows))))
    query = (
        select(Note, Customer.first_name, Customer.last_name, Customer.preferred_name)
        .join(Customer, Customer.id == Note.customer_id)
        .where(
            Customer.archived.is_(False),
            Note.kind.in_(ageing.read_kinds),
            Note.deleted_at.is_(None),
            Note.dont_bring_up.is_(False),
            or_(*may_hold),
        )
        .order_by(Note.created_at, Note.id)
    )
    if not access.owner:
        query = query.where(Note.private.is_(False))
    found = []
    for note, first, last, preferred in session.execute(query):
        kept = kept_note(note, access)
        audience: Audience = "owner" if access.owner else "register"
        for prompt in aged_facts(
            (kept,),
            today,
            ageing,
            audience,
            language=current_language(),
            note_max_chars=rules.note_max_chars,
        ):
            if prompt.source_key in hidden:
                continue
            found.append(
                TodayRow(
                    key=prompt.source_key,
                    customer_id=note.customer_id,
                    display_name=name_of(first, last, preferred),
                    text=prompt.text,
                    detail=prompt.reason,
                    private=note.private,
                )
            )
    return found
