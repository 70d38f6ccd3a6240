"""Leaving no plain copy behind: SQLite keeps old page images in its WAL and freed pages
in the file, so text just sealed could still be read from the bytes on disk.

Sealing sets ``secure_delete`` on its connection (freed space is zeroed); these then push
the WAL into the file and empty it, and, after sealing a whole book, rebuild the file.

A PostgreSQL server keeps them too: dead rows in the tables' files until they are
rewritten, and every change in its write-ahead log (``pg_wal``). ``rewrite_server_tables``
rewrites the tables (``VACUUM FULL``: new files, the old ones emptied), then starts a new
WAL segment (``pg_switch_wal``) and checkpoints, after which PostgreSQL no longer needs the
segments that held the words. A server made by ``regulars server init`` runs with
``wal_recycle = off`` and lets the ``regulars`` user do both (``app.server.local``), so it
deletes those segments there and then; another server recycles them (their old bytes stay
until new changes overwrite them), or keeps them for its archive or ``wal_keep_size``.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from app.db import Database
from app.i18n import _

NOTE_TABLES = ("note", "note_revision", "prompt", "change_log")
"""The server's tables whose dead rows may hold a private note's words once it is sealed."""


def clear_wal(database: Database) -> None:
    """Copy the WAL into the database file and truncate it to nothing (best effort: a
    reader holding an old snapshot in another window keeps the frames it needs). A
    server has no WAL of ours to empty (see ``rewrite_file``)."""
    if database.server:
        return
    raw = database.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    finally:
        raw.close()


def _wal_let_go(conn: Connection) -> bool:
    """Start a new WAL segment and checkpoint, so the segments written so far are no
    longer needed; True when the server then deletes them (nothing recycles, archives or
    keeps them), False when it may not be asked or keeps them (see the module's doc)."""
    try:
        conn.exec_driver_sql("SELECT pg_switch_wal()")
        conn.exec_driver_sql("CHECKPOINT")
    except DBAPIError:
        return False
    settings: dict[str, str] = dict(
        conn.exec_driver_sql(
            "SELECT name, setting FROM pg_settings "
            "WHERE name IN ('wal_recycle', 'archive_mode', 'wal_keep_size')"
        ).all()
    )
    kept = conn.exec_driver_sql("SELECT count(*) FROM pg_replication_slots").scalar()
    return settings == {"wal_recycle": "off", "archive_mode": "off", "wal_keep_size": "0"} and (
        not kept
    )


def rewrite_server_tables(database: Database, tables: Iterable[str]) -> bool:
    """Rewrite ``tables`` on the server with their indexes (``VACUUM FULL``: a new file
    for each, the old one emptied), so no dead row or index entry keeps words just erased
    or sealed; then let go of the WAL that held them. True when no segment of it is left
    (a server made by ``regulars server init``), False when the server keeps them for a
    while (see the module's doc). Each table is locked while it is rewritten.

    The planner's statistics (``pg_statistic``) are rewritten too: no column of words is
    sampled since revision 0009 (``app.server.statistics``), but the samples a server
    gathered before it stay there as dead rows until then. PostgreSQL lets the
    database's owner rewrite it (the ``regulars`` user of a server made by ``regulars
    server init``); for another user it skips it with a warning."""
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f"VACUUM (FULL) {', '.join((*tables, 'pg_statistic'))}")
        return _wal_let_go(conn)


def rewrite_file(database: Database) -> bool:
    """Rebuild the database file and empty its WAL, so text just sealed is not left in
    freed pages or old WAL frames; on a server, rewrite the tables that held private
    notes (``rewrite_server_tables``). False when a server keeps its old WAL a while."""
    if database.server:
        return rewrite_server_tables(database, NOTE_TABLES)
    database.engine.dispose()
    raw = database.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute("VACUUM")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    finally:
        raw.close()
    return True


def server_wal_note(cleared: bool) -> str:
    """What a server still keeps of the private notes' plain words once they are sealed:
    nothing, or its write-ahead log for a while (see the module's doc)."""
    if cleared:
        return _(
            "the server rewrote the notes' tables and deleted the write-ahead log that "
            "held them: no plain word of a private note is left in its files."
        )
    return _(
        "the notes' tables were rewritten, but this server keeps its write-ahead log "
        "(pg_wal) a while: the plain words stay there until PostgreSQL reuses it, or "
        "longer in a WAL archive (see README, Several registers)."
    )
