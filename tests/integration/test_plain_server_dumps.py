"""Dumps of a server's book taken before the passphrase: setting it seals them (or
removes them, if asked), ``check --repair`` seals any left over, and a sealed one still
restores with the passphrase, its private notes sealed with the book's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.db import Database
from app.models import Customer
from app.notes import list_notes
from app.safety.backups import backups_folder
from app.safety.owner_secret import secret_kind, unlock
from app.safety.sealed_dumps import is_sealed_dump
from app.safety.server_backups import take_server_backup
from app.server.dump import run_tool
from tests.integration.test_server_safety import _on_disk
from tests.owner import (
    PASSPHRASE,
    add_ada_with_a_secret,
    protect,
    set_secret_on_the_command_line,
)

SECRET = "Zanzibarquux"


@pytest.fixture
def older_dump(server_book: Database) -> tuple[int, Path]:
    """Ada's private note, and a dump of the book taken before any passphrase (it holds
    the note in plain text)."""
    ada_id = add_ada_with_a_secret(server_book, SECRET)
    dump = take_server_backup(server_book).path
    assert SECRET in run_tool("pg_restore", ["--file=-"], archive=dump)
    return ada_id, dump


def _words_anywhere_in_backups(db: Database) -> list[Path]:
    """Every file in the backups folder whose bytes, or whose dump read back by
    ``pg_restore``, show the private note's words."""
    found = []
    for path in backups_folder(db.path).rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        sealed = is_sealed_dump(path)
        readable = "" if sealed else run_tool("pg_restore", ["--file=-"], archive=path)
        if SECRET.encode() in data or SECRET in readable:
            found.append(path)
    return found


def test_setting_the_passphrase_seals_older_dumps_and_they_still_restore(
    started: Path,
    server_book: Database,
    older_dump: tuple[int, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ada, dump = older_dump
    out = set_secret_on_the_command_line(server_book.target, monkeypatch, capsys)
    assert f"older backup sealed with the passphrase: {dump}" in out
    assert is_sealed_dump(dump)
    assert _words_anywhere_in_backups(server_book) == []

    with server_book.session() as session:
        session.add(Customer(first_name="Added", last_name="Later"))
    restore = ["restore", str(dump), "--yes", "--db", server_book.target]
    assert main(restore) == 1
    assert "Only the owner" in capsys.readouterr().err
    monkeypatch.setenv("REGULARS_OWNER_PIN", PASSPHRASE)
    assert main([*restore, "--owner"]) == 0
    assert "restored the book" in capsys.readouterr().out
    with server_book.reading() as session:
        names = {c.first_name for c in session.query(Customer).all()}
    assert names == {"Ada"}
    assert secret_kind(server_book) == "passphrase"
    assert [n.body for n in list_notes(server_book, ada)] == ["likes tea"]
    owner = unlock(server_book, PASSPHRASE)
    assert f"{SECRET} owes 300" in [n.body for n in list_notes(server_book, ada, access=owner)]
    assert _words_anywhere_in_backups(server_book) == []
    assert SECRET.encode() not in _on_disk(started, server_book)


def test_asked_to_the_older_dumps_are_removed_instead(
    server_book: Database,
    older_dump: tuple[int, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _ada, dump = older_dump
    said = json.loads(
        set_secret_on_the_command_line(
            server_book.target, monkeypatch, capsys, "--remove-plain-backups", "--json"
        )
    )
    assert said["plain_backups_removed"] == [str(dump)]
    assert said["plain_backups_sealed"] == [] and said["plain_backups_left"] == []
    assert not dump.exists()


def test_check_finds_plain_dumps_a_passphrase_set_earlier_left_and_repair_seals_them(
    server_book: Database, older_dump: tuple[int, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _ada, dump = older_dump
    protect(server_book)  # as before dumps were sealed: the dump stays plain
    assert main(["check", "--db", server_book.target]) == 1
    out = capsys.readouterr().out
    assert out.count("[plain_backup]") == 1 and str(dump) in out
    assert main(["check", "--repair", "--db", server_book.target]) == 0
    assert "repaired 1 of 1 problem(s)." in capsys.readouterr().out
    assert is_sealed_dump(dump)
    assert _words_anywhere_in_backups(server_book) == []
    assert main(["check", "--db", server_book.target]) == 0
