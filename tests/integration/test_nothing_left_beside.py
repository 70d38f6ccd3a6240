"""Reading or refusing a file leaves nothing new beside it, and the words of a note the
book refused are kept away from the folder that just failed.

A backup looked at with ``--db`` gets no ``.lock`` and keeps its bytes; a book from a
newer Regulars, refused, gets no ``-shm``/``-wal``; a note refused because the book's lock
cannot be made is kept in the user data folder, not beside the book. The window refusing
a book at start (newer, another program's, damaged) leaves no ``.lock`` beside it (a
damaged one only its moved-aside self), and ``regulars check`` leaves a book it only
read as it found it.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from app.cli import main
from app.db import Database
from app.errors import RegularsError
from app.notes import load_drafts
from app.paths import data_dir
from app.safety.startup import DamagedDatabaseError, open_for_window


def _beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def test_a_note_refused_for_an_unusable_lock_is_kept_in_the_user_data_folder(
    db_path: Path, customer_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    lock = db_path.with_name(db_path.name + ".lock")
    lock.unlink()
    lock.mkdir()
    words = "call when the blue paddles arrive"
    assert main(["note", "add", str(customer_id), words, "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    (draft,) = load_drafts(db_path)
    assert draft.text == words and draft.refused is not None
    assert draft.refused.is_relative_to(data_dir()) and str(draft.refused) in err
    assert not (db_path.parent / "drafts").exists()


def test_a_book_from_a_newer_regulars_is_refused_leaving_nothing_beside_it(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    db.close()
    db_path.with_name(db_path.name + ".lock").unlink()
    before = (_beside(db_path), db_path.read_bytes())
    for command in (["card", "1"], ["note", "add", "1", "into the future?"]):
        assert main([*command, "--db", str(db_path)]) == 1
        assert "newer version of Regulars" in capsys.readouterr().err
    assert (_beside(db_path), db_path.read_bytes()) == before


def test_reading_a_backup_with_db_leaves_nothing_beside_it(
    db: Database, db_path: Path, customer_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["note", "add", str(customer_id), "a note to read back", "--db", str(db_path)]) == 0
    assert main(["backup", "--db", str(db_path)]) == 0
    (backup,) = (db_path.parent / "backups").glob("*.db")
    before = (_beside(backup), backup.read_bytes())
    args = ["--db", str(backup)]
    readers = (["card", "1"], ["search", "Zoë"], ["note", "list", "1"], ["note", "trash"])
    listings = (["note", "search", "read"], ["staff", "list"], ["products", "list"])
    for command in (*readers, *listings, ["note", "history", "1"], ["today"], ["owner", "status"]):
        assert main([*command, *args]) == 0, command
    assert "a note to read back" in capsys.readouterr().out
    assert (_beside(backup), backup.read_bytes()) == before


def _closed(db: Database, db_path: Path) -> tuple[list[str], bytes]:
    """The book closed and its lock file gone, as a book copied here would be; what is
    beside it and its bytes."""
    db.close()
    db_path.with_name(db_path.name + ".lock").unlink()
    return _beside(db_path), db_path.read_bytes()


def test_the_window_refuses_a_newer_or_foreign_book_leaving_nothing_beside_it(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    before = _closed(db, db_path)
    with pytest.raises(RegularsError, match="newer version of Regulars"):
        open_for_window(db_path)
    assert (_beside(db_path), db_path.read_bytes()) == before

    foreign = tmp_path / "other" / "recipes.db"
    foreign.parent.mkdir()
    with closing(sqlite3.connect(foreign)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE recipe (name TEXT)")
    before = (_beside(foreign), foreign.read_bytes())
    with pytest.raises(RegularsError, match="not a Regulars one"):
        open_for_window(foreign)
    assert (_beside(foreign), foreign.read_bytes()) == before


def test_the_window_sets_a_damaged_book_aside_leaving_no_lock_in_its_place(
    db: Database, db_path: Path
) -> None:
    _closed(db, db_path)
    with db_path.open("r+b") as fh:
        fh.truncate(db_path.stat().st_size // 2)
    with pytest.raises(DamagedDatabaseError) as refused:
        open_for_window(db_path)
    aside = refused.value.aside.name
    assert aside in _beside(db_path)
    assert all(name.startswith(aside) for name in _beside(db_path)), _beside(db_path)


def test_check_leaves_nothing_beside_a_book_it_only_read(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _closed(db, db_path)
    assert main(["check", "--db", str(db_path)]) == 0
    assert "ok: no problems" in capsys.readouterr().out
    assert (_beside(db_path), db_path.read_bytes()) == before
