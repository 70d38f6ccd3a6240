"""A register joins the shop's server once, and from then on ``regulars`` and the window
open the shared book by themselves.

The address goes into settings.toml, the password into the keyring (see
``app.server.password``); both only after the server has let this register in with
them, so a typo is found at the counter, not the next morning.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import URL, make_url

from app.db import CONNECT_TIMEOUT_S
from app.errors import RegularsError
from app.i18n import _
from app.server.password import save_password
from app.settings import parse_value, save_settings


@dataclass(frozen=True)
class Connected:
    """What ``connect`` reports: the address saved (no password) and where the password
    is kept."""

    address: str
    password_kept_in: str


def server_address(address: str) -> URL:
    """The whole address (see ``app.server.address``), refused naming what is allowed."""
    if not address.strip():
        raise RegularsError(_("Give the server's address, as 'regulars server status' prints it."))
    return make_url(parse_value("server", address))


def _check(url: URL, password: str) -> None:
    """Log in once, so a wrong address or password is told now."""
    import psycopg

    try:
        psycopg.connect(
            host=url.host,
            port=url.port,
            user=url.username,
            dbname=url.database,
            password=password,
            connect_timeout=CONNECT_TIMEOUT_S,
        ).close()
    except psycopg.Error as exc:
        reason = str(exc).replace(password, "***") if password else str(exc)
        raise RegularsError(
            _(
                "The server at {host}:{port} did not let this register in: {reason}. Check "
                "the address and the password; nothing was saved."
            ).format(host=url.host, port=url.port, reason=reason.strip())
        ) from None


def connect(address: str, password: str) -> Connected:
    """Check that ``password`` opens the server at ``address``, then keep both, so this
    register opens the shop's book from now on."""
    url = server_address(address)
    if not password:
        raise RegularsError(_("The server's password is empty; nothing was saved."))
    _check(url, password)
    kept_in = save_password(url, password)
    saved = save_settings({"server": url.render_as_string()})
    return Connected(address=saved.server, password_kept_in=kept_in)


def disconnect() -> None:
    """This register goes back to the book on this computer (the password stays kept, for
    when it joins again)."""
    save_settings({"server": ""})
