"""Work on the whole shop's book (an import, a merge, a forget, a restore, a migration)
runs at one register at a time, and every other register's window says what is going on.

On a server, such a job holds a PostgreSQL advisory lock (``pg_advisory_lock``) on a
connection of its own for as long as it runs; the connection's ``application_name``
names the job and the register, so any window can ask the server what is running (and a
register that crashed mid-job lets go of the lock with its connection). The job wakes
every window with a ``NOTIFY`` on the change feed's channel when it starts and when it
ends. Lookups are never blocked by it: the lock is only between shop-wide jobs, and
reading takes no lock at all. A second job is refused at once, naming the first one;
a migration waits for the job before it instead (two registers starting together), but
not for ever: after ``JOB_PATIENCE_S`` it gives up with a message saying which job at
which register it waited for and what to do, and while it waits it says so once
(``waiting``), for the window or the command line to show.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING

from app.dialects import is_server
from app.errors import ConflictError
from app.feed.postgres import CHANNEL, libpq_address
from app.i18n import N_, _

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
JOB_PATIENCE_S = 300
"""How long a register waits for another register's job (a migration, or the job before
it) before giving up: longer than any migration of a shop's book takes, short enough
that a register whose job hung is noticed while the shop is open."""

Waiting = Callable[[str], None]
"""Told once, in the owner's words, that a register waits for another's job."""


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
def shop_job(
    target: str, what: str, *, wait: bool = False, waiting: Waiting | None = None
) -> Iterator[None]:
    """Hold the shop-wide lock for ``what`` (a key of ``SHOP_JOBS``) while the block runs;
    another job already running refuses this one (``ConflictError``), or with ``wait`` is
    waited for, ``JOB_PATIENCE_S`` at most (``waiting`` is told when the wait begins). On
    a file, nothing: its one-writer lock already keeps every other writer out."""
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
        if not conn.execute("SELECT pg_try_advisory_lock(%s)", (SHOP_JOB_KEY,)).fetchone()[0]:  # type: ignore[index]
            running = _running(conn)
            if not wait:
                job = running[0] if running else _("a job")
                raise ConflictError(
                    _(
                        "Another register is busy with the whole book ({job}); nothing was "
                        "changed. Try again when it is done: its window says so."
                    ).format(job=job)
                )
            _wait_for(conn, running, waiting)
        conn.execute(f"NOTIFY {CHANNEL}")
        yield
    finally:
        with suppress(psycopg.Error):
            conn.execute("SELECT pg_advisory_unlock_all()")
            conn.execute(f"NOTIFY {CHANNEL}")
        conn.close()


def _wait_for(
    conn: psycopg.Connection[tuple[object, ...]],
    running: tuple[str, str] | None,
    waiting: Waiting | None,
) -> None:
    """Wait for the shop-wide lock ``running`` holds, ``JOB_PATIENCE_S`` at most, saying so
    first; a ``ConflictError`` that says what to do when the time is up."""
    import psycopg

    job, register = running or ("", "")
    doing = (
        _(SHOP_JOBS[job])
        if job in SHOP_JOBS
        else _("Another register is working on the whole book…")
    )
    minutes = max(1, round(JOB_PATIENCE_S / 60))
    if waiting is not None:
        waiting(
            _(
                "{doing} This register waits for it to finish (at most {minutes} min) and "
                "then goes on by itself."
            ).format(doing=doing, minutes=minutes)
        )
    conn.execute(f"SET lock_timeout = {int(JOB_PATIENCE_S * 1000)}")
    try:
        conn.execute("SELECT pg_advisory_lock(%s)", (SHOP_JOB_KEY,))
    except psycopg.errors.LockNotAvailable as exc:
        raise ConflictError(
            _(
                "{doing} It has not finished after {minutes} min, so this register stopped "
                "waiting; nothing was changed here. Look at the register running it "
                "({register}): if it is still working, let it finish; if it hangs or is "
                "switched off, close Regulars there (or restart that computer), which frees "
                "the book. Then try again here."
            ).format(doing=doing, minutes=minutes, register=register or _("unknown"))
        ) from exc
