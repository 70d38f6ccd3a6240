"""A server's password, kept where only this computer's user can read it, so an address
saved in the settings (and typed on no command line) opens the shared book.

The computer's own keyring holds it where there is one (macOS Keychain, Windows
Credential Locker, the Secret Service on Linux desktops). Without a keyring backend it
goes into ``server-passwords.toml`` in the config folder, created readable by its owner
only (mode 0600). Neither settings.toml nor any message ever holds it.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from sqlalchemy.engine import URL

from app.atomic import write_text_atomically
from app.dialects import database_url
from app.errors import RegularsError
from app.i18n import _
from app.paths import config_dir

SERVICE = "Regulars"
PASSWORD_FILE = "server-passwords.toml"


def account(url: URL) -> str:
    """The name a password is kept under: the user, server, port and database it opens."""
    return f"{url.username or ''}@{url.host or 'localhost'}:{url.port or 5432}/{url.database}"


def _keyring_usable() -> bool:
    import keyring
    from keyring.backends import fail

    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration: the file serves instead
        return False
    return not isinstance(backend, fail.Keyring) and backend.priority > 0


def password_file() -> Path:
    """Where passwords live on a computer without a keyring."""
    return config_dir() / PASSWORD_FILE


def _file_passwords(path: Path) -> dict[str, str]:
    try:
        found = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RegularsError(
            _(
                "Cannot read the server passwords in '{path}'; delete the file and enter the "
                "password again with 'regulars server connect'."
            ).format(path=path)
        ) from exc
    return {key: value for key, value in found.items() if isinstance(value, str)}


def save_password(url: URL, password: str) -> str:
    """Keep ``password`` for the server ``url`` names; returns where it went (for the
    message), never the password."""
    if _keyring_usable():
        import keyring
        from keyring.errors import KeyringError

        try:
            keyring.set_password(SERVICE, account(url), password)
            return "the computer's keyring"
        except KeyringError:
            pass  # a locked or refusing keyring: the file serves instead
    path = password_file()
    passwords = _file_passwords(path)
    passwords[account(url)] = password
    import tomli_w

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RegularsError(
            _("Cannot create '{parent}': {strerror}.").format(
                parent=path.parent, strerror=exc.strerror
            )
        ) from exc
    write_text_atomically(path, tomli_w.dumps(passwords))  # written as 0600 (mkstemp)
    return f"'{path}' (readable by you only)"


def stored_password(url: URL) -> str | None:
    """The password kept for ``url``'s server, or None when none was saved."""
    if _keyring_usable():
        import keyring
        from keyring.errors import KeyringError

        try:
            found = keyring.get_password(SERVICE, account(url))
        except KeyringError:
            found = None
        if found is not None:
            return found
    path = password_file()
    if not path.exists():
        return None
    if os.name == "posix" and path.stat().st_mode & 0o077:
        raise RegularsError(
            _(
                "'{path}' may be read by other users of this computer; make it yours only "
                "(chmod 600 '{path}') and change the server's password."
            ).format(path=path)
        )
    return _file_passwords(path).get(account(url))


def with_password(target: str) -> str:
    """A server address with the password kept for it filled in; an address that already
    has one, or a file, is returned as it is."""
    url = database_url(target)
    if url.password is not None:
        return target
    password = stored_password(url)
    if password is None:
        return target
    return url.set(password=password).render_as_string(hide_password=False)
