"""Finding notes that may hold one of several phrases, case aside, the same on SQLite and
on a server (where the text is lower-cased once for every phrase): a phrase's own dots,
brackets, plus signs, percent signs, underscores and backslashes are letters, not
patterns."""

from __future__ import annotations

from sqlalchemy import select

from app.customers import NewCustomer, add_customer
from app.db import Database
from app.dialects import holds_any_ignoring_case
from app.models import Note
from app.notes import add_note


def test_any_phrase_matches_case_aside_and_signs_are_taken_literally(db: Database) -> None:
    ann = add_customer(db, NewCustomer(first_name="Ann", last_name="Lee"))
    bodies = ("Got a NEW PUPPY", "size 3+ shoes", "due in (May)", "a.b.c", "axbxc", "none")
    for body in (*bodies, "50% off", "500 off", "snake_case", "snakeXcase", "C:\\new", "C:new"):
        add_note(db, ann, body)
    words = ["new puppy", "3+", "(may)", "a.b", "0%", "e_c", "\\n"]
    with db.reading() as session:
        dialect = session.get_bind().dialect
        where = holds_any_ignoring_case(dialect, Note.body, words)
        found = set(session.scalars(select(Note.body).where(where)))
    assert found == {
        "Got a NEW PUPPY",
        "size 3+ shoes",
        "due in (May)",
        "a.b.c",
        "50% off",
        "snake_case",
        "C:\\new",
    }
