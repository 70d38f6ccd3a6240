"""Gift memory over simulated years on a real migrated database: a gift marked for someone
in the household is recalled before their birthday or anniversary (never after it, never
once this year's gift is bought), a durable gift is never suggested again, and private or
don't-bring-up notes about them never surface at the register."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.card import load_card
from app.cli import main
from app.customers.relations import remove_relation
from app.db import Database
from app.errors import RegularsError
from app.gifts import gift_lines, mark_gift
from app.i18n import use_language
from app.models import Customer, Occasion, OccasionKind, Relation, RelationKind
from app.prompts import dismiss
from app.safety.access import CLERK, Access
from app.today import mark_today_row, today_view
from tests.integration.prompt_shop import Shop

TODAY = date(2025, 10, 14)
MIA_BIRTHDAY = (10, 24)


@pytest.fixture
def shop(db: Database) -> Shop:
    return Shop(db, today=TODAY)


def gift_texts(shop: Shop, customer: int, on: date, *, owner: bool = False) -> list[str]:
    return [
        p.text
        for p in shop.prompts(customer, on=on, owner=owner, limit=10)
        if p.source_key.startswith("gift:")
    ]


def test_the_last_gift_is_recalled_before_the_birthday_and_not_after(shop: Shop) -> None:
    anna = shop.customer()
    shop.relation(anna, "Mia", RelationKind.CHILD, *MIA_BIRTHDAY)
    shop.gift(anna, date(2024, 10, 20), "tents", "Blue two-person tent (M)", "mia")
    assert gift_texts(shop, anna, date(2025, 9, 30)) == []  # 24 days ahead: not yet
    [prompt] = [p for p in shop.prompts(anna, on=TODAY) if p.source_key.startswith("gift:")]
    assert prompt.text == "Mia's birthday is in 10 days — last year: Blue two-person tent (M)"
    assert prompt.reason.startswith("gift for Mia, bought ")
    assert "2024" in prompt.reason
    everything = [p.source_key for p in shop.prompts(anna, on=date(2025, 10, 20), limit=10)]
    assert not any(key.startswith("birthday:relation:") for key in everything)  # said once
    assert gift_texts(shop, anna, date(2025, 10, 24)) != []  # on the day itself
    assert gift_texts(shop, anna, date(2025, 10, 25)) == []  # never after
    dismiss(shop.db, prompt, access=CLERK)
    later = [p.source_key for p in shop.prompts(anna, on=date(2025, 10, 20), limit=10)]
    assert not any(key.startswith("gift:") for key in later)
    assert "birthday:relation:" in " ".join(later)  # the plain birthday prompt is back


def test_a_durable_gift_is_never_suggested_again_a_consumable_may_be(shop: Shop) -> None:
    anna = shop.customer()
    shop.relation(anna, "Mia", RelationKind.CHILD, *MIA_BIRTHDAY)
    shop.relation(anna, "Tom", RelationKind.SPOUSE, 11, 20)
    shop.gift(anna, date(2024, 10, 20), "tents", "Blue two-person tent (M)", "Mia")
    shop.gift(anna, date(2024, 10, 30), "coffee", "Dark roast beans", "Tom")
    [mia] = gift_texts(shop, anna, TODAY)
    assert "again" not in mia
    [tom] = gift_texts(shop, anna, date(2025, 11, 5))
    assert tom == "Tom's birthday is in 15 days — last year: Dark roast beans. The same again?"
    with shop.db.session() as s:
        s.get_one(Customer, anna).no_sales_prompts = True
    assert gift_texts(shop, anna, date(2025, 11, 5)) == [
        "Tom's birthday is in 15 days — last year: Dark roast beans"
    ]


def test_a_gift_bought_in_the_run_up_ends_the_reminder_for_that_year(shop: Shop) -> None:
    anna = shop.customer()
    shop.relation(anna, "Mia", RelationKind.CHILD, *MIA_BIRTHDAY)
    shop.gift(anna, date(2024, 10, 20), "tents", "Blue two-person tent (M)", "Mia")
    shop.gift(anna, date(2025, 10, 16), "bikes", "Red kids' bike", "Mia")
    assert gift_texts(shop, anna, TODAY) != []
    assert gift_texts(shop, anna, date(2025, 10, 17)) == []
    [next_year] = gift_texts(shop, anna, date(2026, 10, 14))
    assert next_year.endswith("last year: Red kids' bike")
    assert "tent" not in next_year


def test_a_partners_gift_is_recalled_before_the_couples_anniversary(shop: Shop) -> None:
    anna = shop.customer()
    shop.relation(anna, "Tom", RelationKind.SPOUSE, 3, 3)
    shop.occasion(anna, "Wedding anniversary", 10, 20)
    shop.gift(anna, date(2024, 10, 1), "grills", "Kettle grill", "tom")
    [text] = gift_texts(shop, anna, TODAY)
    assert text == "Wedding anniversary is in 6 days — last year for Tom: Kettle grill"
    today = today_view(shop.db, today=TODAY).section("follow_ups").rows
    assert [(row.customer_id, row.text) for row in today] == [(anna, text)]


def test_private_and_dont_bring_up_notes_about_the_recipient_never_surface(shop: Shop) -> None:
    anna = shop.customer()
    shop.relation(anna, "Mia", RelationKind.CHILD, *MIA_BIRTHDAY)
    shop.gift(anna, date(2024, 10, 20), "tents", "Blue two-person tent (M)", "Mia")
    shop.note(anna, "Likes: Mia wears size M, loves blue", kind="likes")
    shop.note(anna, "Mia's eating disorder", kind="family", private=True)
    shop.note(anna, "Mia failed her exams", kind="family", dont_bring_up=True)
    register = shop.prompts(anna, on=TODAY, limit=10)
    owner = shop.prompts(anna, on=TODAY, limit=10, owner=True)
    for prompt in [*register, *owner]:
        assert "disorder" not in prompt.text + prompt.reason
        assert "exams" not in prompt.text + prompt.reason
    [mia] = load_card(shop.db, anna, today=TODAY).household
    assert [g.item for g in mia.gifts] == ["Blue two-person tent (M)"]
    assert mia.about == ("Likes: Mia wears size M, loves blue",)
    [owners_mia] = load_card(shop.db, anna, today=TODAY, access=Access(owner=True)).household
    assert owners_mia.about == ("Mia's eating disorder", "Likes: Mia wears size M, loves blue")
    [line] = [p for p in load_card(shop.db, anna, today=TODAY).purchases if p.gift_for]
    assert line.gift_for == "Mia"


def test_today_lists_gift_reminders_as_the_card_says_them_and_done_there_is_asked(
    shop: Shop,
) -> None:
    anna = shop.customer()
    ben = shop.customer("Ben")
    gone = shop.customer("Gone", archived=True)
    shop.relation(anna, "Mia", RelationKind.CHILD, 10, 17)
    shop.relation(ben, "Tom", RelationKind.SPOUSE, 10, 30)
    shop.relation(gone, "Ida", RelationKind.CHILD, 10, 16)
    shop.gift(anna, date(2024, 10, 10), "tents", "Blue two-person tent (M)", "Mia")
    shop.gift(ben, date(2024, 10, 20), "coffee", "Dark roast beans", "Tom")
    shop.gift(gone, date(2024, 10, 10), "tents", "Red tent", "Ida")
    shop.note(anna, "Mia's eating disorder", kind="family", private=True, ask_on=TODAY)
    shop.note(anna, "Mia failed her exams", kind="family", dont_bring_up=True, ask_on=TODAY)
    view = today_view(shop.db, today=TODAY)
    gifts = [row for row in view.section("follow_ups").rows if row.key.startswith("gift:")]
    [card] = [p for p in shop.prompts(anna, on=TODAY, limit=10) if p.source_key.startswith("gift:")]
    first = gifts[0]
    assert (first.customer_id, first.key, first.text, first.detail) == (
        anna,
        card.source_key,
        card.text,
        card.reason,
    )
    assert [row.text for row in gifts] == [
        "Mia's birthday is in 3 days — last year: Blue two-person tent (M)",
        "Tom's birthday is in 16 days — last year: Dark roast beans. The same again?",
    ]
    assert not any(row.private for row in gifts)
    shown = " ".join(row.text + row.detail for row in view.section("follow_ups").rows)
    assert "disorder" not in shown and "exams" not in shown
    assert "Mia" not in " ".join(row.text for row in view.section("occasions").rows)  # said once
    mark_today_row(shop.db, gifts[0].key, today=TODAY)
    after = today_view(shop.db, today=TODAY)
    assert [row.customer_id for row in after.section("follow_ups").rows] == [ben]
    assert not any(p.source_key.startswith("gift:") for p in shop.prompts(anna, on=TODAY))
    assert [row.text for row in after.section("occasions").rows] == [
        "Mia's birthday on Friday (child)"
    ]
    dismiss(shop.db, shop.prompts(ben, on=TODAY, limit=10)[0], access=CLERK)
    assert today_view(shop.db, today=TODAY).section("follow_ups").rows == ()
    with pytest.raises(RegularsError, match="household member is gone"):
        mark_today_row(shop.db, "gift:999:birthday:relation:999:2025", today=TODAY)


def test_today_finds_gift_reminders_by_a_linked_customers_birthday_and_a_relations_own_date(
    shop: Shop,
) -> None:
    """The two ways to a reminder the other Today tests leave out: a relation with no
    birthday of its own, linked to a customer whose birthday is near, and a relation with
    a yearly date recorded for it. Today says each as the card does."""
    anna = shop.customer()
    ben = shop.customer("Ben", birthday_month=10, birthday_day=20)
    cleo = shop.customer("Cleo")
    with shop.db.session() as s:
        linked = Relation(customer_id=anna, kind=RelationKind.SPOUSE, related_customer_id=ben)
        ida = Relation(customer_id=cleo, kind=RelationKind.CHILD, name="Ida")
        s.add_all([linked, ida])
        s.flush()
        s.add(
            Occasion(
                customer_id=cleo,
                relation_id=ida.id,
                kind=OccasionKind.OTHER,
                label="Ida's name day",
                month=10,
                day=22,
            )
        )
        linked_id = linked.id
    shop.gift(anna, date(2024, 10, 12), "coffee", "Dark roast beans", "Ben")
    shop.gift(cleo, date(2024, 10, 15), "tents", "Red tent", "Ida")
    card = {
        p.source_key: (p.text, p.reason)
        for customer in (anna, cleo)
        for p in shop.prompts(customer, on=TODAY, limit=10)
        if p.source_key.startswith("gift:")
    }
    gifts = {
        row.key: (row.text, row.detail)
        for row in today_view(shop.db, today=TODAY).section("follow_ups").rows
        if row.key.startswith("gift:")
    }
    assert gifts == card
    assert {key.split(":")[1] for key in gifts} == {str(linked_id), str(ida.id)}


def test_gift_prompts_count_towards_the_prompts_per_card(shop: Shop) -> None:
    anna = shop.customer()
    for name, day in (("Mia", 20), ("Leo", 21), ("Ida", 22)):
        shop.relation(anna, name, RelationKind.CHILD, 10, day)
        shop.gift(anna, date(2024, 10, 1), "coffee", f"Beans for {name}", name)
    assert len(shop.prompts(anna, on=TODAY, limit=2)) == 2
    assert len(gift_texts(shop, anna, TODAY)) == 3


def test_marking_refuses_strangers_and_unmarking_forgets_the_gift(shop: Shop) -> None:
    anna = shop.customer()
    ben = shop.customer("Ben")
    mia = shop.relation(anna, "Mia", RelationKind.CHILD, *MIA_BIRTHDAY)
    shop.relation(ben, "Zoë", RelationKind.CHILD, 1, 2)
    line = shop.gift(anna, date(2024, 10, 20), "tents", "Tent", "MIA")
    with pytest.raises(RegularsError, match="not in the buyer's household"):
        mark_gift(shop.db, line, "Zoë")
    with pytest.raises(RegularsError, match="no purchase line"):
        mark_gift(shop.db, 10_000, "Mia")
    assert [g.recipient for g in gift_lines(shop.db, anna)] == ["Mia"]
    assert mark_gift(shop.db, line, None).recipient is None
    assert gift_lines(shop.db, anna) == []
    assert gift_texts(shop, anna, TODAY) == []
    mark_gift(shop.db, line, "Mia")
    remove_relation(shop.db, mia)
    assert gift_lines(shop.db, anna) == []  # she left the household: the line is kept
    assert [p.item for p in load_card(shop.db, anna, today=TODAY).purchases] == ["Tent"]


def test_the_gift_prompt_speaks_german(shop: Shop) -> None:
    anna = shop.customer()
    shop.relation(anna, "Mia", RelationKind.CHILD, *MIA_BIRTHDAY)
    shop.gift(anna, date(2024, 10, 20), "coffee", "Kaffeebohnen", "Mia")
    use_language("de")
    try:
        [text] = gift_texts(shop, anna, TODAY)
    finally:
        use_language("en")
    assert text == (
        "Mia hat in 10 Tagen Geburtstag — letztes Jahr: Kaffeebohnen. Noch einmal dasselbe?"
    )


def test_the_command_line_marks_a_gift_and_the_card_shows_it(
    shop: Shop, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    anna = shop.customer()
    shop.relation(anna, "Mia", RelationKind.CHILD, *MIA_BIRTHDAY)
    shop.buy(anna, 360, "tents", "Blue two-person tent (M)")
    shop.note(anna, "Likes: Mia wears size M", kind="likes")
    card = ["--db", str(db_path), "card", str(anna), "--on", TODAY.isoformat()]
    assert main(card) == 0
    [line] = [row for row in capsys.readouterr().out.splitlines() if "tent" in row]
    line_id = line.rsplit("#", 1)[1]
    assert main(["--db", str(db_path), "purchase", "gift", line_id, "--for", "mia"]) == 0
    assert "a gift for Mia" in capsys.readouterr().out
    assert main(card) == 0
    shown = capsys.readouterr().out
    assert "Blue two-person tent (M) — gift for Mia" in shown
    assert "Likes: Mia wears size M" in shown
    assert "Mia's birthday is in 10 days — last year: Blue two-person tent (M)" in shown
    assert main(["--db", str(db_path), "purchase", "gift", line_id, "--for", "Zoë"]) == 1
    assert "not in the buyer's household" in capsys.readouterr().err
    assert main(["--db", str(db_path), "purchase", "gift", line_id, "--none"]) == 0
    assert "not a gift" in capsys.readouterr().out
