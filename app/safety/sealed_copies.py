"""Sealing the copies made before the passphrase, as the passphrase is set.

Backups and upgrade copies from before the passphrase hold the private notes in plain
text (``app.safety.plain_backups``). Setting or changing the passphrase seals them the
way it sealed the book: to the same key, opened by the same passphrase and recovery
code, the file rebuilt so no plain page is left, so each stays a backup the owner can
restore. A copy from an older Regulars is brought up to date first (its data kept, only
its layout newer). Each copy is sealed on a working copy that replaces it only once no
private word is left in plain bytes; one that cannot be sealed (damaged, or from a newer
Regulars) is left as it was, said so, and stays guarded by the book's passphrase.
``remove=True`` removes the plain copies instead, when the owner asks for that. A
server's book's dumps from before the passphrase are sealed whole
(``app.safety.sealed_dumps``), or removed alike.
"""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.backup import copy_database
from app.db import Database
from app.errors import RegularsError
from app.migrate import upgrade_to_head
from app.models import OwnerSecret, Setting
from app.safety.access import PIN_SETTING
from app.safety.backups import DUMP_SUFFIX, list_backups
from app.safety.owner_secret import seal_plain_private_notes
from app.safety.plain_backups import holds_plain_private_notes, plain_backups
from app.safety.scrub import rewrite_file
from app.safety.sealed_dumps import dump_holds_plain_private_notes, seal_dump


@dataclass(frozen=True)
class CopiesSecured:
    """What became of the copies that held private notes in plain text."""

    sealed: tuple[Path, ...] = ()
    removed: tuple[Path, ...] = ()
    left: tuple[Path, ...] = ()
    """Could not be sealed; still plain, guarded by the book's passphrase."""


@dataclass(frozen=True)
class BookSecret:
    """The book's key and its two wraps: what a copy needs to open as the book does."""

    public_key: bytes
    passphrase_wrap: str | None
    recovery_wrap: str | None


def book_secret(database: Database) -> BookSecret | None:
    """The passphrase's key and wraps of ``database``; None before a passphrase is set."""
    with database.reading() as session:
        row = session.get(OwnerSecret, 1)
        if row is None or row.public_key is None:
            return None
        return BookSecret(row.public_key, row.passphrase_wrap, row.recovery_wrap)


def give_book_secret(session: Session, secret: BookSecret) -> bool:
    """Give the rows in ``session`` (a copy, or rows restored from one, from before the
    passphrase) the book's passphrase and seal their private notes to it; False, nothing
    done, when they have a passphrase of their own."""
    row = session.get(OwnerSecret, 1) or OwnerSecret(id=1)
    if row.public_key is not None:
        return False
    row.public_key = secret.public_key
    row.passphrase_wrap = secret.passphrase_wrap
    row.recovery_wrap = secret.recovery_wrap
    row.guesses, row.failures, row.locked_until = 0, 0, None
    session.add(row)
    pin = session.get(Setting, PIN_SETTING)
    if pin is not None:
        session.delete(pin)
    seal_plain_private_notes(session, secret.public_key)
    return True


def seal_unprotected(copy: Database, secret: BookSecret) -> None:
    """Give ``copy`` (a book from before the passphrase) the book's passphrase, seal its
    private notes to it and rebuild the file; a copy with a passphrase of its own is left
    as it is."""
    with copy.session() as session:
        if not give_book_secret(session, secret):
            return
    rewrite_file(copy)


def plain_copies(database: Database) -> list[Path]:
    """The copies of ``database`` that still hold private notes in plain text: its
    backups and upgrade copies, or a server's book's dumps in its backups folder."""
    if database.server:
        return [
            b.path
            for b in list_backups(database.path, DUMP_SUFFIX)
            if dump_holds_plain_private_notes(b.path)
        ]
    return plain_backups(database.path)


def secure_plain_copies(database: Database, *, remove: bool = False) -> CopiesSecured:
    """Seal (or with ``remove``, delete) every backup and upgrade copy of ``database``
    (or dump of a server's book) that still holds private notes in plain text; nothing to
    do before a passphrase is set."""
    secret = book_secret(database)
    if secret is None:
        return CopiesSecured()
    sealed: list[Path] = []
    removed: list[Path] = []
    left: list[Path] = []
    seal = _dump_sealed if database.server else _sealed_in_place
    for path in plain_copies(database):
        if remove:
            path.unlink(missing_ok=True)
            removed.append(path)
        else:
            (sealed if seal(path, secret) else left).append(path)
    return CopiesSecured(tuple(sealed), tuple(removed), tuple(left))


def _dump_sealed(path: Path, secret: BookSecret) -> bool:
    """Seal the dump at ``path`` whole (``app.safety.sealed_dumps``); False (``path``
    untouched) when it cannot be done."""
    try:
        seal_dump(path, secret.public_key)
    except (RegularsError, OSError):
        return False
    return True


def _journal_as_a_backup(path: Path) -> None:
    """Put a copy the app's own engine wrote (in WAL mode) back into the journal mode of
    every backup, so reading it later (read-only) leaves no -wal/-shm beside it."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()


def _sealed_in_place(path: Path, secret: BookSecret) -> bool:
    """Seal ``path`` through a working copy beside it; False (``path`` untouched) when it
    cannot be done."""
    work = path.with_name(f".{path.stem}-pending-{secrets.token_hex(6)}.db")
    try:
        copy_database(path, work)
        upgrade_to_head(str(work), copy_first=False)
        with Database(str(work)) as copy:
            seal_unprotected(copy, secret)
        _journal_as_a_backup(work)
        if holds_plain_private_notes(work):
            return False
        work.replace(path)
        return True
    except (RegularsError, SQLAlchemyError, sqlite3.Error, OSError):
        return False
    finally:
        for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
            work.with_name(work.name + suffix).unlink(missing_ok=True)
