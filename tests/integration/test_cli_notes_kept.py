"""Words typed on the command line for a note are kept when the book cannot take them as
they were meant: a private note typed while the shop's server is off is kept sealed to the
owner's key remembered on this computer, and an edit refused because the note changed
meanwhile is saved as a new note beside it, as private as that note."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.cli.owner import PIN_ENV
from app.db import Database
from app.notes import add_note, edit_note, list_notes, load_drafts
from app.paths import data_dir
from app.safety.access import Access
from app.server.local import local_target, start_server, stop_server
from tests.owner import PASSPHRASE, protect


def test_a_private_note_typed_while_the_server_is_off_is_kept_sealed(
    server_book: Database, started: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = local_target(started)
    assert main(["customer", "add", "--first", "Rui", "--last", "Sá", "--db", target]) == 0
    owner = protect(server_book).access
    stop_server(started)
    words = "his daughter's divorce, do not mention it"
    code = main(["note", "add", "1", words, "--private", "--db", target])
    err = capsys.readouterr().err
    assert code == 1 and "kept in" in err, err
    assert load_drafts(server_book.path) == []
    (draft,) = load_drafts(server_book.path, access=owner)
    assert (draft.text, draft.private, draft.customer_id) == (words, True, 1)
    for path in data_dir().rglob("*"):
        assert not path.is_file() or b"divorce" not in path.read_bytes(), path
    start_server(started)


def test_an_edit_refused_because_the_note_changed_is_saved_beside_it(
    db: Database, db_target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    book = ["--db", db_target]
    assert main(["customer", "add", "--first", "Ana", "--last", "Lobo", *book]) == 0
    note = add_note(db, 1, "Likes green tea", pinned=True)
    edit_note(db, note.id, body="Likes green tea, no sugar", expected_revision=1)
    capsys.readouterr()
    words = "Likes green tea with honey"
    assert main(["note", "edit", str(note.id), words, "--revision", "1", *book]) == 0
    out, err = capsys.readouterr()
    assert "saved as a new note" in err and words in out
    bodies = {n.body: n.pinned for n in list_notes(db, 1)}
    assert bodies == {"Likes green tea, no sugar": True, words: True}


def test_an_edit_of_a_private_note_saved_beside_it_stays_private(
    db: Database,
    db_target: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    book = ["--db", db_target]
    assert main(["customer", "add", "--first", "Ana", "--last", "Lobo", *book]) == 0
    owner = protect(db).access
    note = add_note(db, 1, "owes for the cake", private=True)
    edit_note(db, note.id, body="owes for the cake, paid half", expected_revision=1, access=owner)
    monkeypatch.setenv(PIN_ENV, PASSPHRASE)
    words = "owes for the cake and the candles"
    flags = ["--revision", "1", "--owner", *book]
    assert main(["note", "edit", str(note.id), words, *flags]) == 0
    assert "saved as a new note" in capsys.readouterr().err
    assert list_notes(db, 1) == []
    assert sorted(n.body for n in list_notes(db, 1, access=owner)) == [
        "owes for the cake and the candles",
        "owes for the cake, paid half",
    ]


def test_a_private_note_typed_while_the_server_is_off_is_kept_when_no_passphrase_is_set(
    server_book: Database, started: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no passphrase the book keeps private words plain, and this computer knows it
    (the book opened here said so): the note is kept as the book would have kept it, and
    sealed here once the book next opens with a passphrase."""
    target = local_target(started)
    assert main(["customer", "add", "--first", "Rui", "--last", "Sá", "--db", target]) == 0
    stop_server(started)
    words = "his daughter's divorce, do not mention it"
    code = main(["note", "add", "1", words, "--private", "--db", target])
    err = capsys.readouterr().err
    assert code == 1 and "kept in" in err, err
    (draft,) = load_drafts(server_book.path, access=Access(owner=True))
    assert (draft.text, draft.private) == (words, True)
    assert main(["note", "kept", "--db", target]) == 0  # listed with the server away
    assert "1 private kept note waits" in capsys.readouterr().out
    start_server(started)
    protect(server_book)
    assert main(["note", "kept", "--db", target]) == 0  # opens the book: sealed here now
    for path in data_dir().rglob("*"):
        assert not path.is_file() or b"divorce" not in path.read_bytes(), path
