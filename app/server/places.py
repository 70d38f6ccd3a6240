"""This computer's places for one server's book, whatever address reached it.

What a register keeps about a server's book (note drafts, notes and forms kept while the
server was away) lives in a folder named after the address it was reached by
(``app.db.server_place``): the same server reached as ``192.168.1.20`` by the window and as
``127.0.0.1`` by a command has two. Each place remembers which book it belongs to (the
server's own identifier, chosen when its cluster was made, and the database's), written
when the book opens, so forgetting a customer can clear what every place of that very
book kept of them, and never what a place of another server's book kept of a customer
with the same id.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from app.db import Database
from app.paths import data_dir

_IDENTITY = "book-identity"
_WHICH_BOOK = (
    "SELECT (SELECT system_identifier FROM pg_control_system())::text || '-' || "
    "(SELECT oid FROM pg_database WHERE datname = current_database())::text"
)


def _identity(database: Database) -> str | None:
    """Which book ``database`` is (None: the server would not say)."""
    try:
        with database.engine.connect() as conn:
            found = conn.exec_driver_sql(_WHICH_BOOK).scalar()
    except DBAPIError:
        return None
    return None if found is None else str(found)


def remember_place(database: Database) -> None:
    """Note in this computer's place of a server's book which book it belongs to (when
    not noted already). A folder that will not take it is let be: only the clearing of
    a forgotten customer's kept words under another address needs it."""
    identity = _identity(database)
    if identity is None:
        return
    stamp = database.path.parent / _IDENTITY
    with contextlib.suppress(OSError):
        if not stamp.is_file() or stamp.read_text(encoding="utf-8") != identity:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.write_text(identity, encoding="utf-8")


def places_of(database: Database) -> list[Path]:
    """Every place on this computer of ``database``'s book: its own (a file's is the file
    itself), and on a server those reached by another address that noted the same book."""
    own = database.path
    identity = _identity(database) if database.server else None
    if identity is None:
        return [own]
    same: list[Path] = []
    with contextlib.suppress(OSError):
        for stamp in sorted((data_dir() / "servers").glob(f"*/{_IDENTITY}")):
            with contextlib.suppress(OSError):
                if stamp.read_text(encoding="utf-8") == identity:
                    same.append(stamp.parent / own.name)
    return [own, *(place for place in same if place != own)]
