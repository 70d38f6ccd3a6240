"""Server backups (``pg_dump`` archives) taken before the owner's passphrase, sealed whole.

A dump from before the passphrase holds the private notes in plain text, and unlike a
SQLite copy it cannot be sealed row by row where it lies: a ``pg_dump`` archive can only
be written by ``pg_dump`` from a database, and loading the plain notes into one would
put them back on the server. So setting the passphrase seals such a dump whole to the
book's public key (a sealed box, as a private note is), under the same name: it stays in
the backups folder on the same schedule, and no word of it can be read without the
passphrase or the recovery code. A dump that does not read back (cut off, damaged) is
sealed too: its bytes may still hold the words. Restoring it opens it with the owner's
key (restoring is the owner's once a passphrase is set), and the restore seals its
private notes with the book's passphrase before they reach the book
(``app.safety.server_restore``).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from app.backup import written_then_named
from app.errors import RegularsError
from app.i18n import _
from app.safety.access import Access
from app.safety.sealing import seal_bytes
from app.server.dump import Archive, TableRows, archive_rows, verify_dump

SEALED_HEADER = b"REGULARS SEALED DUMP 1\n"
"""The first bytes of a sealed dump (a ``pg_dump`` archive starts with ``PGDMP``)."""


def is_sealed_dump(path: Path) -> bool:
    """Whether the file at ``path`` is a dump sealed with the owner's passphrase."""
    try:
        with path.open("rb") as fh:
            return fh.read(len(SEALED_HEADER)) == SEALED_HEADER
    except OSError:
        return False


def opened_dump(path: Path, access: Access) -> Archive:
    """What ``pg_restore`` reads of the dump at ``path``: the file itself, or a sealed one
    opened with the owner's key (refused without it)."""
    if not is_sealed_dump(path):
        return path
    if access.key is None:
        raise RegularsError(
            _(
                "'{path}' is sealed with the owner's passphrase; unlock owner mode to restore "
                "it. Nothing was restored."
            ).format(path=path)
        )
    return access.key.open_bytes(path.read_bytes()[len(SEALED_HEADER) :])


def _private_words(rows: dict[str, TableRows]) -> bool:
    """Whether a private note or a wording of one is there in plain text (as
    ``app.safety.plain_backups`` asks of a SQLite copy)."""
    notes = list(rows["note"].records()) if "note" in rows else []
    private = {note["id"] for note in notes if note["private"] == "t"}
    revisions = rows["note_revision"].records() if "note_revision" in rows else ()
    return any(note["id"] in private and note["body"] for note in notes) or any(
        (wording["private"] == "t" or wording["note_id"] in private) and wording["body"]
        for wording in revisions
    )


def dump_holds_plain_private_notes(path: Path) -> bool:
    """Whether the dump at ``path`` holds a private note or wording unsealed; a sealed
    dump does not, and one that cannot be read as a Regulars dump is counted as holding
    them."""
    if is_sealed_dump(path):
        return False
    try:
        verify_dump(path)
        return _private_words(archive_rows(path, ("note", "note_revision")))
    except (RegularsError, KeyError):
        return True


def seal_dump(path: Path, public_key: bytes) -> None:
    """Replace the dump at ``path`` with itself sealed to ``public_key``: written under a
    working name, synced, then renamed over it, so the name always holds a whole dump."""
    work = path.with_name(f".{path.stem}-pending-{secrets.token_hex(6)}{path.suffix}")
    with written_then_named(work, path, f"Could not seal the backup '{path}'"):
        with work.open("wb") as fh:
            fh.write(SEALED_HEADER + seal_bytes(public_key, path.read_bytes()))
            fh.flush()
            os.fsync(fh.fileno())
        work.replace(path)
