"""Work on the whole shop's book (an import, a merge, a forget, a restore, a migration)
runs at one register at a time, and every other register's window says what is going on.

On a server, such a job holds a PostgreSQL advisory lock (``pg_advisory_lock``) on a
connection of its own for as long as it runs; the connection's ``application_name``
names the job and the register, so any window can ask the server what is running (and a
register that crashed mid-job lets go of the lock with its connection). The job wakes
every window with a ``NOTIFY`` on the change feed's channel when it starts and when it
ends. Lookups are never blocked by it: the lock is only between shop-wide jobs, and
reading takes no lock at all. A second job is refused at once, naming the first one;
a migration waits for the job before it instead (two registers starting together).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING

from app.dialects import is_server
from app.errors import ConflictError
from app.feed.postgres import CHANNEL, libpq_address
from app.i18n import N_

if TYPE_CHECKING:
    import psycopg

SHOP_JOB_KEY = 0x52454756
"""The advisory lock every shop-wide job holds (beside the writers' own key)."""
PREFIX = "regulars:"
SHOP_JOBS: dict[str, str] = {
    "import": N_("Importing at another register…"),
    "merge": N_("Merging customers at another register…"),
    "forget": N_("Forgetting a customer at another register…"),
    "restore": N_("Restoring a backup at another register…"),
    "migration": N_("Updating the book for a new Regulars at another register…"),
}
"""Each job, and what the other registers' windows say while it runs."""


def _this_register() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _running(conn: psycopg.Connection[tuple[object, ...]]) -> tuple[str, str] | None:
    """The job holding the lock and the register running it, if any."""
    row = conn.execute(
        "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = %s",
        (SHOP_JOB_KEY,),
    ).fetchone()
    if row is None or not str(row[0]).startswith(PREFIX):
        return None
    job, _, register = str(row[0])[len(PREFIX) :].partition("@")
    return job, register


def running_job(conn: psycopg.Connection[tuple[object, ...]]) -> str | None:
    """The shop-wide job another register is running (a key of ``SHOP_JOBS``), or None
    (none, or it is this register's own)."""
    running = _running(conn)
    if running is None or running[1] == _this_register():
        return None
    return running[0]


@contextmanager
def shop_job(target: str, what: str, *, wait: bool = False) -> Iterator[None]:
    """Hold the shop-wide lock for ``what`` (a key of ``SHOP_JOBS``) while the block runs;
    another job already running refuses this one (``ConflictError``), or with ``wait`` is
    waited for. On a file, nothing: its one-writer lock already keeps every other writer
    out."""
    if not is_server(target):
        yield
        return
    import psycopg

    conn = psycopg.connect(
        libpq_address(target),
        autocommit=True,
        application_name=f"{PREFIX}{what}@{_this_register()}"[:63],
    )
    try:
        if wait:
            conn.execute("SELECT pg_advisory_lock(%s)", (SHOP_JOB_KEY,))
        elif not conn.execute("SELECT pg_try_advisory_lock(%s)", (SHOP_JOB_KEY,)).fetchone()[0]:  # type: ignore[index]
            running = _running(conn)
            job = running[0] if running else "a job"
            raise ConflictError(
                f"Another register is busy with the whole book ({job}); nothing was "
                "changed. Try again when it is done: its window says so."
            )
        conn.execute(f"NOTIFY {CHANNEL}")
        yield
    finally:
        with suppress(psycopg.Error):
            conn.execute("SELECT pg_advisory_unlock_all()")
            conn.execute(f"NOTIFY {CHANNEL}")
        conn.close()
