"""What the clerk does with a prompt: asked (maybe with what the customer said), dismissed,
or snoozed. Asked and dismissed are final; the row stays as history either way.

A prompt drawn from a private note is the owner's: only owner access marks it asked, and
what the customer said then becomes a private note (sealed like any other), with the
prompt row keeping no copy of the words."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.db import Database
from app.errors import RegularsError
from app.models import Note, NoteRevision, Prompt, PromptStatus, utcnow
from app.notes.service import public_key
from app.prompts.templates import Templates, default_templates
from app.prompts.wording import short_date
from app.safety.access import CLERK, PRIVATE_PLACEHOLDER, Access
from app.safety.sealing import seal


def _open_prompt(session: Session, prompt_id: int) -> Prompt:
    """The prompt, refused if unknown or already resolved (asked or dismissed stay so)."""
    prompt = session.get(Prompt, prompt_id)
    if prompt is None:
        raise RegularsError(f"There is no prompt with id {prompt_id}.")
    if prompt.status in (PromptStatus.ASKED, PromptStatus.DISMISSED):
        raise RegularsError(
            f"Prompt {prompt_id} was already marked {prompt.status.value}; it stays that way."
        )
    return prompt


def _from_private_note(session: Session, prompt: Prompt) -> bool:
    parts = prompt.source_key.split(":")
    if parts[0] != "note" or len(parts) < 2 or not parts[1].isdigit():
        return False
    note = session.get(Note, int(parts[1]))
    return note is not None and note.private


def _outcome_note(session: Session, prompt: Prompt, body: str, author: str | None) -> Note:
    """What was said, as a note; private (and sealed once there is a key) when the prompt
    came from a private note."""
    private = _from_private_note(session, prompt)
    key = public_key(session) if private else None
    stored, sealed = ("", seal(key, body)) if key is not None else (body, None)
    note = Note(
        customer_id=prompt.customer_id, body=stored, sealed=sealed, author=author, private=private
    )
    note.revisions.append(
        NoteRevision(number=1, body=stored, sealed=sealed, author=author, private=private)
    )
    return note


def mark_asked(
    database: Database,
    prompt_id: int,
    *,
    outcome: str | None = None,
    author: str | None = None,
    today: date,
    templates: Templates | None = None,
    access: Access = CLERK,
) -> int | None:
    """Record that the prompt was asked; what the customer said becomes a note on them
    (with its first revision), so it is remembered like anything the owner writes.

    Returns the new note's id, or None when nothing was said.
    """
    said = (outcome or "").strip() or None
    with database.session() as session:
        prompt = _open_prompt(session, prompt_id)
        private = _from_private_note(session, prompt)
        if private:
            access.require_owner("mark a prompt from a private note")
        prompt.status = PromptStatus.ASKED
        prompt.outcome = PRIVATE_PLACEHOLDER if private and said else said
        prompt.resolved_at = utcnow()
        prompt.resolved_by = author
        if said is None:
            return None
        body = (templates or default_templates()).say(
            "outcome",
            "note",
            prompt.source_key,
            outcome=said,
            prompt=prompt.text,
            date=short_date(today, today),
        )
        note = _outcome_note(session, prompt, body, author)
        session.add(note)
        session.flush()
        return note.id


def dismiss(
    database: Database, prompt_id: int, *, author: str | None = None, access: Access = CLERK
) -> None:
    """Never show this prompt again (it stays in the history as dismissed); one from a
    private note only for the owner."""
    with database.session() as session:
        prompt = _open_prompt(session, prompt_id)
        if _from_private_note(session, prompt):
            access.require_owner("dismiss a prompt from a private note")
        prompt.status = PromptStatus.DISMISSED
        prompt.resolved_at = utcnow()
        prompt.resolved_by = author


def snooze(database: Database, prompt_id: int, *, until: date) -> None:
    """Hide the prompt until ``until``; from that day on it shows again if still due."""
    with database.session() as session:
        prompt = _open_prompt(session, prompt_id)
        prompt.status = PromptStatus.SNOOZED
        prompt.snoozed_until = until
