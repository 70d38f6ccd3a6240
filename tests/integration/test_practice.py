"""Name practice on a real shop file: the deck, each staff member's own progress, what a
card may show, the daily limit of new faces, and the command line."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.db import Database
from app.errors import RegularsError
from app.models import Customer
from app.practice import (
    PracticeItem,
    add_staff,
    grade_card,
    list_deck,
    list_staff,
    next_card,
    progress,
    set_in_deck,
)
from tests.integration.practice_shop import NOON, TODAY, fill_practice_shop


@pytest.fixture
def shop(db: Database) -> dict[str, int]:
    return fill_practice_shop(db)


def _item(db: Database, staff: str, now: datetime = NOON, **kw: int) -> PracticeItem:
    item = next_card(db, staff, now, **kw)
    assert item is not None
    return item


def test_the_deck_is_the_regulars_most_frequent_first(db: Database, shop: dict[str, int]) -> None:
    assert [m.customer_id for m in list_deck(db, TODAY)] == [
        shop["robert"],
        shop["peggy"],
        shop["jose"],
    ]


def test_an_owner_adds_and_removes_people_and_a_clerk_may_not(
    db: Database, shop: dict[str, int]
) -> None:
    set_in_deck(db, shop["once"], True, by="olu", now=NOON)
    set_in_deck(db, shop["robert"], False, by="Olu", now=NOON)
    deck = list_deck(db, TODAY)
    assert [m.customer_id for m in deck] == [shop["once"], shop["peggy"], shop["jose"]]
    assert deck[0].added_by_owner
    set_in_deck(db, shop["robert"], None, by="Olu", now=NOON)
    assert shop["robert"] in [m.customer_id for m in list_deck(db, TODAY)]
    with pytest.raises(RegularsError, match="only an owner"):
        set_in_deck(db, shop["jose"], False, by="Ana", now=NOON)
    with pytest.raises(RegularsError, match="no customer #999"):
        set_in_deck(db, 999, True, by="Olu", now=NOON)


def test_two_staff_members_progress_independently(db: Database, shop: dict[str, int]) -> None:
    first = _item(db, "Ana")
    assert first.is_new and first.content.customer_id == shop["robert"]
    grade_card(db, first.card_id, 4, "Ana", NOON)

    olu = _item(db, "Olu")
    assert olu.is_new and olu.content.customer_id == shop["robert"]
    assert olu.card_id != first.card_id
    assert _item(db, "Ana").content.customer_id == shop["peggy"]

    ana, mine = progress(db, "Ana", NOON), progress(db, "Olu", NOON)
    assert (ana.cards_started, ana.per_day[-1].reviews) == (2, 1)
    assert (mine.cards_started, mine.per_day[-1].reviews) == (1, 0)
    with pytest.raises(RegularsError, match="Olu has no practice card"):
        grade_card(db, first.card_id, 3, "Olu", NOON)


def test_private_and_dont_bring_up_notes_never_reach_a_card(
    db: Database, shop: dict[str, int]
) -> None:
    seen: list[PracticeItem] = []
    now = NOON
    for _ in range(12):
        item = next_card(db, "Ana", now)
        if item is None:
            now += timedelta(days=9)
            continue
        seen.append(item)
        grade_card(db, item.card_id, 4, "Ana", now)
    robert = [i.content for i in seen if i.content.customer_id == shop["robert"]]
    assert {c.direction for c in robert} == {"face_to_name", "name_to_face"}
    text = "\n".join(
        line for item in seen for line in item.content.front_lines + item.content.back_lines
    )
    assert "SECRET" not in text
    assert "Interests: Loves birdwatching on the reservoir" in text
    face = next(c for c in robert if c.direction == "face_to_name")
    assert not any("Robert" in line or "Smith" in line for line in face.front_lines)
    assert face.front_lines == (
        "Household: a spouse, a dog",
        "Usually buys: coffee, boats",
        "Comes in: mostly on Fridays",
        "Lives: Mill Lane, Oakham",
    )
    assert face.back_lines == (
        "Robert Smith",
        "goes by Bob",
        "Household: spouse Anna",
        "Pets: Rex (dog)",
        "Interests: Loves birdwatching on the reservoir",
    )


def test_new_cards_stop_at_the_daily_limit_and_start_again_tomorrow(
    db: Database, shop: dict[str, int]
) -> None:
    for left in (2, 1):
        item = _item(db, "Ana", daily_new=2)
        assert (item.is_new, item.left_today) == (True, left)
        grade_card(db, item.card_id, 4, "Ana", NOON)
    assert next_card(db, "Ana", NOON + timedelta(hours=3), daily_new=2) is None
    assert progress(db, "Ana", NOON, daily_new=2).new_left == 0
    tomorrow = _item(db, "Ana", NOON + timedelta(days=1), daily_new=2)
    assert tomorrow.is_new and tomorrow.content.customer_id == shop["robert"]
    assert tomorrow.content.direction == "name_to_face"


def test_a_learning_card_comes_back_within_minutes_and_then_is_known(
    db: Database, shop: dict[str, int]
) -> None:
    card = _item(db, "Ana", daily_new=1)
    grade_card(db, card.card_id, 3, "Ana", NOON)
    again = _item(db, "Ana", NOON + timedelta(minutes=5), daily_new=1)
    assert again.card_id == card.card_id and not again.is_new
    now = NOON + timedelta(minutes=10)
    graded = grade_card(db, card.card_id, 3, "Ana", now)
    while graded.stability < 21:
        now = graded.due
        graded = grade_card(db, card.card_id, 3, "Ana", now)
    view = progress(db, "Ana", now)
    assert (view.names_known, view.cards_known, view.due_today) == (1, 1, 0)


def test_an_archived_customer_leaves_the_practice(db: Database, shop: dict[str, int]) -> None:
    card = _item(db, "Ana")
    with db.session() as s:
        customer = s.get(Customer, shop["robert"])
        assert customer is not None
        customer.archived = True
    assert _item(db, "Ana").content.customer_id == shop["peggy"]
    assert card.content.customer_id not in {c.customer_id for c in list_deck(db, TODAY)}


def test_staff_names_are_unique_and_an_unknown_name_is_refused(
    db: Database, shop: dict[str, int]
) -> None:
    with pytest.raises(RegularsError, match="already called"):
        add_staff(db, " ana ")
    with pytest.raises(RegularsError, match="not a staff role"):
        add_staff(db, "Kim", role="boss")
    assert [(m.name, m.role) for m in list_staff(db)] == [("Ana", "clerk"), ("Olu", "owner")]
    with pytest.raises(RegularsError, match="no staff member is called 'Kim'"):
        next_card(db, "Kim", NOON)


def test_the_command_line_practises_grades_and_reports(
    db_path: Path, db: Database, shop: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--db", str(db_path), "--json"]
    assert main([*base, "staff", "add", "Kim", "--role", "owner"]) == 0
    capsys.readouterr()
    assert main([*base, "practice", "next", "--staff", "Kim", "--on", "2026-11-20"]) == 0
    card = json.loads(capsys.readouterr().out)
    assert card["front"]["lines"][0] == "Household: a spouse, a dog"
    assert "Robert Smith" in card["back"]["lines"]
    args = ["practice", "grade", str(card["card_id"]), "4", "--staff", "Kim", "--on", "2026-11-20"]
    assert main([*base, *args]) == 0
    assert json.loads(capsys.readouterr().out)["state"] == "review"
    assert main([*base, "practice", "progress", "--staff", "Kim", "--on", "2026-11-20"]) == 0
    assert json.loads(capsys.readouterr().out)["per_day"][-1] == {"day": "2026-11-20", "reviews": 1}
    assert main([*base, "practice", "grade", str(card["card_id"]), "3", "--staff", "Ana"]) == 1
    assert main(["--db", str(db_path), "practice", "deck", "--exclude", "1"]) == 1
    with pytest.raises(SystemExit) as usage:
        main([*base, "practice", "grade", "1", "5", "--staff", "Kim"])
    assert usage.value.code == 2
