"""The issue's "done when" scenarios, with fixed dates on a real migrated database."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from app.db import Database
from app.errors import RegularsError
from app.models import Note, Prompt, PromptKind, PromptStatus, RelationKind
from app.prompts import dismiss, mark_asked, snooze
from tests.integration.prompt_shop import MONDAY, Shop


@pytest.fixture
def shop(db: Database) -> Shop:
    return Shop(db)


def kinds(prompts: list) -> list[PromptKind]:  # type: ignore[type-arg]
    return [p.kind for p in prompts]


def test_kayak_bought_20_days_ago_is_asked_about(shop: Shop) -> None:
    anna = shop.customer()
    shop.buy(anna, 20, "Kayaks", "Pelican Maxim 100X")
    [prompt] = shop.prompts(anna)
    assert prompt.kind == PromptKind.FOLLOW_UP
    assert "kayak" in prompt.text.lower()
    assert prompt.reason == "bought Sep 24 — 3 weeks ago"
    assert prompt.id is None  # shown, not stored: opening a card writes nothing
    assert not prompt.suggestion


def test_kayak_bought_200_days_ago_is_not(shop: Shop) -> None:
    anna = shop.customer()
    shop.buy(anna, 200, "Kayaks", "Pelican Maxim 100X")
    assert shop.prompts(anna) == []


def test_follow_up_window_opens_on_the_categorys_day_and_closes_after_eight_weeks(
    shop: Shop,
) -> None:
    anna = shop.customer()
    shop.buy(anna, 0, "Chainsaws", "Husqvarna 135")
    assert shop.prompts(anna, on=MONDAY + timedelta(days=9)) == []
    assert kinds(shop.prompts(anna, on=MONDAY + timedelta(days=10))) == [PromptKind.FOLLOW_UP]
    assert kinds(shop.prompts(anna, on=MONDAY + timedelta(days=56))) == [PromptKind.FOLLOW_UP]
    assert shop.prompts(anna, on=MONDAY + timedelta(days=57)) == []


def _canoe_and_kayak_shop(shop: Shop) -> None:
    """Other canoe buyers mostly bought kayaks too, and some a paddle leash; most of the
    shop's customers bought neither."""
    for n in range(20):
        shop.buy(shop.customer(f"Regular{n}"), 50 + n, "Hardware", "Duct tape")
    for n in range(8):
        other = shop.customer(f"Other{n}")
        shop.buy(other, 100 + n, "Canoes", "Old Town Discovery")
        shop.buy(other, 90 + n, "Kayaks", "Pelican Maxim 100X")
        if n < 6:
            shop.buy(other, 80 + n, "Paddles & accessories", "Paddle leash")


def test_a_second_kayak_is_never_suggested(shop: Shop) -> None:
    _canoe_and_kayak_shop(shop)
    kayak_owner = shop.customer("Ben")
    shop.buy(kayak_owner, 300, "Kayaks", "Pelican Maxim 100X")
    shop.buy(kayak_owner, 10, "Canoes", "Old Town Discovery")
    newcomer = shop.customer("Cleo")
    shop.buy(newcomer, 10, "Canoes", "Old Town Discovery")

    owner_prompts = shop.prompts(kayak_owner)
    newcomer_prompts = shop.prompts(newcomer)

    [newcomer_tip] = [p for p in newcomer_prompts if p.suggestion]
    assert "Pelican Maxim 100X" in newcomer_tip.text  # the shop's sales do point at kayaks
    [owner_tip] = [p for p in owner_prompts if p.suggestion]
    assert owner_tip.kind == PromptKind.RELATED
    assert "Paddle leash" in owner_tip.text
    assert "canoe" in owner_tip.reason.lower() or "Old Town" in owner_tip.reason
    assert all("Pelican" not in p.text and "kayak" not in p.text.lower() for p in owner_prompts)


def test_nothing_bought_recently_is_suggested(shop: Shop) -> None:
    _canoe_and_kayak_shop(shop)
    ben = shop.customer("Ben")
    shop.buy(ben, 300, "Kayaks", "Pelican Maxim 100X")
    shop.buy(ben, 30, "Paddles & accessories", "Paddle leash")
    shop.buy(ben, 10, "Canoes", "Old Town Discovery")
    assert [p for p in shop.prompts(ben) if p.suggestion] == []


def test_feed_bought_every_30_days_last_28_days_ago_is_running_low(shop: Shop) -> None:
    anna = shop.customer()
    shop.buy(anna, [148, 118, 89, 58, 28], "Chicken feed", "Layer pellets 20 kg")
    [prompt] = shop.prompts(anna)
    assert prompt.kind == PromptKind.REPLENISH
    assert "feed" in prompt.text.lower()
    assert prompt.reason == "last bought Sep 16 — 4 weeks ago; usually every 4 weeks"
    assert shop.prompts(anna, on=MONDAY - timedelta(days=8)) == []  # 20 days after: too soon


def test_running_low_uses_the_categorys_interval_for_a_short_history(shop: Shop) -> None:
    anna = shop.customer()
    shop.buy(anna, 40, "Propane", "Propane refill 20 lb")
    assert kinds(shop.prompts(anna)) == [PromptKind.REPLENISH]  # propane: every 45 days
    assert shop.prompts(anna, on=MONDAY - timedelta(days=10)) == []


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({}, True),
        ({"contact_consent": True}, True),
        ({"no_sales_prompts": True}, False),
        ({"contact_consent": False}, False),
    ],
)
def test_no_sales_prompts_for_customers_who_do_not_want_them(
    shop: Shop, fields: dict[str, Any], shown: bool
) -> None:
    anna = shop.customer(**fields)
    shop.buy(anna, [148, 118, 89, 58, 28], "Chicken feed")
    shop.buy(anna, 20, "Kayaks")
    assert (PromptKind.REPLENISH in kinds(shop.prompts(anna))) is shown
    assert PromptKind.FOLLOW_UP in kinds(shop.prompts(anna))


def test_ask_on_note_surfaces_on_its_date_and_disappears_once_asked(
    shop: Shop, db: Database
) -> None:
    anna = shop.customer()
    shop.note(anna, "Ask how Tom's knee surgery went", ask_on=MONDAY + timedelta(days=3))
    assert shop.prompts(anna) == []
    [prompt] = shop.prompts(anna, on=MONDAY + timedelta(days=3))
    assert prompt.text == "Ask how Tom's knee surgery went"
    assert prompt.reason == "note from Sep 14"
    later = shop.prompts(anna, on=MONDAY + timedelta(days=20))[0]
    assert later.source_key == prompt.source_key

    note_id = mark_asked(
        db,
        later,
        outcome="Healing well, back walking the dog",
        author="Sam",
        today=MONDAY + timedelta(days=20),
    ).note_id

    assert shop.prompts(anna, on=MONDAY + timedelta(days=21)) == []
    assert shop.prompts(anna, on=MONDAY + timedelta(days=400)) == []
    with db.session() as s:
        note = s.get(Note, note_id)
        assert note is not None
        assert note.body.startswith("Healing well, back walking the dog (asked Nov 3")
        assert note.author == "Sam"
        assert [r.number for r in note.revisions] == [1]
        row = s.scalars(select(Prompt)).one()
        assert row.status == PromptStatus.ASKED
        assert row.outcome == "Healing well, back walking the dog"


def test_a_plain_note_is_worded_as_something_to_ask(shop: Shop) -> None:
    anna = shop.customer()
    shop.note(anna, "Tom's knee surgery\nsecond line ignored", ask_on=MONDAY)
    [prompt] = shop.prompts(anna)
    assert prompt.text in {"Ask about: Tom's knee surgery", "Follow up: Tom's knee surgery"}


def test_a_private_note_never_shows_at_the_register(shop: Shop) -> None:
    anna = shop.customer()
    shop.note(anna, "Ask about the divorce hearing", ask_on=MONDAY, private=True)
    for day in range(0, 60, 7):
        assert shop.prompts(anna, on=MONDAY + timedelta(days=day)) == []
    assert [p.text for p in shop.prompts(anna, owner=True)] == ["Ask about the divorce hearing"]


def test_dont_bring_up_and_deleted_notes_never_show_to_anyone(shop: Shop) -> None:
    from datetime import datetime

    anna = shop.customer()
    shop.note(anna, "Ask about her late husband", ask_on=MONDAY, dont_bring_up=True)
    shop.note(anna, "Ask about the old shop", ask_on=MONDAY, deleted_at=datetime(2024, 10, 1))
    assert shop.prompts(anna) == []
    assert shop.prompts(anna, owner=True) == []


def test_a_birthday_on_friday_shows_on_monday(shop: Shop) -> None:
    anna = shop.customer(birthday_month=10, birthday_day=18)
    [prompt] = shop.prompts(anna)
    assert prompt.kind == PromptKind.OCCASION
    assert "on Friday" in prompt.text
    assert prompt.reason == "birthday Oct 18"
    assert shop.prompts(anna, on=MONDAY - timedelta(days=4)) == []  # 8 days ahead


def test_a_household_birthday_and_an_anniversary_this_week(shop: Shop) -> None:
    anna = shop.customer()
    shop.relation(anna, "Emma", RelationKind.CHILD, 10, 18)
    shop.relation(anna, "Rex", RelationKind.FRIEND, 10, 16)  # not household by default
    shop.occasion(anna, "Wedding anniversary", 10, 15)
    texts = [p.text for p in shop.prompts(anna)]
    assert len(texts) == 2
    assert any(t.startswith("Wedding anniversary") and "tomorrow" in t for t in texts)
    assert any("Emma's birthday" in t and "on Friday" in t for t in texts)


def test_a_leap_day_birthday_shows_in_a_common_year(shop: Shop) -> None:
    anna = shop.customer(birthday_month=2, birthday_day=29)
    [prompt] = shop.prompts(anna, on=date(2025, 2, 24))
    assert "on Friday" in prompt.text  # Feb 28, 2025 is a Friday
    assert shop.prompts(anna, on=date(2025, 3, 3)) == []


def test_round_years_as_a_customer(shop: Shop) -> None:
    anna = shop.customer(customer_since=date(2014, 10, 2))
    [prompt] = shop.prompts(anna)
    assert prompt.kind == PromptKind.CUSTOMER_YEARS
    assert "10 years" in prompt.text
    assert prompt.reason == "customer since Oct 2, 2014"
    assert shop.prompts(anna, on=date(2024, 11, 1)) == []
    assert shop.prompts(anna, on=date(2023, 10, 14)) == []  # 9 years: not round


def test_welcome_back_after_a_long_gap(shop: Shop) -> None:
    anna = shop.customer()
    shop.buy(anna, [98 + 7 * n for n in range(8)], "Hardware")
    [prompt] = shop.prompts(anna)
    assert prompt.kind == PromptKind.WELCOME_BACK
    assert prompt.reason == "usually comes in every 7 days; last visit Jul 8 — 3 months ago"
    assert shop.prompts(anna, on=MONDAY - timedelta(days=88)) == []  # 10 days: normal


def test_dismissed_stays_dismissed(shop: Shop, db: Database) -> None:
    anna = shop.customer()
    shop.buy(anna, 20, "Kayaks")
    [prompt] = shop.prompts(anna)
    dismiss(db, prompt, author="Sam")
    for day in (0, 1, 10, 30):
        assert shop.prompts(anna, on=MONDAY + timedelta(days=day)) == []
    with pytest.raises(RegularsError, match="already marked dismissed"):
        mark_asked(db, prompt, today=MONDAY)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Prompt)) == 1  # history kept


def test_snoozed_comes_back_on_its_day(shop: Shop, db: Database) -> None:
    anna = shop.customer()
    shop.buy(anna, 20, "Kayaks")
    [prompt] = shop.prompts(anna)
    snooze(db, prompt, until=MONDAY + timedelta(days=7))
    assert shop.prompts(anna, on=MONDAY + timedelta(days=6)) == []
    [back] = shop.prompts(anna, on=MONDAY + timedelta(days=7))
    with db.session() as s:
        row = s.scalars(select(Prompt)).one()
    assert back.id == row.id
    assert back.source_key == prompt.source_key


def test_showing_prompts_writes_nothing(shop: Shop, db: Database) -> None:
    anna = shop.customer(birthday_month=10, birthday_day=18)
    shop.buy(anna, 20, "Kayaks")
    first = shop.prompts(anna)
    again = shop.prompts(anna)
    assert again == first
    assert len(first) == 2
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Prompt)) == 0


def test_ranked_by_personal_and_timely(shop: Shop) -> None:
    anna = shop.customer(birthday_month=10, birthday_day=20)
    shop.buy(anna, [148, 118, 89, 58, 28], "Chicken feed")
    shop.buy(anna, 8, "Kayaks")
    shop.note(anna, "Ask how the move went", ask_on=MONDAY - timedelta(days=1))
    assert kinds(shop.prompts(anna)) == [PromptKind.NOTE, PromptKind.FOLLOW_UP, PromptKind.OCCASION]


def test_no_customer_ever_sees_more_than_the_setting_says(shop: Shop) -> None:
    rng = random.Random(4)
    customers = []
    for n in range(25):
        cid = shop.customer(
            f"C{n}",
            birthday_month=10,
            birthday_day=rng.randint(12, 21),
            customer_since=date(2024 - rng.choice([1, 5, 10]), 10, 1),
        )
        shop.buy(cid, [rng.randint(8, 50)], rng.choice(["Kayaks", "Grills", "Bikes"]))
        shop.buy(cid, sorted({rng.randint(20, 400) for _ in range(6)}), "Chicken feed")
        shop.note(cid, f"Ask about trip {n}", ask_on=MONDAY - timedelta(days=rng.randint(0, 5)))
        shop.relation(cid, f"Kid{n}", RelationKind.CHILD, 10, rng.randint(13, 20))
        customers.append(cid)
    for cid in customers:
        for day in (0, 3):
            assert len(shop.prompts(cid, on=MONDAY + timedelta(days=day))) <= 3
    assert len(shop.prompts(customers[0], limit=2)) == 2


def test_unknown_customer_and_prompt_are_refused(shop: Shop, db: Database) -> None:
    with pytest.raises(RegularsError, match="no customer with id 999"):
        shop.prompts(999)
    anna = shop.customer()
    shop.buy(anna, 20, "Kayaks")
    [prompt] = shop.prompts(anna)
    gone = replace(prompt, customer_id=999)
    with pytest.raises(RegularsError, match="no customer with id 999"):
        dismiss(db, gone)
    with pytest.raises(RegularsError, match="no customer with id 999"):
        snooze(db, gone, until=MONDAY)
