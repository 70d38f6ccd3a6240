"""What a user is told when something fails: a bug is one line with the log's path (exit
2) and its traceback in the rotating log; storage trouble names the folder and its free
space (exit 1); nothing ever prints a traceback."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.crashlog import log_path, plain_message
from app.errors import ConflictError, StorageError, storage_error


def _broken(*_args: object, **_options: object) -> None:
    raise ZeroDivisionError("the bug under test")


def test_a_bug_is_one_line_with_the_log_s_path_and_exit_2(
    db_path: Path,
    customer_id: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("app.db.open_database", _broken)
    assert main(["note", "add", str(customer_id), "hello", "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "ZeroDivisionError: the bug under test" in err and str(log_path()) in err
    logged = log_path().read_text(encoding="utf-8")
    assert "Traceback" in logged and "the bug under test" in logged


@pytest.mark.parametrize(
    ("exc", "cause"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
        (OSError(errno.EROFS, "Read-only file system"), "the disk is read-only"),
        (sqlite3.OperationalError("database or disk is full"), "the disk is full"),
        (sqlite3.OperationalError("disk I/O error"), "input/output error"),
        (sqlite3.DatabaseError("database disk image is malformed"), "the file is damaged"),
    ],
)
def test_storage_trouble_names_the_folder_and_its_free_space(
    tmp_path: Path, exc: Exception, cause: str
) -> None:
    wrapped = RuntimeError("while writing")
    wrapped.__cause__ = exc
    for raised in (exc, wrapped):
        trouble = storage_error(raised, tmp_path)
        assert isinstance(trouble, StorageError)
        assert cause in str(trouble) and str(tmp_path) in str(trouble) and "free" in str(trouble)
        message, bug = plain_message(raised, tmp_path)
        assert not bug and message == str(trouble)


def test_refused_input_and_conflicts_are_told_as_they_are(tmp_path: Path) -> None:
    assert plain_message(ConflictError("busy, try again"), tmp_path) == ("busy, try again", False)
    assert storage_error(ValueError("not storage"), tmp_path) is None


def test_a_typo_in_db_is_refused_instead_of_answering_from_a_new_empty_book(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "shop.bd"
    assert main(["--db", str(typo), "search", "bob"]) == 1
    assert "no customer book" in capsys.readouterr().err
    assert sorted(tmp_path.iterdir()) == []
