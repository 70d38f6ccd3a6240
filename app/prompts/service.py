"""The prompts a clerk sees on a card: worked out, never written, when the card opens.

Each call is one short read: the customer's facts, the rules, then what the history says
is done or snoozed is dropped and the best few kept. A prompt becomes a ``Prompt`` row
only when someone acts on it (``app.prompts.actions``), so opening a card changes nothing
in the book and two windows showing the same card never race to store it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.db import Database
from app.errors import RegularsError
from app.i18n import _, current_language
from app.models import Prompt, PromptKind, PromptStatus
from app.prompts.ageing import default_ageing
from app.prompts.engine import candidates, rank, sales_allowed
from app.prompts.facts import RelatedFact, load_facts, load_related
from app.prompts.gift_rules import recalled_occasions
from app.prompts.personal_rules import Audience
from app.prompts.purchase_rules import related_anchors
from app.prompts.rules import PromptRules, default_rules
from app.prompts.templates import Templates, default_templates
from app.safety.access import CLERK, Access
from app.settings import load_settings

__all__ = ["Audience", "PromptView", "prompts_for"]

DONE = (PromptStatus.ASKED, PromptStatus.DISMISSED)


@dataclass(frozen=True)
class PromptView:
    """One prompt as the card shows it, with all Asked/Dismiss/Snooze need to store it;
    ``id`` is its stored row's, once someone has acted on it (a snoozed one, say)."""

    id: int | None
    customer_id: int
    kind: PromptKind
    text: str
    reason: str
    source_key: str
    suggestion: bool
    score: float
    due_from: date
    due_until: date | None


def _still_wanted(row: Prompt | None, today: date) -> bool:
    """Asked and dismissed prompts never return; snoozed ones return on their day."""
    if row is None:
        return True
    if row.status in DONE:
        return False
    return row.snoozed_until is None or row.snoozed_until <= today


def _stored_id(row: Prompt | None) -> int | None:
    return None if row is None else row.id


def prompts_for(
    database: Database,
    customer_id: int,
    *,
    today: date,
    limit: int | None = None,
    access: Access = CLERK,
    rules: PromptRules | None = None,
    templates: Templates | None = None,
) -> list[PromptView]:
    """The best prompts for this customer today, best first, never more than ``limit`` (by
    default the shop's ``prompts_per_card`` setting). Only reads: nothing is stored until
    someone acts on one.

    The owner's ``access`` adds prompts from private notes; the register never sees them.
    """
    if limit is None:
        limit = load_settings().prompts_per_card
    if limit < 0:
        raise RegularsError(_("The number of prompts to show cannot be negative."))
    rules = rules or default_rules()
    templates = templates or default_templates()
    ageing = default_ageing()
    with database.reading() as session:
        facts = load_facts(session, customer_id, today, access, ageing.read_kinds)
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
            ageing=ageing,
            language=current_language(),
        )
        history = {
            row.source_key: row
            for row in session.scalars(select(Prompt).where(Prompt.customer_id == customer_id))
        }
        wanted = [
            r
            for r in rank(found, rules)
            if _still_wanted(history.get(r.candidate.source_key), today)
        ]
        recalled = recalled_occasions([r.candidate.source_key for r in wanted])
        shown = [r for r in wanted if r.candidate.source_key not in recalled]
        return [
            PromptView(
                id=_stored_id(history.get(r.candidate.source_key)),
                customer_id=customer_id,
                kind=r.candidate.kind,
                text=r.candidate.text,
                reason=r.candidate.reason,
                source_key=r.candidate.source_key,
                suggestion=r.candidate.kind == PromptKind.RELATED,
                score=round(r.score, 4),
                due_from=r.candidate.due_from,
                due_until=r.candidate.due_until,
            )
            for r in shown[:limit]
        ]
