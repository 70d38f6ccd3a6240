"""Where SQLite and PostgreSQL differ, one small function per need chooses by dialect.

The rest of the code speaks SQLAlchemy Core and ORM, which both engines understand; only
upserts, month keys, id sequences, driver-level parameter marks and the address shown to
people differ. A server address is never shown with its password: every message that
names a database goes through ``shown``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Dialect,
    Integer,
    LargeBinary,
    any_,
    bindparam,
    cast,
    func,
    literal,
    or_,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.sql.dml import Insert

from app.errors import RegularsError
from app.i18n import _

SERVER_BACKENDS = frozenset({"postgresql"})
_PASSWORD_IN_QUERY = re.compile(r"([?&]password=)[^&]*", re.IGNORECASE)
_LIKE_SIGNS = re.compile(r"[\\%_]")
"""What ``LIKE`` reads as a pattern unless a backslash (its default escape) comes first."""


def is_server(target: str) -> bool:
    """Whether ``target`` names a database server (PostgreSQL) rather than a file (by its
    scheme, even when the rest of the address cannot be read: ``database_url`` says so)."""
    if "://" not in target:
        return False
    scheme = target.split("://", 1)[0]
    return scheme.split("+", 1)[0].lower() in SERVER_BACKENDS


def database_url(target: str) -> URL:
    """``target`` read as a database URL, refused in words when it cannot be (a port that
    is no number, a stray bracket), never with the parser's own error."""
    try:
        return make_url(target)
    except (ArgumentError, ValueError) as exc:
        raise RegularsError(
            _("'{shown}' is neither a file path nor a database URL.").format(shown=shown(target))
        ) from exc


def _split_address(target: str) -> tuple[str, str, str] | None:
    """``target`` as its scheme with ``://``, who (user and password, without the ``@``)
    and the rest from its last ``@`` on; None when it names no user (a SQLite URL names a
    file, which may hold ``@``). A password may hold any sign, ``@`` included: the user
    part ends at the last ``@`` (SQLAlchemy ends it at the first, taking the rest of the
    password for the host)."""
    scheme, sep, rest = target.partition("://")
    at = rest.rfind("@")
    if not sep or at < 0 or scheme.startswith("sqlite"):
        return None
    return f"{scheme}://", rest[:at], rest[at:]


def password_quoted(target: str) -> str:
    """``target`` with every ``@`` of its password written ``%40``, so the address is read
    at its last ``@`` (a password such as ``Secr@t`` connects, and no part of it is taken
    for the host and shown in a message)."""
    parts = _split_address(target)
    if parts is None:
        return target
    scheme, who, rest = parts
    user, colon, password = who.partition(":")
    return f"{scheme}{user}{colon}{password.replace('@', '%40')}{rest}"


def shown(target: str) -> str:
    """``target`` as it may appear in a message or a log: any password replaced by ***
    (one given as ``?password=``, and all of the address's up to its last ``@``)."""
    if "://" not in target:
        return target
    target = _PASSWORD_IN_QUERY.sub(r"\1***", target)
    parts = _split_address(target)
    if parts is None:
        return target
    scheme, who, rest = parts
    user, colon, _password = who.partition(":")
    return scheme + (f"{user}:***" if colon else user) + rest


def on_server(dialect: Dialect) -> bool:
    """Whether a connection speaks to PostgreSQL."""
    return dialect.name == "postgresql"


def insert_ignoring_duplicates(
    dialect: Dialect, table: Any, values: dict[str, Any], unique: list[str]
) -> Insert:
    """An insert that quietly does nothing when a row with the same ``unique`` columns
    exists: each dialect's own ``ON CONFLICT DO NOTHING``."""
    module: Any = postgresql if on_server(dialect) else sqlite
    statement: Insert = module.insert(table).values(**values)
    return statement.on_conflict_do_nothing(index_elements=unique)  # type: ignore[attr-defined,no-any-return]


def year_month(dialect: Dialect, day: Any) -> ColumnElement[str]:
    """A date column as its ``YYYY-MM`` month key."""
    if on_server(dialect):
        return func.to_char(day, "YYYY-MM")
    return func.strftime("%Y-%m", day)


def driver_sql(dialect: Dialect, statement: str) -> str:
    """A statement written with ``?`` marks, in the driver's own parameter style (for the
    importer's bulk ``executemany``, which skips SQLAlchemy's compiler to stay fast)."""
    if dialect.paramstyle == "qmark":
        return statement
    return statement.replace("%", "%%").replace("?", "%s")


def _sequence(connection: Connection, table: str) -> str | None:
    """The sequence behind ``table``'s id on PostgreSQL (None: the table has no id)."""
    name = connection.exec_driver_sql(
        "SELECT pg_get_serial_sequence(table_name, column_name) FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = %s AND column_name = 'id'",
        (table,),
    ).scalar()
    return None if name is None else str(name)


def sequence_highest(connection: Connection, table: str) -> int:
    """The highest id a PostgreSQL table's sequence has handed out (0 before the first)."""
    sequence = _sequence(connection, table)
    if sequence is None:
        return 0
    last, called = connection.exec_driver_sql(f"SELECT last_value, is_called FROM {sequence}").one()
    return int(last) if called else 0


def ids_used_up_to(connection: Connection, table: str, highest: int) -> None:
    """Tell ``table``'s id counter that ids up to ``highest`` were given by hand (the
    importer's and the demo's bulk rows): SQLite's AUTOINCREMENT notices by itself, a
    PostgreSQL sequence must be moved on, or its next id would collide."""
    if not on_server(connection.dialect) or _sequence(connection, table) is None:
        return
    if highest > sequence_highest(connection, table):
        connection.exec_driver_sql(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", (table, highest)
        )


def contains_ignoring_case(dialect: Dialect, column: Any, word: str) -> ColumnElement[bool]:
    """``column`` holds ``word``, ASCII case aside (SQLite's ``LIKE`` already ignores it;
    PostgreSQL's ``ILIKE`` ignores every letter's, a superset the caller re-checks)."""
    if on_server(dialect):
        return column.icontains(word, autoescape=True)  # type: ignore[no-any-return]
    return column.contains(word, autoescape=True)  # type: ignore[no-any-return]


def holds_any_ignoring_case(dialect: Dialect, column: Any, words: list[str]) -> ColumnElement[bool]:
    """``column`` holds one of ``words``, case aside (a superset the caller re-checks). On
    a server the text is lower-cased once and compared with every lower-cased word by
    ``LIKE ANY``: twenty ``ILIKE``s lower-cased each row twenty times, and one case-blind
    regular expression was no faster (Today's twenty-two phrases over 36,000 notes took
    PostgreSQL's regex engine about 0.8 s on a busy machine, ``LIKE ANY`` 0.2 s). SQLite's
    ``LIKE`` is cheap, so it keeps one per word."""
    if on_server(dialect):
        patterns = ["%" + _LIKE_SIGNS.sub(r"\\\g<0>", word) + "%" for word in words]
        lowered = postgresql.array([func.lower(literal(pattern)) for pattern in patterns])
        return func.lower(column).like(any_(lowered))
    return or_(*(column.contains(word, autoescape=True) for word in words))


def among_ids(dialect: Dialect, column: Any, ids: Iterable[int]) -> ColumnElement[bool]:
    """``column`` is one of ``ids``. On a server the ids travel as one array parameter:
    ``IN`` with a bind mark per id had SQLAlchemy render and psycopg parse thousands of
    marks, which cost the Today view more than the server's own work on the rows (a
    week's household birthdays name some 3,000 customers at 100,000). SQLite's ``IN``
    is cheap (its marks are bound by position), so it keeps it."""
    wanted = sorted(set(ids))
    if on_server(dialect):
        return column == any_(  # type: ignore[no-any-return]
            bindparam(None, wanted, type_=postgresql.ARRAY(Integer))
        )
    return column.in_(wanted)  # type: ignore[no-any-return]


def has_non_ascii(dialect: Dialect, column: Any) -> ColumnElement[bool]:
    """``column``'s text has a character outside ASCII (more bytes than characters)."""
    if on_server(dialect):
        return func.octet_length(column) != func.length(column)
    return func.length(column) != func.length(cast(column, LargeBinary))


def erase_freed_space(connection: Connection) -> None:
    """Ask SQLite to overwrite what this transaction deletes; a PostgreSQL server reclaims
    dead rows by ``VACUUM`` instead (see the README on what a server keeps)."""
    if not on_server(connection.dialect):
        connection.exec_driver_sql("PRAGMA secure_delete = ON")


def month_day(dialect: Dialect, day: Any) -> ColumnElement[str]:
    """A date column as its ``MM-DD`` text (an anniversary, whatever the year)."""
    if on_server(dialect):
        return func.to_char(day, "MM-DD")
    return func.substr(day, 6)


def day_of(dialect: Dialect, moment: Any) -> ColumnElement[str]:
    """A date-and-time column as its ``YYYY-MM-DD`` text."""
    if on_server(dialect):
        return func.to_char(moment, "YYYY-MM-DD")
    return func.date(moment)


def holds_text(dialect: Dialect, column: Any, word: str) -> ColumnElement[bool]:
    """``column`` holds ``word`` exactly (case counts; no wildcard in ``word`` matters)."""
    if on_server(dialect):
        return func.strpos(column, word) > 0
    return func.instr(column, word) > 0


def after_bulk_load(connection: Connection) -> None:
    """After a bulk write (an import of a till's history, a demo shop): PostgreSQL plans
    its queries from table statistics, which are stale until ``ANALYZE`` (the card would
    take ten times longer until the server's autovacuum got round to it)."""
    if on_server(connection.dialect):
        connection.exec_driver_sql("ANALYZE")
