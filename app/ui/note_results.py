"""The search box asking the notes: "?fly fishing" lists who told the owner about it.

A leading ``?`` turns the box from a name lookup into a question about the notes, so the
owner needs no second box or mode switch, and no name or phone starts with one. The
answers come back in the shape the results list already shows (``SearchHit``): the
customer's name, the piece of the note that matched beneath it, and "note: …" as the
reason, so Enter opens that customer's card as usual.
"""

from __future__ import annotations

from app.db import Database
from app.notes import NoteMatch, search_notes
from app.safety.access import Access
from app.search import SearchHit

NOTE_PREFIX = "?"
NOTE_LIMIT = 50


def note_question(text: str) -> str | None:
    """The question when ``text`` asks the notes (starts with ``?``), else ``None``."""
    stripped = text.lstrip()
    if not stripped.startswith(NOTE_PREFIX):
        return None
    return stripped[len(NOTE_PREFIX) :].strip()


def note_hit(match: NoteMatch) -> SearchHit:
    """One customer's row: the newest matching note's snippet as the detail."""
    count = "1 matching note" if match.notes_matched == 1 else f"{match.notes_matched} notes"
    return SearchHit(
        customer_id=match.customer_id,
        display_name=match.display_name,
        score=1.0,
        reason=f"note: {count}",
        detail=match.snippet,
    )


def search_notes_as_hits(
    database: Database, question: str, *, access: Access, limit: int = NOTE_LIMIT
) -> list[SearchHit]:
    """Rows for the customers whose notes mention every word of ``question``; none while
    only the ``?`` is typed. Private notes count only for the owner."""
    if not question.strip():
        return []
    matches = search_notes(database, question, access=access, limit=limit)
    return [note_hit(match) for match in matches]
