"""Taking back a mark on a prompt (asked, dismissed, snoozed, a Today row done) for a
little while after it was made: a slip of the finger at the register should not lose a
question for good. The rule (how long, and only while nobody changed it since) lives
here so the window and the command line keep it the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.db import Database
from app.errors import RegularsError
from app.i18n import _
from app.models import Note, Prompt, PromptStatus, utcnow

UNDO_MINUTES = 15
UNDO_WINDOW = timedelta(minutes=UNDO_MINUTES)


@dataclass(frozen=True)
class PromptMark:
    """What a prompt was before a mark, so the mark can be undone; ``note_id`` is the note
    that what the customer said became, if any."""

    prompt_id: int
    marked: PromptStatus
    marked_at: datetime
    status: PromptStatus
    snoozed_until: date | None
    outcome: str | None
    resolved_at: datetime | None
    resolved_by: str | None
    note_id: int | None = None


def remember(prompt: Prompt, marked: PromptStatus) -> PromptMark:
    """The prompt as it is now, before it is marked ``marked`` (call before changing it)."""
    return PromptMark(
        prompt_id=prompt.id,
        marked=marked,
        marked_at=utcnow(),
        status=prompt.status,
        snoozed_until=prompt.snoozed_until,
        outcome=prompt.outcome,
        resolved_at=prompt.resolved_at,
        resolved_by=prompt.resolved_by,
    )


def undo_mark(database: Database, mark: PromptMark, *, now: datetime | None = None) -> None:
    """Put the prompt back as it was before ``mark`` and drop the note its answer became.
    Refused after ``UNDO_MINUTES`` or when the prompt was marked again since."""
    if (now or utcnow()) - mark.marked_at > UNDO_WINDOW:
        raise RegularsError(
            _("That was more than {undo_minutes} minutes ago; it can no longer be undone.").format(
                undo_minutes=UNDO_MINUTES
            )
        )
    with database.session() as session:
        prompt = session.get(Prompt, mark.prompt_id)
        if prompt is None:
            raise RegularsError(_("That question is gone (its customer was forgotten or merged)."))
        if prompt.status != mark.marked:
            raise RegularsError(_("That question was changed again since; nothing was undone."))
        prompt.status = mark.status
        prompt.snoozed_until = mark.snoozed_until
        prompt.outcome = mark.outcome
        prompt.resolved_at = mark.resolved_at
        prompt.resolved_by = mark.resolved_by
        if mark.note_id is not None:
            note = session.get(Note, mark.note_id)
            if note is not None and note.customer_id == prompt.customer_id:
                session.delete(note)
