"""Notes the book refused when they were saved, saved once it takes them: one way for the
window and the command line.

A note whose Save (or ``regulars note add``/``edit``) met storage trouble or the shop's
server away is kept in a file of its own (``drafts.keep_refused``, ``keep_unsaved``),
sealed when private. The window saves those it was told to save by itself and offers the
rest back; a shop that works from scripts lists and saves them with ``regulars note
kept``. Either way a kept note lands as what it was: a new note with the kind, Pinned,
Don't bring up and ask-on date it was typed with, or an edit of its note (beside that
note, said so, when another register changed it meanwhile).
"""

from __future__ import annotations

from pathlib import Path

from app.customers.merge import merged_into
from app.db import Database
from app.notes.drafts import (
    Draft,
    EditOf,
    NoteFields,
    discard_refused,
    load_drafts,
)
from app.notes.service import EditSaved, NoteView, add_note, edit_or_beside
from app.safety.access import CLERK, Access


def save_typed(
    database: Database,
    customer_id: int,
    body: str,
    fields: NoteFields,
    *,
    private: bool,
    edit: EditOf | None,
    access: Access = CLERK,
) -> NoteView | EditSaved:
    """Save words typed for a customer as the note they were typed as: new, or an edit of
    note ``edit[0]`` as shown at revision ``edit[1]`` (beside it when it moved on)."""
    if edit is None:
        return add_note(
            database,
            customer_id,
            body,
            kind=fields.kind,
            pinned=fields.pinned,
            private=private,
            dont_bring_up=fields.dont_bring_up,
            ask_on=fields.ask_on,
        )
    return edit_or_beside(
        database,
        edit[0],
        customer_id=customer_id,
        body=body,
        expected_revision=edit[1],
        pinned=fields.pinned,
        private=private,
        dont_bring_up=fields.dont_bring_up,
        ask_on=fields.ask_on,
        access=access,
    )


def kept_notes(db_path: Path, *, access: Access = CLERK) -> list[Draft]:
    """The notes kept for the book at ``db_path`` after it refused them, oldest first,
    those ``access`` may see (a private one only for the owner). The note box's own
    drafts are not among them: they were never finished, and the window offers them."""
    return [draft for draft in load_drafts(db_path, access=access) if draft.refused is not None]


def save_kept(database: Database, draft: Draft, *, access: Access = CLERK) -> NoteView | EditSaved:
    """Save one kept note now and forget its file, on the customer's record as it lives on
    (one merged meanwhile: the record kept); refused as any note would be (its file
    stays), e.g. when its customer was forgotten meanwhile. A book that cannot be
    written (read-only here, its disk full) is refused before the save is tried, so the
    words are not kept a second time by the save's own guard."""
    with database.writing():
        saved = save_typed(
            database,
            merged_into(database, draft.customer_id),
            draft.text,
            draft.fields,
            private=draft.private,
            edit=draft.edit,
            access=access,
        )
    if draft.refused is not None:
        discard_refused(draft.refused)
    return saved
