"""Shared fixtures: real SQLite files with real migrations, and a headless Qt."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.db import Database, make_engine, open_database
from app.migrate import alembic_config as app_alembic_config


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test ever touches the real user data folder or a real REGULARS_DB."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("REGULARS_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's database file lives."""
    return tmp_path / "shop.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A freshly created and migrated database file."""
    database = open_database(str(db_path))
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
