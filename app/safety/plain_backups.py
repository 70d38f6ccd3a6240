"""Copies taken before the private notes were sealed still hold them in plain text.

Sealing the notes cannot reach into copies already made: the backups, and the copies
taken before upgrades (``<name>.pre-*.db`` beside the book). Such a copy has no
passphrase of its own, so anyone could open it in owner mode and read every private note.
Two things close that: setting the passphrase seals those copies too
(``app.safety.sealed_copies``), and a copy that still holds private notes in plain text
is guarded by the passphrase of the book it was taken from (``guarding_book``), so owner
mode on it needs that book's passphrase.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from app.db import sqlite_path
from app.dialects import is_server
from app.errors import DAMAGED, storage_cause
from app.paths import resolve_db
from app.read_only import untouched_uri
from app.safety.backups import list_backups

_PLAIN_PRIVATE = (
    "SELECT EXISTS(SELECT 1 FROM note WHERE private = 1 AND body != '') "
    "OR EXISTS(SELECT 1 FROM note_revision r JOIN note n ON n.id = r.note_id "
    "WHERE (n.private = 1 OR r.private = 1) AND r.body != '')"
)
_BACKUP_NAME = re.compile(r"(.+)-\d{8}-\d{6}(?:-\d+)?(?:-before-[a-z]+)?\.db")
_UPGRADE_COPY_NAME = re.compile(r"(.+)\.pre-.+\.db")


def _reads_plain_private_notes(path: Path) -> bool:
    """Whether the database file at ``path`` holds a private note or wording unsealed,
    read leaving nothing beside it (``untouched_uri``); raises what SQLite raised."""
    conn = sqlite3.connect(untouched_uri(path), uri=True)
    try:
        return bool(conn.execute(_PLAIN_PRIVATE).fetchone()[0])
    finally:
        conn.close()


def holds_plain_private_notes(path: Path) -> bool:
    """Whether the database file at ``path`` holds a private note or wording unsealed; a
    file that cannot be read as a Regulars database is counted as holding them."""
    try:
        return _reads_plain_private_notes(path)
    except sqlite3.Error:
        return True


@dataclass(frozen=True)
class CopiesLookedAt:
    """The copies that hold private notes in plain text, and those the storage kept from
    being read (a full disk), each with why: not known to be plain, nor to be sealed."""

    plain: list[Path] = field(default_factory=list)
    unread: list[tuple[Path, str]] = field(default_factory=list)


def upgrade_copies(db_path: Path) -> list[Path]:
    """The copies taken before upgrades of ``db_path``, beside it, newest name first."""
    return sorted(db_path.parent.glob(f"{db_path.stem}.pre-*.db"), reverse=True)


def look_at_copies(db_path: Path) -> CopiesLookedAt:
    """The backups and upgrade copies of ``db_path`` that still hold private notes in
    plain text (one damaged is counted so), backups first, newest first; and those the
    storage kept from being read (``storage_cause``), which are neither."""
    found = CopiesLookedAt()
    for path in [b.path for b in list_backups(db_path)] + upgrade_copies(db_path):
        try:
            plain = _reads_plain_private_notes(path)
        except sqlite3.Error as exc:
            cause = storage_cause(exc)
            if cause is not None and cause != DAMAGED:
                found.unread.append((path, cause))
                continue
            plain = True
        if plain:
            found.plain.append(path)
    return found


def plain_backups(db_path: Path) -> list[Path]:
    """The backups and upgrade copies of ``db_path`` that still hold private notes in
    plain text, backups first, newest first (``look_at_copies``)."""
    return look_at_copies(db_path).plain


def live_book_of(path: Path) -> Path | None:
    """The book ``path`` is a backup or an upgrade copy of, if that book is here: the one
    named in the copy's name beside its backups folder or beside the copy, or the shop's
    own book when ``path`` is among its backups."""
    where = path.resolve()
    candidates = []
    if upgrade := _UPGRADE_COPY_NAME.fullmatch(where.name):
        candidates.append(where.parent / f"{upgrade[1]}.db")
    if backup := _BACKUP_NAME.fullmatch(where.name):
        candidates.append(where.parent.parent / f"{backup[1]}.db")
        shop = resolve_db(None)
        if not is_server(shop):
            candidates.append(sqlite_path(shop).resolve())
    for book in candidates:
        if book == where or not book.is_file():
            continue
        if where in upgrade_copies(book) or where in (b.path.resolve() for b in list_backups(book)):
            return book
    return None


def has_passphrase(book: Path) -> bool:
    """Whether the book file at ``book`` has the owner's passphrase set (read only,
    leaving nothing beside it)."""
    try:
        conn = sqlite3.connect(untouched_uri(book), uri=True)
        try:
            row = conn.execute("SELECT public_key FROM owner_secret WHERE id = 1").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] is not None


def guarding_book(path: Path) -> Path | None:
    """The book whose passphrase owner mode on ``path`` needs: the book ``path`` is a copy
    of, when the copy holds private notes in plain text and that book has a passphrase;
    None for any other file (a book of its own, or a copy with nothing to give away)."""
    book = live_book_of(path)
    if book is None or not has_passphrase(book) or not holds_plain_private_notes(path):
        return None
    return book


def remove_backups(paths: list[Path]) -> None:
    """Delete the given backups (after the owner agreed); one already gone is passed over."""
    for path in paths:
        path.unlink(missing_ok=True)
