"""Where Regulars keeps its files on this machine, and where its bundled data lives.

Real data and the demo shop live in separate files so a demo can never mix with, or
overwrite, the shop's own customers.
"""

import os
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

APP_NAME = "Regulars"
DB_ENV = "REGULARS_DB"
CONFIG_ENV = "REGULARS_CONFIG_DIR"
_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The per-user folder for the database, its backups and the demo shop."""
    return Path(user_data_dir(APP_NAME, appauthor=False))


def make_data_dir() -> Path:
    """The per-user data folder, made on first use (a new computer has none yet): the
    default book starts there without the owner having to create a folder first."""
    folder = data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from app.errors import storage_error  # app.errors speaks through app.i18n, which reads here

        trouble = storage_error(exc, folder.parent)
        if trouble is None:
            raise
        raise trouble from exc
    return folder


def config_dir() -> Path:
    """The per-user folder for the shop's settings and the owner's own rules
    (``REGULARS_CONFIG_DIR`` moves it, for tests and for a second shop on one computer)."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env)
    return Path(user_config_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    """The shop's own database unless ``--db`` or ``REGULARS_DB`` says otherwise."""
    return data_dir() / "regulars.db"


def demo_db_path() -> Path:
    """The demo shop's file, never the real one."""
    return data_dir() / "demo.db"


def resolve_db(cli_value: str | None) -> str:
    """``--db`` wins, then ``REGULARS_DB``, then the shop server saved in the settings
    (``regulars server connect``), then the default file. A password holding ``@`` is
    read up to the address's last one (``password_quoted``)."""
    from app.dialects import password_quoted

    if cli_value:
        return password_quoted(cli_value)
    env = os.environ.get(DB_ENV)
    if env:
        return password_quoted(env)
    from app.settings import load_settings  # the settings themselves live in this module's folders

    return load_settings().server or str(default_db_path())


def _bundled(name: str) -> Path:
    """A top-level folder of the source tree, or its copy inside an installed wheel."""
    in_tree = _PACKAGE_DIR.parent / name
    if in_tree.is_dir():
        return in_tree
    return _PACKAGE_DIR / f"_{name}"


def migrations_dir() -> Path:
    """The alembic script folder."""
    return _bundled("migrations")


def resources_dir() -> Path:
    """Theme, prompt rules and templates, name data."""
    return _bundled("resources")
