"""Done and snoozed rows of the Today view, remembered in the prompt history.

No table of its own: a row's key becomes a ``Prompt.source_key`` for its customer, so
the state survives restarts, follows the card's rules (asked or dismissed is final, a
snooze ends on its day) and disappears with the customer when they are forgotten. A
follow-up row's key is the card's own key for that note ("note:<id>:<ask-on>"), so a
follow-up marked done here is asked on the card too, and one asked at the register
leaves the Today view; so are facts that aged ("aged:") and gift reminders ("gift:").
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.db import Database
from app.dialects import insert_ignoring_duplicates
from app.errors import RegularsError
from app.i18n import _
from app.models import Customer, Note, Prompt, PromptKind, PromptStatus, Relation, utcnow
from app.prompts.gift_rules import GIFT_PREFIX
from app.prompts.service import DONE
from app.prompts.undo import PromptMark, remember
from app.prompts.wording import shorten
from app.safety.access import CLERK, PRIVATE_PLACEHOLDER, Access

Action = Literal["done", "snooze"]
ACTIONS: tuple[Action, ...] = ("done", "snooze")
TODAY_PREFIX = "today:"
NOTE_PREFIX = "note:"
AGED_PREFIX = "aged:"

KINDS = {
    "birthday": PromptKind.OCCASION,
    "occasion": PromptKind.OCCASION,
    "years": PromptKind.CUSTOMER_YEARS,
    "new": PromptKind.CUSTOMER_YEARS,
    "overdue": PromptKind.WELCOME_BACK,
    "likely": PromptKind.WELCOME_BACK,
}
"""Each Today row kind stored under the nearest prompt kind (the column is a closed list)."""


def today_key(kind: str, customer_id: int, *parts: object) -> str:
    """ "today:<kind>:<customer>:<what>", e.g. "today:overdue:42:2026-10-12"."""
    return ":".join((f"{TODAY_PREFIX}{kind}:{customer_id}", *map(str, parts)))


def note_key(note_id: int, ask_on: date) -> str:
    """The card's key for a note's follow-up (``personal_rules.notes_due`` makes the same)."""
    return f"{NOTE_PREFIX}{note_id}:{ask_on.isoformat()}"


def hidden_keys(session: Session, today: date) -> set[str]:
    """Keys of Today rows marked done, or snoozed past ``today`` (the card's rule too)."""
    return set(
        session.scalars(
            select(Prompt.source_key).where(
                or_(Prompt.status.in_(DONE), Prompt.snoozed_until > today),
                or_(
                    Prompt.source_key.startswith(TODAY_PREFIX),
                    Prompt.source_key.startswith(NOTE_PREFIX),
                    Prompt.source_key.startswith(AGED_PREFIX),
                    Prompt.source_key.startswith(GIFT_PREFIX),
                ),
            )
        )
    )


def _refused(key: str) -> RegularsError:
    return RegularsError(_("'{key}' is not a row of the Today view.").format(key=key))


def _whole(text: str, key: str) -> int:
    if not text.isdigit():
        raise _refused(key)
    return int(text)


def _target(session: Session, key: str, access: Access) -> tuple[int, PromptKind, str, date | None]:
    """Whose row ``key`` is, its prompt kind, a text to store, and its due date if known.
    A note's row (a follow-up, or a fact that aged: the card's keys) is its customer's; a
    private note's row is the owner's to mark (for anyone else it is not there), and is
    stored without its words. A gift reminder's row (the card's key too) is the buyer's."""
    parts = key.split(":")
    if key.startswith((NOTE_PREFIX, AGED_PREFIX)) and len(parts) == 3:
        note = session.get(Note, _whole(parts[1], key))
        follow_up = key.startswith(NOTE_PREFIX)
        if (
            note is None
            or (note.private and not access.owner)
            or note.deleted_at is not None
            or (follow_up and note.ask_on is None)
        ):
            raise RegularsError(
                _("'{key}': that note is gone or has no ask-on date.").format(key=key)
            )
        text = PRIVATE_PLACEHOLDER if note.private else shorten(note.body, 200)
        return note.customer_id, PromptKind.NOTE, text, note.ask_on if follow_up else None
    if key.startswith(GIFT_PREFIX) and len(parts) in (5, 6):
        relation = session.get(Relation, _whole(parts[1], key))
        if relation is None:
            raise RegularsError(_("'{key}': that household member is gone.").format(key=key))
        return relation.customer_id, PromptKind.OCCASION, "Today: gift", None
    if key.startswith(TODAY_PREFIX) and len(parts) >= 3 and parts[1] in KINDS:
        customer_id = _whole(parts[2], key)
        if session.get(Customer, customer_id) is None:
            raise RegularsError(
                _("'{key}': there is no customer with id {customer_id}.").format(
                    key=key, customer_id=customer_id
                )
            )
        return customer_id, KINDS[parts[1]], f"Today: {parts[1]}", None
    raise _refused(key)


def mark_today_row(
    database: Database,
    key: str,
    action: str = "done",
    *,
    today: date,
    until: date | None = None,
    access: Access = CLERK,
) -> PromptMark | None:
    """Mark a Today row done (it never shows again) or snooze it until ``until`` (tomorrow
    unless given), when it shows again if it is still due. Done is final once the undo
    window is over (``app.prompts.undo``): marking it again changes nothing (None is
    returned), snoozing it is refused. The mark returned is what undoing it needs."""
    if action not in ACTIONS:
        raise RegularsError(
            _("Unknown action {action!r}; use 'done' or 'snooze'.").format(action=action)
        )
    if action == "done" and until is not None:
        raise RegularsError(_("A date to come back on only goes with 'snooze'."))
    back_on = until or today + timedelta(days=1)
    if action == "snooze" and back_on <= today:
        raise RegularsError(
            _("Snooze until a day after {today}, not {back_on}.").format(
                today=today.isoformat(), back_on=back_on
            )
        )
    with database.session() as session:
        customer_id, kind, text, due = _target(session, key, access)
        session.execute(
            insert_ignoring_duplicates(
                session.get_bind().dialect,
                Prompt,
                {
                    "customer_id": customer_id,
                    "kind": kind,
                    "source_key": key,
                    "text": text,
                    "reason": "marked on the Today view",
                    "due_from": due or today,
                },
                ["customer_id", "source_key"],
            )
        )
        prompt = session.scalars(
            select(Prompt).where(Prompt.customer_id == customer_id, Prompt.source_key == key)
        ).one()
        if prompt.status in DONE:
            if action == "snooze":
                raise RegularsError(
                    _("'{key}' was already marked done; it stays that way.").format(key=key)
                )
            return None
        mark = remember(prompt, PromptStatus.ASKED if action == "done" else PromptStatus.SNOOZED)
        if action == "done":
            prompt.status = PromptStatus.ASKED
            prompt.resolved_at = utcnow()
        else:
            prompt.status = PromptStatus.SNOOZED
            prompt.snoozed_until = back_on
        return mark
