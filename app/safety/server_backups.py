"""Backups of a server's book, on the same commands and schedule as a file's: a verified
``pg_dump`` archive (``app.server.dump``) in the backups folder of this computer's place
for that server, pruned by the same schedule. A dump is not byte-for-byte repeatable
(it records when it was taken), so each run writes one; the schedule keeps the pile small.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from app.db import Database
from app.errors import RegularsError
from app.i18n import _
from app.safety.backups import (
    DUMP_SUFFIX,
    STAMP_FORMAT,
    BackupOutcome,
    backups_folder,
    free_name,
    make_backups_folder,
    prune,
)
from app.server.dump import dump_database, verify_dump


def take_server_backup(
    database: Database, now: datetime | None = None, *, reason: str | None = None
) -> BackupOutcome:
    """Dump the server's book into its backups folder, then prune by the schedule;
    ``reason`` ("restore", "forget") marks it as the way back from that act, kept 30 days
    as a file's is."""
    now = now or datetime.now()
    make_backups_folder(backups_folder(database.path), parents=True)
    path = dump_database(database.target, free_name(database.path, now, reason, DUMP_SUFFIX))
    return BackupOutcome(path, written=True, removed=prune(database.path, now, DUMP_SUFFIX))


def dump_to(database: Database, out: Path, now: datetime | None = None) -> Path:
    """A verified dump at ``out`` (a file, or a folder to put a dated one in). An existing
    file there is replaced only if it is itself such a dump."""
    if out.is_dir():
        stamp = (now or datetime.now()).strftime(STAMP_FORMAT)
        out = out / f"{database.path.stem}-{stamp}{DUMP_SUFFIX}"
    if out.exists():
        try:
            verify_dump(out)
        except RegularsError:
            raise RegularsError(
                _(
                    "'{out}' exists and is not a backup of a server's book; it was left "
                    "untouched. Choose a new file name."
                ).format(out=out)
            ) from None
    return dump_database(database.target, out)
