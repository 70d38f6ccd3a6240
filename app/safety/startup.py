"""Opening the shop's file at start: never on top of damage.

Before the app writes anything it runs ``quick_check`` on a read-only connection. A file
that fails (a page overwritten, the file cut short, emptied, or not a database at all) is
renamed ``<name>.damaged-<stamp>`` with its bytes untouched, so nothing the app does next
can make it worse and whoever rescues it later has exactly what was there; the owner is
told which verified backup to restore. The check reads without a lock and leaves nothing
beside the file; the file is moved aside or opened holding the one-writer lock
(``app.writelock``), which every window and command takes to write, so a second window
or a command line can share the file without writing over each other's work.
"""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import datetime
from pathlib import Path

from app.backup import verify
from app.db import Database, check_file, open_database
from app.errors import DAMAGED, RegularsError, StorageError, storage_cause, storage_error
from app.i18n import _, ngettext
from app.migrate import known_revision
from app.read_only import (
    locked_reading_uri,
    may_write,
    read_only_message,
    read_only_uri,
    untouched_uri,
)
from app.safety.backups import STAMP_FORMAT, list_backups
from app.writelock import lock_files, writer_lock

SIDE_FILES = ("-wal", "-shm")


class DamagedDatabaseError(RegularsError):
    """The file failed its check and was moved aside; ``backup`` is the newest verified
    backup to restore in its place (``None`` when there is none), so a window can offer
    to restore it rather than only say how."""

    def __init__(self, message: str, *, path: Path, aside: Path, backup: Path | None) -> None:
        super().__init__(message)
        self.path = path
        self.aside = aside
        self.backup = backup


def damage(path: Path) -> str | None:
    """What is wrong with the file at ``path``, found without writing to it; None if it
    is a sound database (or is not there yet, to be created). A disk that fails the read
    (full, an input/output error) is storage trouble, raised as such: the file may well
    be sound, and setting it aside would not help.

    Only SQLite opens the file here, never Python: closing a file of our own on it would
    drop the locks this process's open connections hold (POSIX locks belong to the
    process), and another process closing its last connection would then empty the WAL
    under them (an erasure failed so while scripts added notes). It is read leaving
    nothing beside it (``untouched_uri``); damage found that way is confirmed with the
    usual locks (``locked_reading_uri``, which leaves nothing beside it either), since a
    writer may have moved pages under the lock-free read (when the disk has room for
    them: a full disk does not make damage found less real)."""
    if not path.is_file():
        return None
    if path.stat().st_size == 0:
        return _("is empty (0 bytes)")
    uri = untouched_uri(path)
    problem = _quick_check(path, uri)
    if problem is not None and uri != read_only_uri(path):
        try:
            problem = _quick_check(path, locked_reading_uri(path))
        except StorageError:
            return problem  # no room (a full disk) to read it with the locks: as found
    return problem


def _quick_check(path: Path, uri: str) -> str | None:
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        cause = storage_cause(exc)
        if cause is not None and cause != DAMAGED:
            raise storage_error(exc, path.parent) or StorageError(cause) from exc
        if "file is not a database" in str(exc):
            return _("is not a SQLite database")
        return _("is damaged and cannot be read ({why})").format(why=exc)
    found = [str(row[0]) for row in rows if row[0] != "ok"]
    if not found:
        return None
    lines = [
        line
        for text in found
        for line in text.splitlines()
        if line.strip() and not line.startswith("*** in database")
    ]
    return _("is damaged ({what})").format(what=_first(lines or found))


def _first(problems: list[str]) -> str:
    """The first of SQLite's findings, shortened, and how many more there are: a damaged
    page can make quick_check list dozens of lines, which would make a dialog taller than
    the screen and bury what to do next."""
    first = problems[0] if len(problems[0]) <= 100 else problems[0][:99] + "…"
    more = len(problems) - 1
    return (
        ngettext("{first}; {n} more", "{first}; {n} more", more).format(first=first, n=more)
        if more
        else first
    )


def _newest_verified_backup(path: Path) -> Path | None:
    for backup in list_backups(path):
        with contextlib.suppress(RegularsError):
            verify(backup.path)
            return backup.path
    return None


def _move_aside(path: Path, now: datetime) -> Path:
    """Rename the file (and its WAL and shared-memory files) out of the way, same bytes."""
    aside = path.with_name(f"{path.name}.damaged-{now.strftime(STAMP_FORMAT)}")
    number = 2
    while aside.exists():
        aside = path.with_name(f"{path.name}.damaged-{now.strftime(STAMP_FORMAT)}-{number}")
        number += 1
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(aside.with_name(aside.name + suffix))
    path.rename(aside)
    return aside


def open_checked(path: Path, now: datetime | None = None) -> Database:
    """Open the database at ``path`` once ``quick_check`` passes; a damaged file is moved
    aside untouched and refused with the way back (RegularsError)."""
    problem = damage(path)
    if problem is not None:
        raise _set_aside(path, problem, now or datetime.now())
    return open_database(str(path), checked=True)


def _set_aside(path: Path, problem: str, now: datetime) -> DamagedDatabaseError:
    """Move the damaged file at ``path`` aside and say why, with the way back."""
    aside = _move_aside(path, now)
    backup = _newest_verified_backup(path)
    advice = (
        _(
            "The newest verified backup is '{backup}'; restore it with "
            "regulars restore '{backup}' --db '{path}'."
        ).format(backup=backup, path=path)
        if backup
        else _(
            "There is no verified backup of it; keep the damaged file as it is and ask for help."
        )
    )
    return DamagedDatabaseError(
        _("'{path}' {problem}. It was moved aside, unchanged, to '{aside}'. {advice}").format(
            path=path, problem=problem, aside=aside, advice=advice
        ),
        path=path,
        aside=aside,
        backup=backup,
    )


def open_for_window(path: Path) -> Database:
    """The window's way in: the file checked (``damage``) and its schema read before any
    lock is taken, both read-only and leaving nothing beside it, so a book refused
    (another program's, a newer Regulars', damaged) gets no ``.lock`` file beside it. A
    damaged one is moved aside holding the writer lock only when another Regulars made
    its lock file already (one that never did cannot be writing to it); a sound one opens
    holding the lock, so nothing writes to it while it is upgraded. A book this user may
    not write to is only checked, and opens for reading."""
    check_file(path)
    if not path.exists():
        with writer_lock(path):
            return open_database(str(path), checked=True)
    problem = damage(path)
    if not may_write(path):
        if problem is not None:
            raise StorageError(
                _("'{path}' {problem}, and it cannot be set aside where it is. {read_only}").format(
                    path=path, problem=problem, read_only=read_only_message(path)
                )
            )
        return open_database(str(path), checked=True)
    if problem is not None:
        with writer_lock(path) if lock_files(path)[0].exists() else contextlib.nullcontext():
            raise _set_aside(path, problem, datetime.now())
    known_revision(path)  # another program's book, or a newer Regulars', is refused here
    with writer_lock(path):
        return open_database(str(path), checked=True, full_disk_reads=True)
