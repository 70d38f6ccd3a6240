"""The owner's passphrase: setting it, unlocking owner mode with it, and the lockout.

Every guess is counted in its own short write transaction *before* it is checked: the
first statement of that transaction is a write, so SQLite hands out its one write lock
and guesses sent at once wait their turn (busy timeout, then a few retries) instead of
failing or slipping past the count. Five wrong guesses lock owner mode for a minute,
each further one doubles the wait (up to a day); a right one clears the count. A guess
turned away during a lock is counted as a guess but does not lengthen the lock, so a
clerk hammering the dialog cannot keep the owner out for ever.

Setting the passphrase for the first time makes the shop's key pair, seals every
private note (and every wording it ever had, and every draft of one) and rewrites the
database file so no plain copy of them is left in it or its WAL. A book that still has
the old PIN keeps it until then; it is removed when the passphrase is set.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.db import Database
from app.dialects import erase_freed_space
from app.errors import RegularsError
from app.i18n import N_, _, ngettext
from app.models import Note, NoteRevision, OwnerSecret, Prompt, Setting
from app.notes.drafts import remember_key, seal_private_drafts
from app.safety.access import PIN_SETTING, PRIVATE_PLACEHOLDER, Access, pin_matches
from app.safety.plain_backups import guarding_book
from app.safety.scrub import rewrite_file
from app.safety.sealing import (
    OwnerKey,
    check_passphrase,
    new_key,
    new_recovery_code,
    seal,
    unwrap,
    wrap_with_passphrase,
    wrap_with_recovery_code,
)

MAX_FAILURES = 5
FIRST_WAIT = timedelta(seconds=60)
LONGEST_WAIT = timedelta(days=1)
BUSY_RETRIES = 5

Kind = Literal["none", "pin", "passphrase"]


@dataclass(frozen=True)
class Lockout:
    """Guesses so far, wrong ones since the last right one, and until when owner mode is shut."""

    guesses: int
    failures: int
    locked_until: datetime | None


def _naive_utc(now: datetime | None) -> datetime:
    moment = now or datetime.now(UTC)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _row(session: Session) -> OwnerSecret:
    row = session.get(OwnerSecret, 1)
    if row is None:
        row = OwnerSecret(id=1, guesses=0, failures=0)
        session.add(row)
        session.flush()
    return row


def _own_kind(database: Database) -> Kind:
    with database.reading() as session:
        row = session.get(OwnerSecret, 1)
        if row is not None and row.public_key is not None:
            return "passphrase"
        pin = session.scalar(select(Setting.value).where(Setting.key == PIN_SETTING))
        return "pin" if pin is not None else "none"


def _guard(database: Database) -> Path | None:
    """The book whose passphrase guards this one: set for a copy taken before that book's
    passphrase that still holds private notes in plain text (``app.safety.plain_backups``)."""
    return None if database.server else guarding_book(database.path)


def secret_kind(database: Database) -> Kind:
    """Whether owner mode is protected, and by what: nothing, the old PIN or a passphrase.
    A copy from before the passphrase that still holds private notes in plain text is
    protected by the passphrase of the book it was taken from."""
    kind = _own_kind(database)
    if kind != "passphrase" and _guard(database) is not None:
        return "passphrase"
    return kind


def owner_only(database: Database, access: Access, what: str) -> None:
    """Refuse ``what`` unless ``access`` is the owner's. While nothing protects owner mode
    there is nobody to tell apart, so everyone may; the window and the command line both
    rely on this one rule for restore, forget and the like."""
    if not access.owner and secret_kind(database) != "none":
        access.require_owner(what)


def sealing_key(database: Database) -> bytes | None:
    """The public key new private notes (and drafts) are sealed to; None before a
    passphrase. Read when the book opens, it is remembered on this computer too
    (``remember_key``), so a private note typed while the book cannot be read (its
    server away, its disk full) is still kept sealed (and one kept plain while this
    computer knew of no passphrase is sealed now)."""
    with database.reading() as session:
        key = session.scalar(select(OwnerSecret.public_key).where(OwnerSecret.id == 1))
    remember_key(database.path, key)
    if key is not None:  # one typed here as plain while this computer knew of no passphrase
        seal_private_drafts(database.path, key)
    return key


def lockout(database: Database) -> Lockout:
    """The guess count as it stands (for tests and ``regulars owner status``)."""
    with database.reading() as session:
        row = session.get(OwnerSecret, 1)
        if row is None:
            return Lockout(0, 0, None)
        return Lockout(row.guesses, row.failures, row.locked_until)


def _wait(failures: int) -> timedelta:
    doubled: timedelta = FIRST_WAIT * 2 ** min(failures - MAX_FAILURES, 20)
    return min(doubled, LONGEST_WAIT)


@dataclass(frozen=True)
class _Reserved:
    passphrase_wrap: str | None
    recovery_wrap: str | None
    pin_hash: str | None
    failures: int
    locked_for: int


def _count_guess(session: Session, now: datetime) -> _Reserved:
    session.execute(
        update(OwnerSecret).where(OwnerSecret.id == 1).values(guesses=OwnerSecret.guesses + 1)
    )
    row = _row(session)
    session.refresh(row)
    pin_hash = session.scalar(select(Setting.value).where(Setting.key == PIN_SETTING))
    if row.locked_until is not None and now < row.locked_until:
        seconds = max(1, round((row.locked_until - now).total_seconds()))
        return _Reserved(None, None, None, row.failures, seconds)
    row.failures += 1
    row.locked_until = now + _wait(row.failures) if row.failures >= MAX_FAILURES else None
    return _Reserved(row.passphrase_wrap, row.recovery_wrap, pin_hash, row.failures, 0)


def _reserve(database: Database, now: datetime) -> _Reserved:
    """Count one guess in its own transaction, retrying while another guess holds the lock."""
    for _attempt in range(BUSY_RETRIES):
        try:
            with database.session() as session:
                return _count_guess(session, now)
        except OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
    raise RegularsError(
        _("The database stayed busy and the passphrase could not be checked; try again.")
    )


def _clear(database: Database) -> None:
    for _attempt in range(BUSY_RETRIES):
        try:
            with database.session() as session:
                session.execute(
                    update(OwnerSecret)
                    .where(OwnerSecret.id == 1)
                    .values(failures=0, locked_until=None)
                )
            return
        except OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise


def _locked_message(seconds: int) -> str:
    return _(
        "Too many wrong guesses: owner mode is locked for another {seconds} s. "
        "Wait, then try again (nothing was shown or written)."
    ).format(seconds=seconds)


def _wrong_message(reserved: _Reserved, kind: str) -> str:
    if reserved.failures >= MAX_FAILURES:
        seconds = round(_wait(reserved.failures).total_seconds())
        return _("Wrong {kind}; owner mode is now locked for {seconds} s.").format(
            kind=_(kind), seconds=seconds
        )
    left = MAX_FAILURES - reserved.failures
    return ngettext(
        "Wrong {kind}; {left} more try before owner mode locks.",
        "Wrong {kind}; {left} more tries before owner mode locks.",
        left,
    ).format(kind=_(kind), left=left)


def unlock(database: Database, secret: str, *, now: datetime | None = None) -> Access:
    """Owner access from the passphrase, the recovery code, or (until a passphrase is set)
    the old PIN; with no secret set at all owner mode is open. A wrong guess or a lockout
    is refused (RegularsError) and counted, even when many arrive at once; an empty one
    (Enter pressed on an empty field) is refused before it counts. On a copy
    guarded by its book's passphrase, that book checks (and counts) the guess."""
    kind = _own_kind(database)
    guard = None if kind == "passphrase" else _guard(database)
    if guard is not None:
        with Database(str(guard)) as book:
            return Access(owner=True, key=unlock(book, secret, now=now).key)
    if kind == "none":
        return Access(owner=True)
    if not secret.strip():
        raise RegularsError(
            _("Nothing was typed: type the passphrase first (an empty one is not counted).")
        )
    reserved = _reserve(database, _naive_utc(now))
    if reserved.locked_for:
        raise RegularsError(_locked_message(reserved.locked_for))
    if kind == "passphrase":
        key = unwrap(reserved.passphrase_wrap, reserved.recovery_wrap, secret)
        if key is None:
            raise RegularsError(_wrong_message(reserved, N_("passphrase or recovery code")))
        _clear(database)
        return Access(owner=True, key=key)
    if reserved.pin_hash is None or not pin_matches(secret, reserved.pin_hash):
        raise RegularsError(_wrong_message(reserved, N_("owner PIN")))
    _clear(database)
    return Access(owner=True, pin_only=True)


@dataclass(frozen=True)
class SecretSet:
    """What setting the passphrase hands back: the recovery code (show it once) and the
    owner access that now holds the key."""

    recovery_code: str
    access: Access
    wal_cleared: bool = True
    """No earlier write-ahead log of a server's is left holding the plain words (always
    so for a file, whose WAL is emptied); False when the server keeps it a while."""


def set_owner_secret(
    database: Database, passphrase: str, *, access: Access, now: datetime | None = None
) -> SecretSet:
    """Set the passphrase, or change it (owner access with the key needed). The first time
    (or replacing the old PIN, with owner access from it) every private note is sealed
    and the file rewritten without their plain text. A new recovery code comes with every
    change; the old one stops working."""
    check_passphrase(passphrase)
    kind = secret_kind(database)
    if kind == "passphrase":
        if access.key is None:
            raise RegularsError(
                _(
                    "Unlock owner mode with the current passphrase (or the recovery code) before "
                    "changing it."
                )
            )
        key: OwnerKey = access.key
    elif kind == "pin" and not access.owner:
        raise RegularsError(_("Unlock owner mode with the current owner PIN first."))
    else:
        key = new_key()
    code = new_recovery_code()
    passphrase_wrap = wrap_with_passphrase(key, passphrase)
    recovery_wrap = wrap_with_recovery_code(key, code)
    expected = key.public if kind == "passphrase" else None
    with database.session() as session:
        erase_freed_space(session.connection())
        session.execute(update(OwnerSecret).where(OwnerSecret.id == 1).values(id=1))
        row = _row(session)
        session.refresh(row)
        if row.public_key != expected:
            raise RegularsError(
                _(
                    "The owner's passphrase was just set or changed from another window or "
                    "command; nothing was changed. Unlock with it, then change it if you wish."
                )
            )
        first = row.public_key is None
        row.public_key = key.public
        row.passphrase_wrap = passphrase_wrap
        row.recovery_wrap = recovery_wrap
        row.set_at = _naive_utc(now)
        row.failures = 0
        row.locked_until = None
        pin = session.get(Setting, PIN_SETTING)
        if pin is not None:
            session.delete(pin)
        if first:
            seal_plain_private_notes(session, key.public)
    wal_cleared = True
    remember_key(database.path, key.public)
    if first:
        wal_cleared = rewrite_file(database)
        seal_private_drafts(database.path, key.public)
    return SecretSet(code, Access(owner=True, key=key), wal_cleared)


def seal_plain_private_notes(session: Session, public_key: bytes) -> int:
    """Seal every private note and wording still stored as plain text, and blank what
    stored prompts quoted from them; how many texts were sealed."""
    private_ids = set(session.scalars(select(Note.id).where(Note.private.is_(True))))
    texts: list[Note | NoteRevision] = list(
        session.scalars(select(Note).where(Note.private.is_(True), Note.sealed.is_(None)))
    )
    texts += session.scalars(
        select(NoteRevision).where(
            NoteRevision.sealed.is_(None),
            (NoteRevision.private.is_(True)) | NoteRevision.note_id.in_(private_ids),
        )
    )
    for text in texts:
        text.sealed = seal(public_key, text.body)
        text.body = ""
    for prompt in session.scalars(select(Prompt).where(Prompt.source_key.like("note:%"))):
        if int(prompt.source_key.split(":")[1]) in private_ids:
            prompt.text = PRIVATE_PLACEHOLDER
    return len(texts)
