"""The change feed on a PostgreSQL server: the same ``change_feed`` rows, written by a
plpgsql trigger function per watched table, and a ``NOTIFY`` that wakes every register.

The rows are those SQLite's triggers write (``app.feed.schema`` says which tables and
how each finds its customer). Each function ends with ``pg_notify`` on one channel; the
server sends it when the transaction commits (and once per transaction, however many
rows it wrote), so a window's ``ServerCommits`` learns of a commit by its socket becoming
readable. A bulk write sets the feed aside with a transaction-local setting the functions
read, rather than by dropping triggers, which would lock each table against every other
register's lookups.
"""

from __future__ import annotations

import select
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from sqlalchemy import Connection
from sqlalchemy.engine import make_url

from app.db import SERVER_LINK
from app.dialects import on_server
from app.feed.commits import Commit
from app.feed.schema import (
    BULK,
    CUSTOMER_OF,
    FEED_TABLE,
    KEEP_DAYS,
    PRUNE_EVERY,
    PRUNE_TRIGGER,
    create_feed_triggers,
    create_prune_trigger,
    feed_values,
    pause_feed,
    resume_feed,
)

if TYPE_CHECKING:
    import psycopg

RETRY_FIRST_S = 0.5
RETRY_MOST_S = 15.0
"""A lost server is asked again after half a second, then after twice as long each time,
at most this long apart."""
CHANNEL = "regulars_changes"
"""What every register ``LISTEN``s on."""
PAUSED_SETTING = "regulars.feed_paused"


def function_name(table: str) -> str:
    """``feed_<table>``: the one trigger function (and trigger) of a watched table."""
    return f"feed_{table}"


def _insert(table: str, row: str, kind: str) -> str:
    return (
        f"INSERT INTO {FEED_TABLE} (entity, entity_id, customer_id, kind) "
        f"VALUES ({feed_values(table, row, kind)});"
    )


def feed_function_ddl(table: str) -> list[str]:
    """The plpgsql function and its row trigger for one watched table. An update that
    moves a row to another customer (a merge) names both customers, as on SQLite."""
    moved = ""
    customer = CUSTOMER_OF[table]
    if customer is not None:
        old, new = customer.format(row="OLD"), customer.format(row="NEW")
        moved = f"IF {old} IS DISTINCT FROM {new} THEN {_insert(table, 'OLD', 'update')} END IF;"
    name = function_name(table)
    return [
        f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('{PAUSED_SETTING}', true) = 'on' THEN RETURN NULL; END IF;
    IF TG_OP = 'DELETE' THEN {_insert(table, "OLD", "delete")}
    ELSIF TG_OP = 'INSERT' THEN {_insert(table, "NEW", "insert")}
    ELSE {_insert(table, "NEW", "update")} {moved}
    END IF;
    PERFORM pg_notify('{CHANNEL}', '');
    RETURN NULL;
END $$""",
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {name}()",
    ]


def create_server_triggers(execute: Callable[[str], object], tables: Iterable[str]) -> None:
    """The function and trigger of each of ``tables``, and the one that prunes the feed
    (keeping the newest row, so numbering goes on)."""
    for table in tables:
        for statement in feed_function_ddl(table):
            execute(statement)
    execute(
        f"""CREATE OR REPLACE FUNCTION {PRUNE_TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM {FEED_TABLE}
    WHERE at < CURRENT_TIMESTAMP - interval '{KEEP_DAYS} days' AND seq < NEW.seq;
    RETURN NULL;
END $$"""
    )
    execute(f"DROP TRIGGER IF EXISTS {PRUNE_TRIGGER} ON {FEED_TABLE}")
    execute(
        f"CREATE TRIGGER {PRUNE_TRIGGER} AFTER INSERT ON {FEED_TABLE} FOR EACH ROW "
        f"WHEN (mod(NEW.seq, {PRUNE_EVERY}) = 0) EXECUTE FUNCTION {PRUNE_TRIGGER}()"
    )


def drop_server_triggers(execute: Callable[[str], object]) -> None:
    """Undo ``create_server_triggers`` (a downgrade)."""
    for table in CUSTOMER_OF:
        execute(f"DROP TRIGGER IF EXISTS {function_name(table)} ON {table}")
        execute(f"DROP FUNCTION IF EXISTS {function_name(table)}()")
    execute(f"DROP TRIGGER IF EXISTS {PRUNE_TRIGGER} ON {FEED_TABLE}")
    execute(f"DROP FUNCTION IF EXISTS {PRUNE_TRIGGER}()")


def create_triggers_on(connection: Connection, tables: Iterable[str]) -> None:
    """The feed's triggers for ``tables`` in the connection's own dialect (a migration
    names its tables itself, so it does the same whatever the code is later)."""
    execute = connection.exec_driver_sql
    if on_server(connection.dialect):
        create_server_triggers(execute, tables)
    else:
        create_feed_triggers(execute, tables)
        create_prune_trigger(execute)


def pause_feed_on(connection: Connection) -> None:
    """Set the feed aside for the rest of this bulk write's transaction (see
    ``app.feed.schema.pause_feed``); on a server no table is locked for it."""
    if on_server(connection.dialect):
        connection.exec_driver_sql(f"SET LOCAL {PAUSED_SETTING} = 'on'")
    else:
        pause_feed(connection.exec_driver_sql)


def resume_feed_on(connection: Connection) -> None:
    """The feed back, and one row telling every window to reload everything."""
    if on_server(connection.dialect):
        connection.exec_driver_sql(f"SET LOCAL {PAUSED_SETTING} = 'off'")
        connection.exec_driver_sql(
            f"INSERT INTO {FEED_TABLE} (entity, kind) VALUES ('*', '{BULK}')"
        )
    else:
        resume_feed(connection.exec_driver_sql)


def libpq_address(target: str) -> str:
    """A SQLAlchemy ``postgresql+psycopg://`` URL as libpq itself takes it, with the
    settings every register's connection uses (``app.db.SERVER_LINK``)."""
    from psycopg.conninfo import make_conninfo

    url = make_url(target).set(drivername="postgresql").render_as_string(hide_password=False)
    return make_conninfo(url, **SERVER_LINK)


class ServerCommits:
    """Commits to a PostgreSQL book, heard through ``LISTEN`` on a connection of its own
    (a ``CommitSource``): its socket becomes readable when a notification arrives, so a
    window waits on it instead of polling. A lost connection is reopened on the next
    ``poll``, which then says ``CHANGED``: the window catches up from the last change it
    saw, whatever it missed meanwhile."""

    def __init__(self, target: str) -> None:
        self._address = libpq_address(target)
        self._conn: psycopg.Connection[tuple[object, ...]] | None = None
        self._heard = False
        self._pause = RETRY_FIRST_S
        self._retry_at = 0.0
        self._connect()

    def _connect(self) -> bool:
        import psycopg  # only a window on a server needs the driver itself

        try:
            self._conn = psycopg.connect(self._address, autocommit=True)
            self._conn.add_notify_handler(self._hear)
            self._conn.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error:
            self._conn = None
            return False
        return True

    def _reconnect(self) -> Commit:
        """``CHANGED`` once the server is back, else ``AWAY``; it is asked again after a
        pause that doubles up to ``RETRY_MOST_S``, so a switched-off back office is not
        knocked on ten times a second by every register."""
        if time.monotonic() < self._retry_at:
            return Commit.AWAY
        if self._connect():
            self._pause, self._retry_at = RETRY_FIRST_S, 0.0
            return Commit.CHANGED
        self._retry_at = time.monotonic() + self._pause
        self._pause = min(self._pause * 2, RETRY_MOST_S)
        return Commit.AWAY

    def retry_now(self) -> None:
        """The next ``poll`` asks the server at once (something else just failed, or
        worked, and the window wants to know which it is)."""
        self._retry_at = 0.0

    def _hear(self, _notification: object) -> None:
        """A notification read off the connection."""
        self._heard = True

    def fileno(self) -> int | None:
        """The listening connection's socket (None while the server is away)."""
        return None if self._conn is None else self._conn.fileno()

    def poll(self) -> Commit:
        """``CHANGED`` if a commit was announced (or the connection had to be reopened),
        ``AWAY`` while the server cannot be reached, else ``NONE``; never waits longer
        than a connection attempt."""
        import psycopg

        if self._conn is None or self._conn.closed:
            return self._reconnect()
        try:
            # A ping reads whatever the server sent (notifications reach ``_hear``) and
            # finds out, rather than hangs, if the server went away meanwhile.
            self._conn.execute("SELECT 1")
        except psycopg.Error:
            self._conn = None
            return self._reconnect()
        heard, self._heard = self._heard, False  # also what ``shop_job``'s query read
        return Commit.CHANGED if heard else Commit.NONE

    def shop_job(self) -> str | None:
        """The job on the whole book another register is running, asked of the server
        (None while it is away)."""
        import psycopg

        from app.server.shop_jobs import running_job  # it builds on this module

        if self._conn is None or self._conn.closed:
            return None
        try:
            return running_job(self._conn)
        except psycopg.Error:
            return None

    def wait(self, seconds: float) -> Commit:
        """Block up to ``seconds`` for a commit (for scripts and tests without Qt)."""
        fileno = self.fileno()
        if fileno is not None:
            select.select([fileno], [], [], seconds)
        return self.poll()

    def close(self) -> None:
        """Close the listening connection."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
