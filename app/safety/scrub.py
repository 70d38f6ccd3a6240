"""Leaving no plain copy behind: SQLite keeps old page images in its WAL and freed pages
in the file, so text just sealed could still be read from the bytes on disk.

Sealing sets ``secure_delete`` on its connection (freed space is zeroed); these then push
the WAL into the file and empty it, and, after sealing a whole book, rebuild the file.
"""

from __future__ import annotations

from app.db import Database


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


def rewrite_file(database: Database) -> None:
    """Rebuild the database file and empty its WAL, so text just sealed is not left in
    freed pages or old WAL frames. On a server, ``VACUUM`` frees the dead rows that still
    held the text; the server's own WAL ages out as the README says."""
    if database.server:
        with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM")
        return
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
