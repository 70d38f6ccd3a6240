"""Notes: every wording kept, stale edits refused, trash and restore, search, drafts."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.db import Database
from app.errors import RegularsError
from app.models import Customer, Note, NoteRevision
from app.notes import (
    MAX_NOTE_CHARS,
    add_note,
    ask_on_shortcut,
    delete_note,
    discard_draft,
    edit_note,
    edit_or_beside,
    keep_refused,
    list_notes,
    list_trash,
    load_drafts,
    note_history,
    restore_note,
    save_draft,
    search_notes,
)
from app.notes.drafts import NoteFields, drafts_dir
from app.safety.access import Access
from app.safety.sealing import new_key

REPO = Path(__file__).resolve().parents[2]

OWNER = Access(owner=True)


def _customer(db: Database, first: str = "Robert", last: str = "Smith") -> int:
    with db.session() as s:
        customer = Customer(first_name=first, last_name=last)
        s.add(customer)
        s.flush()
        return customer.id


def _count(db: Database, model: type[Note] | type[NoteRevision]) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_a_new_note_is_its_first_revision(db: Database) -> None:
    bob = _customer(db)
    note = add_note(
        db, bob, "  Knee surgery on Friday  ", author="Sam", pinned=True, ask_on=date(2026, 3, 2)
    )
    assert (note.body, note.revision, note.pinned, note.ask_on) == (
        "Knee surgery on Friday",
        1,
        True,
        date(2026, 3, 2),
    )
    [first] = note_history(db, note.id)
    assert (first.number, first.body, first.author) == (1, "Knee surgery on Friday", "Sam")


@pytest.mark.parametrize(
    "body",
    [
        "Granddaughter 👩‍👩‍👧 visits 🇵🇱 — Łódź",
        "يحب القهوة العربية",
        "喜欢钓鱼。孙子叫小明",
        "Zoë's café\tcrème brûlée\nsecond line",
    ],
)
def test_any_script_and_emoji_are_kept_exactly(db: Database, body: str) -> None:
    note = add_note(db, _customer(db), body)
    assert list_notes(db, note.customer_id)[0].body == body


@pytest.mark.parametrize("body", ["", "   ", "\n\t "])
def test_an_empty_note_is_refused(db: Database, body: str) -> None:
    with pytest.raises(RegularsError, match="empty"):
        add_note(db, _customer(db), body)
    assert _count(db, Note) == 0


def test_a_huge_note_is_refused_with_the_limit(db: Database) -> None:
    bob = _customer(db)
    with pytest.raises(RegularsError, match="at most 20,000"):
        add_note(db, bob, "x" * 1_000_000)
    assert _count(db, Note) == 0
    assert len(add_note(db, bob, "y" * MAX_NOTE_CHARS).body) == MAX_NOTE_CHARS


def test_a_note_needs_a_real_customer_and_kind(db: Database) -> None:
    with pytest.raises(RegularsError, match="no customer with id 99"):
        add_note(db, 99, "hello")
    with pytest.raises(RegularsError, match="not a kind of note"):
        add_note(db, _customer(db), "hello", kind="gossip")
    assert _count(db, Note) == 0


def test_each_edit_is_a_new_revision(db: Database) -> None:
    note = add_note(db, _customer(db), "Son starts college", author="Sam")
    edited = edit_note(
        db,
        note.id,
        body="Son starts college in Leeds",
        expected_revision=1,
        author="Ann",
        pinned=True,
    )
    assert (edited.revision, edited.body, edited.pinned) == (2, "Son starts college in Leeds", True)
    history = note_history(db, note.id)
    assert [(r.number, r.body, r.author, r.pinned) for r in history] == [
        (1, "Son starts college", "Sam", False),
        (2, "Son starts college in Leeds", "Ann", True),
    ]
    assert history[1].edited_at >= history[0].edited_at


def test_an_edit_that_changes_nothing_adds_no_revision(db: Database) -> None:
    note = add_note(db, _customer(db), "Likes dark roast")
    same = edit_note(db, note.id, body="Likes dark roast ", expected_revision=1)
    assert same.revision == 1
    assert _count(db, NoteRevision) == 1


def test_an_edit_can_clear_or_keep_the_ask_on_date(db: Database) -> None:
    note = add_note(db, _customer(db), "Ask about the trip", ask_on=date(2026, 5, 1))
    kept = edit_note(db, note.id, body="Ask about the Alps trip", expected_revision=1)
    assert kept.ask_on == date(2026, 5, 1)
    cleared = edit_note(db, note.id, body="Went to the Alps", expected_revision=2, ask_on=None)
    assert cleared.ask_on is None
    assert [r.ask_on for r in note_history(db, note.id)] == [date(2026, 5, 1)] * 2 + [None]


def test_a_stale_edit_is_refused_and_nothing_is_lost(db: Database) -> None:
    note = add_note(db, _customer(db), "Dog is called Rex")
    edit_note(db, note.id, body="Dog is called Rex, a beagle", expected_revision=1, author="Ann")
    with pytest.raises(RegularsError, match="changed by someone else"):
        edit_note(db, note.id, body="Dog is Rex (old)", expected_revision=1, author="Sam")
    assert [r.body for r in note_history(db, note.id)] == [
        "Dog is called Rex",
        "Dog is called Rex, a beagle",
    ]
    assert list_notes(db, note.customer_id)[0].body == "Dog is called Rex, a beagle"


def test_delete_goes_to_the_trash_and_restore_brings_it_back(db: Database) -> None:
    bob = _customer(db)
    keep = add_note(db, bob, "Keeps bees")
    gone = add_note(db, bob, "Wrong customer")
    edit_note(db, gone.id, body="Wrong customer, really", expected_revision=1)
    trashed = delete_note(db, gone.id)
    assert trashed.deleted_at is not None
    assert [n.id for n in list_notes(db, bob)] == [keep.id]
    assert [(n.id, n.revision) for n in list_trash(db)] == [(gone.id, 2)]
    assert list_trash(db, customer_id=bob + 1) == []
    with pytest.raises(RegularsError, match="in the trash"):
        edit_note(db, gone.id, body="edit in trash", expected_revision=2)
    with pytest.raises(RegularsError, match="already in the trash"):
        delete_note(db, gone.id)
    restored = restore_note(db, gone.id)
    assert restored.deleted_at is None
    assert {n.id for n in list_notes(db, bob)} == {keep.id, gone.id}
    assert len(note_history(db, gone.id)) == 2
    with pytest.raises(RegularsError, match="not in the trash"):
        restore_note(db, gone.id)


def test_private_notes_are_listed_only_for_the_owner(db: Database) -> None:
    bob = _customer(db)
    add_note(db, bob, "Shared")
    add_note(db, bob, "Going through a divorce", private=True, pinned=True)
    assert [n.body for n in list_notes(db, bob)] == ["Shared"]
    assert [n.body for n in list_notes(db, bob, access=Access(owner=True))] == [
        "Going through a divorce",
        "Shared",
    ]


def test_search_finds_who_mentioned_something(db: Database) -> None:
    bob, ana, zoe = _customer(db), _customer(db, "Ana", "Łukasz"), _customer(db, "Zoë", "Ng")
    add_note(db, bob, "Big into FLY fishing on the Wye")
    add_note(db, bob, "Fly fishing trip to Scotland in May")
    add_note(db, ana, "Took up fishing; favourite fly is a Royal Coachman")
    add_note(db, zoe, "Runs the Café on Market St", private=True)
    trashed = add_note(db, zoe, "fly fishing once")
    delete_note(db, trashed.id)

    found = search_notes(db, "fly fishing", access=OWNER)
    assert [(m.customer_id, m.notes_matched) for m in found] == [(bob, 2), (ana, 1)]
    assert found[0].display_name == "Robert Smith"
    assert "fishing" in found[0].snippet.casefold()
    assert [m.customer_id for m in search_notes(db, "CAFE market", access=OWNER)] == [zoe]
    assert search_notes(db, "cafe") == []
    assert search_notes(db, "submarine") == []
    with pytest.raises(RegularsError, match="Type something"):
        search_notes(db, "   ")


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("+1w", date(2026, 2, 7)),
        ("+2w", date(2026, 2, 14)),
        ("next month", date(2026, 2, 28)),
        ("Next  Month", date(2026, 2, 28)),
        ("+3d", date(2026, 2, 3)),
        ("+11m", date(2026, 12, 31)),
        ("+12m", date(2027, 1, 31)),
        ("tomorrow", date(2026, 2, 1)),
        ("2026-06-01", date(2026, 6, 1)),
    ],
)
def test_ask_on_shortcuts(words: str, expected: date) -> None:
    assert ask_on_shortcut(words, date(2026, 1, 31)) == expected


@pytest.mark.parametrize("words", ["soon", "+1y", "2026-02-31", ""])
def test_an_unknown_ask_on_is_refused(words: str) -> None:
    with pytest.raises(RegularsError, match="not a date"):
        ask_on_shortcut(words, date(2026, 1, 31))


def test_drafts_are_saved_replaced_and_discarded(db_path: Path) -> None:
    assert load_drafts(db_path) == []
    save_draft(db_path, 3, "Daughter got")
    save_draft(db_path, 3, "Daughter got into Oxford 🎓")
    save_draft(db_path, 5, "Wants a")
    assert load_drafts(db_path.with_name("demo.db")) == []
    drafts = load_drafts(db_path)
    assert [(d.customer_id, d.text) for d in drafts] == [
        (3, "Daughter got into Oxford 🎓"),
        (5, "Wants a"),
    ]
    save_draft(db_path, 5, "  ")
    discard_draft(db_path, 3)
    discard_draft(db_path, 42)
    assert load_drafts(db_path) == []


def test_an_unreadable_draft_is_passed_over(db_path: Path) -> None:
    save_draft(db_path, 1, "kept")
    (drafts_dir(db_path) / "customer-2.json").write_text("{half a docu", encoding="utf-8")
    assert [d.text for d in load_drafts(db_path)] == ["kept"]


def test_a_kept_note_comes_back_with_its_kind_flags_and_ask_on_date(db_path: Path) -> None:
    fields = NoteFields("pets", pinned=True, dont_bring_up=False, ask_on=date(2027, 3, 4))
    file = keep_refused(
        db_path, 7, "New puppy, Biscuit", private=False, seal_to=None, fields=fields
    )
    [draft] = load_drafts(db_path)
    assert (draft.text, draft.refused, draft.fields) == ("New puppy, Biscuit", file, fields)
    save_draft(db_path, 8, "Started yoga", fields=NoteFields(pinned=True))
    assert [d.fields.pinned for d in load_drafts(db_path)] == [True, True]


def test_a_draft_file_written_before_the_fields_loads_as_a_plain_note(db_path: Path) -> None:
    folder = drafts_dir(db_path)
    folder.mkdir(parents=True)
    old = {"customer_id": 4, "saved_at": "2026-11-30T10:00:00+00:00", "private": False}
    (folder / "customer-4.json").write_text(json.dumps({**old, "text": "Likes figs"}), "utf-8")
    [draft] = load_drafts(db_path)
    assert (draft.text, draft.fields) == ("Likes figs", NoteFields())


def test_a_private_kept_notes_fields_are_sealed_with_its_words(db_path: Path) -> None:
    key = new_key()
    fields = NoteFields("dont_bring_up", pinned=True, dont_bring_up=True, ask_on=date(2027, 5, 6))
    file = keep_refused(db_path, 9, "Divorce", private=True, seal_to=key.public, fields=fields)
    raw = file.read_text(encoding="utf-8")
    assert "Divorce" not in raw and "dont_bring_up" not in raw and "2027" not in raw
    assert load_drafts(db_path) == []
    [draft] = load_drafts(db_path, access=Access(owner=True, key=key))
    assert (draft.text, draft.private, draft.fields) == ("Divorce", True, fields)


def test_a_kept_edit_keeps_the_note_it_edits_sealed_when_private(db_path: Path) -> None:
    keep_refused(db_path, 3, "Likes figs, dried", private=False, seal_to=None, edit=(41, 2))
    save_draft(db_path, 4, "Plain new note")
    assert sorted((d.customer_id, d.edit) for d in load_drafts(db_path)) == [
        (3, (41, 2)),
        (4, None),
    ]
    key = new_key()
    file = keep_refused(db_path, 9, "Divorce", private=True, seal_to=key.public, edit=(4242, 7))
    assert "4242" not in file.read_text(encoding="utf-8")
    owner = Access(owner=True, key=key)
    assert [d.edit for d in load_drafts(db_path, access=owner) if d.private] == [(4242, 7)]


def test_a_kept_edit_is_that_notes_next_wording_when_nobody_changed_it(db: Database) -> None:
    note = add_note(db, _customer(db), "Likes figs", kind="likes")
    saved = edit_or_beside(
        db, note.id, customer_id=note.customer_id, body="Likes figs, dried", expected_revision=1
    )
    assert (saved.beside, saved.note.id, saved.note.revision) == (False, note.id, 2)
    assert [n.body for n in list_notes(db, note.customer_id)] == ["Likes figs, dried"]


def test_a_kept_edit_of_a_note_changed_meanwhile_is_a_new_note_beside_it(db: Database) -> None:
    note = add_note(db, _customer(db), "Likes figs", kind="likes")
    edit_note(db, note.id, body="Likes figs and dates", expected_revision=1)
    saved = edit_or_beside(
        db,
        note.id,
        customer_id=note.customer_id,
        body="Likes figs, dried",
        expected_revision=1,
        pinned=True,
    )
    assert saved.beside and saved.note.id != note.id
    notes = {n.body: (n.kind, n.pinned) for n in list_notes(db, note.customer_id)}
    assert notes == {"Likes figs and dates": ("likes", False), "Likes figs, dried": ("likes", True)}


def test_a_kept_edit_of_a_note_deleted_meanwhile_is_a_new_note_beside_it(db: Database) -> None:
    note = add_note(db, _customer(db), "Likes figs")
    delete_note(db, note.id)
    saved = edit_or_beside(
        db, note.id, customer_id=note.customer_id, body="Likes figs, dried", expected_revision=1
    )
    assert saved.beside
    assert [n.body for n in list_notes(db, note.customer_id)] == ["Likes figs, dried"]
    assert [n.body for n in list_trash(db, note.customer_id)] == ["Likes figs"]


def test_a_clerks_kept_edit_of_a_note_made_private_meanwhile_tells_nothing_of_it(
    db: Database,
) -> None:
    note = add_note(db, _customer(db), "Likes figs", kind="likes")
    edit_note(db, note.id, body="Likes figs", expected_revision=1, private=True, access=OWNER)
    saved = edit_or_beside(
        db, note.id, customer_id=note.customer_id, body="Likes figs, dried", expected_revision=1
    )
    assert saved.beside and (saved.note.kind, saved.note.private) == ("general", False)
    assert [n.body for n in list_notes(db, note.customer_id)] == ["Likes figs, dried"]


_KILLED_WRITER = """
import sys
from pathlib import Path
from app.notes import save_draft
db = Path(sys.argv[1])
save_draft(db, 8, "Tom's knee surgery")
save_draft(db, 8, "Tom's knee surgery went well — ask in March")
print("saved", flush=True)
sys.stdin.read()
"""


def test_a_draft_survives_a_killed_process(db_path: Path) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(db_path)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "saved"
    writer.kill()
    assert writer.wait(timeout=30) == -9
    [draft] = load_drafts(db_path)
    assert (draft.customer_id, draft.text) == (8, "Tom's knee surgery went well — ask in March")
    assert sorted(p.name for p in drafts_dir(db_path).iterdir()) == ["customer-8.json"]


def test_note_commands(db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bob = _customer(db)
    base = ["--db", str(db_path), "note"]
    assert (
        main([*base, "add", str(bob), "Fly fishing nut", "--pinned", "--ask-on", "2030-01-02"]) == 0
    )
    assert "[pinned, ask on Jan 2, 2030]" in capsys.readouterr().out
    assert main([*base, "add", str(bob), "Private thing", "--private", "--json"]) == 0
    private = json.loads(capsys.readouterr().out)
    assert (private["private"], private["revision"]) == (True, 1)

    assert main([*base, "list", str(bob), "--json"]) == 0
    assert [n["body"] for n in json.loads(capsys.readouterr().out)] == ["Fly fishing nut"]
    assert main([*base, "list", str(bob), "--with-private", "--json"]) == 1
    assert "--owner" in capsys.readouterr().err
    assert main([*base, "list", str(bob), "--with-private", "--owner", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2

    assert main([*base, "edit", str(private["id"]), "Private thing, reworded"]) == 1
    assert (
        capsys.readouterr().err == f"regulars: error: There is no note with id {private['id']}.\n"
    )
    assert main([*base, "edit", str(private["id"]), "Private thing, reworded", "--owner"]) == 0
    assert "r2" in capsys.readouterr().out
    stale = [*base, "edit", str(private["id"]), "stale", "--revision", "1", "--owner"]
    assert main(stale) == 0
    assert "saved as a new note" in capsys.readouterr().err
    assert main([*base, "history", str(private["id"]), "--owner", "--json"]) == 0
    assert [r["number"] for r in json.loads(capsys.readouterr().out)] == [1, 2]

    assert main([*base, "delete", str(private["id"]), "--owner"]) == 0
    assert main([*base, "trash", "--json"]) == 0
    capsys.readouterr()
    assert main([*base, "restore", str(private["id"])]) == 1
    assert main([*base, "restore", str(private["id"]), "--owner"]) == 0
    assert main([*base, "trash"]) == 0
    assert "the trash is empty." in capsys.readouterr().out

    assert main([*base, "search", "fly", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["customer_id"] == bob


def test_note_commands_refuse_bad_input(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bob = _customer(db)
    base = ["--db", str(db_path), "note"]
    assert main([*base, "add", str(bob), "   "]) == 1
    assert "empty" in capsys.readouterr().err
    assert main([*base, "add", "404", "hello"]) == 1
    with pytest.raises(SystemExit) as usage:
        main([*base, "add", str(bob), "hello", "--ask-on", "2026-02-31"])
    assert usage.value.code == 2
    assert _count(db, Note) == 0


def test_control_characters_never_reach_the_terminal_raw(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name or note that would clear the clerk's screen, overwrite a line or reverse it
    is printed with those characters spelled out; JSON keeps them escaped as JSON does."""
    wipes = _customer(db, first="\x1b[2J\x1b[H", last="Smith\u202e")
    add_note(db, wipes, "Paid\rRefunded \x9b31m in full")
    base = ["--db", str(db_path)]
    assert main([*base, "note", "list", str(wipes)]) == 0
    assert main([*base, "search", "Smith"]) == 0
    assert main([*base, "card", str(wipes)]) == 0
    printed = capsys.readouterr()
    shown = printed.out + printed.err
    assert not any(c in shown for c in "\x1b\r\x9b\u202e"), shown
    assert "Paid\\rRefunded \\x9b31m in full" in shown and "\\x1b[2J\\x1b[H" in shown
    assert main([*base, "note", "list", str(wipes), "--json"]) == 0
    listed = capsys.readouterr().out
    assert (
        "\x1b" not in listed and json.loads(listed)[0]["body"] == "Paid\rRefunded \x9b31m in full"
    )


def test_a_follow_up_date_already_past_is_said_to_be_due_at_once(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bob = _customer(db)
    add = ["--db", str(db_path), "note", "add", str(bob), "Back pain", "--ask-on", "2020-01-02"]
    assert main(add) == 0
    assert "Jan 2, 2020 has passed, so this is due at once" in capsys.readouterr().err
