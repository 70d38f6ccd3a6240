"""The promise "what the owner keeps private stays the owner's", command by command.

Every command the parser knows is found by walking it, so a command added later is run
here without anyone remembering to list it; each gets arguments made from its own
positionals (a few get a hand-picked set). Each runs in clerk mode twice: on a book with
a private note, and on its twin where that note never was (its id left unused). The two
answers must be the same, so no word, count, id or error of the private note reaches the
clerk, and its id is answered exactly as an id never used; nor does its text reach any
file a command writes.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete

from app.cli import build_parser, main
from app.cli.common import positive_int
from app.customers import NewCustomer, add_customer
from app.db import Database, open_database
from app.models import Note, NoteRevision, RelationKind
from app.notes import add_note, delete_note, edit_note
from app.practice import add_staff
from tests.integration.prompt_shop import Shop
from tests.owner import protect

pytestmark = pytest.mark.sqlite_only  # the commands run on copies of a book file

MARKER = "Quagmirezebra"
PRIVATE_ID = 48271
"""Far from every other number the book holds, so finding it in output means a leak."""
NOT_ABOUT_THE_BOOK = {
    ("bench",): "builds a synthetic shop of its own to time",
    ("server", "init"): "sets up a PostgreSQL cluster; reads no customer",
    ("server", "start"): "starts that cluster",
    ("server", "stop"): "stops it",
    ("server", "status"): "says whether it runs",
    ("server", "connect"): "saves a server address in the settings",
    ("server", "disconnect"): "forgets it",
}
"""Commands left out, each with why it cannot show a note."""
CHOSEN = {
    ("customer", "add"): [["--first", "Zed", "--last", "Quill"]],
    ("customer", "edit"): [["{ada}", "--town", "York"]],
    ("customer", "merge"): [["{bob}", "{ada}", "--yes"]],
    ("customer", "unmerge"): [["1", "--yes"]],
    ("customer", "forget"): [["{ada}", "--yes"]],
    ("customer", "photo"): [["{ada}", "--remove"]],
    ("customer", "relation", "add"): [["{ada}", "--kind", "friend", "--name", "Kim"]],
    ("purchase", "gift"): [["{gift}", "--for", "Kim"], ["{gift}", "--none"]],
    ("card",): [["{ada}"], ["{ada}", "--all-purchases"]],
    ("import",): [["{csv}", "--dry-run"], ["{csv}"]],
    ("restore",): [["{work}/shop.db", "--yes"]],
    ("search",): [["Ada"], ["owes"], ["kayak", "loan"]],
    ("note", "list"): [["{ada}"], ["{ada}", "--with-private"]],
    ("note", "trash"): [[], ["--customer", "{ada}"]],
    ("note", "search"): [["owes"], ["kayak", "loan"]],
    ("owner", "set-secret"): [["--stdin"]],
    ("settings", "set"): [["shop_name", "Quill and Co"]],
    ("today",): [
        [],
        ["--keys"],
        ["--done", "note:{note}:{today}"],
        ["--snooze", "note:{note}:{today}"],
        ["--done", "aged:{note}:{today}"],
    ],
}
"""Argument sets that reach further than the ones made from the positionals."""


@dataclass(frozen=True)
class Book:
    """A seeded book (closed) and the ids the commands are given."""

    path: Path
    ada: int
    bob: int
    gift: int


def _seed(db: Database, *, keep_private: bool) -> Book:
    """Ada's private note (the marker in every wording, due today, pinned, naming her
    daughter Kim, whose birthday is in five days and who was given a tent last year) and
    another in the trash beside her note for everyone, sealed by the owner's passphrase;
    Bob, her duplicate, to merge; Sam at the till. Without ``keep_private`` the private notes are
    then wiped as if never written (their ids stay used, as ids are never handed out
    twice)."""
    ada = add_customer(db, NewCustomer(first_name="Ada", last_name="Quill", phone="555 010 4242"))
    bob = add_customer(db, NewCustomer(first_name="Ada", last_name="Quill", town="Leeds"))
    add_note(db, ada, "Likes oolong tea", ask_on=date.today())
    shop = Shop(db, today=date.today())
    birthday = date.today() + timedelta(days=5)
    shop.relation(ada, "Kim", RelationKind.CHILD, birthday.month, birthday.day)
    gift = shop.gift(ada, date.today() - timedelta(days=360), "tents", "Red tent", "Kim")
    with db.session() as session:
        session.add(Note(id=PRIVATE_ID - 1, customer_id=bob, body="Paid by card"))
    private = add_note(
        db,
        ada,
        f"{MARKER} owes 300 for the kayak loan; Kim has a new puppy",
        private=True,
        pinned=True,
        ask_on=date.today(),
    )
    assert private.id == PRIVATE_ID
    owner = protect(db).access
    edit_note(
        db,
        PRIVATE_ID,
        body=f"{MARKER} still owes 300 for the kayak loan; Kim has a new puppy",
        expected_revision=1,
        access=owner,
    )
    trashed = add_note(db, ada, f"{MARKER} in the trash", private=True)
    delete_note(db, trashed.id, access=owner)
    if not keep_private:
        hidden = (PRIVATE_ID, trashed.id)
        with db.session() as session:
            session.execute(delete(NoteRevision).where(NoteRevision.note_id.in_(hidden)))
            session.execute(delete(Note).where(Note.id.in_(hidden)))
    add_staff(db, "Sam")
    db.close()
    return Book(db.path, ada, bob, gift)


@pytest.fixture
def books(db: Database, tmp_path: Path) -> tuple[Book, Book]:
    """The book with the private note, and its twin where it never was."""
    (tmp_path / "twin").mkdir()
    with open_database(str(tmp_path / "twin" / "shop.db")) as twin:
        return _seed(db, keep_private=True), _seed(twin, keep_private=False)


def _leaves(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every runnable command: a parser with no sub-commands under it."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, parser
        return
    for name, sub in subs[0].choices.items():
        yield from _leaves(sub, (*path, name))


def _made_up(parser: argparse.ArgumentParser) -> list[str]:
    """One argument for each positional and required option: a choice, the note id, a
    customer id, a file to write, a staff member, or a word the private note holds
    (never the marker)."""
    words = []
    for action in parser._actions:
        if action.option_strings:
            if action.required:
                words += [action.option_strings[-1], "Sam"]
            continue
        if action.choices:
            words.append(str(next(iter(action.choices))))
        elif action.dest == "note_id":
            words.append("{note}")
        elif action.type is positive_int:
            words.append("{ada}")
        elif action.type is Path or action.dest in ("out", "file"):
            words.append("{work}/" + action.dest + ".csv")
        else:
            words.append("owes")
    return words


def _commands() -> Iterator[list[str]]:
    walked = dict(_leaves(build_parser()))
    assert set(NOT_ABOUT_THE_BOOK) <= set(walked), "a left-out command no longer exists"
    assert set(CHOSEN) <= set(walked), "a command with chosen arguments no longer exists"
    for path, parser in walked.items():
        if path in NOT_ABOUT_THE_BOOK:
            continue
        for arguments in CHOSEN.get(path, [_made_up(parser)]):
            yield [*path, *arguments]
            yield [*path, *arguments, "--json"]


@dataclass(frozen=True)
class Answer:
    code: int
    out: str
    err: str
    written: bytes


def _run(command: list[str], book: Book, work: Path, capsys: pytest.CaptureFixture[str]) -> Answer:
    """``command`` in clerk mode on a fresh copy of ``book``; ``{note}`` is the private
    note's id."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir()
    copy = work / "shop.db"
    shutil.copy(book.path, copy)
    (work / "people.csv").write_text("first_name,last_name\nZed,Quill\n", encoding="utf-8")
    values = {
        "ada": str(book.ada),
        "bob": str(book.bob),
        "gift": str(book.gift),
        "note": str(PRIVATE_ID),
        "today": date.today().isoformat(),
        "work": str(work),
        "csv": str(work / "people.csv"),
    }
    filled = [re.sub(r"\{(\w+)\}", lambda m: values[m[1]], word) for word in command]
    code = main([*filled, "--db", str(copy)])
    printed = capsys.readouterr()
    written = b"\n".join(p.read_bytes() for p in sorted(work.rglob("*")) if p.is_file())
    return Answer(code, printed.out, printed.err, written)


def _same_moment(text: str) -> str:
    """``text`` with clock times and backup stamps blanked: the two books were written
    moments apart."""
    text = re.sub(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?", "<time>", text)
    return re.sub(r"\d{8}-\d{6}", "<stamp>", text)


def test_no_command_tells_the_clerk_anything_of_a_private_note(
    books: tuple[Book, Book],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each command's clerk answer on the book with the private note equals its answer
    on the twin where it never was: no word, count or id of it, and its id is answered
    as one never used."""
    book, twin = books
    monkeypatch.delenv("REGULARS_OWNER_PIN", raising=False)
    work = tmp_path / "work"
    ran = []
    for command in _commands():
        answers = []
        for seeded in (book, twin):
            monkeypatch.setattr("sys.stdin", io.StringIO(""))
            answers.append(_run(command, seeded, work, capsys))
        answer, never = answers
        ran.append((command, answer.code))
        said = answer.out + answer.err
        assert answer.code in (0, 1), (command, said)
        assert MARKER.casefold() not in said.casefold(), command
        assert MARKER.encode() not in answer.written, command
        if not any("{note}" in word for word in command):
            assert not re.search(rf"\b{PRIVATE_ID}\b", said), (command, said)
        assert (answer.code, _same_moment(said)) == (
            never.code,
            _same_moment(never.out + never.err),
        ), command
    assert sum(code == 0 for _command, code in ran) > 40
    probed = {tuple(c[:2]) for c, _code in ran if any("{note}" in w for w in c)}
    assert {("note", "edit"), ("note", "history"), ("note", "delete"), ("today", "--done")} <= (
        probed
    )
