"""What a user is told when something fails: a bug is one line with the log's path (exit
2) and its traceback in the rotating log; storage trouble names the folder and its free
space (exit 1); nothing ever prints a traceback."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest

from app.cli import main
from app.crashlog import log_path, plain_message
from app.errors import ConflictError, StorageError, storage_error
from app.i18n import use_language
from app.settings import settings_path


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
    tmp_path: Path, exc: Exception, cause: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _free(monkeypatch, 42_000_000)
    wrapped = RuntimeError("while writing")
    wrapped.__cause__ = exc
    for raised in (exc, wrapped):
        trouble = storage_error(raised, tmp_path)
        assert isinstance(trouble, StorageError)
        assert cause in str(trouble) and str(tmp_path) in str(trouble)
        assert "(42.0 MB free)" in str(trouble)
        message, bug = plain_message(raised, tmp_path)
        assert not bug and message == str(trouble)


def _free(monkeypatch: pytest.MonkeyPatch, free: int) -> None:
    """Make every disk report ``free`` bytes free."""
    monkeypatch.setattr("app.errors.shutil.disk_usage", lambda _path: SimpleNamespace(free=free))


def test_a_full_file_on_a_disk_with_room_is_not_told_as_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite says "database or disk is full" for a limit on file size or a quota too: with
    64 GB free, the message says what may stop the file instead of a full disk."""
    _free(monkeypatch, 64_000_000_000)
    trouble = str(storage_error(sqlite3.OperationalError("database or disk is full"), tmp_path))
    assert "the disk is full" not in trouble
    assert "could not grow" in trouble and "limit on the size of files" in trouble
    assert "(64.0 GB free)" in trouble


def test_storage_trouble_speaks_german_in_a_german_shop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _free(monkeypatch, 1_500_000)
    use_language("de")
    try:
        trouble = str(storage_error(OSError(errno.ENOSPC, "No space left on device"), tmp_path))
        damaged = str(storage_error(sqlite3.DatabaseError("file is not a database"), tmp_path))
    finally:
        use_language("en")
    assert trouble == (
        f"Es wurde nichts geschrieben: der Datenträger ist voll, im Ordner '{tmp_path}' "
        "(1,5 MB frei). Schaffen Sie Platz auf diesem Datenträger, und versuchen Sie es dann "
        "erneut."
    )
    assert "die Datei ist beschädigt" in damaged and "Sicherung zurück" in damaged


def test_refused_input_and_conflicts_are_told_as_they_are(tmp_path: Path) -> None:
    assert plain_message(ConflictError("busy, try again"), tmp_path) == ("busy, try again", False)
    assert storage_error(ValueError("not storage"), tmp_path) is None


@pytest.mark.parametrize(
    "address",
    [
        "postgresql+psycopg://u:secret@127.0.0.1:notaport/regulars",
        "postgresql+psycopg://u:secret@[::1:5/r",
    ],
)
def test_a_server_address_that_cannot_be_read_is_one_line_without_its_password(
    address: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", address, "today"]) == 1
    err = capsys.readouterr().err
    assert "is neither a file path nor a database URL" in err and "secret" not in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_typo_in_db_is_refused_instead_of_answering_from_a_new_empty_book(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "shop.bd"
    assert main(["--db", str(typo), "search", "bob"]) == 1
    assert "no customer book" in capsys.readouterr().err
    assert sorted(tmp_path.iterdir()) == []


def test_storage_trouble_is_told_even_when_the_settings_file_is_broken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The free space is written in the shop's style, read from the settings: a broken
    settings file must not turn a full disk into a second error."""
    _free(monkeypatch, 42_000_000)
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text("prompts_per_card = 99\n", encoding="utf-8")
    trouble = storage_error(OSError(errno.ENOSPC, "No space left on device"), tmp_path)
    assert trouble is not None and "(42.0 MB free)" in str(trouble)
