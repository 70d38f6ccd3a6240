"""Putting a backup back in place without ever losing the file it replaces, or a note.

The chosen file is checked first (a verified SQLite database, with Regulars data of a
schema this version knows) and copied beside the database under a hidden name. That copy
is made ready before anything else is touched: upgraded to the current schema, every
customer erased since (``app.safety.forget``'s ledger) erased from it again, its id
counters raised past every id the live file ever gave out, so no id is handed out twice,
and, when it is from before the owner's passphrase, its private notes sealed with the
book's, so a restore never leaves them in plain text behind an open owner mode.

Then, holding the one-writer lock for the whole run (no window or command can write in
between), the current file is backed up (kept 30 days as the way back) and the copy's pages
are written into the live file through SQLite's backup API, in one transaction: the file
keeps its identity, other open windows read the restored book from their next query, and
a restore killed at any point leaves the old book or the restored one whole, never a mix.
A current file too damaged to copy is moved aside with the same bytes instead, and the
copy renamed into its place.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from app.backup import copy_database, fsync_folder, verify
from app.db import BUSY_TIMEOUT_MS, SQLITE_HEADER, Database
from app.errors import RegularsError
from app.i18n import N_, _
from app.migrate import known_revision, upgrade_to_head
from app.read_only import read_only_uri
from app.safety.access import CLERK, Access
from app.safety.backups import STAMP_FORMAT, take_backup
from app.safety.forget import apply_ledger, read_ledger_file
from app.safety.owner_secret import owner_only
from app.safety.sealed_copies import BookSecret, book_secret, seal_unprotected
from app.writelock import writer_lock

SIDE_FILES = ("-wal", "-shm")


@dataclass(frozen=True)
class RestoreOutcome:
    """What was restored, and where the replaced database can be found again."""

    restored_from: Path
    revision: str
    previous: Path | None
    moved_aside: bool


def check_restorable(db_path: Path, file: Path) -> str:
    """The schema revision of ``file`` if it may replace ``db_path``; refused otherwise."""
    if not file.is_file():
        raise RegularsError(_("There is no file at '{file}' to restore.").format(file=file))
    if db_path.exists() and file.samefile(db_path):
        raise RegularsError(
            _("'{file}' is the database itself; choose a backup to restore.").format(file=file)
        )
    with file.open("rb") as fh:
        if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise RegularsError(
                _("'{file}' is not a Regulars database; nothing was restored.").format(file=file)
            )
    verify(file)
    revision = known_revision(file)
    if revision is None:
        raise RegularsError(
            _("'{file}' holds no Regulars data; nothing was restored.").format(file=file)
        )
    return revision


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _id_counters(db_path: Path) -> dict[str, int]:
    """Every id the live file ever gave out, per table (empty for a missing file)."""
    with contextlib.suppress(sqlite3.Error):
        conn = sqlite3.connect(read_only_uri(db_path), uri=True)
        try:
            return dict(conn.execute("SELECT name, seq FROM sqlite_sequence").fetchall())
        finally:
            conn.close()
    return {}


def _prepare(
    staged: Path,
    ledger: list[dict[str, object]],
    counters: dict[str, int],
    secret: BookSecret | None,
) -> None:
    """Bring the copy to the current schema, erase the ledger's customers from it, raise
    its id counters and seal it with the book's passphrase if it has none, before it goes
    anywhere near the live file."""
    upgrade_to_head(str(staged), copy_first=False)
    database = Database(str(staged))
    try:
        apply_ledger(database, ledger)
        if secret is not None:
            seal_unprotected(database, secret)
        with database.session() as session:
            connection = session.connection()
            for table, seq in counters.items():
                found = connection.exec_driver_sql(
                    "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (seq, table)
                )
                if not found.rowcount:
                    connection.exec_driver_sql(
                        "INSERT INTO sqlite_sequence (name, seq) SELECT ?, ? WHERE EXISTS "
                        "(SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?)",
                        (table, seq, table),
                    )
    finally:
        database.close()
    verify(staged)


def _set_aside(db_path: Path, now: datetime, restoring: Path) -> tuple[Path | None, bool]:
    """Back up the current database; one that cannot be copied is renamed, not deleted.
    The backup being restored is not pruned to make room for it."""
    if not db_path.exists():
        return None, False
    try:
        return take_backup(db_path, now, reason="restore", spare=restoring).path, False
    except RegularsError:
        aside = db_path.with_name(f"{db_path.name}.replaced-{now.strftime(STAMP_FORMAT)}")
        for suffix in ("", *SIDE_FILES):
            with contextlib.suppress(FileNotFoundError):
                _side(db_path, suffix).rename(_side(aside, suffix))
        return aside, True


def _write_into(staged: Path, db_path: Path) -> None:
    """Replace the live file's content with the copy's in one transaction, in place."""
    source = sqlite3.connect(read_only_uri(staged), uri=True)
    try:
        live = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            source.backup(live)
            live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            live.close()
    finally:
        source.close()


def _put_in_place(staged: Path, db_path: Path) -> None:
    """Where there is no live file (any more), the copy is renamed into its place."""
    for suffix in SIDE_FILES:
        _side(db_path, suffix).unlink(missing_ok=True)
    staged.replace(db_path)
    fsync_folder(db_path.parent)


def _clean(staged: Path) -> None:
    for suffix in ("", *SIDE_FILES, ".lock", ".partial"):
        _side(staged, suffix).unlink(missing_ok=True)


def _owner_only_over(db_path: Path, access: Access) -> BookSecret | None:
    """Replacing the book is the owner's once owner mode protects it; a book too damaged
    or too old to read has no secret to ask for. Returns the book's passphrase key, which
    a copy from before the passphrase is sealed with."""
    if not db_path.exists():
        return None
    database = Database(str(db_path))
    try:
        owner_only(database, access, N_("restore a backup over the shop's book"))
        return book_secret(database)
    except DBAPIError:
        return None
    finally:
        database.close()


def restore_database(
    db_path: Path, file: Path, now: datetime | None = None, *, access: Access = CLERK
) -> RestoreOutcome:
    """Replace the book at ``db_path`` with a verified copy of ``file``, keeping the old one
    safe; holds the one-writer lock throughout."""
    now = now or datetime.now()
    revision = check_restorable(db_path, file)
    secret = _owner_only_over(db_path, access)
    staged = db_path.with_name(f".{db_path.name}-restoring")
    with writer_lock(db_path):
        _clean(staged)
        try:
            copy_database(file, staged)
            _prepare(staged, read_ledger_file(db_path), _id_counters(db_path), secret)
            previous, damaged = _set_aside(db_path, now, file)
            if db_path.exists():
                _write_into(staged, db_path)
            else:
                _put_in_place(staged, db_path)
        except sqlite3.Error as exc:
            raise RegularsError(
                _("Could not write '{file}' into '{db_path}': {exc}. Nothing was restored.").format(
                    file=file, db_path=db_path, exc=exc
                )
            ) from exc
        except OSError as exc:
            raise RegularsError(
                _("Could not put '{file}' in place of '{db_path}': {exc}.").format(
                    file=file, db_path=db_path, exc=exc
                )
            ) from exc
        finally:
            _clean(staged)
    return RestoreOutcome(file, revision, previous, damaged)
