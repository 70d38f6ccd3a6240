"""Shared fixtures: real SQLite files and a throwaway PostgreSQL with real migrations,
and a headless Qt.

A test that takes ``db`` runs twice: on a fresh SQLite file and on a fresh PostgreSQL
database (made from a template migrated once per run, started from pip with
``pgserver``). A test about the file itself (it takes ``db_path``, or is marked
``sqlite_only``) runs on SQLite alone; so do the window's tests (``tests/ui``), whose
database work is the services' and is covered below them, except those marked
``both_engines``.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import app.migrate

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No test reaches the computer's real keyring: server passwords go to the 0600 file.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from app.cli import main
from app.db import Database, make_engine, open_database
from app.errors import RegularsError
from app.migrate import alembic_config as app_alembic_config
from app.server.local import local_target, server_dir, start_server, stop_server

ENGINES = ("sqlite", "postgresql")
TEMPLATE = "regulars_template"
THROWAWAY_SETTINGS = ("fsync", "full_page_writes", "synchronous_commit")
"""The test server's data is thrown away at the end: it never waits for the disk, and
it is stopped without the shutdown checkpoint (which took 15 s at the end of a run)."""
_names = itertools.count(1)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: about the SQLite file itself; not run on PostgreSQL"
    )
    config.addinivalue_line("markers", "both_engines: a window test that runs on PostgreSQL too")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """PostgreSQL runs of file-bound and window tests are left out (see the docstring)."""
    kept: list[pytest.Item] = []
    left_out: list[pytest.Item] = []
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_server = callspec is not None and callspec.params.get("engine") == "postgresql"
        file_bound = (
            "db_path" in getattr(item, "fixturenames", ())
            or item.get_closest_marker("sqlite_only") is not None
            or ("tests/ui/" in item.nodeid and item.get_closest_marker("both_engines") is None)
        )
        (left_out if on_server and file_bound else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test ever touches the real user data folder or a real REGULARS_DB."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("REGULARS_DB", raising=False)


@pytest.fixture(scope="session", autouse=True)
def _new_books_copied_from_a_migrated_one() -> Iterator[None]:
    """A new SQLite book is a copy of one this run made with the real migrations, once per
    worker: migrating an empty file costs about half a second (alembic's batch mode
    rebuilds each altered table), and most tests start from a new book. Only a new, empty
    file at this version's head is copied; every upgrade of a file with a schema, and any
    run against other migrations (a test's own scripts), takes the real path."""
    folder = Path(tempfile.mkdtemp(prefix="regulars-template-"))
    template = folder / "new.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_DATA_HOME", str(folder / "data"))
        patch.setenv("XDG_CONFIG_HOME", str(folder / "config"))
        open_database(str(template)).close()
    with contextlib.closing(sqlite3.connect(template)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    head = app.migrate.head_revision()
    real = app.migrate._upgrade

    def upgrade(
        target: str, path: Path, current: str | None, to: str, *, copy_first: bool
    ) -> Path | None:
        if current is None and to == head and (not path.exists() or not path.stat().st_size):
            shutil.copyfile(template, path)
            return None
        return real(target, path, current, to, copy_first=copy_first)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(app.migrate, "_upgrade", upgrade)
        yield
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's database file lives."""
    return tmp_path / "shop.db"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[URL]:
    """One PostgreSQL for the whole run (per worker), with a migrated template database to
    copy. Its folder is its own, not pytest's: pytest prunes old run folders, and another
    run on the same machine must not prune this one's under a running server."""
    pgserver = pytest.importorskip("pgserver")
    folder = Path(tempfile.mkdtemp(prefix="regulars-pg-"))
    server = pgserver.get_server(folder, cleanup_mode="stop")
    admin = make_url(server.get_uri()).set(drivername="postgresql+psycopg")
    _run_as_admin(admin, *(f"ALTER SYSTEM SET {name} = off" for name in THROWAWAY_SETTINGS))
    _run_as_admin(admin, "SELECT pg_reload_conf()")
    _create_database(admin, TEMPLATE)
    open_database(admin.set(database=TEMPLATE).render_as_string(hide_password=False)).close()
    yield admin
    stop = ["-m", "immediate", "-w", "stop"]
    pgserver.pg_ctl(stop, pgdata=server.pgdata, user=server.system_user)
    server.cleanup_mode = None  # stopped already: pgserver would wait for it again
    server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


def _create_database(admin: URL, name: str, template: str | None = None) -> None:
    """A new database; a copy of ``template`` file by file (three times quicker than
    PostgreSQL's default of copying it through the write-ahead log)."""
    like = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
    _run_as_admin(admin, f'CREATE DATABASE "{name}"{like}')


def _run_as_admin(admin: URL, *statements: str) -> None:
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Which database engine a test's ``db`` runs on."""
    return str(request.param)


@pytest.fixture
def db_target(engine: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """What ``--db`` names for this test: a new file, or a new database on the server
    (dropped afterwards: each is 8 MB, and a run makes hundreds)."""
    if engine == "sqlite":
        yield str(request.getfixturevalue("db_path"))
        return
    admin: URL = request.getfixturevalue("pg_server")
    name = f"shop_{os.getpid()}_{next(_names)}"
    _create_database(admin, name, TEMPLATE)
    yield admin.set(database=name).render_as_string(hide_password=False)
    _run_as_admin(admin, f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def db(db_target: str) -> Iterator[Database]:
    """A freshly created and migrated database (a file, or a server's database)."""
    database = open_database(db_target)
    yield database
    database.close()


@pytest.fixture
def alembic_config():
    """pytest-alembic runs our real migrations folder."""
    from pytest_alembic.config import Config

    return Config.from_raw_config(app_alembic_config())


@pytest.fixture
def alembic_engine(tmp_path: Path):
    """pytest-alembic migrates a real file with the app's own connection settings."""
    engine = make_engine(str(tmp_path / "alembic.db"), foreign_keys=False)
    yield engine
    engine.dispose()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def _server_home(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A user data folder of its own, out of reach of pytest pruning old run folders, with
    the server in it stopped again whatever the test did."""
    home = Path(tempfile.mkdtemp(prefix="regulars-server-"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    try:
        yield server_dir()
    finally:
        with contextlib.suppress(RegularsError):
            stop_server()
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def initialised(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A server made by this test's own ``regulars server init``."""
    with _server_home(monkeypatch) as folder:
        assert main(["server", "init", "--port", str(_free_port())]) == 0
        yield folder


@pytest.fixture(scope="session")
def _server_made_once() -> Iterator[Path]:
    """A stopped server made with ``regulars server init`` once per worker: initdb and
    the first start cost seconds, and a copy of the folder starts like the original."""
    with pytest.MonkeyPatch.context() as patch, _server_home(patch) as folder:
        assert main(["server", "init", "--port", str(_free_port())]) == 0
        stop_server()
        yield folder


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch, _server_made_once: Path) -> Iterator[Path]:
    """A running server as ``regulars server init`` makes it (a copy of one made once,
    kept with its owner, on a port of its own), stopped again whatever the test did."""
    with _server_home(monkeypatch) as folder:
        folder.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cp", "-a", str(_server_made_once), str(folder)], check=True)
        for made, copy in zip(_server_made_once.parents, folder.parents, strict=False):
            copy.chmod(made.stat().st_mode)  # as open as init left them, for its server user
            if copy == Path(os.environ["XDG_DATA_HOME"]):
                break
        (folder / "port").write_text(str(_free_port()), encoding="utf-8")
        start_server()
        yield folder


@pytest.fixture
def server_book(started: Path) -> Iterator[Database]:
    """The shop's book on a server of its own (``started``), for tests that stop it or
    read its files."""
    database = open_database(local_target(started))
    yield database
    database.close()
