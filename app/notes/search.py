"""Answering "who told me about fly fishing?": the customers whose notes mention it.

Notes are compared the way the register compares names (``fold``: no case, no accents),
so "cafe" finds "Café". Every word of the question must appear in the same note, in any
order. SQLite narrows the notes down first; it is an owner's occasional question, not a
per-keystroke lookup. Private notes count only for the owner; sealed ones are opened in
memory with the owner's key and searched there, since SQLite sees only their seal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import and_, or_, select

from app.db import Database
from app.dialects import contains_ignoring_case, has_non_ascii
from app.errors import RegularsError
from app.i18n import _
from app.models import Customer, Note
from app.safety.access import CLERK, Access
from app.search.normalize import fold

SNIPPET_CHARS = 80
DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class NoteMatch:
    """One customer and the newest of their notes that mention the question."""

    customer_id: int
    display_name: str
    note_id: int
    snippet: str
    notes_matched: int


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@lru_cache(maxsize=4096)
def _fold_run(run: str) -> str:
    return fold(run)


def _fold_note(body: str) -> str:
    """``fold(body)``, fast: folding works letter by letter, so only the (few, repeating)
    non-ASCII runs need the full treatment and the rest is a plain ``lower``."""
    if body.isascii():
        return body.lower()
    return _NON_ASCII.sub(lambda run: _fold_run(run.group()), body).lower()


def _snippet(body: str, folded: str, word: str) -> str:
    """A short piece of the note around the first word of the question, from a word start.

    Folding can change a text's length (ß → ss), so the position found in the folded
    text is only used when the lengths agree; otherwise the note's start is shown.
    """
    at = folded.find(word) if len(folded) == len(body) else 0
    lead = at - SNIPPET_CHARS // 4
    start = body.rfind(" ", 0, lead) + 1 if lead > 0 else 0
    piece = " ".join(body[start : start + SNIPPET_CHARS].split())
    return ("…" if start else "") + piece + ("…" if start + SNIPPET_CHARS < len(body) else "")


def search_notes(
    database: Database, text: str, *, access: Access = CLERK, limit: int = DEFAULT_LIMIT
) -> list[NoteMatch]:
    """Customers whose notes (not the trashed ones) mention every word of ``text``, those
    with the most such notes first. Private notes count only for the owner.

    SQLite's ``LIKE`` ignores case for ASCII letters exactly as ``fold`` does, so it alone
    decides for all-ASCII notes (as many characters as bytes); notes with any other
    character are folded in Python.
    """
    words = fold(text).split()
    if not words:
        raise RegularsError(_("Type something to look for in the notes."))
    dialect = database.engine.dialect
    ascii_match = and_(*(contains_ignoring_case(dialect, Note.body, word) for word in words))
    not_ascii = has_non_ascii(dialect, Note.body)
    query = (
        select(Note.id, Note.customer_id, Note.body, Note.sealed)
        .where(Note.deleted_at.is_(None), or_(ascii_match, not_ascii, Note.sealed.is_not(None)))
        .order_by(Note.created_at.desc(), Note.id.desc())
    )
    if not access.owner:
        query = query.where(Note.private.is_(False))
    newest: dict[int, tuple[int, str]] = {}
    counts: dict[int, int] = {}
    with database.reading() as session:
        for note_id, customer_id, stored, sealed in session.execute(query):
            body = access.read(stored, sealed)
            folded = _fold_note(body)
            if all(word in folded for word in words):
                if customer_id not in newest:
                    newest[customer_id] = (note_id, _snippet(body, folded, words[0]))
                counts[customer_id] = counts.get(customer_id, 0) + 1
        best = sorted(counts, key=lambda customer_id: -counts[customer_id])[:limit]
        names = {
            c.id: c.display_name
            for c in session.scalars(select(Customer).where(Customer.id.in_(best)))
        }
    return [NoteMatch(c, names[c], *newest[c], counts[c]) for c in best]
