"""Asking the notes from the search box: "?fly fishing" rows in the results list's shape."""

from __future__ import annotations

import pytest

from app.customers import NewCustomer, add_customer
from app.db import Database
from app.notes import add_note
from app.safety.access import CLERK, Access
from app.ui.note_results import note_question, search_notes_as_hits


def _shop(db: Database) -> dict[str, int]:
    bob = add_customer(db, NewCustomer(first_name="Robert", last_name="Smith"))
    ann = add_customer(db, NewCustomer(first_name="Ann", last_name="Lee"))
    add_note(db, bob, "Goes fly fishing on the Test every May")
    add_note(db, bob, "Wants a new fly fishing reel for his birthday")
    add_note(db, ann, "Her brother taught her fly fishing", private=True)
    add_note(db, ann, "Likes to talk about her garden")
    return {"bob": bob, "ann": ann}


@pytest.mark.parametrize(
    ("typed", "question"),
    [("?fly fishing", "fly fishing"), ("  ? fly ", "fly"), ("?", ""), ("Robert", None)],
)
def test_a_leading_question_mark_asks_the_notes(typed: str, question: str | None) -> None:
    assert note_question(typed) == question


def test_the_owner_sees_who_mentioned_it_with_the_note(db: Database) -> None:
    people = _shop(db)
    hits = search_notes_as_hits(db, "fly fishing", access=Access(owner=True))
    assert [(h.customer_id, h.display_name, h.reason) for h in hits] == [
        (people["bob"], "Robert Smith", "note: 2 notes"),
        (people["ann"], "Ann Lee", "note: 1 matching note"),
    ]
    assert hits[0].detail == "Wants a new fly fishing reel for his birthday"
    assert hits[1].detail == "Her brother taught her fly fishing"


def test_the_register_never_sees_private_notes(db: Database) -> None:
    people = _shop(db)
    hits = search_notes_as_hits(db, "FLY", access=CLERK)
    assert [h.customer_id for h in hits] == [people["bob"]]


def test_a_bare_question_mark_lists_nobody(db: Database) -> None:
    _shop(db)
    assert search_notes_as_hits(db, "  ", access=Access(owner=True)) == []
