"""All rules together, then tact and ranking: which prompts a customer could hear today.

Pure computation on ``CustomerFacts`` with ``today`` passed in, so the same facts and day
always give the same prompts, in the same order, with the same words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.prompts.ageing import AgeingRules, aged_facts
from app.prompts.candidate import Candidate
from app.prompts.facts import CustomerFacts, RelatedFact
from app.prompts.gift_rules import gift_reminders
from app.prompts.personal_rules import (
    Audience,
    customer_years,
    notes_due,
    occasions,
    welcome_back,
)
from app.prompts.purchase_rules import follow_ups, running_low, suggestion
from app.prompts.rules import PromptRules
from app.prompts.templates import Templates


@dataclass(frozen=True)
class Ranked:
    """A candidate with its score: weight of its kind times how timely it is."""

    candidate: Candidate
    score: float


def sales_allowed(facts: CustomerFacts, rules: PromptRules) -> bool:
    """Whether sales-style prompts may show: not for a customer who asked not to be
    marketed to, nor (by default) for one who said no to contact."""
    if facts.no_sales_prompts:
        return False
    return not (rules.respect_contact_consent and facts.contact_consent is False)


def candidates(
    facts: CustomerFacts,
    related: tuple[RelatedFact, ...],
    *,
    today: date,
    rules: PromptRules,
    templates: Templates,
    audience: Audience,
    ageing: AgeingRules | None = None,
    language: str = "en",
) -> list[Candidate]:
    """Every prompt the rules propose for today, after tact (not yet history or limit);
    facts that aged only with ``ageing`` rules (their notes read in ``language``)."""
    lines = facts.lines
    found: list[Candidate] = [
        *notes_due(facts, today, rules, templates, audience),
        *occasions(facts, today, rules, templates),
        *customer_years(facts, today, rules, templates),
        *welcome_back(facts, today, rules, templates),
        *follow_ups(lines, today, rules, templates),
        *running_low(lines, today, rules, templates),
    ]
    if ageing is not None:
        found.extend(
            aged_facts(
                facts.kept_notes,
                today,
                ageing,
                audience,
                language=language,
                note_max_chars=rules.note_max_chars,
            )
        )
    found.extend(gift_reminders(facts, today, rules, sales=sales_allowed(facts, rules)))
    if rules.related.enabled:
        found.extend(suggestion(lines, related, today, rules, templates))
    if not sales_allowed(facts, rules):
        found = [c for c in found if c.kind not in rules.sales_kinds]
    return found


def rank(found: Iterable[Candidate], rules: PromptRules) -> list[Ranked]:
    """Best first: personal and timely beats generic; ties are broken by source, stably."""
    ranked = [
        Ranked(c, rules.weights[c.kind] * (0.5 + 0.5 * max(0.0, min(1.0, c.timeliness))))
        for c in found
    ]
    ranked.sort(key=lambda r: (-r.score, r.candidate.source_key))
    return ranked
