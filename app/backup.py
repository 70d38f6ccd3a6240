"""Verified copies of the database through SQLite's online backup API.

A copy is written under a temporary name, synced to disk, opened and ``quick_check``-ed,
and only then renamed into place, so a backup file that exists is a backup that works.
The copy uses a rollback journal rather than WAL, so it is one self-contained file: opening
it to verify leaves no ``-wal``/``-shm`` beside it, and the same content gives the same bytes.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.errors import RegularsError, storage_error
from app.i18n import _
from app.read_only import locked_reading_uri, read_only_uri


def verify(path: Path) -> None:
    """Raise unless ``path`` opens as a SQLite database whose quick check passes."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise RegularsError(
            _("'{path}' does not open as a database: {exc}.").format(path=path, exc=exc)
        ) from exc
    if not result or result[0] != "ok":
        raise RegularsError(
            _("'{path}' failed its integrity check: {detail}.").format(
                path=path, detail=result[0] if result else ""
            )
        )


@contextmanager
def written_then_named(tmp: Path, dest: Path, failure: str) -> Iterator[None]:
    """The block writes and checks ``tmp`` and renames it to ``dest``; on any failure
    ``tmp`` is removed and a storage problem, or ``failure`` with its reason, raised."""
    tmp.unlink(missing_ok=True)
    try:
        yield
    except (sqlite3.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        trouble = storage_error(exc, dest.parent)
        if trouble is not None:
            raise trouble from exc
        raise RegularsError(f"{failure}: {exc}.") from exc
    except RegularsError:
        tmp.unlink(missing_ok=True)
        raise
    fsync_folder(dest.parent)


def copy_database(source: Path, dest: Path) -> Path:
    """Write a verified copy of ``source`` at ``dest``; nothing is left at ``dest`` on failure."""
    tmp = dest.with_name(dest.name + ".partial")
    with written_then_named(tmp, dest, f"Could not back up '{source}' to '{dest}'"):
        src = sqlite3.connect(locked_reading_uri(source), uri=True)
        try:
            out = sqlite3.connect(tmp)
            try:
                src.backup(out)
                out.execute("PRAGMA journal_mode = DELETE")
            finally:
                out.close()
        finally:
            src.close()
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        verify(tmp)
        tmp.replace(dest)
    return dest


def fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (a no-op where folders cannot be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
