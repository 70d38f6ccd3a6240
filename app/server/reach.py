"""Telling "the back-office computer can't be reached" apart from every other failure.

A register on the shop's server keeps working while that computer is off or its cable is
out: search answers from the window's own index, and a note being saved is kept as a
draft until the server is back. For that the window must know which failures mean
"away" (the connection could not be made, or was cut) rather than a refusal or a bug:
PostgreSQL's connection errors (SQLSTATE class 08, a server shutting down: 57P01-57P03)
and the driver's own "no connection" (no SQLSTATE at all).
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from app.errors import causes

_SHUTTING_DOWN = frozenset({"57P01", "57P02", "57P03"})
"""admin_shutdown, crash_shutdown, cannot_connect_now."""


def _connection_lost(exc: BaseException) -> bool:
    try:
        import psycopg
    except ImportError:  # a register without the driver has no server to lose
        return False
    if not isinstance(exc, psycopg.OperationalError):
        return False
    state = exc.sqlstate
    return state is None or state.startswith("08") or state in _SHUTTING_DOWN


def server_away(exc: BaseException) -> bool:
    """Whether ``exc`` (or what it wraps) says the server could not be reached."""
    for current in causes(exc):
        if isinstance(current, DBAPIError) and current.connection_invalidated:
            return True
        if _connection_lost(current):
            return True
    return False
