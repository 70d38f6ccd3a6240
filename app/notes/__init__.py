"""The owner's notes on customers: written in seconds, every wording kept, nothing lost.

Each public function is one short session returning frozen values; drafts live in small
files beside the database folder so text being typed survives a crash.
"""

from app.notes.ask_on import ask_on_shortcut
from app.notes.drafts import (
    Draft,
    EditOf,
    NoteFields,
    discard_draft,
    discard_refused,
    keep_refused,
    load_drafts,
    park_draft,
    save_draft,
)
from app.notes.search import NoteMatch, search_notes
from app.notes.service import (
    MAX_NOTE_CHARS,
    NOTE_KINDS,
    UNCHANGED,
    EditSaved,
    NoteRevisionView,
    NoteView,
    add_note,
    check_body,
    current_revision,
    delete_note,
    edit_note,
    edit_or_beside,
    keeping_edit,
    keeping_note,
    list_notes,
    list_trash,
    note_history,
    restore_note,
)

__all__ = [
    "MAX_NOTE_CHARS",
    "NOTE_KINDS",
    "UNCHANGED",
    "Draft",
    "EditOf",
    "EditSaved",
    "NoteFields",
    "NoteMatch",
    "NoteRevisionView",
    "NoteView",
    "add_note",
    "ask_on_shortcut",
    "check_body",
    "current_revision",
    "delete_note",
    "discard_draft",
    "discard_refused",
    "edit_note",
    "edit_or_beside",
    "keep_refused",
    "keeping_edit",
    "keeping_note",
    "list_notes",
    "list_trash",
    "load_drafts",
    "note_history",
    "park_draft",
    "restore_note",
    "save_draft",
    "search_notes",
]
