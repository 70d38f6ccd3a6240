"""Sealed at rest: after private notes are added, edited, made private and trashed, the
database file, its WAL and a fresh backup hold none of their words; owner search still
finds them, in memory."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from app.db import Database, open_database
from app.errors import RegularsError
from app.models import Customer, Prompt
from app.notes import add_note, delete_note, edit_note, list_notes, note_history, search_notes
from app.prompts import dismiss, mark_asked, prompts_for
from app.safety.access import PRIVATE_PLACEHOLDER
from app.safety.backups import backup_to
from tests.owner import protect

WORDS = ("Vorpalfirst", "Vorpalsecond", "Vorpaltrash", "Vorpalpublic", "Vorpalask")


def _bytes_with_words(paths: list[Path]) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        if path.exists():
            data = path.read_bytes()
            hits = [w for w in WORDS if w.encode() in data]
            if hits:
                found[path.name] = hits
    return found


def _ada(db: Database) -> int:
    with db.session() as session:
        ada = Customer(first_name="Ada", last_name="Lovelace")
        session.add(ada)
        session.flush()
        return ada.id


def test_private_words_never_reach_the_file_its_wal_or_a_backup(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    ada_id = _ada(db)
    owner = protect(db).access
    first = add_note(db, ada_id, "Vorpalfirst: money trouble", private=True)
    edit_note(db, first.id, body="Vorpalsecond: it got better", expected_revision=1, access=owner)
    gone = add_note(db, ada_id, "Vorpaltrash: wrong customer", private=True)
    delete_note(db, gone.id, access=owner)
    shared = add_note(db, ada_id, "Vorpalpublic: told everyone")
    edit_note(
        db,
        shared.id,
        body="Now kept to ourselves",
        expected_revision=1,
        private=True,
        access=owner,
    )
    due = add_note(
        db, ada_id, "Vorpalask: ask about the clinic", private=True, ask_on=date(2026, 1, 1)
    )
    shown = prompts_for(db, ada_id, today=date(2026, 1, 2), access=owner)
    asked = [p for p in shown if "Vorpalask" in p.text]
    assert asked
    mark_asked(db, asked[0], today=date(2026, 1, 2), access=owner)
    with db.session() as session:
        assert {p.text for p in session.query(Prompt)} == {PRIVATE_PLACEHOLDER}

    backup = backup_to(db_path, tmp_path / "fresh-backup.db")
    wal = db_path.with_name(f"{db_path.name}-wal")
    assert _bytes_with_words([db_path, wal, backup]) == {}

    assert [r.body for r in note_history(db, first.id, access=owner)] == [
        "Vorpalfirst: money trouble",
        "Vorpalsecond: it got better",
    ]
    wordings = note_history(db, shared.id, access=owner)
    assert wordings[0].body.startswith("Vorpalpublic") and wordings[-1].private
    assert [m.note_id for m in search_notes(db, "vorpalask clinic", access=owner)] == [due.id]
    assert search_notes(db, "vorpalask clinic") == []
    db.close()
    assert _bytes_with_words([db_path, wal]) == {}


def test_an_old_book_upgraded_then_given_a_passphrase_keeps_no_plain_private_note(
    tmp_path: Path,
) -> None:
    fixture = Path(__file__).parent.parent / "fixtures" / "filled-0001.sql"
    target = tmp_path / "old.db"
    conn = sqlite3.connect(target)
    conn.executescript(fixture.read_text(encoding="utf-8"))
    conn.execute(
        "UPDATE note SET private = 1, body = 'Vorpalfirst: ' || body || ?  WHERE id = 2",
        (" and more." * 300,),
    )
    conn.execute("UPDATE note_revision SET body = 'Vorpalfirst: ' || body WHERE note_id = 2")
    conn.commit()
    conn.close()
    with open_database(str(target)) as database:
        owner = protect(database).access
        bodies = [n.body for n in list_notes(database, 8, access=owner)]
    assert any(body.startswith("Vorpalfirst: Always asks") for body in bodies)
    assert _bytes_with_words([target, target.with_name("old.db-wal")]) == {}


def test_what_was_said_about_a_private_prompt_stays_private_and_sealed(
    db: Database, db_path: Path
) -> None:
    ada_id = _ada(db)
    owner = protect(db).access
    add_note(db, ada_id, "Ask about the Vorpalask scan", private=True, ask_on=date(2026, 1, 1))
    (prompt,) = prompts_for(db, ada_id, today=date(2026, 1, 2), access=owner)
    with pytest.raises(RegularsError, match="Only the owner may mark"):
        mark_asked(db, prompt, outcome="fine", today=date(2026, 1, 2))
    with pytest.raises(RegularsError, match="Only the owner may dismiss"):
        dismiss(db, prompt)
    said = "Vorpalsecond: all clear, relieved"
    note_id = mark_asked(db, prompt, outcome=said, today=date(2026, 1, 2), access=owner).note_id
    assert note_id is not None
    with db.session() as session:
        assert {p.text for p in session.query(Prompt)} == {PRIVATE_PLACEHOLDER}
    (outcome,) = [n for n in list_notes(db, ada_id, access=owner) if n.id == note_id]
    assert outcome.private and "all clear" in outcome.body
    assert all(n.id != note_id for n in list_notes(db, ada_id))
    wal = db_path.with_name(f"{db_path.name}-wal")
    assert _bytes_with_words([db_path, wal]) == {}
