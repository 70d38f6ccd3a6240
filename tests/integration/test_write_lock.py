"""One writer at a time, whoever and wherever: another process holding the lock makes a
writer wait (and say so), then give up plainly; a symlink or a hard link to the file is
the same file; a lock path that is a folder is storage trouble, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.db import Database
from app.errors import ConflictError, StorageError
from app.notes import load_drafts
from app.writelock import PATIENCE_ENV, writer_lock
from tests.integration.lock_holder import Holder

ROOT = Path(__file__).resolve().parents[2]


def _note_command(db_path: Path, customer: int, text: str) -> list[str]:
    return [sys.executable, "-m", "app", "--db", str(db_path), "note", "add", str(customer), text]


def test_a_writer_waits_for_another_process_says_so_then_writes(
    db: Database, db_path: Path, customer_id: int
) -> None:
    holder = Holder(db_path)
    try:
        writer = subprocess.Popen(
            _note_command(db_path, customer_id, "written after the wait"),
            cwd=ROOT,
            stderr=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stderr is not None
        assert "Another Regulars is writing" in writer.stderr.readline()
        holder.let_go()
        _, err = writer.communicate(timeout=60)
    finally:
        holder.kill()
    assert writer.returncode == 0, err
    assert "Traceback" not in err


def test_a_writer_gives_up_plainly_when_the_other_never_finishes(
    db_path: Path, customer_id: int
) -> None:
    holder = Holder(db_path)
    try:
        done = subprocess.run(
            _note_command(db_path, customer_id, "never written"),
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, PATIENCE_ENV: "0.3"},
            timeout=60,
        )
    finally:
        holder.kill()
    assert done.returncode == 1
    assert "stayed busy" in done.stderr
    assert "Traceback" not in done.stderr and "database is locked" not in done.stderr


@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_another_name_for_the_file_is_the_same_lock(
    customer_id: int, db_path: Path, tmp_path: Path, link: str
) -> None:
    other = tmp_path / "elsewhere" / "alias.db"
    other.parent.mkdir()
    if link == "symlink":
        other.symlink_to(db_path)
    else:
        os.link(db_path, other)
    holder = Holder(db_path)
    try:
        with pytest.raises(ConflictError, match="stayed busy"), writer_lock(other, wait_s=0.2):
            pass
    finally:
        holder.kill()


def test_the_lock_is_reentrant_in_one_thread(db_path: Path) -> None:
    with writer_lock(db_path, wait_s=0.2), writer_lock(db_path, wait_s=0.2):
        pass
    holder = Holder(db_path)
    holder.let_go()


def test_a_folder_where_the_lock_goes_is_storage_trouble(
    db_path: Path, customer_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    lock = db_path.with_name(db_path.name + ".lock")
    lock.unlink()
    lock.mkdir()
    with pytest.raises(StorageError, match="is a folder"), writer_lock(db_path):
        pass
    assert main(["note", "add", str(customer_id), "lost?", "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert "is a folder" in err and "free" in err
    assert [draft.text for draft in load_drafts(db_path)] == ["lost?"]
