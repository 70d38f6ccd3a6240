"""A book Regulars may read but not change: a file or folder that is read-only for this
user (a copy on a locked-down share, a USB stick with its switch on, a backup folder).

Such a book still opens, so the clerk can look customers up and read their cards and
Today; every write is refused before it starts with one plain message that says why and
what to do. SQLite needs to create a ``-shm`` file beside a WAL database even to read it,
which a read-only folder forbids, so the book is then read as an immutable file (when no
``-wal`` file is waiting: with one, the shared memory is used as it is).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from app.errors import DISK_FULL, folder_and_space, no_room, storage_cause
from app.i18n import _


def may_write(path: Path) -> bool:
    """Whether this user may change the book at ``path``: the file (if it exists) and
    the folder it is in are writable."""
    folder = path.parent if str(path.parent) else Path()
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def read_only_uri(path: Path) -> str:
    """A ``file:`` URI that opens ``path`` read-only, whatever characters its name holds
    and even in a folder Regulars may not write to."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if not may_write(path) and not path.with_name(path.name + "-wal").exists():
        uri += "&immutable=1"
    return uri


def _waiting_beside(path: Path) -> bool:
    """Whether a ``-wal`` or ``-journal`` beside the file may hold what the file lacks (a
    Regulars has it open, or one was cut off mid-write)."""
    return any(path.with_name(path.name + side).exists() for side in ("-wal", "-journal"))


def untouched_uri(path: Path) -> str:
    """A ``file:`` URI that reads ``path`` leaving nothing beside it, for a file that may
    yet be refused (a newer schema, damage) or is only being looked at: when no ``-wal``
    or ``-journal`` file waits (no Regulars has it open, none was cut off mid-write), the
    file alone holds everything and is read as it stands (``immutable``: no ``-shm`` or
    ``-wal`` is made); else as ``read_only_uri``, whose files are there already, unless
    the disk is too full for SQLite to read so (``readable_uri``)."""
    if _waiting_beside(path):
        return readable_uri(path, read_only_uri(path))
    return f"{path.resolve().as_uri()}?mode=ro&immutable=1"


def locked_reading_uri(path: Path) -> str:
    """A ``file:`` URI that reads ``path`` with the usual locks (a consistent snapshot
    while another program may write) and leaves nothing beside it: when nothing waits
    beside the file and this user may write to it, a connection allowed to write, which
    (only reading) changes nothing and, as the last one out, takes away the ``-wal`` and
    ``-shm`` it made, where a read-only one leaves them; else ``read_only_uri`` (whose
    files are there already, or cannot be made)."""
    if _waiting_beside(path) or not may_write(path):
        return read_only_uri(path)
    return f"{path.resolve().as_uri()}?mode=rw"


def readable_uri(path: Path, uri: str) -> str:
    """``uri``, or the file as it stands (``as_it_stands_uri``) when SQLite cannot read
    ``path`` by ``uri`` because the disk is full (no room for its shared-memory file) and
    nothing waits in a ``-wal``: a full disk does not make a sound book unreadable."""
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            conn.execute("PRAGMA schema_version")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        stands = as_it_stands_uri(path)
        if storage_cause(exc) == DISK_FULL and stands is not None:
            return stands
    return uri


def as_it_stands_uri(path: Path) -> str | None:
    """A ``file:`` URI that reads ``path`` as it stands (``immutable``: no ``-shm`` is
    needed, none is made), for when SQLite cannot make its shared-memory file (a full
    disk); None when a ``-journal`` or a ``-wal`` with pages in it waits, whose newer
    pages the file alone lacks (an empty ``-wal`` is what such a failed open leaves)."""
    wal = path.with_name(path.name + "-wal")
    if path.with_name(path.name + "-journal").exists() or (wal.exists() and wal.stat().st_size):
        return None
    return f"{path.resolve().as_uri()}?mode=ro&immutable=1"


def as_it_stands_message(path: Path) -> str:
    """Why a book is read but nothing can be saved to it: its disk is full."""
    folder = path.parent if str(path.parent) else Path()
    trouble, advice = no_room(folder)
    return _(
        "Nothing can be saved to '{path}' in the folder {where}: {trouble}. It is read as it "
        "stands. {advice}, then try again."
    ).format(path=path, where=folder_and_space(folder), trouble=trouble, advice=advice)


def read_only_message(path: Path) -> str:
    """Why nothing can be saved to the book at ``path``, and what to do about it."""
    return _(
        "'{path}' is read-only for you (the file or its folder): Regulars shows it, but "
        "cannot save changes there, and nothing was written. To work in it, copy the file "
        "to a folder you may write to and open that copy, or ask whoever looks after this "
        "computer for permission to write in that folder."
    ).format(path=path)
