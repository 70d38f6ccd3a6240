"""Finding notes that may hold one of several phrases, case aside, the same on SQLite and
on a server (where it is one regular expression): a phrase's own dots, brackets and
plus signs are letters, not patterns."""

from __future__ import annotations

from sqlalchemy import select

from app.customers import NewCustomer, add_customer
from app.db import Database
from app.dialects import holds_any_ignoring_case
from app.models import Note
from app.notes import add_note


def test_any_phrase_matches_case_aside_and_signs_are_taken_literally(db: Database) -> None:
    ann = add_customer(db, NewCustomer(first_name="Ann", last_name="Lee"))
    for body in ("Got a NEW PUPPY", "size 3+ shoes", "due in (May)", "a.b.c", "axbxc", "none"):
        add_note(db, ann, body)
    with db.reading() as session:
        dialect = session.get_bind().dialect
        where = holds_any_ignoring_case(dialect, Note.body, ["new puppy", "3+", "(may)", "a.b"])
        found = set(session.scalars(select(Note.body).where(where)))
    assert found == {"Got a NEW PUPPY", "size 3+ shoes", "due in (May)", "a.b.c"}
