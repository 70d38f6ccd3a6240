"""Writing, editing, trashing and restoring notes without ever losing a word.

Revision 1 is a note's first wording; each edit adds the next number with its time and
author. An edit names the revision it was based on, so when someone else edited the note
meanwhile the later save is refused rather than silently replacing their words. The
unique (note, number) pair makes that check hold even for two saves at the same instant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Final, Literal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import RegularsError
from app.models import Customer, Note, NoteRevision, utcnow

MAX_NOTE_CHARS = 20_000
"""About ten pages: far more than a conversation needs, far less than a pasted file."""

NOTE_KINDS = ("general", "family", "pets", "likes", "interests", "talk_about", "dont_bring_up")


class _Unchanged(Enum):
    UNCHANGED = "unchanged"


UNCHANGED: Final = _Unchanged.UNCHANGED
"""Passed for ``ask_on`` when an edit leaves the date as it was (``None`` clears it)."""


@dataclass(frozen=True)
class NoteView:
    """A note as it stands now; ``revision`` is what an edit must name as its base."""

    id: int
    customer_id: int
    body: str
    kind: str
    author: str | None
    created_at: datetime
    updated_at: datetime
    pinned: bool
    private: bool
    dont_bring_up: bool
    ask_on: date | None
    deleted_at: datetime | None
    revision: int


@dataclass(frozen=True)
class NoteRevisionView:
    """One wording of a note, oldest first in a history."""

    number: int
    body: str
    author: str | None
    edited_at: datetime
    pinned: bool
    private: bool
    ask_on: date | None


def check_body(body: str) -> str:
    """The text to store: surrounding blanks trimmed, everything inside kept exactly."""
    text = body.strip()
    if not text:
        raise RegularsError("The note is empty; type what you want to remember.")
    if len(text) > MAX_NOTE_CHARS:
        raise RegularsError(
            f"The note is {len(text):,} characters long; a note holds at most "
            f"{MAX_NOTE_CHARS:,}. Shorten it or split it into several notes."
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise RegularsError("The note contains broken characters; retype it.") from None
    return text


def _check_kind(kind: str) -> str:
    if kind not in NOTE_KINDS:
        raise RegularsError(f"'{kind}' is not a kind of note; use one of {', '.join(NOTE_KINDS)}.")
    return kind


def _view(note: Note, revision: int) -> NoteView:
    return NoteView(
        id=note.id,
        customer_id=note.customer_id,
        body=note.body,
        kind=note.kind,
        author=note.author,
        created_at=note.created_at,
        updated_at=note.updated_at,
        pinned=note.pinned,
        private=note.private,
        dont_bring_up=note.dont_bring_up,
        ask_on=note.ask_on,
        deleted_at=note.deleted_at,
        revision=revision,
    )


def _latest_revision(session: Session, note_id: int) -> int:
    return (
        session.scalar(
            select(func.coalesce(func.max(NoteRevision.number), 0)).where(
                NoteRevision.note_id == note_id
            )
        )
        or 0
    )


def _note(session: Session, note_id: int) -> Note:
    note = session.get(Note, note_id)
    if note is None:
        raise RegularsError(f"There is no note with id {note_id}.")
    return note


def _record(session: Session, note: Note, number: int, author: str | None) -> None:
    session.add(
        NoteRevision(
            note_id=note.id,
            number=number,
            body=note.body,
            author=author,
            edited_at=note.updated_at,
            pinned=note.pinned,
            private=note.private,
            ask_on=note.ask_on,
        )
    )


def add_note(
    database: Database,
    customer_id: int,
    body: str,
    *,
    author: str | None = None,
    kind: str = "general",
    pinned: bool = False,
    private: bool = False,
    dont_bring_up: bool = False,
    ask_on: date | None = None,
) -> NoteView:
    """Write a new note and its first revision together, or nothing at all."""
    text = check_body(body)
    _check_kind(kind)
    with database.session() as session:
        if session.get(Customer, customer_id) is None:
            raise RegularsError(f"There is no customer with id {customer_id}.")
        now = utcnow()
        note = Note(
            customer_id=customer_id,
            body=text,
            kind=kind,
            author=author,
            created_at=now,
            updated_at=now,
            pinned=pinned,
            private=private,
            dont_bring_up=dont_bring_up,
            ask_on=ask_on,
        )
        session.add(note)
        session.flush()
        _record(session, note, 1, author)
        return _view(note, 1)


def edit_note(
    database: Database,
    note_id: int,
    *,
    body: str,
    expected_revision: int,
    author: str | None = None,
    pinned: bool | None = None,
    private: bool | None = None,
    dont_bring_up: bool | None = None,
    ask_on: date | Literal[_Unchanged.UNCHANGED] | None = UNCHANGED,
) -> NoteView:
    """Save a new wording (and any flags given) as the next revision.

    ``expected_revision`` is the revision the editor showed; if the note has moved on since,
    the edit is refused and both wordings stay as they were, so the owner can reopen,
    read the other edit, and apply theirs on top. An edit that changes nothing adds no
    revision.
    """
    text = check_body(body)
    try:
        with database.session() as session:
            note = _note(session, note_id)
            if note.deleted_at is not None:
                raise RegularsError(f"Note {note_id} is in the trash; restore it before editing.")
            latest = _latest_revision(session, note_id)
            if expected_revision != latest:
                raise RegularsError(
                    f"Note {note_id} was changed by someone else since you opened it "
                    f"(now at revision {latest}, you started from {expected_revision}). "
                    "Your text was not saved; copy it, reopen the note and add it again."
                )
            wanted = {
                "body": text,
                "pinned": note.pinned if pinned is None else pinned,
                "private": note.private if private is None else private,
                "dont_bring_up": note.dont_bring_up if dont_bring_up is None else dont_bring_up,
                "ask_on": note.ask_on if ask_on is UNCHANGED else ask_on,
            }
            if all(getattr(note, name) == value for name, value in wanted.items()):
                return _view(note, latest)
            for name, value in wanted.items():
                setattr(note, name, value)
            note.updated_at = utcnow()
            _record(session, note, latest + 1, author)
            session.flush()
            return _view(note, latest + 1)
    except (IntegrityError, OperationalError) as exc:
        raise RegularsError(
            f"Note {note_id} was being changed by someone else at the same moment; "
            "your text was not saved. Reopen the note and try again."
        ) from exc


def _set_deleted(database: Database, note_id: int, *, deleted: bool) -> NoteView:
    with database.session() as session:
        note = _note(session, note_id)
        if (note.deleted_at is not None) == deleted:
            state = "already in the trash" if deleted else "not in the trash"
            raise RegularsError(f"Note {note_id} is {state}.")
        note.deleted_at = utcnow() if deleted else None
        session.flush()
        return _view(note, _latest_revision(session, note_id))


def delete_note(database: Database, note_id: int) -> NoteView:
    """Move a note to the trash: it leaves the card and the prompts but can come back."""
    return _set_deleted(database, note_id, deleted=True)


def restore_note(database: Database, note_id: int) -> NoteView:
    """Take a note back out of the trash, with all its revisions."""
    return _set_deleted(database, note_id, deleted=False)


def _views(session: Session, notes: list[Note]) -> list[NoteView]:
    ids = [n.id for n in notes]
    latest = dict(
        session.execute(
            select(NoteRevision.note_id, func.max(NoteRevision.number))
            .where(NoteRevision.note_id.in_(ids))
            .group_by(NoteRevision.note_id)
        ).all()
    )
    return [_view(n, latest.get(n.id, 0)) for n in notes]


def list_notes(
    database: Database, customer_id: int, *, include_private: bool = False
) -> list[NoteView]:
    """A customer's notes, pinned first then newest; private ones only when asked for
    (the owner), since the register must never show them."""
    with database.session() as session:
        if session.get(Customer, customer_id) is None:
            raise RegularsError(f"There is no customer with id {customer_id}.")
        query = (
            select(Note)
            .where(Note.customer_id == customer_id, Note.deleted_at.is_(None))
            .order_by(Note.pinned.desc(), Note.created_at.desc(), Note.id.desc())
        )
        if not include_private:
            query = query.where(Note.private.is_(False))
        return _views(session, list(session.scalars(query)))


def list_trash(database: Database, customer_id: int | None = None) -> list[NoteView]:
    """Deleted notes, most recently deleted first, for everyone or one customer."""
    with database.session() as session:
        query = (
            select(Note)
            .where(Note.deleted_at.is_not(None))
            .order_by(Note.deleted_at.desc(), Note.id.desc())
        )
        if customer_id is not None:
            query = query.where(Note.customer_id == customer_id)
        return _views(session, list(session.scalars(query)))


def note_history(database: Database, note_id: int) -> list[NoteRevisionView]:
    """Every wording the note has had, first to latest."""
    with database.session() as session:
        _note(session, note_id)
        revisions = session.scalars(
            select(NoteRevision)
            .where(NoteRevision.note_id == note_id)
            .order_by(NoteRevision.number)
        )
        return [
            NoteRevisionView(r.number, r.body, r.author, r.edited_at, r.pinned, r.private, r.ask_on)
            for r in revisions
        ]
