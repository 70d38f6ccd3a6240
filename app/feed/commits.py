"""Noticing that someone committed, cheaply: the wake-up call before the feed is read.

A ``CommitSource`` answers one question, "has anything been committed since I last
asked?", without reading any data. On SQLite that is ``PRAGMA data_version`` on a
connection of its own (it changes when any *other* connection commits, a few
microseconds to ask), polled a few times a second. A server that announces commits (for
PostgreSQL, ``LISTEN`` on a connection whose socket the window watches) gives a
``fileno`` instead, so the window waits on the socket and polls only when woken.
"""

from __future__ import annotations

import enum
import sqlite3
from pathlib import Path
from typing import Protocol

from app.db import Database
from app.read_only import read_only_uri, readable_uri

POLL_MS = 100
"""How often a window asks a source with no socket whether anyone committed."""


class Commit(enum.Enum):
    """What a source saw since it was last asked."""

    NONE = "none"
    CHANGED = "changed"
    """Someone committed: read the feed past the last change seen."""
    REPLACED = "replaced"
    """The book itself was swapped (a restore): reopen it and start over."""
    AWAY = "away"
    """The server cannot be reached; it is asked again, less and less often, and the
    first answer after it is back is ``CHANGED`` (whatever was missed is read then)."""


class CommitSource(Protocol):
    """Tells a window that the book changed; made and used on one (non-GUI) thread."""

    def fileno(self) -> int | None:
        """A socket that becomes readable on a commit, or None to be polled on a timer."""

    def poll(self) -> Commit:
        """What happened since the last call (never blocks)."""

    def retry_now(self) -> None:
        """Ask a server that was away again at the next ``poll``, not after the pause."""

    def shop_job(self) -> str | None:
        """The job on the whole book another register is running (``app.server.shop_jobs``),
        or None."""

    def close(self) -> None:
        """Let go of the connection."""


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


class SqliteCommits:
    """Commits to one SQLite file, seen through a read-only connection's data_version;
    a file replaced under the same name (a restore renames a new copy into place) is seen
    by its changed identity."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._identity = _identity(path)
        self._conn = self._connect()
        self._version = self._data_version()

    def _connect(self) -> sqlite3.Connection:
        uri = readable_uri(self._path, read_only_uri(self._path))  # a full disk: as it stands
        return sqlite3.connect(uri, uri=True, check_same_thread=False)

    def _data_version(self) -> int:
        row = self._conn.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def fileno(self) -> int | None:
        """SQLite has no socket to wait on: poll."""
        return None

    def retry_now(self) -> None:
        """A file on this computer is never away: there is nothing to ask again."""

    def shop_job(self) -> str | None:
        """A file has no other register: its one-writer lock is this computer's."""
        return None

    def poll(self) -> Commit:
        """``REPLACED`` if the file under the path is another one, ``CHANGED`` after a
        commit by any other connection, else ``NONE``."""
        identity = _identity(self._path)
        if identity is not None and identity != self._identity:
            self._conn.close()
            self._identity = identity
            self._conn = self._connect()
            self._version = self._data_version()
            return Commit.REPLACED
        try:
            version = self._data_version()
        except sqlite3.Error:
            return Commit.NONE
        if version == self._version:
            return Commit.NONE
        self._version = version
        return Commit.CHANGED

    def close(self) -> None:
        """Close the watching connection."""
        self._conn.close()


def commits_for(database: Database) -> CommitSource:
    """The way this book announces commits: the one place an engine that can say so
    itself (PostgreSQL's ``LISTEN``, with a socket) is chosen instead."""
    if database.server:
        from app.feed.postgres import ServerCommits  # it builds on this module

        return ServerCommits(database.target)
    return SqliteCommits(database.path)
