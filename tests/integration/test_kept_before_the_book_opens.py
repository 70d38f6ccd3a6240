"""Words typed on the command line survive a book that cannot even be opened: a disk
that is full before SQLite could make its shared-memory file, and a book cut short.

Real files, real processes (the full disk is a file-size limit in a child process, as
``test_failure_injection`` makes it). The note is kept as a draft (a private one only
sealed, or not at all when the key cannot be read), an edit of a note as that note's edit
(its customer, privacy and settings read from the file alone), the customer's details as
a text file, and the message names the book's folder and its free space.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from app.cli import main
from app.cli.owner import PIN_ENV
from app.db import Database
from app.notes import load_drafts
from app.paths import data_dir
from tests.disk import on_a_full_disk
from tests.integration.test_failure_injection import FORBIDDEN
from tests.owner import PASSPHRASE, protect

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_FSIZE")


def _disk_full(*args: str) -> tuple[int, str]:
    """``regulars ARGS`` where no file may grow past 10 kB: SQLite cannot make the
    book's 32 kB shared-memory file, so the book does not open for writing."""
    code, _out, err = on_a_full_disk(*args)
    for word in FORBIDDEN:
        assert word not in err, err
    return code, err


@pytest.fixture
def closed_book(db: Database, db_path: Path, customer_id: int) -> Path:
    """A book with one customer, closed: no ``-shm`` file beside it."""
    assert not db_path.with_name(db_path.name + "-shm").exists()
    return db_path


def _end_of_notes(path: Path) -> int:
    """Where a cut leaves the schema, the notes and the owner's key whole but the book
    damaged: just after the last of their pages."""
    names = "('sqlite_schema', 'note', 'note_revision', 'owner_secret')"
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)) as conn:
        (last,) = conn.execute(f"SELECT max(pageno) FROM dbstat WHERE name IN {names}")
        (page,) = conn.execute("PRAGMA page_size").fetchone()
    assert last[0] * page < path.stat().st_size
    return int(last[0] * page)


def _cut_short(path: Path, size: int) -> None:
    with path.open("r+b") as fh:
        fh.truncate(size)


def test_a_note_and_a_customer_are_kept_when_the_disk_is_full_before_the_book_opens(
    closed_book: Path, customer_id: int
) -> None:
    words = "Her knee surgery is on Friday; ask how it went"
    code, err = _disk_full("note", "add", str(customer_id), words, "--db", str(closed_book))
    assert code == 1
    (draft,) = load_drafts(closed_book)
    assert (draft.text, draft.customer_id) == (words, customer_id)
    assert draft.refused is not None and str(draft.refused) in err
    assert f"'{closed_book.parent}'" in err and "free" in err and "Nothing was written" in err

    code, err = _disk_full(
        "customer", "add", "--first", "Ines", "--last", "Duarte", "--db", str(closed_book)
    )
    assert code == 1
    (kept,) = data_dir().glob("kept/customer-*.txt")
    assert "Ines" in kept.read_text(encoding="utf-8") and str(kept) in err
    assert f"'{closed_book.parent}'" in err and "free" in err


def test_a_private_note_is_kept_sealed_when_the_disk_is_full_before_the_book_opens(
    db: Database, closed_book: Path, customer_id: int
) -> None:
    owner = protect(db).access
    db.close()
    words = "owes the shop for the wedding flowers"
    code, err = _disk_full(
        "note", "add", str(customer_id), words, "--private", "--db", str(closed_book)
    )
    assert code == 1 and "kept in" in err
    assert load_drafts(closed_book) == []
    (draft,) = load_drafts(closed_book, access=owner)
    assert (draft.text, draft.private) == (words, True)
    assert draft.refused is not None and b"wedding" not in draft.refused.read_bytes()


def test_a_note_for_a_book_cut_short_is_kept_and_the_damage_named(
    closed_book: Path, customer_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    _cut_short(closed_book, closed_book.stat().st_size // 2)
    words = "bring the blue kayak paddles on Monday"
    assert main(["note", "add", str(customer_id), words, "--db", str(closed_book)]) == 1
    err = capsys.readouterr().err
    assert "damaged" in err and str(closed_book.parent) in err
    (draft,) = load_drafts(closed_book)
    assert draft.text == words and str(draft.refused) in err


def _left_mid_work(path: Path) -> None:
    """The book as a register that stopped dead leaves it: changes still in its ``-wal``
    (not yet copied into the file), which the next opener must replay."""
    script = (
        "import os, sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1])\n"
        "conn.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "conn.execute(\"UPDATE customer SET town = 'Faro'\")\n"
        "conn.commit()\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=True)
    assert path.with_name(path.name + "-wal").stat().st_size > 0


def test_a_private_note_is_kept_sealed_to_the_key_remembered_when_the_full_disk_hides_it(
    db: Database, closed_book: Path, customer_id: int
) -> None:
    owner = protect(db).access
    db.close()
    shutil.rmtree(data_dir() / "keys")
    assert main(["note", "list", str(customer_id), "--db", str(closed_book)]) == 0
    _left_mid_work(closed_book)
    words = "owes the shop for the christening cake"
    code, err = _disk_full(
        "note", "add", str(customer_id), words, "--private", "--db", str(closed_book)
    )
    assert code == 1 and "kept in" in err, err
    assert load_drafts(closed_book) == []
    (draft,) = load_drafts(closed_book, access=owner)
    assert (draft.text, draft.private) == (words, True)
    for folder in (closed_book.parent, data_dir()):
        for path in folder.rglob("*"):
            assert not path.is_file() or b"christening" not in path.read_bytes(), path


def test_a_private_note_is_not_kept_in_plain_text_when_the_key_cannot_be_read(
    db: Database, closed_book: Path, customer_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    owner = protect(db).access
    db.close()
    shutil.rmtree(data_dir() / "keys")  # this computer never opened the book
    _cut_short(closed_book, 4096)
    words = "moving away in spring, keep it quiet"
    flags = ["--private", "--db", str(closed_book)]
    assert main(["note", "add", str(customer_id), words, *flags]) == 1
    err = capsys.readouterr().err
    assert "not kept" in err and "never kept in plain text" in err
    assert load_drafts(closed_book, access=owner) == []
    for folder in (closed_book.parent, data_dir()):
        for path in folder.rglob("*"):
            assert not path.is_file() or b"spring" not in path.read_bytes(), path


def test_an_edit_of_a_note_and_of_a_customer_are_kept_when_the_disk_is_full_before_the_book_opens(
    closed_book: Path, customer_id: int
) -> None:
    db = ["--db", str(closed_book)]
    assert main(["note", "add", str(customer_id), "first wording", "--pinned", *db]) == 0
    words = "the second wording, typed while the disk was full"
    code, err = _disk_full("note", "edit", "1", words, *db)
    assert code == 1
    (draft,) = load_drafts(closed_book)
    assert (draft.text, draft.customer_id, draft.edit) == (words, customer_id, (1, 1))
    assert draft.fields.pinned and not draft.private
    assert draft.refused is not None and str(draft.refused) in err
    assert f"'{closed_book.parent}'" in err and "the window offers it back" in err

    code, err = _disk_full("customer", "edit", str(customer_id), "--town", "Porto", *db)
    assert code == 1
    (kept,) = data_dir().glob("kept/customer-*.txt")
    assert "town: Porto" in kept.read_text(encoding="utf-8") and str(kept) in err
    assert f"'{closed_book.parent}'" in err


def test_an_edit_of_a_private_note_is_kept_sealed_when_the_disk_is_full_before_the_book_opens(
    db: Database, closed_book: Path, customer_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = protect(db).access
    monkeypatch.setenv(PIN_ENV, PASSPHRASE)
    db.close()
    flags = ["--private", "--db", str(closed_book)]
    assert main(["note", "add", str(customer_id), "owes for the flowers", *flags]) == 0
    words = "owes for the wedding flowers, paid half"
    code, err = _disk_full("note", "edit", "1", words, "--owner", "--db", str(closed_book))
    assert code == 1 and "kept in" in err
    assert load_drafts(closed_book) == [], err
    assert len(load_drafts(closed_book, access=owner)) == 1, err
    (draft,) = load_drafts(closed_book, access=owner)
    assert (draft.text, draft.private, draft.edit) == (words, True, (1, 1))
    assert draft.refused is not None and b"wedding" not in draft.refused.read_bytes()


def test_edits_for_a_book_cut_short_are_kept(
    closed_book: Path, customer_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(closed_book)]
    assert main(["note", "add", str(customer_id), "first wording", *db]) == 0
    _cut_short(closed_book, _end_of_notes(closed_book))
    capsys.readouterr()
    words = "bring the red kayak paddles instead"
    assert main(["note", "edit", "1", words, *db]) == 1
    err = capsys.readouterr().err
    assert "damaged" in err
    (draft,) = load_drafts(closed_book)
    assert (draft.text, draft.edit) == (words, (1, 1)) and str(draft.refused) in err

    assert main(["customer", "edit", str(customer_id), "--town", "Faro", *db]) == 1
    err = capsys.readouterr().err
    (kept,) = data_dir().glob("kept/customer-*.txt")
    assert "town: Faro" in kept.read_text(encoding="utf-8") and str(kept) in err


def test_notes_kept_on_a_full_disk_are_listed_and_saved_from_the_command_line(
    closed_book: Path, customer_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(closed_book)]
    assert main(["note", "add", str(customer_id), "first wording", *db]) == 0
    assert _disk_full("note", "add", str(customer_id), "ask about the knee", "--pinned", *db)[0]
    assert _disk_full("note", "edit", "1", "second wording, disk full", *db)[0] == 1
    capsys.readouterr()
    assert main(["note", "kept", *db]) == 0
    listed = capsys.readouterr().out
    assert f"customer {customer_id}: note, kept " in listed and "ask about the knee" in listed
    assert "edit of note 1" in listed and "second wording" in listed
    code, err = _disk_full("note", "kept", "--save", *db)  # still full: nothing moves
    assert code == 1 and err.count("Nothing was written") == 1 and "not saved" not in err
    assert len(load_drafts(closed_book)) == 2  # each kept once, not once more by the try

    assert main(["--json", "note", "kept", "--save", *db]) == 0
    saved = json.loads(capsys.readouterr().out)
    assert len(saved["saved"]) == 2 and saved["not_saved"] == []
    assert load_drafts(closed_book) == []
    assert main(["--json", "note", "list", str(customer_id), *db]) == 0
    notes = {n["body"]: n for n in json.loads(capsys.readouterr().out)}
    assert notes["ask about the knee"]["pinned"] and notes["second wording, disk full"]["id"] == 1
    assert main(["note", "kept", *db]) == 0
    assert capsys.readouterr().out == "no kept notes.\n"


def test_a_private_kept_note_is_listed_and_saved_only_for_the_owner(
    db: Database,
    closed_book: Path,
    customer_id: int,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    protect(db)
    db.close()
    words = "owes the shop for the wedding flowers"
    flags = ["--private", "--db", str(closed_book)]
    assert _disk_full("note", "add", str(customer_id), words, *flags)[0] == 1
    capsys.readouterr()
    for clerk in (["note", "kept"], ["note", "kept", "--save"]):
        assert main([*clerk, "--db", str(closed_book)]) == 0
        said = str(capsys.readouterr())
        assert "wedding" not in said
    assert main(["note", "kept", "--db", str(closed_book)]) == 0
    assert "1 private kept note waits for the owner" in capsys.readouterr().out
    monkeypatch.setenv(PIN_ENV, PASSPHRASE)
    assert main(["note", "kept", "--owner", "--db", str(closed_book)]) == 0
    assert "(private)" in capsys.readouterr().out
    assert main(["note", "kept", "--save", "--owner", "--db", str(closed_book)]) == 0
    owners_list = ["note", "list", str(customer_id), "--with-private", "--owner"]
    assert main(["--json", *owners_list, "--db", str(closed_book)]) == 0
    [note] = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert (note["body"], note["private"]) == (words, True)


def test_a_note_kept_for_a_customer_merged_meanwhile_lands_on_the_record_kept(
    closed_book: Path, customer_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(closed_book)]
    assert main(["--json", "customer", "add", "--first", "Ann", "--last", "Twice", *db]) == 0
    other = json.loads(capsys.readouterr().out)["id"]
    assert _disk_full("note", "add", str(other), "asked about the wedding cake", *db)[0] == 1
    assert main(["customer", "merge", str(customer_id), str(other), "--yes", *db]) == 0
    assert main(["note", "kept", "--save", *db]) == 0
    capsys.readouterr()
    assert main(["--json", "note", "list", str(customer_id), *db]) == 0
    [note] = json.loads(capsys.readouterr().out)
    assert note["body"] == "asked about the wedding cake"
