"""The prompts a clerk sees on a card, remembered so they can be marked asked or dismissed.

Each call is one short session: read the customer's facts, run the rules, drop what the
history says is done or snoozed, keep the best few, and store those as ``Prompt`` rows
(once per source) so the card's buttons can refer to them by id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import RegularsError
from app.models import Prompt, PromptKind, PromptStatus
from app.prompts.engine import Ranked, candidates, rank, sales_allowed
from app.prompts.facts import RelatedFact, load_facts, load_related
from app.prompts.personal_rules import Audience
from app.prompts.purchase_rules import related_anchors
from app.prompts.rules import PromptRules, default_rules
from app.prompts.templates import Templates, default_templates
from app.safety.access import CLERK, PRIVATE_PLACEHOLDER, Access

__all__ = ["Audience", "PromptView", "prompts_for"]

DONE = (PromptStatus.ASKED, PromptStatus.DISMISSED)


@dataclass(frozen=True)
class PromptView:
    """One prompt as the card shows it; ``id`` is what Asked/Dismiss/Snooze refer to."""

    id: int | None
    customer_id: int
    kind: PromptKind
    text: str
    reason: str
    source_key: str
    suggestion: bool
    score: float


def _still_wanted(row: Prompt | None, today: date) -> bool:
    """Asked and dismissed prompts never return; snoozed ones return on their day."""
    if row is None:
        return True
    if row.status in DONE:
        return False
    return row.snoozed_until is None or row.snoozed_until <= today


def _remember(
    session: Session, customer_id: int, ranked: Ranked, row: Prompt | None, private: bool
) -> int:
    """The stored row for this prompt, created once per (customer, source) and kept current.

    The insert ignores a row another window just wrote, so two cards opened at once never
    clash on the unique (customer, source) pair. A prompt from a private note is stored
    without its words, which stay sealed in the note.
    """
    c = ranked.candidate
    values = {
        "text": PRIVATE_PLACEHOLDER if private else c.text[:500],
        "reason": c.reason[:200],
        "due_from": c.due_from,
        "due_until": c.due_until,
    }
    if row is None:
        session.execute(
            insert(Prompt)
            .values(customer_id=customer_id, kind=c.kind, source_key=c.source_key, **values)
            .on_conflict_do_nothing(index_elements=["customer_id", "source_key"])
        )
        found = session.scalar(
            select(Prompt.id).where(
                Prompt.customer_id == customer_id, Prompt.source_key == c.source_key
            )
        )
        if found is None:
            raise RegularsError(f"Could not store the prompt {c.source_key!r}.")
        return found
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
    if row.status == PromptStatus.SNOOZED:
        row.status = PromptStatus.OPEN
    return row.id


def prompts_for(
    database: Database,
    customer_id: int,
    *,
    today: date,
    limit: int = 3,
    access: Access = CLERK,
    rules: PromptRules | None = None,
    templates: Templates | None = None,
) -> list[PromptView]:
    """The best prompts for this customer today, best first, never more than ``limit`` nor
    the rules' ``max_prompts``; each stored so it can be marked asked, dismissed or snoozed.

    The owner's ``access`` adds prompts from private notes; the register never sees them.
    """
    if limit < 0:
        raise RegularsError("The number of prompts to show cannot be negative.")
    rules = rules or default_rules()
    templates = templates or default_templates()
    with database.session() as session:
        facts = load_facts(session, customer_id, today, access)
        private = {f"note:{n.id}:{n.ask_on}" for n in facts.notes if n.private}
        related: tuple[RelatedFact, ...] = ()
        if rules.related.enabled and sales_allowed(facts, rules):
            anchors = related_anchors(facts.lines, today, rules)
            related = load_related(session, customer_id, anchors, rules.related.min_customers)
        found = candidates(
            facts,
            related,
            today=today,
            rules=rules,
            templates=templates,
            audience="owner" if access.owner else "register",
        )
        history = {
            row.source_key: row
            for row in session.scalars(select(Prompt).where(Prompt.customer_id == customer_id))
        }
        shown = [
            r
            for r in rank(found, rules)
            if _still_wanted(history.get(r.candidate.source_key), today)
        ]
        return [
            PromptView(
                id=_remember(
                    session,
                    customer_id,
                    r,
                    history.get(r.candidate.source_key),
                    r.candidate.source_key in private,
                ),
                customer_id=customer_id,
                kind=r.candidate.kind,
                text=r.candidate.text,
                reason=r.candidate.reason,
                source_key=r.candidate.source_key,
                suggestion=r.candidate.kind == PromptKind.RELATED,
                score=round(r.score, 4),
            )
            for r in shown[: min(limit, rules.max_prompts)]
        ]
