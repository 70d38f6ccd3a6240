"""The rules as pure functions of facts and a fixed day: windows, tact and ranking."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.models import ProductKind, PromptKind, RelationKind
from app.prompts.engine import candidates, rank, sales_allowed
from app.prompts.facts import BirthdayFact, CustomerFacts, LineFact, NoteFact, RelatedFact
from app.prompts.personal_rules import occurrence_near, yearly_date
from app.prompts.rules import PromptRules, default_rules
from app.prompts.templates import default_templates

MONDAY = date(2024, 10, 14)


def facts(**changes: object) -> CustomerFacts:
    base = CustomerFacts(
        customer_id=1,
        name="Anna",
        customer_since=None,
        no_sales_prompts=False,
        contact_consent=None,
        birthdays=(),
        occasions=(),
        lines=(),
        visits=(),
        notes=(),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def line(days_ago: int, category_id: int, kind: ProductKind, **changes: object) -> LineFact:
    base = LineFact(
        bought_on=MONDAY - timedelta(days=days_ago),
        item="Thing",
        category_id=category_id,
        category=f"cat{category_id}",
        kind=kind,
        follow_up_days=None,
        replenish_days=None,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def run(
    customer: CustomerFacts,
    related: tuple[RelatedFact, ...] = (),
    *,
    today: date = MONDAY,
    rules: PromptRules | None = None,
    owner: bool = False,
) -> list[PromptKind]:
    found = candidates(
        customer,
        related,
        today=today,
        rules=rules or default_rules(),
        templates=default_templates(),
        audience="owner" if owner else "register",
    )
    return [c.kind for c in found]


def test_durable_window_uses_the_rules_start_when_the_category_has_none() -> None:
    for days, shown in ((6, False), (7, True), (56, True), (57, False)):
        kinds = run(facts(lines=(line(days, 1, ProductKind.DURABLE),)))
        assert (PromptKind.FOLLOW_UP in kinds) is shown, days


def test_other_and_service_purchases_make_no_purchase_prompt() -> None:
    lines = (line(20, 1, ProductKind.OTHER), line(20, 2, ProductKind.SERVICE))
    assert run(facts(lines=lines)) == []


def test_running_low_prefers_the_customers_own_rhythm() -> None:
    weekly = tuple(line(d, 1, ProductKind.CONSUMABLE, replenish_days=60) for d in (27, 20, 13, 6))
    assert run(facts(lines=weekly)) == [PromptKind.REPLENISH]  # own rhythm: 7 days
    assert run(facts(lines=weekly[-2:])) == []  # one interval: the category's 60 days
    no_default = (line(6, 1, ProductKind.CONSUMABLE),)
    assert run(facts(lines=no_default)) == []


def test_sales_prompts_respect_the_customer() -> None:
    rules = default_rules()
    assert sales_allowed(facts(), rules)
    assert sales_allowed(facts(contact_consent=True), rules)
    assert not sales_allowed(facts(no_sales_prompts=True), rules)
    assert not sales_allowed(facts(contact_consent=False), rules)
    lenient = dataclasses.replace(rules, respect_contact_consent=False)
    assert sales_allowed(facts(contact_consent=False), lenient)


def test_yearly_dates_and_the_leap_day() -> None:
    assert yearly_date(2025, 2, 29, (2, 28)) == date(2025, 2, 28)
    assert yearly_date(2025, 2, 29, (3, 1)) == date(2025, 3, 1)
    assert yearly_date(2024, 2, 29, (2, 28)) == date(2024, 2, 29)
    assert yearly_date(2025, 4, 31, (2, 28)) is None  # bad data never crashes


def test_occurrences_across_the_new_year() -> None:
    window = default_rules().occasion
    assert occurrence_near(1, 2, date(2024, 12, 30), window) == date(2025, 1, 2)
    assert occurrence_near(12, 31, date(2025, 1, 1), window) == date(2024, 12, 31)  # belated
    assert occurrence_near(12, 29, date(2025, 1, 1), window) is None


def test_pets_are_household_but_friends_are_not_by_default() -> None:
    birthdays = (
        BirthdayFact(1, "Rex", RelationKind.PET, 10, 16),
        BirthdayFact(2, "Joe", RelationKind.FRIEND, 10, 16),
    )
    assert run(facts(birthdays=birthdays)) == [PromptKind.OCCASION]


def test_suggestions_need_enough_buyers_and_a_recent_anchor() -> None:
    lines = (line(10, 1, ProductKind.DURABLE),)
    strong = RelatedFact(
        1, 2, "Paddles", buyers=10, co_buyers=6, base_share=0.1, top_item="Paddle leash"
    )
    weak = dataclasses.replace(strong, co_buyers=2)
    everyone_buys_it = dataclasses.replace(strong, base_share=0.5)
    assert PromptKind.RELATED in run(facts(lines=lines), (strong,))
    assert PromptKind.RELATED not in run(facts(lines=lines), (weak,))
    assert PromptKind.RELATED not in run(facts(lines=lines), (everyone_buys_it,))
    old_anchor = (line(100, 1, ProductKind.DURABLE),)
    assert PromptKind.RELATED not in run(facts(lines=old_anchor), (strong,))


def test_ranking_puts_the_personal_before_the_commercial() -> None:
    customer = facts(
        lines=(
            line(30, 1, ProductKind.CONSUMABLE, replenish_days=30),
            line(10, 2, ProductKind.DURABLE),
        ),
        notes=(NoteFact(1, "Ask about Lisbon", MONDAY - timedelta(days=9), MONDAY, False, False),),
    )
    found = candidates(
        customer,
        (),
        today=MONDAY,
        rules=default_rules(),
        templates=default_templates(),
        audience="register",
    )
    ranked = rank(found, default_rules())
    assert [r.candidate.kind for r in ranked] == [
        PromptKind.NOTE,
        PromptKind.FOLLOW_UP,
        PromptKind.REPLENISH,
    ]
    assert all(0 < r.score <= 1 for r in ranked)


notes_strategy = st.lists(
    st.builds(
        NoteFact,
        id=st.integers(1, 10_000),
        body=st.text(min_size=0, max_size=200),
        written_on=st.dates(date(2020, 1, 1), MONDAY),
        ask_on=st.dates(date(2023, 1, 1), MONDAY + timedelta(days=30)),
        private=st.booleans(),
        dont_bring_up=st.booleans(),
    ),
    max_size=6,
    unique_by=lambda n: n.id,
)
lines_strategy = st.lists(
    st.builds(
        line,
        days_ago=st.integers(0, 800),
        category_id=st.integers(1, 6),
        kind=st.sampled_from(list(ProductKind)),
        follow_up_days=st.none() | st.integers(0, 60),
        replenish_days=st.none() | st.integers(1, 120),
    ),
    max_size=30,
).map(lambda lines: tuple(sorted(lines, key=lambda x: x.bought_on)))


@settings(max_examples=150, deadline=None)
@given(
    notes=notes_strategy,
    lines=lines_strategy,
    no_sales=st.booleans(),
    consent=st.none() | st.booleans(),
    birthday=st.tuples(st.integers(1, 12), st.integers(1, 31)),
    since=st.none() | st.dates(date(1990, 1, 1), MONDAY),
    today=st.dates(date(2024, 1, 1), date(2026, 12, 31)),
)
def test_any_customer_gets_tactful_explained_prompts(
    notes: list[NoteFact],
    lines: tuple[LineFact, ...],
    no_sales: bool,
    consent: bool | None,
    birthday: tuple[int, int],
    since: date | None,
    today: date,
) -> None:
    customer = facts(
        notes=tuple(notes),
        lines=tuple(x for x in lines if x.bought_on <= today),
        visits=tuple(sorted({x.bought_on for x in lines if x.bought_on <= today})),
        no_sales_prompts=no_sales,
        contact_consent=consent,
        birthdays=(BirthdayFact(None, "Anna", None, *birthday),),
        customer_since=since,
    )
    found = candidates(
        customer,
        (),
        today=today,
        rules=default_rules(),
        templates=default_templates(),
        audience="register",
    )
    keys = [c.source_key for c in found]
    assert len(keys) == len(set(keys))
    note_ids = {int(c.source_key.split(":")[1]) for c in found if c.kind == PromptKind.NOTE}
    for note in notes:
        if note.private or note.dont_bring_up or note.ask_on > today:
            assert note.id not in note_ids
    if no_sales or consent is False:
        assert not {c.kind for c in found} & default_rules().sales_kinds
    for c in found:
        assert c.text.strip()
        assert c.reason.strip()
        assert len(c.source_key) <= 100
        assert c.due_from <= today
        assert c.due_until is None or c.due_until >= today
