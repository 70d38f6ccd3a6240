"""What the clerk does with a prompt: asked (maybe with what the customer said), dismissed,
or snoozed. Asked and dismissed are final once the short undo window is over
(``app.prompts.undo``); the row stays as history either way. Each returns the mark it
made, which is what undoing it needs."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from app.db import Database
from app.errors import RegularsError
from app.models import Note, NoteRevision, Prompt, PromptStatus, utcnow
from app.prompts.templates import Templates, default_templates
from app.prompts.undo import PromptMark, remember
from app.prompts.wording import short_date


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


def mark_asked(
    database: Database,
    prompt_id: int,
    *,
    outcome: str | None = None,
    author: str | None = None,
    today: date,
    templates: Templates | None = None,
) -> PromptMark:
    """Record that the prompt was asked; what the customer said becomes a note on them
    (with its first revision), so it is remembered like anything the owner writes.

    The mark's ``note_id`` is the new note's id, or None when nothing was said.
    """
    said = (outcome or "").strip() or None
    with database.session() as session:
        prompt = _open_prompt(session, prompt_id)
        mark = remember(prompt, PromptStatus.ASKED)
        prompt.status = PromptStatus.ASKED
        prompt.outcome = said
        prompt.resolved_at = utcnow()
        prompt.resolved_by = author
        if said is None:
            return mark
        body = (templates or default_templates()).say(
            "outcome",
            "note",
            prompt.source_key,
            outcome=said,
            prompt=prompt.text,
            date=short_date(today, today),
        )
        note = Note(customer_id=prompt.customer_id, body=body, author=author)
        note.revisions.append(NoteRevision(number=1, body=body, author=author))
        session.add(note)
        session.flush()
        return replace(mark, note_id=note.id)


def dismiss(database: Database, prompt_id: int, *, author: str | None = None) -> PromptMark:
    """Never show this prompt again (it stays in the history as dismissed)."""
    with database.session() as session:
        prompt = _open_prompt(session, prompt_id)
        mark = remember(prompt, PromptStatus.DISMISSED)
        prompt.status = PromptStatus.DISMISSED
        prompt.resolved_at = utcnow()
        prompt.resolved_by = author
        return mark


def snooze(database: Database, prompt_id: int, *, until: date) -> PromptMark:
    """Hide the prompt until ``until``; from that day on it shows again if still due."""
    with database.session() as session:
        prompt = _open_prompt(session, prompt_id)
        mark = remember(prompt, PromptStatus.SNOOZED)
        prompt.status = PromptStatus.SNOOZED
        prompt.snoozed_until = until
        return mark
