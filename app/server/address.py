"""What a register may be told as the shop server's address: ``host``, ``host:port`` or a
full ``postgresql+psycopg://user@host:port/db``, made whole with the server's defaults.
An address holding a password is refused: it would end up in a settings file or a shell's
history, where the password must never be."""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from app.server.local import DATABASE, DEFAULT_PORT, USER

ALLOWED = (
    "a server address such as 192.168.1.20:5432 or "
    "postgresql+psycopg://regulars@192.168.1.20:5432/regulars, or empty"
)


def server_url(address: str) -> URL:
    """The whole address; ``ValueError`` saying what is allowed otherwise."""
    typed = address.strip()
    if "://" not in typed:
        typed = f"postgresql+psycopg://{USER}@{typed}/{DATABASE}"
    try:
        url = make_url(typed)
        port = url.port or DEFAULT_PORT
    except (ArgumentError, ValueError):
        raise ValueError(ALLOWED) from None
    if url.get_backend_name() != "postgresql" or not url.host or not address.strip():
        raise ValueError(ALLOWED)
    if url.password is not None and url.password != "***":
        raise ValueError(
            "an address without its password (the password is asked for and kept in the "
            "keyring: 'regulars server connect', or the Settings dialog)"
        )
    return url.set(
        drivername="postgresql+psycopg",
        password=None,
        port=port,
        username=url.username or USER,
        database=url.database or DATABASE,
    )
