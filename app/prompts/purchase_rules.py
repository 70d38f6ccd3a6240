"""Prompts from what the customer bought: follow-ups, running low, and suggestions.

A durable bought once counts as owned for good, so no rule here ever offers another.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

from app.i18n import format_percent
from app.models import ProductKind, PromptKind
from app.prompts.candidate import Candidate
from app.prompts.facts import LineFact, RelatedFact, day_gaps
from app.prompts.rules import PromptRules
from app.prompts.templates import Templates
from app.prompts.wording import ago, every, short_date


def _by_category(lines: tuple[LineFact, ...], kinds: frozenset[str]) -> dict[int, list[LineFact]]:
    """Lines of some kinds grouped by category, oldest first (lines arrive sorted by date)."""
    grouped: dict[int, list[LineFact]] = defaultdict(list)
    for line in lines:
        if line.kind in kinds and line.category_id is not None:
            grouped[line.category_id].append(line)
    return grouped


DURABLE = frozenset({ProductKind.DURABLE.value})
CONSUMABLE = frozenset({ProductKind.CONSUMABLE.value})


def owned_categories(lines: tuple[LineFact, ...]) -> frozenset[int]:
    """Durable categories the customer has bought: never to be suggested again."""
    return frozenset(_by_category(lines, DURABLE))


def follow_ups(
    lines: tuple[LineFact, ...], today: date, rules: PromptRules, templates: Templates
) -> Iterator[Candidate]:
    """ "How's the kayak working out?" in the category's window after the latest one bought."""
    for category_id, bought in _by_category(lines, DURABLE).items():
        last = bought[-1]
        start = last.follow_up_days
        if start is None:
            start = rules.follow_up.start_days
        until = rules.follow_up.until_for(last.category)
        age = (today - last.bought_on).days
        if not start <= age <= until:
            continue
        key = f"follow_up:{category_id}:{last.bought_on.isoformat()}"
        when = {"date": short_date(last.bought_on, today), "ago": ago(last.bought_on, today)}
        yield Candidate(
            kind=PromptKind.FOLLOW_UP,
            source_key=key,
            text=templates.say(
                "follow_up",
                "variants",
                key,
                for_category=last.category,
                item=last.item,
                category=last.category,
            ),
            reason=templates.reason("follow_up", "reason", key, item=last.item, **when),
            timeliness=1.0 - (age - start) / (until - start),
            due_from=last.bought_on + timedelta(days=start),
            due_until=last.bought_on + timedelta(days=until),
        )


def _reorder_interval(
    dates: list[date], default_days: int | None, min_intervals: int
) -> tuple[int | None, bool]:
    """The customer's own median reorder gap when their history is long enough (and
    ``True``), else the category's usual interval (and ``False``)."""
    gaps = day_gaps(dates)
    if len(gaps) >= min_intervals:
        return max(1, round(statistics.median(gaps))), True
    return default_days, False


def running_low(
    lines: tuple[LineFact, ...], today: date, rules: PromptRules, templates: Templates
) -> Iterator[Candidate]:
    """ "Running low on chicken feed?" around the customer's usual reorder time."""
    window = rules.replenish
    for category_id, bought in _by_category(lines, CONSUMABLE).items():
        dates = sorted({line.bought_on for line in bought})
        interval, own = _reorder_interval(dates, bought[-1].replenish_days, window.min_intervals)
        if not interval:
            continue
        last = dates[-1]
        opens = math.ceil(window.window_start * interval)
        closes = math.floor(window.window_end * interval)
        age = (today - last).days
        if not opens <= age <= closes:
            continue
        key = f"replenish:{category_id}:{last.isoformat()}"
        line = bought[-1]
        yield Candidate(
            kind=PromptKind.REPLENISH,
            source_key=key,
            text=templates.say(
                "replenish",
                "variants",
                key,
                for_category=line.category,
                category=line.category,
                item=line.item,
            ),
            reason=templates.reason(
                "replenish",
                "reason_own" if own else "reason_default",
                key,
                date=short_date(last, today),
                ago=ago(last, today),
                every=every(interval),
            ),
            timeliness=max(0.0, 1.0 - abs(age - interval) / max(closes - opens, 1)),
            due_from=last + timedelta(days=opens),
            due_until=last + timedelta(days=closes),
        )


def related_anchors(
    lines: tuple[LineFact, ...], today: date, rules: PromptRules
) -> dict[int, LineFact]:
    """Recent purchases a suggestion may hang on, by category (the latest line of each)."""
    since = today - timedelta(days=rules.related.anchor_days)
    return {
        category_id: bought[-1]
        for category_id, bought in _by_category(lines, rules.related.anchor_kinds).items()
        if bought[-1].bought_on >= since
    }


def _lift(fact: RelatedFact) -> float:
    """How much likelier the anchor's buyers are to buy this than customers in general."""
    share = fact.co_buyers / fact.buyers
    return share / fact.base_share if fact.base_share else share


def suggestion(
    lines: tuple[LineFact, ...],
    stats: tuple[RelatedFact, ...],
    today: date,
    rules: PromptRules,
    templates: Templates,
) -> Iterator[Candidate]:
    """At most one "often bought with" suggestion: the strongest pairing the shop's own
    sales show, never an owned durable and never something bought recently."""
    anchors = related_anchors(lines, today, rules)
    owned = owned_categories(lines)
    recent_since = today - timedelta(days=rules.related.recent_days)
    recent = {line.category_id for line in lines if line.bought_on >= recent_since}
    usable = [
        fact
        for fact in stats
        if fact.anchor_category_id in anchors
        and fact.category_id not in owned
        and fact.category_id not in recent
        and fact.buyers
        and fact.co_buyers >= rules.related.min_customers
        and fact.co_buyers / fact.buyers >= rules.related.min_share
        and fact.co_buyers / fact.buyers >= rules.related.min_lift * fact.base_share
    ]
    if not usable:
        return
    best = max(usable, key=lambda f: (_lift(f), f.co_buyers, -f.category_id))
    anchor = anchors[best.anchor_category_id]
    share = best.co_buyers / best.buyers
    key = f"related:{best.category_id}"
    yield Candidate(
        kind=PromptKind.RELATED,
        source_key=key,
        text=templates.say(
            "related",
            "variants",
            key,
            item=best.top_item,
            category=best.category,
            anchor=anchor.item,
        ),
        reason=templates.reason(
            "related",
            "reason",
            key,
            anchor=anchor.item,
            date=short_date(anchor.bought_on, today),
            share=format_percent(share),
        ),
        timeliness=min(1.0, share),
        due_from=anchor.bought_on,
        due_until=anchor.bought_on + timedelta(days=rules.related.anchor_days),
    )
