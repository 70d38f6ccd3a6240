"""Writing, editing, trashing and restoring notes without ever losing a word.

Who is asking travels in as an ``Access``: the register never lists, reads, changes,
trashes or restores a private note, and asking for one by its id gets exactly the answer
an id never used gets, so not even its existence reaches the register. Once the owner
has set a passphrase, a private note's text (and every earlier wording of it) is sealed
to the owner's public key before it is written, so even the register can write one it
cannot read back, and the file holds no private word in plain bytes.

Revision 1 is a note's first wording; each edit adds the next number with its time and
author. An edit names the revision it was based on, so when someone else edited the note
meanwhile the later save is refused rather than silently replacing their words. The
unique (note, number) pair makes that check hold even for two saves at the same instant.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Final, Literal, cast

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from app.db import Database
from app.dialects import erase_freed_space
from app.errors import RegularsError
from app.i18n import _
from app.models import Customer, Note, NoteRevision, OwnerSecret, utcnow
from app.notes.drafts import NoteFields, Whose, keep_unsaved, remembered, remembered_key
from app.read_only import as_it_stands_uri, locked_reading_uri
from app.safety.access import CLERK, Access
from app.safety.scrub import clear_wal
from app.safety.sealing import seal

MAX_NOTE_CHARS = 20_000
"""About ten pages: far more than a conversation needs, far less than a pasted file."""

NOTE_KINDS = ("general", "family", "pets", "likes", "interests", "talk_about", "dont_bring_up")


class _Unchanged(Enum):
    UNCHANGED = "unchanged"


UNCHANGED: Final = _Unchanged.UNCHANGED
"""Passed for ``ask_on`` when an edit leaves the date as it was (``None`` clears it)."""


class NoteMovedOnError(RegularsError):
    """The note asked for is not as the asker knew it: gone (or never there, for them), in
    the trash, or changed since the revision they started from. Nothing was written."""


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
        raise RegularsError(_("The note is empty; type what you want to remember."))
    if len(text) > MAX_NOTE_CHARS:
        raise RegularsError(
            _(
                "The note is {length:,} characters long; a note holds at most "
                "{max_note_chars:,}. Shorten it or split it into several notes."
            ).format(length=len(text), max_note_chars=MAX_NOTE_CHARS)
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise RegularsError(_("The note contains broken characters; retype it.")) from None
    return text


def _check_kind(kind: str) -> str:
    if kind not in NOTE_KINDS:
        raise RegularsError(
            _("'{kind}' is not a kind of note; use one of {note_kinds}.").format(
                kind=kind, note_kinds=", ".join(NOTE_KINDS)
            )
        )
    return kind


def _view(note: Note, revision: int, body: str) -> NoteView:
    return NoteView(
        id=note.id,
        customer_id=note.customer_id,
        body=body,
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


def current_revision(database: Database, note_id: int, *, access: Access = CLERK) -> int:
    """The revision an edit made now would be based on; for the register, a private note
    has none (it is not there)."""
    with database.reading() as session:
        _note(session, note_id, access)
        return _latest_revision(session, note_id)


def _note(session: Session, note_id: int, access: Access | None = None) -> Note:
    """The note ``access`` may know of (``None``: any, for keeping failed saves); a private
    note is, for the register, word for word an id that was never used."""
    note = session.get(Note, note_id)
    if note is None or (access is not None and note.private and not access.owner):
        raise NoteMovedOnError(_("There is no note with id {note_id}.").format(note_id=note_id))
    return note


def public_key(session: Session) -> bytes | None:
    """The key private notes are sealed to, once the owner has set a passphrase."""
    return session.scalar(select(OwnerSecret.public_key).where(OwnerSecret.id == 1))


def _in_file(path: Path, query: str, *params: object) -> tuple[object, ...] | None:
    """One row read from the book's file alone (None: no such row), for keeping the words
    of a note the book could not even be opened for. Only read, leaving nothing beside the
    file (``locked_reading_uri``); when SQLite cannot make
    its shared-memory file (a full disk) and no write-ahead log holds newer pages, the
    file is read as it stands, and a file cut short is read as far as it goes (SQLite
    otherwise refuses one shorter than its header says). Raises when the row cannot be
    read at all."""
    uris = [locked_reading_uri(path), *filter(None, [as_it_stands_uri(path)])]
    failure: sqlite3.Error | None = None
    for uri in uris:
        try:
            conn = sqlite3.connect(uri, uri=True)
            try:
                conn.execute("PRAGMA writable_schema = ON")  # a file cut short is still read
                row: tuple[object, ...] | None = conn.execute(query, params).fetchone()
            finally:
                conn.close()
        except sqlite3.Error as exc:
            failure = exc
            continue
        return row
    assert failure is not None
    raise failure


def key_in_file(path: Path) -> bytes | None:
    """The owner's public key read from the book's file alone (``_in_file``)."""
    row = _in_file(path, "SELECT public_key FROM owner_secret WHERE id = 1")
    return None if row is None or row[0] is None else bytes(cast(bytes, row[0]))


def _note_in_file(path: Path, note_id: int, revision: int | None) -> Whose:
    """Whose words an edit of ``note_id`` typed for the book at ``path`` held, read from
    the file alone (``_in_file``): the note's customer, privacy and fields as they are,
    and the revision the edit is based on (the latest when none was named). Raises when
    the note cannot be read."""
    row = _in_file(
        path,
        "SELECT customer_id, private, kind, pinned, dont_bring_up, ask_on, "
        "(SELECT max(number) FROM note_revision WHERE note_id = note.id) "
        "FROM note WHERE id = ?",
        note_id,
    )
    if row is None:
        raise LookupError(f"no note {note_id}")
    customer_id, private, kind, pinned, dont_bring_up, ask_on, latest = row
    fields = NoteFields(
        str(kind),
        bool(pinned),
        bool(dont_bring_up),
        None if ask_on is None else date.fromisoformat(str(ask_on)),
    )
    based_on = cast(int, latest) if revision is None else revision
    key = key_in_file(path)
    return Whose(cast(int, customer_id), bool(private), key, fields, (note_id, based_on))


def _key_for(place: Path) -> bytes | None:
    """The owner's public key for a private note typed for the book at ``place``: read
    from the file alone when it is a file that can be read, else the one remembered when
    the book last opened (a server away, a file that cannot be read); a book that said no
    passphrase is set is believed, its private words then as plain as the book's own,
    until the passphrase seals them (``sealing_key`` seals such drafts the next time the
    book opens with one). Raises when neither is known, so the words are not kept in
    plain text."""
    failure: Exception | None = None
    if place.exists():
        try:
            key = key_in_file(place)
        except (sqlite3.Error, OSError) as exc:
            failure = exc
        else:
            return key
    known, key = remembered(place)
    if not known:
        raise failure or LookupError(f"no key remembered for {place}")
    return key


def keeping_note(
    place: Path, text: str, customer_id: int, private: bool, fields: NoteFields
) -> AbstractContextManager[None]:
    """Around opening the book at ``place`` and adding a note to it (the command line):
    storage trouble or a server away, even before the book is open, keeps ``text`` as a
    refused note, a private one (``--private`` says so) sealed to the owner's key
    (``_key_for``), never in plain text."""
    return keep_unsaved(
        place,
        text,
        lambda: Whose(customer_id, private, _key_for(place) if private else None, fields),
    )


def keeping_edit(
    place: Path, text: str, note_id: int, revision: int | None
) -> AbstractContextManager[None]:
    """Around opening the book at ``place`` and editing ``note_id`` in it (the command
    line): storage trouble, even before the book is open, keeps ``text`` as that note's
    edit (based on ``revision``, else the latest), as private as the note is, read from
    the file alone; not at all when the file cannot say."""
    return keep_unsaved(place, text, partial(_note_in_file, place, note_id, revision))


def _owner_key(database: Database) -> bytes | None:
    """The owner's public key, read without writing (a failed write may still read): a
    file's from the file alone when need be, else the one remembered (``_key_for``); a
    server's from the server, else the one remembered when it is away."""
    if not database.server:
        return _key_for(database.path)
    try:
        with database.reading() as session:
            return public_key(session)
    except Exception:
        remembered = remembered_key(database.path)
        if remembered is None:
            raise
        return remembered


@dataclass(frozen=True)
class _Edit:
    """What an edit sets besides the words (``None``/``UNCHANGED``: left as it is)."""

    revision: int
    pinned: bool | None
    private: bool | None
    dont_bring_up: bool | None
    ask_on: date | Literal[_Unchanged.UNCHANGED] | None

    def applied_to(self, note: Whose) -> Whose:
        """The note as ``note`` holds it, as this edit would leave it."""
        was = note.fields
        fields = NoteFields(
            was.kind,
            was.pinned if self.pinned is None else self.pinned,
            was.dont_bring_up if self.dont_bring_up is None else self.dont_bring_up,
            was.ask_on if self.ask_on is UNCHANGED else self.ask_on,
        )
        private = note.private if self.private is None else self.private
        return replace(note, private=private, fields=fields)


def _whose_note(database: Database, note_id: int, edit: _Edit) -> Whose:
    """Whose words an edit of ``note_id`` held, for keeping them after a failed save: the
    note as the edit would leave it, and the revision it is based on. A file's note is
    read from the file alone (a book that failed to write may not open a reader either)."""
    if not database.server:
        return edit.applied_to(_note_in_file(database.path, note_id, edit.revision))
    with database.reading() as session:
        note = _note(session, note_id)
        fields = NoteFields(note.kind, note.pinned, note.dont_bring_up, note.ask_on)
        held = Whose(
            note.customer_id, note.private, public_key(session), fields, (note_id, edit.revision)
        )
    return edit.applied_to(held)


def _store(note: Note, text: str, key: bytes | None) -> None:
    """Put ``text`` in the note: sealed when it is private and the shop has a key."""
    if note.private and key is not None:
        note.body, note.sealed = "", seal(key, text)
    else:
        note.body, note.sealed = text, None


def _seal_wordings(session: Session, note_id: int, key: bytes) -> None:
    """A note just made private takes its earlier wordings with it into the seal."""
    erase_freed_space(session.connection())
    for old in session.scalars(
        select(NoteRevision).where(NoteRevision.note_id == note_id, NoteRevision.sealed.is_(None))
    ):
        old.body, old.sealed = "", seal(key, old.body)


def _record(session: Session, note: Note, number: int, author: str | None) -> None:
    session.add(
        NoteRevision(
            note_id=note.id,
            number=number,
            body=note.body,
            sealed=note.sealed,
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
    with (
        keep_unsaved(
            database.path,
            text,
            lambda: Whose(
                customer_id,
                private,
                _owner_key(database) if private else None,
                NoteFields(kind, pinned, dont_bring_up, ask_on),
            ),
        ),
        database.session() as session,
    ):
        if session.get(Customer, customer_id) is None:
            raise RegularsError(
                _("There is no customer with id {customer_id}.").format(customer_id=customer_id)
            )
        now = utcnow()
        note = Note(
            customer_id=customer_id,
            kind=kind,
            author=author,
            created_at=now,
            updated_at=now,
            pinned=pinned,
            private=private,
            dont_bring_up=dont_bring_up,
            ask_on=ask_on,
        )
        _store(note, text, public_key(session))
        session.add(note)
        session.flush()
        _record(session, note, 1, author)
        return _view(note, 1, text)


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
    access: Access = CLERK,
) -> NoteView:
    """Save a new wording (and any flags given) as the next revision; a private note only
    for the owner (for anyone else it does not exist).

    ``expected_revision`` is the revision the editor showed; if the note has moved on since,
    the edit is refused and both wordings stay as they were, so the owner can reopen,
    read the other edit, and apply theirs on top. An edit that changes nothing adds no
    revision.
    """
    text = check_body(body)
    sealed_now = False
    try:
        with (
            keep_unsaved(
                database.path,
                text,
                partial(
                    _whose_note,
                    database,
                    note_id,
                    _Edit(expected_revision, pinned, private, dont_bring_up, ask_on),
                ),
            ),
            database.session() as session,
        ):
            note = _note(session, note_id, access)
            if note.deleted_at is not None:
                raise NoteMovedOnError(
                    _("Note {note_id} is in the trash; restore it before editing.").format(
                        note_id=note_id
                    )
                )
            latest = _latest_revision(session, note_id)
            if expected_revision != latest:
                raise NoteMovedOnError(
                    _(
                        "Note {note_id} was changed by someone else since you opened it (now at "
                        "revision {latest}, you started from {expected_revision}). Your text was "
                        "not saved; copy it, reopen the note and add it again."
                    ).format(note_id=note_id, latest=latest, expected_revision=expected_revision)
                )
            was_private = note.private
            wanted = {
                "body": text,
                "pinned": note.pinned if pinned is None else pinned,
                "private": note.private if private is None else private,
                "dont_bring_up": note.dont_bring_up if dont_bring_up is None else dont_bring_up,
                "ask_on": note.ask_on if ask_on is UNCHANGED else ask_on,
            }
            current = {
                **{name: getattr(note, name) for name in wanted},
                "body": access.read(note.body, note.sealed),
            }
            if current == wanted:
                return _view(note, latest, text)
            for name, value in wanted.items():
                if name != "body":
                    setattr(note, name, value)
            key = public_key(session)
            _store(note, text, key)
            if note.private and not was_private and key is not None:
                _seal_wordings(session, note_id, key)
                sealed_now = True
            note.updated_at = utcnow()
            _record(session, note, latest + 1, author)
            session.flush()
            view = _view(note, latest + 1, text)
    except (IntegrityError, OperationalError) as exc:  # storage trouble is a StorageError
        raise RegularsError(
            _(
                "Note {note_id} was being changed by someone else at the same moment; your "
                "text was not saved. Reopen the note and try again."
            ).format(note_id=note_id)
        ) from exc
    if sealed_now:
        clear_wal(database)
    return view


def _as_known(database: Database, note_id: int, access: Access) -> Note | None:
    """Note ``note_id`` as ``access`` may know it now (None once it is gone, or private
    for a clerk), for words saved beside it."""
    with database.reading() as session:
        try:
            return _note(session, note_id, access)
        except NoteMovedOnError:
            return None


@dataclass(frozen=True)
class EditSaved:
    """An edit, saved as the note's next wording or beside it."""

    note: NoteView
    beside: bool
    """The note it was made of had moved on meanwhile: the words are a new note beside it."""


def edit_or_beside(
    database: Database,
    note_id: int,
    *,
    body: str,
    expected_revision: int,
    customer_id: int | None = None,
    author: str | None = None,
    pinned: bool | None = None,
    private: bool | None = None,
    dont_bring_up: bool | None = None,
    ask_on: date | Literal[_Unchanged.UNCHANGED] | None = UNCHANGED,
    access: Access = CLERK,
) -> EditSaved:
    """Save an edit (typed in the window's note box, kept while the shop's server was away,
    or given on the command line) as the note's next wording when the note is still as
    the editor showed it. When another register changed it or put it in the trash
    meanwhile, the words are saved as a new note beside it, of the same kind, with the
    settings given (those not given: the note's own), and ``beside`` says so: nothing
    typed is lost, and no one's later words are overwritten. A note ``access`` may not
    know of (gone, or private for a clerk) gets its words beside it only when
    ``customer_id`` says whose they are (the window's box knows); else it is refused as
    before, so the command line tells nothing of it."""
    try:
        edited = edit_note(
            database,
            note_id,
            body=body,
            expected_revision=expected_revision,
            author=author,
            pinned=pinned,
            private=private,
            dont_bring_up=dont_bring_up,
            ask_on=ask_on,
            access=access,
        )
        return EditSaved(edited, beside=False)
    except NoteMovedOnError:
        was = _as_known(database, note_id, access)
        if was is None:
            if customer_id is None:
                raise
            note = add_note(
                database,
                customer_id,
                body,
                author=author,
                pinned=bool(pinned),
                private=bool(private),
                dont_bring_up=bool(dont_bring_up),
                ask_on=None if ask_on is UNCHANGED else ask_on,
            )
            return EditSaved(note, beside=True)
        note = add_note(
            database,
            was.customer_id,
            body,
            author=author,
            kind=was.kind,
            pinned=was.pinned if pinned is None else pinned,
            private=was.private if private is None else private,
            dont_bring_up=was.dont_bring_up if dont_bring_up is None else dont_bring_up,
            ask_on=was.ask_on if ask_on is UNCHANGED else ask_on,
        )
        return EditSaved(note, beside=True)


def _set_deleted(database: Database, note_id: int, *, deleted: bool, access: Access) -> NoteView:
    with database.session() as session:
        note = _note(session, note_id, access)
        if (note.deleted_at is not None) == deleted:
            state = _("already in the trash") if deleted else _("not in the trash")
            raise RegularsError(
                _("Note {note_id} is {state}.").format(note_id=note_id, state=state)
            )
        note.deleted_at = utcnow() if deleted else None
        session.flush()
        return _view(note, _latest_revision(session, note_id), access.read(note.body, note.sealed))


def delete_note(database: Database, note_id: int, *, access: Access = CLERK) -> NoteView:
    """Move a note to the trash: it leaves the card and the prompts but can come back."""
    return _set_deleted(database, note_id, deleted=True, access=access)


def restore_note(database: Database, note_id: int, *, access: Access = CLERK) -> NoteView:
    """Take a note back out of the trash, with all its revisions."""
    return _set_deleted(database, note_id, deleted=False, access=access)


def _views(session: Session, notes: list[Note], access: Access) -> list[NoteView]:
    ids = [n.id for n in notes]
    latest = dict(
        session.execute(
            select(NoteRevision.note_id, func.max(NoteRevision.number))
            .where(NoteRevision.note_id.in_(ids))
            .group_by(NoteRevision.note_id)
        ).all()
    )
    return [_view(n, latest.get(n.id, 0), access.read(n.body, n.sealed)) for n in notes]


def list_notes(database: Database, customer_id: int, *, access: Access = CLERK) -> list[NoteView]:
    """A customer's notes, pinned first then newest; private ones only for the owner,
    since the register must never show them."""
    with database.reading() as session:
        if session.get(Customer, customer_id) is None:
            raise RegularsError(
                _("There is no customer with id {customer_id}.").format(customer_id=customer_id)
            )
        query = (
            select(Note)
            .where(Note.customer_id == customer_id, Note.deleted_at.is_(None))
            .order_by(Note.pinned.desc(), Note.created_at.desc(), Note.id.desc())
        )
        if not access.owner:
            query = query.where(Note.private.is_(False))
        return _views(session, list(session.scalars(query)), access)


def list_trash(
    database: Database, customer_id: int | None = None, *, access: Access = CLERK
) -> list[NoteView]:
    """Deleted notes, most recently deleted first, for everyone or one customer; private
    ones only for the owner."""
    with database.reading() as session:
        query = (
            select(Note)
            .where(Note.deleted_at.is_not(None))
            .order_by(Note.deleted_at.desc(), Note.id.desc())
        )
        if customer_id is not None:
            query = query.where(Note.customer_id == customer_id)
        if not access.owner:
            query = query.where(Note.private.is_(False))
        return _views(session, list(session.scalars(query)), access)


def note_history(
    database: Database, note_id: int, *, access: Access = CLERK
) -> list[NoteRevisionView]:
    """Every wording the note has had, first to latest; a private note's only for the
    owner (for anyone else it does not exist), and wordings from while a note was
    private are left out for the register."""
    with database.reading() as session:
        _note(session, note_id, access)
        query = (
            select(NoteRevision)
            .where(NoteRevision.note_id == note_id)
            .order_by(NoteRevision.number)
        )
        if not access.owner:
            query = query.where(NoteRevision.private.is_(False), NoteRevision.sealed.is_(None))
        return [
            NoteRevisionView(
                r.number,
                access.read(r.body, r.sealed),
                r.author,
                r.edited_at,
                r.pinned,
                r.private,
                r.ask_on,
            )
            for r in session.scalars(query)
        ]
