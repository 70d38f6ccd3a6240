"""The promise "what the owner keeps private stays the owner's", command by command.

Every command the parser knows is found by walking it, so a command added later is run
here without anyone remembering to list it; each gets arguments made from its own
positionals (a few get a hand-picked set). In clerk mode a private note's words and its
id never reach stdout or stderr, nor any file a command writes, and a command given the
private note's id answers exactly as it does for an id that was never used.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from app.cli import build_parser, main
from app.customers import NewCustomer, add_customer
from app.db import Database
from app.models import Note
from app.notes import add_note, edit_note
from app.practice import add_staff
from tests.owner import protect

MARKER = "Quagmirezebra"
PRIVATE_ID = 48271
"""Far from every other number the book holds, so finding it in output means a leak."""
MISSING_ID = 48279
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
    ],
}
"""Argument sets that reach further than the ones made from the positionals."""


@dataclass(frozen=True)
class Book:
    """The seeded book (closed) and the ids the commands are given."""

    path: Path
    ada: int
    bob: int


@pytest.fixture
def book(db: Database, db_path: Path) -> Book:
    """Ada's private note (the marker in every wording, due today, pinned) beside her
    note for everyone, sealed by the owner's passphrase; Bob, her duplicate, to merge;
    Sam at the till."""
    ada = add_customer(db, NewCustomer(first_name="Ada", last_name="Quill", phone="555 010 4242"))
    bob = add_customer(db, NewCustomer(first_name="Ada", last_name="Quill", town="Leeds"))
    add_note(db, ada, "Likes oolong tea", ask_on=date.today())
    with db.session() as session:
        session.add(Note(id=PRIVATE_ID - 1, customer_id=bob, body="Paid by card"))
    private = add_note(
        db,
        ada,
        f"{MARKER} owes 300 for the kayak loan",
        private=True,
        pinned=True,
        ask_on=date.today(),
    )
    assert private.id == PRIVATE_ID
    owner = protect(db).access
    edit_note(
        db,
        PRIVATE_ID,
        body=f"{MARKER} still owes 300 for the kayak loan",
        expected_revision=1,
        access=owner,
    )
    add_staff(db, "Sam")
    db.close()
    return Book(db_path, ada, bob)


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
        elif action.type is int:
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


def _run(
    command: list[str], book: Book, work: Path, capsys: pytest.CaptureFixture[str], note: int
) -> Answer:
    """``command`` in clerk mode on a fresh copy of the book, with ``note`` as the note id."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir()
    copy = work / "shop.db"
    shutil.copy(book.path, copy)
    (work / "people.csv").write_text("first_name,last_name\nZed,Quill\n", encoding="utf-8")
    values = {
        "ada": str(book.ada),
        "bob": str(book.bob),
        "note": str(note),
        "today": date.today().isoformat(),
        "work": str(work),
        "csv": str(work / "people.csv"),
    }
    filled = [re.sub(r"\{(\w+)\}", lambda m: values[m[1]], word) for word in command]
    code = main([*filled, "--db", str(copy)])
    printed = capsys.readouterr()
    written = b"\n".join(p.read_bytes() for p in sorted(work.rglob("*")) if p.is_file())
    return Answer(code, printed.out, printed.err, written)


def test_no_command_shows_the_clerk_a_private_note_or_that_it_exists(
    book: Book,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("REGULARS_OWNER_PIN", raising=False)
    work = tmp_path / "work"
    ran = []
    for command in _commands():
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        answer = _run(command, book, work, capsys, PRIVATE_ID)
        ran.append((command, answer.code))
        said = answer.out + answer.err
        assert answer.code in (0, 1), (command, said)
        assert MARKER.casefold() not in said.casefold(), command
        assert MARKER.encode() not in answer.written, command
        if any("{note}" in word for word in command):
            monkeypatch.setattr("sys.stdin", io.StringIO(""))
            missing = _run(command, book, work, capsys, MISSING_ID)
            assert (answer.code, said) == (
                missing.code,
                (missing.out + missing.err).replace(str(MISSING_ID), str(PRIVATE_ID)),
            ), command
        else:
            assert not re.search(rf"\b{PRIVATE_ID}\b", said), (command, said)
    assert sum(code == 0 for _command, code in ran) > 40
    probed = {tuple(c[:2]) for c, _code in ran if any("{note}" in w for w in c)}
    assert {("note", "edit"), ("note", "history"), ("note", "delete"), ("today", "--done")} <= (
        probed
    )
