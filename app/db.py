"""Opening the shop's database safely, and one short session per user action.

Every SQLite connection that may write switches the file to WAL; every one gets enforced
foreign keys, ``synchronous=FULL`` and a busy timeout, and transactions begin explicitly
so DDL in migrations rolls back as a whole. A reading connection leaves the file's
journal mode as it found it, so a backup only looked at keeps its bytes.
A file that is not a SQLite database, a folder that cannot be written, or a database
written by a newer Regulars is refused before anything touches it.

A session may write, so it holds the file's one-writer lock (``app.writelock``) and begins
``IMMEDIATE``: two writers queue politely instead of one failing with "database is
locked" when its snapshot went stale. A reading session takes no lock and cannot write.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from app.dialects import database_url, is_server, on_server, sequence_highest, shown
from app.errors import DISK_FULL, RegularsError, StorageError, storage_cause, storage_error
from app.i18n import _
from app.paths import data_dir
from app.read_only import as_it_stands_uri, may_write, read_only_message, read_only_uri
from app.writelock import writer_lock

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
CONNECT_TIMEOUT_S = 5
"""How long a register waits for the back-office computer to answer before telling the
clerk it is away (a switched-off computer never refuses, it just stays silent)."""
SERVER_LINK: dict[str, int] = {
    "connect_timeout": CONNECT_TIMEOUT_S,
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 3,
    "tcp_user_timeout": 10_000,
}
"""libpq's settings for every connection to the shop's server: a cable pulled out or a
computer switched off mid-query is noticed within about ten seconds (TCP keepalives while
idle, a timeout on unanswered data while busy) instead of the system's quarter of an hour."""
WRITER_LOCK_KEY = 0x52454755
"""The PostgreSQL advisory lock every write transaction takes first: one writer at a
time across every register, as ``BEGIN IMMEDIATE`` and the file lock give on SQLite."""


def sqlite_path(target: str) -> Path:
    """The file behind a path or ``sqlite:///`` URL: the shop's data always lives in a file."""
    if "://" not in target:
        return Path(target).expanduser()
    url = database_url(target)
    if is_server(target):
        raise RegularsError(
            _("'{shown}' is a database server; this works on a SQLite file only.").format(
                shown=shown(target)
            )
        )
    if url.get_backend_name() != "sqlite":
        raise RegularsError(
            _(
                "'{shown}': Regulars keeps its data in a SQLite file or on a PostgreSQL "
                "server (postgresql+psycopg://…)."
            ).format(shown=shown(target))
        )
    if not url.database or url.database == ":memory:":
        raise RegularsError(
            _("'{target}': Regulars needs a database file, not memory.").format(target=target)
        )
    return Path(url.database).expanduser()


def check_file(path: Path) -> None:
    """Refuse, untouched, anything that is not a SQLite file or a new file's spot. A file
    this user may not write to passes (it opens for reading: ``app.read_only``). One with
    a ``-wal`` beside it is SQLite's and in use, and is not opened here: POSIX locks belong
    to the process, so closing a file of our own on it would drop the locks of this
    process's connections, and another process could then empty the WAL under them."""
    if path.is_dir():
        raise RegularsError(
            _("'{path}' is a folder; give the path of a database file.").format(path=path)
        )
    folder = path.parent if str(path.parent) else Path()
    if path.exists():
        if path.with_name(path.name + "-wal").exists():
            return  # open in WAL mode, perhaps here: closing a file of ours would drop its locks
        try:
            with path.open("rb") as fh:
                header = fh.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise RegularsError(
                _("Cannot read '{path}': {strerror}.").format(path=path, strerror=exc.strerror)
            ) from exc
        if header != SQLITE_HEADER:
            what = _("is empty (0 bytes)") if not header else _("is not a SQLite database")
            raise RegularsError(
                _(
                    "'{path}' {what}; it was left untouched. Choose a Regulars database file, or "
                    "a new file name to start a fresh one."
                ).format(path=path, what=what)
            )
        return
    if not folder.exists():
        raise RegularsError(
            _("The folder '{folder}' does not exist; create it first.").format(folder=folder)
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise RegularsError(
            _(
                "Cannot write in the folder '{folder}'. Choose a folder you may write to, or "
                "ask whoever looks after this computer for permission."
            ).format(folder=folder)
        )


_reading = threading.local()


@contextmanager
def reads_only() -> Iterator[None]:
    """Within the block, this thread's sessions cannot write: the readers' pool runs its
    work so, and a write slipped into a read fails loudly instead of racing the writer."""
    before = getattr(_reading, "on", False)
    _reading.on = True
    try:
        yield
    finally:
        _reading.on = before


def _configure_sqlite(engine: Engine, *, foreign_keys: bool, query_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not query_only:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        if query_only:
            cursor.execute("PRAGMA query_only = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN" if query_only else "BEGIN IMMEDIATE")


def highest_id_given(session: Session, table: str) -> int:
    """The highest id ``table`` ever gave out, erased rows included (``sqlite_sequence``
    or the PostgreSQL sequence remembers them): code that hands out ids itself starts
    above it, never reusing one."""
    connection = session.connection()
    if on_server(connection.dialect):
        return sequence_highest(connection, table)
    highest = connection.exec_driver_sql(f'SELECT max(id) FROM "{table}"').scalar()
    given = connection.exec_driver_sql(
        "SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)
    ).scalar()
    return max(highest or 0, given or 0)


def _quiet_driver() -> None:
    """Keep psycopg's own log lines off the user's screen: when the server goes away in
    the middle of a batch it logs that tidying up failed too ("error ignored terminating
    <psycopg.Pipeline [BAD]>…") before the error itself reaches Regulars, which says it
    once, in plain words (``app.server.reach``)."""
    driver_log = logging.getLogger("psycopg")
    if not driver_log.handlers:
        driver_log.addHandler(logging.NullHandler())
    driver_log.propagate = False


def _server_engine(target: str, *, query_only: bool) -> Engine:
    _quiet_driver()
    connect_args: dict[str, object] = dict(SERVER_LINK)
    if query_only:
        connect_args["options"] = "-c default_transaction_read_only=on"
    engine = create_engine(target, pool_pre_ping=True, connect_args=connect_args)
    if not query_only:

        @event.listens_for(engine, "begin")
        def _one_writer(conn: Any) -> None:
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK_KEY})")

    return engine


def server_place(target: str) -> Path:
    """Where this computer keeps what belongs to a server's book (drafts, the local
    lock): a folder in the user data folder named after the server, never its password."""
    url = database_url(target)
    name = f"{url.host or 'local'}-{url.port or 5432}-{url.database or 'regulars'}"
    return data_dir() / "servers" / re.sub(r"[^A-Za-z0-9._-]", "_", name) / "book"


def make_engine(
    target: str, *, foreign_keys: bool = True, query_only: bool = False, uri: str | None = None
) -> Engine:
    """An engine for a path, a SQLite URL or a PostgreSQL server, set up as Regulars
    relies on; ``query_only`` ones refuse every write. A file this user may not write to
    gets a reading engine whatever was asked (it opens through ``read_only_uri``), and so
    does one given the ``uri`` to read it by."""
    if is_server(target):
        return _server_engine(target, query_only=query_only)
    path = sqlite_path(target)
    if uri is None and path.exists() and not may_write(path):
        uri = read_only_uri(path)
    if uri is not None:
        reading = uri
        engine = create_engine(
            "sqlite://",
            creator=lambda: sqlite3.connect(reading, uri=True, check_same_thread=False),
            poolclass=QueuePool,  # not the in-memory URL's default: with more threads than
            # its size, that pool closes a connection another thread is reading on (a crash)
        )
        _configure_sqlite(engine, foreign_keys=foreign_keys, query_only=True)
        return engine
    engine = create_engine(f"sqlite:///{path}")
    _configure_sqlite(engine, foreign_keys=foreign_keys, query_only=query_only)
    return engine


_writing_here = threading.local()
"""The files this thread has a write session open on."""


class Database:
    """An open, migrated database: hands out one session per action, never a shared one."""

    def __init__(
        self, target: str, *, checked: bool = False, disk_full: StorageError | None = None
    ) -> None:
        self.target = target
        self.server = is_server(target)
        """On a PostgreSQL server: no file, no file backups; ``path`` is the local place."""
        self.path = server_place(target) if self.server else sqlite_path(target)
        self.disk_full = disk_full
        """Why the book is read as it stands (its disk was full when it was opened), or None."""
        may_not = not self.server and self.path.exists() and not may_write(self.path)
        self.read_only = may_not or disk_full is not None
        """This user may read the book but not change it: every write is refused plainly."""
        uri = None if disk_full is None else as_it_stands_uri(self.path)
        self.engine = make_engine(target, uri=uri)
        self.read_engine = make_engine(target, query_only=True, uri=uri)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.read_engine, expire_on_commit=False)
        self._checked = checked

    def _refuse_damage(self) -> None:
        """Before this handle's first write, the file's ``quick_check`` (read-only): a
        damaged file is refused, never written to, as the window refuses it."""
        if not self._checked:
            refuse_if_damaged(self.path)
            self._checked = True

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back if it raises.

        Inside ``reads_only()`` it is a reading session (see ``reading``), and on a book
        this user may not write to, one whose first write is refused plainly. Otherwise it
        holds the one-writer lock throughout, so keep it short. A second one inside it on
        the same thread could only wait for the first and fail, so it is refused at once
        (a bug: read with ``reading`` instead)."""
        if getattr(_reading, "on", False):
            with self.reading() as session:
                yield session
            return
        if self.read_only:
            with self._refused_writes() as session:
                yield session
            return
        key = self.path.resolve()
        if key in _writing_here.__dict__.setdefault("paths", set()):
            raise RuntimeError(f"a write session on '{self.path}' inside another one")
        with writer_lock(self.path), self._sessions() as session:
            self._refuse_damage()
            _writing_here.paths.add(key)
            try:
                with session.begin():
                    yield session
            finally:
                _writing_here.paths.discard(key)

    @contextmanager
    def _refused_writes(self) -> Iterator[Session]:
        """A read-only book's "write" session: reading works as ever, and the first
        write (SQLite refuses it) becomes one plain message naming the book."""
        try:
            with self.reading() as session:
                yield session
        except DBAPIError as exc:
            if "readonly" in str(exc.orig).replace("-", "").casefold():
                raise self._refusal() from exc
            raise

    def _refusal(self) -> StorageError:
        """Why nothing can be saved to this book (read-only here, or its disk full)."""
        return self.disk_full or StorageError(read_only_message(self.path))

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session that only reads: no lock to wait for, and SQLite refuses a write."""
        with self._read_sessions() as session, session.begin():
            yield session

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the one-writer lock for a longer run of work (re-entrant)."""
        if self.read_only:
            raise self._refusal()
        with writer_lock(self.path):
            self._refuse_damage()
            yield

    @contextmanager
    def shop_job(self, what: str) -> Iterator[None]:
        """``writing`` for a job on the whole book (``app.server.shop_jobs``): on a server
        also one register at a time, and every other register's window is told."""
        from app.server.shop_jobs import shop_job

        with self.writing(), shop_job(self.target, what):
            yield

    def close(self) -> None:
        """Release the file (and fold the WAL back in)."""
        self.read_engine.dispose()
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def refuse_if_damaged(path: Path) -> None:
    """Refuse (StorageError) a file whose ``quick_check`` fails, without writing to it."""
    from app.safety.startup import damage

    problem = damage(path)
    if problem is not None:
        raise StorageError(
            _(
                "'{path}' {problem}; nothing was written to it. Open Regulars to set it "
                "aside and restore its newest backup, or run regulars check."
            ).format(path=path, problem=problem)
        )


def disk_full(path: Path) -> StorageError | None:
    """Why the book at ``path`` must be read as it stands: SQLite cannot make its
    shared-memory file beside it, the disk being full, and nothing waits in a ``-wal`` or
    ``-journal`` (``as_it_stands_uri``). None when it opens as ever (or fails for another
    reason, to be told as ever where it fails). Tried only when nothing waits, so the
    try has nothing to recover or fold back: it never writes to the file, and leaves
    nothing beside it that was not there."""
    if not path.exists() or not may_write(path) or as_it_stands_uri(path) is None:
        return None
    try:
        conn = sqlite3.connect(path)
        try:
            conn.execute("PRAGMA schema_version")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if storage_cause(exc) == DISK_FULL:
            return storage_error(exc, path.parent)
    return None


def open_database(
    target: str,
    *,
    checked: bool = False,
    check_first: bool = False,
    waiting: Callable[[str], None] | None = None,
    full_disk_reads: bool = False,
) -> Database:
    """Check, create or upgrade the database at ``target`` and return it ready to use. A
    damaged file is refused untouched, as the window refuses it: before an upgrade, and
    before the first write. ``checked``: its ``quick_check`` has just passed;
    ``check_first``: run it now, so even a command that only reads refuses a damaged
    book instead of answering from it (the command line, where each command opens the
    book afresh, as the window checks it once at start). ``waiting`` is told when a
    server's book waits for another register's migration. ``full_disk_reads``: a book
    whose disk is too full for SQLite's shared-memory file is still read, as it stands,
    every write refused saying so (``Database.disk_full``)."""
    from app.migrate import current_is_head, upgrade_to_head

    if is_server(target):
        from app.server.password import with_password
        from app.server.places import remember_place

        target = with_password(target)
        upgrade_to_head(target, waiting=waiting)
        database = Database(target)
        remember_place(database)
        return database
    path = sqlite_path(target)
    check_file(path)
    if check_first and not checked:
        refuse_if_damaged(path)
        checked = True
    if not current_is_head(path):
        if path.exists() and not may_write(path):
            raise StorageError(
                _(
                    "'{path}' was written by an older Regulars and must be brought up to date "
                    "before it can be read, which needs writing to it. {read_only}"
                ).format(path=path, read_only=read_only_message(path))
            )
        with writer_lock(path):
            if not checked:
                refuse_if_damaged(path)
                checked = True
            upgrade_to_head(target)
    return Database(target, checked=checked, disk_full=disk_full(path) if full_disk_reads else None)
