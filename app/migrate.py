"""Bring any database this version knows up to the current schema, safely.

Before a non-empty database is upgraded, a verified copy is written beside it. The upgrade
runs in one transaction with foreign keys off (alembic's batch mode rebuilds tables) and
is checked with ``foreign_key_check`` before it commits; a failure leaves the old revision.
A database from a newer Regulars is refused untouched.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError

from app.backup import copy_database
from app.db import make_engine, sqlite_path
from app.dialects import is_server, shown
from app.errors import RegularsError, StorageError
from app.i18n import _
from app.paths import migrations_dir
from app.read_only import untouched_uri
from app.writelock import writer_lock


def alembic_config() -> Config:
    """Alembic settings from code, so no ``alembic.ini`` must be found at run time."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def head_revision() -> str:
    """The newest schema revision this version of Regulars knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RegularsError(_("This installation of Regulars has no migrations; reinstall it."))
    return head


def inspect_file(path: Path) -> tuple[str | None, list[str]]:
    """The stamped revision and the tables of ``path``, read without changing a byte.

    The engine's connections switch the file to WAL, which rewrites its header; a file
    that may yet be refused is therefore only ever opened read-only here, leaving no
    ``-shm`` or ``-wal`` beside it (``untouched_uri``).
    """
    if not path.exists():
        return None, []
    conn = sqlite3.connect(untouched_uri(path), uri=True)
    try:
        tables = [
            name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        current = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            current = row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise RegularsError(
            _("'{path}' cannot be read as a database: {exc}.").format(path=path, exc=exc)
        ) from exc
    finally:
        conn.close()
    return current, [t for t in tables if t != "alembic_version"]


def _known(revision: str) -> bool:
    script = ScriptDirectory.from_config(alembic_config())
    return any(rev.revision == revision for rev in script.walk_revisions())


def known_revision(path: Path) -> str | None:
    """The stamped revision of ``path`` (None for a new, empty file) if this version can
    open it; a foreign SQLite database or one from a newer Regulars is refused untouched."""
    current, tables = inspect_file(path)
    if current is None and tables:
        raise RegularsError(
            _(
                "'{path}' is a SQLite database but not a Regulars one; it was left untouched."
            ).format(path=path)
        )
    if current is not None and not _known(current):
        raise RegularsError(
            _(
                "'{path}' was written by a newer version of Regulars (schema {current}). "
                "Install that version to open it; the file was left untouched."
            ).format(path=path, current=current)
        )
    return current


def current_is_head(path: Path) -> bool:
    """Whether ``path`` is already at this version's schema (a new file is not)."""
    return known_revision(path) == head_revision()


def upgrade_to_head(
    target: str, *, copy_first: bool = True, waiting: Callable[[str], None] | None = None
) -> Path | None:
    """Upgrade ``target`` to head; returns the pre-upgrade backup's path if one was taken
    (``copy_first=False`` for a file that is itself a fresh copy, such as a restore's).
    On a PostgreSQL server the upgrade is one transaction too; no file copy is taken, and
    another register's migration is waited for a few minutes at most (``waiting`` is told
    when that wait begins: ``app.server.shop_jobs``)."""
    if is_server(target):
        from app.server.shop_jobs import shop_job

        if _server_revision(target) != head_revision():
            with shop_job(target, "migration", wait=True, waiting=waiting):
                _upgrade_server(target)
        return None
    path = sqlite_path(target)
    current = known_revision(path)
    head = head_revision()
    if current == head:
        return None
    with writer_lock(path):
        return _upgrade(target, path, current, head, copy_first=copy_first)


def _upgrade(
    target: str, path: Path, current: str | None, head: str, *, copy_first: bool
) -> Path | None:
    engine = make_engine(target, foreign_keys=False)
    try:
        backup = None
        if current is not None and copy_first:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            backup = copy_database(path, path.with_name(f"{path.stem}.pre-{head}-{stamp}.db"))
        try:
            with engine.begin() as conn:
                config = alembic_config()
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RegularsError(
                        _(
                            "Upgrading '{path}' would break {length} links between rows; nothing "
                            "was changed. A copy is at '{backup}'."
                        ).format(path=path, length=len(broken), backup=backup)
                    )
        except RegularsError:
            raise
        except Exception as exc:
            raise RegularsError(
                _(
                    "Upgrading '{path}' to schema {head} failed ({exc}); it was left at schema "
                    "{current}, unchanged. A copy taken before is at '{backup}'. Please report "
                    "this; the app cannot open the file until it is fixed."
                ).format(path=path, head=head, exc=exc, current=current or "none", backup=backup)
            ) from exc
        return backup
    finally:
        engine.dispose()


_REFUSED_LOGIN = ("password authentication failed", "no password supplied")
"""What libpq says (it gives no error code for a refused connection) when the password is
wrong or missing."""
_NOT_THAT_BOOK = re.compile(r'database ".*" does not exist|pg_hba\.conf')
"""What it says when the server has no such book, or lets no one open it from here."""


def _unreachable(target: str, exc: OperationalError) -> StorageError:
    """Why the server did not open, told by what it said: a password refused or missing
    is not a back office that is off, nor is a wrong book name."""
    why = _first_line(exc)
    said = str(exc.orig)
    if any(words in said for words in _REFUSED_LOGIN):
        return StorageError(
            _(
                "The Regulars server at '{server}' did not let this register in ({why}). Enter "
                "its password again with 'regulars server connect ADDRESS' (on the back-office "
                "PC, 'regulars server status' prints the address and where the password is)."
            ).format(server=shown(target), why=why)
        )
    if _NOT_THAT_BOOK.search(said):
        return StorageError(
            _(
                "The server at '{server}' answers but does not open that book for this "
                "register ({why}). Check the address: 'regulars server status' on the "
                "back-office PC prints it (a server of your own must let this register in, "
                "in its pg_hba.conf)."
            ).format(server=shown(target), why=why)
        )
    return StorageError(
        _(
            "Cannot reach the Regulars server at '{server}' ({why}). Check that the "
            "back-office PC is on and its server started (regulars server status), then "
            "try again."
        ).format(server=shown(target), why=why)
    )


def _server_revision(target: str) -> str | None:
    """The server book's schema revision (None: no book yet), read without a lock, so a
    book already up to date opens without waiting for anyone."""
    engine = make_engine(target, query_only=True)
    try:
        with engine.connect() as conn:
            if "alembic_version" not in inspect(conn).get_table_names():
                return None
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            return None if revision is None else str(revision)
    except OperationalError as exc:
        raise _unreachable(target, exc) from exc
    finally:
        engine.dispose()


def _upgrade_server(target: str) -> None:
    """Upgrade a PostgreSQL book in one transaction that every other writer waits for (the
    write engine's advisory lock); a schema from a newer Regulars is refused untouched."""
    engine = make_engine(target)
    try:
        try:
            conn = engine.connect()
        except OperationalError as exc:
            raise _unreachable(target, exc) from exc
        with conn, conn.begin():
            tables = set(inspect(conn).get_table_names())
            current = None
            if "alembic_version" in tables:
                current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if current is None and tables - {"alembic_version"}:
                raise RegularsError(
                    _(
                        "'{shown}' holds tables but not a Regulars book; it was left untouched. "
                        "Give Regulars a database of its own."
                    ).format(shown=shown(target))
                )
            if current is not None and not _known(current):
                raise RegularsError(
                    _(
                        "'{shown}' was written by a newer version of Regulars (schema {current}). "
                        "Install that version to open it; it was left untouched."
                    ).format(shown=shown(target), current=current)
                )
            if current == head_revision():
                return
            config = alembic_config()
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    finally:
        engine.dispose()


def _first_line(exc: OperationalError) -> str:
    """The driver's own reason, without SQLAlchemy's trailer (it never holds a password)."""
    return str(exc.orig).strip().splitlines()[0] if exc.orig else "no answer"
