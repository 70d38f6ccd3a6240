"""Opening a database: creation, upgrade at start-up, and refusal of what is not ours."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from app.backup import copy_database, verify
from app.db import open_database
from app.errors import RegularsError
from app.migrate import head_revision


def _pragma(database_path: Path, name: str) -> object:
    from app.db import make_engine

    engine = make_engine(str(database_path))
    with engine.connect() as conn:
        value = conn.exec_driver_sql(f"PRAGMA {name}").scalar()
    engine.dispose()
    return value


def test_start_up_on_an_empty_folder_creates_the_database(tmp_path: Path) -> None:
    target = tmp_path / "new" / "shop.db"
    target.parent.mkdir()
    with open_database(str(target)) as database, database.engine.connect() as conn:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert revision == head_revision()
    assert target.read_bytes().startswith(b"SQLite format 3")


def test_every_connection_has_the_safety_pragmas(db_path: Path, db: object) -> None:
    assert _pragma(db_path, "journal_mode") == "wal"
    assert _pragma(db_path, "foreign_keys") == 1
    assert _pragma(db_path, "synchronous") == 2
    assert _pragma(db_path, "busy_timeout") == 5000


def test_a_sqlite_url_works_like_a_path(tmp_path: Path) -> None:
    target = tmp_path / "url.db"
    with open_database(f"sqlite:///{target}") as database:
        assert database.path == target
    assert target.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"name,phone\nBob,555\n" * 10, "is not a SQLite database"),
        (b"\x00" * 4096, "is not a SQLite database"),
    ],
    ids=["zero-length", "csv", "zeros"],
)
def test_a_file_that_is_not_a_database_is_refused_untouched(
    tmp_path: Path, content: bytes, message: str
) -> None:
    target = tmp_path / "customers.db"
    target.write_bytes(content)
    with pytest.raises(RegularsError, match=message):
        open_database(str(target))
    assert target.read_bytes() == content
    assert not (tmp_path / "customers.db-wal").exists()


def test_a_folder_given_as_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RegularsError, match="is a folder"):
        open_database(str(tmp_path))


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RegularsError, match="does not exist"):
        open_database(str(tmp_path / "nowhere" / "shop.db"))


def test_a_foreign_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    target = tmp_path / "other.db"
    conn = sqlite3.connect(target)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = target.read_bytes()
    with pytest.raises(RegularsError, match="not a Regulars one"):
        open_database(str(target))
    assert target.read_bytes() == before


def test_a_database_from_a_newer_regulars_is_refused_untouched(db_path: Path, db: object) -> None:
    from app.db import Database

    assert isinstance(db, Database)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    db.close()
    before = db_path.read_bytes()
    with pytest.raises(RegularsError, match="newer version of Regulars"):
        open_database(str(db_path))
    assert db_path.read_bytes() == before


def test_copy_database_writes_a_verified_copy(db_path: Path, db: object, tmp_path: Path) -> None:
    copy = copy_database(db_path, tmp_path / "copy.db")
    verify(copy)
    conn = sqlite3.connect(copy)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert {"customer", "note", "purchase_line", "alembic_version"} <= tables
    assert not (tmp_path / "copy.db.partial").exists()


def test_a_failed_copy_leaves_nothing_under_the_backup_name(tmp_path: Path) -> None:
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    with pytest.raises(RegularsError):
        copy_database(broken, tmp_path / "backup.db")
    assert not (tmp_path / "backup.db").exists()
    assert not (tmp_path / "backup.db.partial").exists()
