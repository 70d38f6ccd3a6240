"""Putting a server backup (a ``pg_dump`` archive) back into the shop's book, as one
transaction that the other registers see whole or not at all.

The archive is checked first (``pg_restore --list``; one sealed with the owner's
passphrase, ``app.safety.sealed_dumps``, opened with the owner's key) and must be of
this book's schema revision: its rows go into the tables as they are now, and an archive
of another revision is refused with what to do. A dump of the book as it is goes into
the backups folder as the way back. Then, holding the one-writer lock, one transaction
deletes the book's rows, copies the archive's rows in (``COPY``, read from
``pg_restore``'s own output), moves every id counter past both the live and the restored
ids (so no id is handed out twice), gives rows from before the owner's passphrase the
book's passphrase and seals their private notes with it, merges the erasure ledger the
live book carried and erases again every customer in it, and only then commits (the
tables that held erased or sealed words are then rewritten, ``scrub_server``). Until it
does, every other register goes on reading the book as it was (PostgreSQL's snapshots:
no table is locked against them); afterwards one change-feed row tells every window to
start over. The change feed's own rows stay the live book's, so its numbering goes on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from app.db import Database
from app.dialects import ids_used_up_to
from app.errors import RegularsError
from app.feed.postgres import pause_feed_on, resume_feed_on
from app.feed.schema import FEED_TABLE
from app.i18n import N_, _
from app.migrate import head_revision
from app.models import Base
from app.safety.access import CLERK, Access
from app.safety.forget import erase_again, ledger_in, scrub_server
from app.safety.owner_secret import owner_only
from app.safety.sealed_copies import book_secret, give_book_secret
from app.safety.sealed_dumps import is_sealed_dump, opened_dump
from app.safety.server_backups import take_server_backup
from app.server.dump import TableRows, archive_rows, verify_dump

if TYPE_CHECKING:
    import psycopg

KEPT_LIVE = frozenset({FEED_TABLE, "alembic_version"})
"""Tables whose rows stay the live book's."""


@dataclass(frozen=True)
class ServerRestoreOutcome:
    """What was restored, the dump of the book it replaced, and who was erased again."""

    restored_from: Path
    revision: str
    previous: Path
    erased_again: tuple[int, ...]


def _checked_archive(file: Path, access: Access) -> tuple[str, dict[str, TableRows]]:
    """The archive's schema revision and rows, if it may replace the book (a sealed one
    opened with the owner's key); refused otherwise, saying why and what to do."""
    if not file.is_file():
        raise RegularsError(_("There is no file at '{file}' to restore.").format(file=file))
    opened = opened_dump(file, access)
    verify_dump(file, opened)
    archive = archive_rows(opened)
    version = archive.get("alembic_version")
    revision = version.lines[0].strip() if version and version.lines else ""
    if revision != head_revision():
        raise RegularsError(
            _(
                "'{file}' was taken by another version of Regulars (schema {revision}, this one "
                "writes {head_revision}); nothing was restored. Restore it with that "
                "version, or into an empty database with PostgreSQL's pg_restore."
            ).format(file=file, revision=revision or "?", head_revision=head_revision())
        )
    return revision, archive


def check_server_restorable(file: Path) -> str | None:
    """The schema revision of the archive at ``file`` if it may replace the book (asked
    before the owner is asked to confirm); refused otherwise. None for a dump sealed with
    the owner's passphrase: it is checked once the owner's key opens it."""
    if file.is_file() and is_sealed_dump(file):
        return None
    return _checked_archive(file, CLERK)[0]


def _copy_in(driver: psycopg.Connection[tuple[object, ...]], rows: TableRows) -> None:
    with (
        driver.cursor() as cursor,
        cursor.copy(f"COPY {rows.table} {rows.columns} FROM STDIN") as copy,
    ):
        for line in rows.lines:
            copy.write(line + "\n")


def _replace_rows(connection: Connection, archive: dict[str, TableRows]) -> None:
    """Delete the live rows and copy the archive's in, parents before their children; each
    id counter moves past the restored ids (never back: it stays past the live ones)."""
    tables = [t for t in Base.metadata.sorted_tables if t.name not in KEPT_LIVE]
    for table in reversed(tables):
        connection.exec_driver_sql(f"DELETE FROM {table.name}")
    driver = connection.connection.driver_connection
    for table in tables:
        rows = archive.get(table.name)
        if rows is None:
            continue
        _copy_in(driver, rows)  # type: ignore[arg-type]
        if "id" in table.c:
            highest = connection.exec_driver_sql(f"SELECT max(id) FROM {table.name}").scalar()
            ids_used_up_to(connection, table.name, int(highest or 0))


def restore_server(
    database: Database, file: Path, now: datetime | None = None, *, access: Access = CLERK
) -> ServerRestoreOutcome:
    """Replace the server book's rows with the archive's, keeping a dump of the book as
    it was; the erasure ledger is applied again, and rows from before the book's
    passphrase sealed with it, before the restored rows are committed."""
    owner_only(database, access, N_("restore a backup over the shop's book"))
    revision, archive = _checked_archive(file, access)
    secret = book_secret(database)
    with database.shop_job("restore"):
        previous = take_server_backup(database, now, reason="restore").path
        with database.session() as session:
            carried = ledger_in(session)
            connection = session.connection()
            pause_feed_on(connection)
            _replace_rows(connection, archive)
            sealed = secret is not None and give_book_secret(session, secret)
            erased = erase_again(session, carried, datetime.now(UTC))
            resume_feed_on(connection)
        if erased or sealed:
            scrub_server(database)
    return ServerRestoreOutcome(file, revision, previous, tuple(erased))
