"""Forgetting a customer removes what this computer kept of them for the book: the note
box's draft, notes kept while the book refused them (plain and sealed), a customer form
kept meanwhile and the text file of changes typed for them; what was kept of others, and
details typed for a new customer (which name nobody's id), stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.customers import NewCustomer, add_customer
from app.customers.forms import CustomerEdit, keep_form, load_forms
from app.customers.service import keeping_customer
from app.db import Database, open_database
from app.errors import StorageError
from app.kept import kept_folders
from app.notes.drafts import keep_refused, load_drafts, save_draft
from app.paths import data_dir
from app.safety.access import Access
from app.safety.forget import forget_customer
from app.server.local import local_target
from tests.owner import protect

WORDS = "Quetzalfinch"


def _kept_details(place: Path, customer_id: int | None, town: str) -> None:
    """Details typed for ``customer_id`` (None: a new customer) that the book refused."""
    with pytest.raises(StorageError), keeping_customer(place, customer_id, {"town": town}):
        raise OSError(28, "No space left on device")


def _kept_files() -> list[Path]:
    return [p for f in kept_folders("kept") if f.is_dir() for p in f.iterdir() if p.is_file()]


def _words_kept(folder: Path) -> str:
    """Every draft and kept file under ``folder`` or in the folders words are kept in
    away from the book, as text."""
    folders = [folder, *kept_folders("drafts"), *kept_folders("kept")]
    return " ".join(
        path.read_text(encoding="utf-8", errors="replace")
        for each in folders
        if each.is_dir()
        for path in each.rglob("*")
        if path.is_file() and path.suffix in {".json", ".txt"}
    )


def test_forget_removes_what_this_computer_kept_of_them(db: Database) -> None:
    gone = add_customer(db, NewCustomer(first_name="Gone", last_name="Soon"))
    stays = add_customer(db, NewCustomer(first_name="Ann", last_name="Stays"))
    owner: Access = protect(db).access
    key = owner.key.public if owner.key else None
    save_draft(db.path, gone, f"draft about the {WORDS}")
    keep_refused(db.path, gone, f"kept {WORDS} plain", private=False, seal_to=None)
    keep_refused(db.path, gone, f"kept {WORDS} sealed", private=True, seal_to=key)
    keep_form(db.path, CustomerEdit(gone, {"town": f"{WORDS}town"}, 1), "Gone Soon")
    _kept_details(db.path, gone, f"{WORDS}ville")
    save_draft(db.path, stays, "Ann's own draft")
    keep_refused(db.path, stays, "Ann's kept note", private=False, seal_to=None)
    keep_form(db.path, CustomerEdit(stays, {"town": "Annton"}, 1), "Ann Stays")
    _kept_details(db.path, stays, "Annville")
    _kept_details(db.path, None, "Newton")
    assert WORDS in _words_kept(db.path.parent)
    assert len(load_drafts(db.path, access=owner)) == 5

    forget_customer(db, gone, access=owner)

    assert WORDS not in _words_kept(db.path.parent)
    left = load_drafts(db.path, access=owner)
    assert sorted(d.text for d in left) == ["Ann's kept note", "Ann's own draft"]
    assert [form.name for form in load_forms(db.path)] == ["Ann Stays"]
    kept = " ".join(path.read_text(encoding="utf-8") for path in _kept_files())
    assert "Annville" in kept and "Newton" in kept


def test_forget_on_a_server_clears_what_was_kept_under_another_address(
    started: Path, server_book: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    """The window reached the server as ``localhost`` and kept a note there while it was
    away; ``customer forget`` run with ``127.0.0.1`` clears it. A place of another server's
    book keeps what it kept of its own customer with the same id."""
    gone = add_customer(server_book, NewCustomer(first_name="Gone", last_name="Soon"))
    elsewhere = local_target(started).replace("@127.0.0.1:", "@localhost:")
    with open_database(elsewhere) as window_book:
        assert window_book.path != server_book.path
        keep_refused(window_book.path, gone, f"kept {WORDS}", private=False, seal_to=None)
        _kept_details(window_book.path, gone, f"{WORDS}ville")
    other = data_dir() / "servers" / "10.0.0.9-5432-regulars" / "book"
    other.parent.mkdir(parents=True)
    (other.parent / "book-identity").write_text("another-book", encoding="utf-8")
    keep_refused(other, gone, "their own customer's note", private=False, seal_to=None)
    assert WORDS in _words_kept(data_dir())

    assert main(["--db", server_book.target, "customer", "forget", str(gone), "--yes"]) == 0

    assert WORDS not in _words_kept(data_dir())
    assert [d.text for d in load_drafts(other)] == ["their own customer's note"]
