"""Opening the shop's file at start: never on top of damage, never twice at once.

Before the app writes anything it runs ``quick_check`` on a read-only connection. A file
that fails (a page overwritten, the file cut short, emptied, or not a database at all) is
renamed ``<name>.damaged-<stamp>`` with its bytes untouched, so nothing the app does next
can make it worse and whoever rescues it later has exactly what was there; the owner is
told which verified backup to restore. A second copy of the app on the same file is
refused by an exclusive advisory lock on ``<name>.lock`` (skipped where ``fcntl`` is not
available), so two windows never write over each other's work.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import IO

from app.backup import read_only_uri, verify
from app.db import SQLITE_HEADER, Database, check_file, open_database
from app.errors import RegularsError
from app.safety.backups import STAMP_FORMAT, list_backups

try:
    import fcntl
except ImportError:  # Windows: the lock is skipped
    fcntl = None  # type: ignore[assignment]

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
    is a sound database (or is not there yet, to be created)."""
    if not path.is_file():
        return None
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if not header:
        return "is empty (0 bytes)"
    if header != SQLITE_HEADER:
        return "is not a SQLite database"
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"cannot be read ({exc})"
    problems = [row[0] for row in rows if row[0] != "ok"]
    return f"is damaged ({problems[0]})" if problems else None


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
    if problem is None:
        return open_database(str(path))
    aside = _move_aside(path, now or datetime.now())
    backup = _newest_verified_backup(path)
    advice = (
        f"The newest verified backup is '{backup}'; restore it with "
        f"regulars restore '{backup}' --db '{path}'."
        if backup
        else "There is no verified backup of it; keep the damaged file as it is and ask for help."
    )
    raise DamagedDatabaseError(
        f"'{path}' {problem}. It was moved aside, unchanged, to '{aside}'. {advice}",
        path=path,
        aside=aside,
        backup=backup,
    )


class WriterLock:
    """Held while this process may write the database; ``release`` (or ``with``) ends it."""

    def __init__(self, handle: IO[bytes] | None) -> None:
        self._handle = handle

    def release(self) -> None:
        """Let another copy of the app open the file (closing the file drops the lock)."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __enter__(self) -> WriterLock:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self.release()


def acquire_writer_lock(path: Path) -> WriterLock:
    """Take the one-writer lock for the database at ``path``, or refuse with a clear
    message while another copy of Regulars holds it. The lock is the operating system's,
    so it is released even when a copy of the app is killed."""
    if fcntl is None:
        return WriterLock(None)
    lock_path = path.with_name(path.name + ".lock")
    handle = lock_path.open("ab")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        handle.close()
        raise RegularsError(
            f"'{path}' is already open in another copy of Regulars. "
            "Use that window, or close it and try again."
        ) from exc
    os.set_inheritable(handle.fileno(), False)
    return WriterLock(handle)


def open_exclusive(path: Path) -> tuple[Database, WriterLock]:
    """The window's way in: the file checked, locked against a second copy of the app,
    then opened (and upgraded); nothing is left locked when it is refused."""
    check_file(path)
    lock = acquire_writer_lock(path)
    try:
        return open_checked(path), lock
    except BaseException:
        lock.release()
        raise
