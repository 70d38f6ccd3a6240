"""Copies taken before the passphrase: setting it seals them (or removes them, if asked),
and one that still holds private notes in plain text opens in owner mode only with the
passphrase of the book it was taken from."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli import main
from app.db import Database
from app.models import Customer
from app.notes import list_notes
from app.safety.backups import take_backup
from app.safety.owner_secret import secret_kind, unlock
from app.safety.plain_backups import plain_backups
from app.safety.restore import restore_database
from tests.disk import on_a_full_disk
from tests.owner import (
    PASSPHRASE,
    add_ada_with_a_secret,
    protect,
    set_secret_on_the_command_line,
)

pytestmark = pytest.mark.sqlite_only  # backups and copies are files beside the book

SECRET = "Zanzibarquux"


@pytest.fixture
def plain_copies(db: Database, db_path: Path) -> tuple[int, Path, Path]:
    """Ada's private note, a backup and an upgrade copy of the book taken before any
    passphrase (both hold the note in plain text)."""
    ada_id = add_ada_with_a_secret(db, SECRET)
    backup = take_backup(db_path).path
    db.close()
    upgrade_copy = db_path.with_name("shop.pre-0006-20261101-090000.db")
    shutil.copy(backup, upgrade_copy)
    return ada_id, backup, upgrade_copy


@pytest.fixture
def set_secret(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., str]:
    """``regulars owner set-secret --stdin [flags]`` on the book; what it printed."""

    def run(*flags: str) -> str:
        return set_secret_on_the_command_line(str(db_path), monkeypatch, capsys, *flags)

    return run


def _private_words(path: Path, access_secret: str) -> list[str]:
    with Database(str(path)) as copy:
        access = unlock(copy, access_secret)
        return [n.body for n in list_notes(copy, _ada(copy), access=access)]


def _ada(database: Database) -> int:
    with database.reading() as session:
        return next(iter(session.query(Customer.id).all()))[0]


def test_setting_the_passphrase_seals_the_older_copies_so_they_still_restore(
    db_path: Path, plain_copies: tuple[int, Path, Path], set_secret: Callable[..., str]
) -> None:
    _ada_id, backup, upgrade_copy = plain_copies
    assert plain_backups(db_path) == [backup, upgrade_copy]
    out = set_secret()
    assert f"older backup sealed with the passphrase: {backup}" in out
    assert f"older backup sealed with the passphrase: {upgrade_copy}" in out
    assert plain_backups(db_path) == []
    for copy in (backup, upgrade_copy):
        assert SECRET.encode() not in copy.read_bytes()
        assert f"{SECRET} owes 300" in _private_words(copy, PASSPHRASE)
        with Database(str(copy)) as opened:
            assert [n.body for n in list_notes(opened, _ada(opened))] == ["likes tea"]


def test_asked_to_the_older_copies_are_removed_instead(
    plain_copies: tuple[int, Path, Path], set_secret: Callable[..., str]
) -> None:
    _ada_id, backup, upgrade_copy = plain_copies
    said = json.loads(set_secret("--remove-plain-backups", "--json"))
    assert said["plain_backups_removed"] == [str(backup), str(upgrade_copy)]
    assert said["plain_backups_sealed"] == [] and said["plain_backups_left"] == []
    assert not backup.exists() and not upgrade_copy.exists()


def test_a_copy_that_cannot_be_sealed_is_kept_and_said_so(
    plain_copies: tuple[int, Path, Path], set_secret: Callable[..., str]
) -> None:
    _ada_id, backup, _upgrade_copy = plain_copies
    damaged = backup.with_name("shop-20261102-090000.db")
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000 + SECRET.encode())
    out = set_secret()
    assert "could not seal this older backup" in out and str(damaged) in out
    assert SECRET.encode() in damaged.read_bytes()
    assert SECRET.encode() not in backup.read_bytes()


def test_a_plain_copy_opens_in_owner_mode_only_with_the_books_passphrase(
    db_path: Path,
    plain_copies: tuple[int, Path, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ada, backup, upgrade_copy = plain_copies
    with Database(str(db_path)) as book:
        protect(book)  # as before copies were sealed: they stay plain
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    monkeypatch.delenv("REGULARS_OWNER_PIN", raising=False)
    for copy in (backup, upgrade_copy):
        with Database(str(copy)) as opened:
            assert secret_kind(opened) == "passphrase"
        listing = ["note", "list", str(ada), "--with-private", "--owner", "--db", str(copy)]
        assert main(listing) == 1
        assert SECRET not in capsys.readouterr().out
        monkeypatch.setenv("REGULARS_OWNER_PIN", "not the passphrase")
        assert main(listing) == 1
        printed = capsys.readouterr()
        assert SECRET not in printed.out and "Wrong passphrase" in printed.err
        export = ["export", str(copy.with_suffix(".json")), "--customer", str(ada)]
        assert main([*export, "--db", str(copy)]) == 1
        assert "Only the owner" in capsys.readouterr().err
        monkeypatch.setenv("REGULARS_OWNER_PIN", PASSPHRASE)
        assert main(listing) == 0
        assert SECRET in capsys.readouterr().out
        monkeypatch.delenv("REGULARS_OWNER_PIN")
    elsewhere = db_path.parent / "elsewhere" / "shop.db"
    elsewhere.parent.mkdir()
    shutil.copy(backup, elsewhere)
    with Database(str(elsewhere)) as book_of_its_own:
        assert secret_kind(book_of_its_own) == "none"


def test_restoring_a_copy_from_before_the_passphrase_seals_it_with_the_books(
    db_path: Path, plain_copies: tuple[int, Path, Path]
) -> None:
    ada, backup, _upgrade_copy = plain_copies
    with Database(str(db_path)) as book:
        protect(book)  # as before copies were sealed: the backup stays plain
        restore_database(db_path, backup, access=unlock(book, PASSPHRASE))
        assert secret_kind(book) == "passphrase"
        assert [n.body for n in list_notes(book, ada)] == ["likes tea"]
        owner = unlock(book, PASSPHRASE)
        assert f"{SECRET} owes 300" in [n.body for n in list_notes(book, ada, access=owner)]
    for side in (db_path, db_path.with_name("shop.db-wal")):
        assert not side.exists() or SECRET.encode() not in side.read_bytes()


def test_check_finds_the_plain_copies_a_passphrase_set_earlier_left_and_repair_seals_them(
    db_path: Path, plain_copies: tuple[int, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _ada, backup, upgrade_copy = plain_copies
    with Database(str(db_path)) as book:
        protect(book)  # as before copies were sealed: they stay plain
    assert main(["check", "--db", str(db_path)]) == 1
    out = capsys.readouterr().out
    assert out.count("[plain_backup]") == 2 and str(backup) in out and str(upgrade_copy) in out
    assert main(["check", "--repair", "--db", str(db_path)]) == 0
    assert "repaired 2 of 2 problem(s)." in capsys.readouterr().out
    assert plain_backups(db_path) == []
    assert f"{SECRET} owes 300" in _private_words(backup, PASSPHRASE)


def test_check_on_a_full_disk_does_not_take_a_sealed_backup_for_a_plain_one(
    db_path: Path, plain_copies: tuple[int, Path, Path], set_secret: Callable[..., str]
) -> None:
    set_secret()
    assert main(["check", "--db", str(db_path)]) == 0
    code, out, err = on_a_full_disk("check", "--db", str(db_path))
    assert "[plain_backup]" not in out and "--repair" not in out, out
    assert code == 0 and f"ok: no problems in '{db_path}'" in out, (out, err)


def test_a_backup_that_cannot_be_read_for_a_full_disk_is_said_so_not_called_plain(
    db_path: Path, plain_copies: tuple[int, Path, Path], set_secret: Callable[..., str]
) -> None:
    _ada, backup, _copy = plain_copies
    set_secret()
    waiting = backup.with_name(backup.name + "-wal")  # a -wal waits: SQLite needs its -shm
    waiting.write_bytes(b"\0" * 32)
    code, out, _err = on_a_full_disk("check", "--db", str(db_path))
    assert "[plain_backup]" not in out and "--repair" not in out, out
    assert f"'{backup}' could not be checked (the disk is full)" in out
    assert code == 1


def test_check_and_the_passphrase_leave_nothing_beside_the_backups(
    db_path: Path, plain_copies: tuple[int, Path, Path], set_secret: Callable[..., str]
) -> None:
    _ada, backup, _copy = plain_copies
    set_secret()
    assert main(["check", "--db", str(db_path)]) == 0
    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name]


def test_restoring_a_sealed_backup_leaves_nothing_beside_it(
    db_path: Path, plain_copies: tuple[int, Path, Path], set_secret: Callable[..., str]
) -> None:
    """A backup sealed when the passphrase was set is a backup like any other: reading it
    to restore it leaves no -wal or -shm in the backups folder."""
    _ada, backup, _copy = plain_copies
    set_secret()
    with Database(str(db_path)) as book:
        restore_database(db_path, backup, access=unlock(book, PASSPHRASE))
    assert not [p.name for p in backup.parent.iterdir() if p.name.endswith(("-wal", "-shm"))]
    assert backup.exists()
