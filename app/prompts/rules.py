"""The prompt rules as data: defaults in ``resources/prompts/rules.toml``, owner-editable.

Every threshold the engine uses lives here, so changing when a kayak is asked about is an
edit to a text file, not to code. The values are checked on load; a mistyped file is
refused with the table and key named.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from app.catalog import category_key
from app.models import ProductKind, PromptKind, RelationKind
from app.owner_rules import PROMPT_RULES, Stamp, layered, read_toml, stamp
from app.prompts.resource_file import Section

LEAP_DAY_CHOICES = ("02-28", "03-01")


@dataclass(frozen=True)
class FollowUpRules:
    """Durables: the window after purchase in which "how's it working out?" is asked."""

    start_days: int
    until_days: int
    until_days_by_category: dict[str, int]

    def until_for(self, category_name: str) -> int:
        """The end of the window for one category (by name, case-insensitive)."""
        return self.until_days_by_category.get(category_key(category_name), self.until_days)


@dataclass(frozen=True)
class ReplenishRules:
    """Consumables: the window around the customer's reorder interval."""

    min_intervals: int
    window_start: float
    window_end: float


@dataclass(frozen=True)
class OccasionRules:
    """Birthdays and anniversaries: how far ahead and behind, whose, and 29 February."""

    lookahead_days: int
    lookback_days: int
    household_kinds: frozenset[RelationKind]
    leap_day_birthday: tuple[int, int]


@dataclass(frozen=True)
class GiftRules:
    """Gift memory: how long before a gift recipient's birthday or anniversary the last
    gift for them is recalled, and whose anniversaries count for partners."""

    lookahead_days: int
    anniversary_kinds: frozenset[RelationKind]


@dataclass(frozen=True)
class WelcomeBackRules:
    """When a gap since the last visit is much longer than the customer's usual one."""

    min_visits: int
    gap_factor: float
    min_gap_days: int


@dataclass(frozen=True)
class RelatedRules:
    """Suggestions from what other customers bought alongside the same thing."""

    enabled: bool
    anchor_kinds: frozenset[str]
    anchor_days: int
    min_customers: int
    min_share: float
    min_lift: float
    recent_days: int


@dataclass(frozen=True)
class PromptRules:
    """Everything that decides which prompts show and in what order."""

    weights: dict[PromptKind, float]
    follow_up: FollowUpRules
    replenish: ReplenishRules
    note_max_chars: int
    occasion: OccasionRules
    gift: GiftRules
    round_years: frozenset[int]
    welcome_back: WelcomeBackRules
    related: RelatedRules
    sales_kinds: frozenset[PromptKind]
    respect_contact_consent: bool


_E = TypeVar("_E", PromptKind, RelationKind)


def _enum_values(section: Section, key: str, enum: type[_E]) -> frozenset[_E]:
    values = section.texts(key, allow_empty=True)
    allowed = ", ".join(member.value for member in enum)
    try:
        return frozenset(enum(value) for value in values)
    except ValueError:
        raise section.refuse(key, f"a list of: {allowed}") from None


def _follow_up(section: Section) -> FollowUpRules:
    start = section.whole("start_days")
    until = section.whole("until_days", minimum=start + 1)
    by_category = section.table("until_days_by_category")
    return FollowUpRules(
        start_days=start,
        until_days=until,
        until_days_by_category={
            category_key(name): by_category.whole(name, minimum=1) for name in by_category.data
        },
    )


def _replenish(section: Section) -> ReplenishRules:
    start = section.number("window_start", minimum=0.1)
    return ReplenishRules(
        min_intervals=section.whole("min_intervals", minimum=1),
        window_start=start,
        window_end=section.number("window_end", minimum=start),
    )


def _occasion(section: Section) -> OccasionRules:
    leap = section.text("leap_day_birthday")
    if leap not in LEAP_DAY_CHOICES:
        raise section.refuse("leap_day_birthday", ' "02-28" or "03-01"')
    month, day = (int(part) for part in leap.split("-"))
    return OccasionRules(
        lookahead_days=section.whole("lookahead_days"),
        lookback_days=section.whole("lookback_days"),
        household_kinds=_enum_values(section, "household_kinds", RelationKind),
        leap_day_birthday=(month, day),
    )


def _related(section: Section) -> RelatedRules:
    kinds = section.texts("anchor_kinds", allow_empty=True)
    allowed = {kind.value for kind in ProductKind}
    if not set(kinds) <= allowed:
        raise section.refuse("anchor_kinds", f"a list of: {', '.join(sorted(allowed))}")
    return RelatedRules(
        enabled=section.flag("enabled"),
        anchor_kinds=frozenset(kinds),
        anchor_days=section.whole("anchor_days", minimum=1),
        min_customers=section.whole("min_customers", minimum=1),
        min_share=section.number("min_share"),
        min_lift=section.number("min_lift"),
        recent_days=section.whole("recent_days"),
    )


def parse_rules(path: Path, data: dict[str, Any] | None = None) -> PromptRules:
    """The rules in ``path`` (or ``data`` read from it), checked; refused with the file,
    table and key named if mistyped."""
    root = Section(path, "rules", read_toml(path) if data is None else data)
    weights = root.table("weights")
    welcome = root.table("welcome_back")
    tact = root.table("tact")
    gift = root.table("gift")
    return PromptRules(
        weights={kind: weights.number(kind.value) for kind in PromptKind},
        follow_up=_follow_up(root.table("follow_up")),
        replenish=_replenish(root.table("replenish")),
        note_max_chars=root.table("note").whole("max_chars", minimum=10),
        occasion=_occasion(root.table("occasion")),
        gift=GiftRules(
            lookahead_days=gift.whole("lookahead_days", minimum=1),
            anniversary_kinds=_enum_values(gift, "anniversary_kinds", RelationKind),
        ),
        round_years=frozenset(root.table("customer_years").wholes("round_years")),
        welcome_back=WelcomeBackRules(
            min_visits=welcome.whole("min_visits", minimum=2),
            gap_factor=welcome.number("gap_factor", minimum=1.0),
            min_gap_days=welcome.whole("min_gap_days"),
        ),
        related=_related(root.table("related")),
        sales_kinds=_enum_values(tact, "sales_kinds", PromptKind),
        respect_contact_consent=tact.flag("respect_contact_consent"),
    )


def default_rules() -> PromptRules:
    """The shipped rules with the owner's copy over them (read again once it changes)."""
    return _rules_as_of(stamp(PROMPT_RULES))


@lru_cache(maxsize=4)
def _rules_as_of(_stamp: Stamp) -> PromptRules:
    return parse_rules(*layered(PROMPT_RULES))
