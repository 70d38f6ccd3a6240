"""Facts that age, over simulated years on a real migrated database: the note's age on the
card, the gentle prompt once the world has moved on, the owner's "still true?" mark, and
private or don't-bring-up notes never surfacing."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from app.card import load_card
from app.db import Database
from app.errors import RegularsError
from app.owner_rules import FACT_AGEING, owner_copy
from app.prompts.ageing import aged_facts, default_ageing, prompt_horizon_days
from app.prompts.facts import load_kept_notes
from app.safety.access import CLERK, Access
from app.today import mark_today_row, today_view
from tests.integration.prompt_shop import Shop

WRITTEN = date(2024, 3, 4)
OWNER = Access(owner=True)


@pytest.fixture
def shop(db: Database) -> Shop:
    return Shop(db, today=WRITTEN)


def texts(shop: Shop, customer: int, on: date, *, owner: bool = False) -> list[str]:
    return [p.text for p in shop.prompts(customer, on=on, owner=owner, limit=10)]


def years(n: float) -> date:
    return WRITTEN + timedelta(days=round(365.25 * n))


def test_a_puppy_grows_up_over_the_years(shop: Shop) -> None:
    anna = shop.customer()
    shop.note(anna, "Pets: new puppy, a beagle called Rex", written=WRITTEN, kind="pets")
    seen = {n: texts(shop, anna, years(n)) for n in (0.5, 1.05, 1.5, 3)}
    assert seen[0.5] == []
    [grown] = seen[1.05]
    assert "grown up" in grown
    assert seen[1.5] == [] and seen[3] == []  # let go after its 60 days
    [prompt] = shop.prompts(anna, on=years(1.05))
    assert prompt.reason == "noted Mar 4, 2024 — a year ago: “Pets: new puppy, a beagle called Rex”"
    card_notes = {n: load_card(shop.db, anna, today=years(n)).notes[0] for n in (0.2, 2.1)}
    assert card_notes[0.2].age == "2 months ago"
    assert card_notes[2.1].age == "2 years ago"
    assert not card_notes[2.1].still_true  # the register never gets the mark
    assert load_card(shop.db, anna, today=years(2), access=OWNER).notes[0].still_true
    assert not load_card(shop.db, anna, today=years(1), access=OWNER).notes[0].still_true


def test_expecting_turns_into_a_baby_after_the_due_date(shop: Shop) -> None:
    ben = shop.customer("Ben")
    shop.note(ben, "Family: daughter expecting in August", written=WRITTEN, kind="family")
    assert texts(shop, ben, date(2024, 8, 20)) == []
    baby = texts(shop, ben, date(2024, 9, 16))
    assert len(baby) == 1 and "baby" in baby[0]
    assert texts(shop, ben, date(2024, 11, 30)) == []


def test_without_a_named_time_expecting_waits_the_rules_days(shop: Shop) -> None:
    ben = shop.customer("Ben")
    shop.note(ben, "Family: they are expecting!", written=WRITTEN, kind="family")
    assert texts(shop, ben, WRITTEN + timedelta(days=279)) == []
    assert "baby" in texts(shop, ben, WRITTEN + timedelta(days=281))[0]


def test_college_ends_and_a_new_job_gets_old(shop: Shop) -> None:
    cleo = shop.customer("Cleo")
    shop.note(cleo, "Family: son Leo started college in Boston", written=WRITTEN, kind="family")
    shop.note(cleo, "Started a new job at the mill", written=WRITTEN)
    assert texts(shop, cleo, years(0.26)) == ["How's the new job going?"] or texts(
        shop, cleo, years(0.26)
    ) == ["Settling in at the new job?"]
    assert texts(shop, cleo, years(2)) == []
    [college] = texts(shop, cleo, years(3.9))
    assert "college" in college.lower()
    owner_notes = load_card(shop.db, cleo, today=years(2), access=OWNER).notes
    still = {note.body: note.still_true for note in owner_notes}
    assert still == {
        "Started a new job at the mill": True,
        "Family: son Leo started college in Boston": False,
    }
    general = next(n for n in owner_notes if n.body.startswith("Started"))
    assert general.age == ""  # a general note reads for facts but shows no age


def test_private_and_dont_bring_up_facts_never_surface(shop: Shop) -> None:
    dora = shop.customer("Dora")
    shop.note(
        dora, "Family: expecting, not told anyone yet", written=WRITTEN, kind="family", private=True
    )
    shop.note(dora, "Pets: the new puppy died", written=WRITTEN, kind="pets", dont_bring_up=True)
    for n in (0.5, 0.8, 1.05, 2, 5):
        on = years(n)
        assert texts(shop, dora, on) == []
        assert all("puppy" not in t for t in texts(shop, dora, on, owner=True))
        register = load_card(shop.db, dora, today=on, access=CLERK)
        assert all("expecting" not in note.body for note in register.notes)
        assert not any(note.still_true for note in register.notes)
    assert texts(shop, dora, WRITTEN + timedelta(days=281), owner=True) == [
        "How's the baby?"
    ] or texts(shop, dora, WRITTEN + timedelta(days=281), owner=True) == [
        "How are they getting on with the baby?"
    ]


def test_aged_facts_keep_to_the_prompts_per_card(shop: Shop) -> None:
    eve = shop.customer("Eve")
    for n in range(4):
        shop.note(eve, f"Family: nephew {n} got a new job", written=WRITTEN, kind="family")
    on = WRITTEN + timedelta(days=100)
    assert len(shop.prompts(eve, on=on, limit=2)) == 2
    assert all(p.reason.startswith("noted Mar 4") for p in shop.prompts(eve, on=on, limit=10))


def test_the_owner_s_copy_of_the_rules_wins_and_a_typo_is_named(shop: Shop, tmp_path: Path) -> None:
    anna = shop.customer()
    shop.note(anna, "Pets: new puppy", written=WRITTEN, kind="pets")
    mine = owner_copy(FACT_AGEING)
    mine.parent.mkdir(parents=True, exist_ok=True)
    mine.write_text(
        '[facts.puppy]\nprompt_after_days = 30\nprompt = "Puppy settling in?"\n', encoding="utf-8"
    )
    assert texts(shop, anna, WRITTEN + timedelta(days=31)) == ["Puppy settling in?"]
    mine.write_text('[facts.puppy]\nprompt_after_days = "soon"\n', encoding="utf-8")
    with pytest.raises(RegularsError, match=r"ageing.toml.*prompt_after_days"):
        default_ageing()


def test_today_lists_the_facts_that_aged_as_the_card_asks_them(shop: Shop) -> None:
    anna = shop.customer()
    ben = shop.customer("Ben")
    shop.note(anna, "Pets: new puppy, a beagle called Rex", written=WRITTEN, kind="pets")
    shop.note(ben, "Family: expecting, do not mention", written=WRITTEN, kind="family",
              dont_bring_up=True)  # fmt: skip
    shop.note(ben, "Family: wife is pregnant", written=WRITTEN, kind="family", private=True)
    on = years(1.05)
    [card_prompt] = shop.prompts(anna, on=on)
    view = today_view(shop.db, today=on)
    [row] = view.section("follow_ups").rows
    assert (row.customer_id, row.key) == (anna, card_prompt.source_key)
    assert (row.text, row.detail) == (card_prompt.text, card_prompt.reason)
    assert today_view(shop.db, today=years(0.5)).section("follow_ups").rows == ()
    owners = today_view(shop.db, today=years(0.8), access=OWNER).section("follow_ups").rows
    assert [(r.customer_id, r.private) for r in owners] == [(ben, True)]
    assert today_view(shop.db, today=years(0.8)).section("follow_ups").rows == ()
    with pytest.raises(RegularsError, match="that note is gone"):  # as if not there
        mark_today_row(shop.db, owners[0].key, today=years(0.8))
    mark_today_row(shop.db, row.key, today=on)
    assert today_view(shop.db, today=on).section("follow_ups").rows == ()
    assert shop.prompts(anna, on=on) == []  # done on Today is asked on the card


def test_today_reads_each_fact_in_its_own_window_and_misses_nothing_the_rules_find(
    shop: Shop,
) -> None:
    """Today looks for a fact's words only in the notes written in that fact's window
    (``written_between``); on every day at the windows' edges and across the years it
    lists exactly what the rules make of every note written within the horizon, a time
    named nearly three years on included."""
    rules = default_ageing()
    bodies = {
        "pets": ["Pets: NEW PUPPY called Rex", "Pets: puppy and a new job for her son"],
        "family": ["Family: daughter expecting in August", "Family: baby due 2026-02-01",
                   "Family: baby due 2026-12-01", "Family: they are expecting!",
                   "Family: son started college in Boston"],
        "general": ["Started a new job at the mill", "puppyish mood, nothing to ask"],
    }  # fmt: skip
    who = [shop.customer(name) for name in ("Anna", "Ben", "Cleo")]
    written = [WRITTEN + timedelta(days=n) for n in (0, 45, 200, 420)]
    for n, (kind, body, on) in enumerate(
        (kind, body, on) for kind, texts in bodies.items() for body in texts for on in written
    ):
        shop.note(who[n % 3], body, written=on, kind=kind, private=n % 4 == 0)
    days = {WRITTEN + timedelta(days=n) for n in range(0, 1900, 61)}
    for on in [*written, date(2024, 8, 31), date(2025, 8, 31), date(2026, 2, 1), date(2026, 12, 1)]:
        for fact in rules.facts:
            for after in (fact.prompt_after_days, fact.after_named_time_days or 0):
                for edge in (
                    after - 1,
                    after,
                    after + rules.prompt_for_days,
                    after + rules.prompt_for_days + 1,
                ):
                    days.add(on + timedelta(days=edge))
    with shop.db.reading() as session:
        kept = [
            note
            for customer in who
            for note in load_kept_notes(session, customer, rules.read_kinds, OWNER)
        ]
    for day in sorted(days):
        view = today_view(shop.db, today=day, limit=500, access=OWNER)
        since = day - timedelta(days=prompt_horizon_days(rules))
        notes = tuple(note for note in kept if since <= note.written_on <= day)
        expected = {prompt.source_key for prompt in aged_facts(notes, day, rules, "owner")}
        assert {row.key for row in view.section("follow_ups").rows} == expected, day
