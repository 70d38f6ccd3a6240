"""Putting a backup back in place without ever losing the file it replaces.

The chosen file is checked first (a verified SQLite database, with Regulars data of a
schema this version knows) and copied beside the database under a hidden name; only then
is the current file backed up — or, if it is too damaged to copy, moved aside with the same
bytes — its WAL folded in, stale ``-wal``/``-shm`` removed, and the copy renamed into place.
A restore interrupted at any point leaves either the old database or the new one whole.
The restored file is upgraded to the current schema the next time it is opened, as usual,
unless customers erased since (``app.safety.forget``'s ledger) must be erased from it again.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.backup import copy_database, fsync_folder, verify
from app.db import SQLITE_HEADER
from app.errors import RegularsError
from app.migrate import known_revision
from app.safety.backups import STAMP_FORMAT, take_backup
from app.safety.forget import read_ledger_file, reapply_ledger

SIDE_FILES = ("-wal", "-shm")
_BUSY_WAIT_S = 1.0
_IN_USE = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


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
        raise RegularsError(f"There is no file at '{file}' to restore.")
    if db_path.exists() and file.samefile(db_path):
        raise RegularsError(f"'{file}' is the database itself; choose a backup to restore.")
    with file.open("rb") as fh:
        if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise RegularsError(f"'{file}' is not a Regulars database; nothing was restored.")
    verify(file)
    revision = known_revision(file)
    if revision is None:
        raise RegularsError(f"'{file}' holds no Regulars data; nothing was restored.")
    return revision


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _set_aside(db_path: Path, now: datetime) -> tuple[Path | None, bool]:
    """Back up the current database; one that cannot be copied is renamed, not deleted."""
    if not db_path.exists():
        return None, False
    try:
        return take_backup(db_path, now).path, False
    except RegularsError:
        aside = db_path.with_name(f"{db_path.name}.replaced-{now.strftime(STAMP_FORMAT)}")
        for suffix in ("", *SIDE_FILES):
            with contextlib.suppress(FileNotFoundError):
                _side(db_path, suffix).rename(_side(aside, suffix))
        return aside, True


def _fold_wal(db_path: Path) -> None:
    """Take the old file for ourselves and checkpoint it so its WAL holds nothing, then
    remove the stale side files (a leftover WAL would be replayed onto the restored file).

    An exclusive lock is refused while any other connection has the file open, so a
    running Regulars is noticed instead of having its database swapped underneath it.
    """
    if db_path.exists():
        try:
            conn = sqlite3.connect(db_path, timeout=_BUSY_WAIT_S, isolation_level=None)
            try:
                conn.execute("PRAGMA locking_mode = EXCLUSIVE")
                conn.execute("BEGIN EXCLUSIVE")
                conn.execute("COMMIT")
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                conn.close()
        except sqlite3.Error as exc:
            if getattr(exc, "sqlite_errorcode", None) in _IN_USE:
                raise RegularsError(
                    f"'{db_path}' is in use by another program (is Regulars open?). "
                    "Close it and try again; nothing was restored."
                ) from exc
            raise RegularsError(
                f"Cannot close off '{db_path}': {exc}. Nothing was restored."
            ) from exc
    for suffix in SIDE_FILES:
        _side(db_path, suffix).unlink(missing_ok=True)


def restore_database(db_path: Path, file: Path, now: datetime | None = None) -> RestoreOutcome:
    """Replace ``db_path`` with a verified copy of ``file``, keeping the old one safe."""
    now = now or datetime.now()
    revision = check_restorable(db_path, file)
    ledger = read_ledger_file(db_path)
    staged = db_path.with_name(f".{db_path.name}-restoring")
    copy_database(file, staged)
    try:
        previous, damaged = _set_aside(db_path, now)
        _fold_wal(db_path)
        staged.replace(db_path)
    except OSError as exc:
        raise RegularsError(f"Could not put '{file}' in place of '{db_path}': {exc}.") from exc
    finally:
        staged.unlink(missing_ok=True)
    fsync_folder(db_path.parent)
    reapply_ledger(db_path, ledger)
    return RestoreOutcome(file, revision, previous, damaged)
