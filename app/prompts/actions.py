"""What the clerk does with a prompt: asked (maybe with what the customer said), dismissed,
or snoozed. Asked and dismissed are final once the short undo window is over
(``app.prompts.undo``); the row stays as history either way. Each returns the mark it
made, which is what undoing it needs.

This is where a shown prompt is first stored (once per customer and source), inside the
write that acts on it: showing a card never writes.

A prompt drawn from a private note is the owner's: only owner access marks it, what the
customer said then becomes a private note (sealed like any other), and the prompt row
keeps no copy of the words.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import RegularsError
from app.i18n import _
from app.models import Customer, Note, NoteRevision, Prompt, PromptStatus, utcnow
from app.notes.service import public_key
from app.prompts.service import PromptView
from app.prompts.templates import Templates, default_templates
from app.prompts.undo import PromptMark, remember
from app.prompts.wording import short_date
from app.safety.access import CLERK, PRIVATE_PLACEHOLDER, Access
from app.safety.sealing import seal


def _from_private_note(session: Session, source_key: str) -> bool:
    parts = source_key.split(":")
    if parts[0] != "note" or len(parts) < 2 or not parts[1].isdigit():
        return False
    note = session.get(Note, int(parts[1]))
    return note is not None and note.private


def _open_prompt(
    session: Session, shown: PromptView, access: Access, what: str
) -> tuple[Prompt, bool]:
    """The stored row for the prompt shown (stored now if it never was) and whether it
    came from a private note; refused if its customer is gone, if it was already asked or
    dismissed (that stays so), or if it is the owner's and ``access`` is not."""
    private = _from_private_note(session, shown.source_key)
    if private:
        access.require_owner(f"{what} a prompt from a private note")
    prompt = session.scalars(
        select(Prompt).where(
            Prompt.customer_id == shown.customer_id, Prompt.source_key == shown.source_key
        )
    ).one_or_none()
    if prompt is None:
        if session.get(Customer, shown.customer_id) is None:
            raise RegularsError(
                _("There is no customer with id {customer_id}.").format(
                    customer_id=shown.customer_id
                )
            )
        prompt = Prompt(
            customer_id=shown.customer_id,
            kind=shown.kind,
            source_key=shown.source_key,
            text=PRIVATE_PLACEHOLDER if private else shown.text[:500],
            reason=shown.reason[:200],
            due_from=shown.due_from,
            due_until=shown.due_until,
            status=PromptStatus.OPEN,
        )
        session.add(prompt)
        session.flush()
    elif prompt.status in (PromptStatus.ASKED, PromptStatus.DISMISSED):
        raise RegularsError(
            _("“{text}” was already marked {status}; it stays that way.").format(
                text=prompt.text, status=prompt.status.value
            )
        )
    return prompt, private


def _outcome_note(
    prompt: Prompt, body: str, author: str | None, *, private: bool, key: bytes | None
) -> Note:
    """What was said, as a note; private (sealed with ``key`` once there is one) when the
    prompt came from a private note."""
    stored, sealed = ("", seal(key, body)) if private and key is not None else (body, None)
    note = Note(
        customer_id=prompt.customer_id, body=stored, sealed=sealed, author=author, private=private
    )
    note.revisions.append(
        NoteRevision(number=1, body=stored, sealed=sealed, author=author, private=private)
    )
    return note


def mark_asked(
    database: Database,
    prompt: PromptView,
    *,
    outcome: str | None = None,
    author: str | None = None,
    today: date,
    templates: Templates | None = None,
    access: Access = CLERK,
) -> PromptMark:
    """Record that the prompt was asked; what the customer said becomes a note on them
    (with its first revision), so it is remembered like anything the owner writes.

    The mark's ``note_id`` is the new note's id, or None when nothing was said.
    """
    said = (outcome or "").strip() or None
    with database.session() as session:
        stored, private = _open_prompt(session, prompt, access, "mark")
        mark = remember(stored, PromptStatus.ASKED)
        stored.status = PromptStatus.ASKED
        stored.outcome = PRIVATE_PLACEHOLDER if private and said else said
        stored.resolved_at = utcnow()
        stored.resolved_by = author
        if said is None:
            return mark
        body = (templates or default_templates()).say(
            "outcome",
            "note",
            stored.source_key,
            outcome=said,
            prompt=stored.text,
            date=short_date(today, today),
        )
        note = _outcome_note(
            stored, body, author, private=private, key=public_key(session) if private else None
        )
        session.add(note)
        session.flush()
        return replace(mark, note_id=note.id)


def dismiss(
    database: Database, prompt: PromptView, *, author: str | None = None, access: Access = CLERK
) -> PromptMark:
    """Never show this prompt again (it stays in the history as dismissed)."""
    with database.session() as session:
        stored, _ = _open_prompt(session, prompt, access, "dismiss")
        mark = remember(stored, PromptStatus.DISMISSED)
        stored.status = PromptStatus.DISMISSED
        stored.resolved_at = utcnow()
        stored.resolved_by = author
        return mark


def snooze(
    database: Database, prompt: PromptView, *, until: date, access: Access = CLERK
) -> PromptMark:
    """Hide the prompt until ``until``; from that day on it shows again if still due."""
    with database.session() as session:
        stored, _ = _open_prompt(session, prompt, access, "snooze")
        mark = remember(stored, PromptStatus.SNOOZED)
        stored.status = PromptStatus.SNOOZED
        stored.snoozed_until = until
        return mark
