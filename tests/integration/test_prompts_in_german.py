"""In German, the card's prompts, the ageing marks and the Today view read German: the
shipped wordings, the times ("vor 3 Wochen") and the days ("am Freitag") all come from
the catalogue, and only the shop's own data (names, items, notes) stays as typed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from app.card import load_card
from app.db import Database
from app.i18n import use_language
from app.models import RelationKind
from app.safety.access import Access
from app.today import today_view
from tests.integration.prompt_shop import MONDAY, Shop

OWNER = Access(owner=True)
ENGLISH_WORDS = """
    a an the and of on in for with ago day days week weeks month months year years today
    tomorrow yesterday every usually last seen bought birthday how how's running low time
    more need noted note from customer since visit visits often due written new first
    welcome back good see again ask about follow up been had yet wish happy belated was is
    congratulations worth mention this past occasions likely regulars check suggestion
"""
ENGLISH = frozenset(ENGLISH_WORDS.split())
DATA = ("Anna", "Ben", "Emma", "Chicken feed", "Pelican Maxim", "Wedding anniversary")
"""What the shop typed: names, items and labels are shown as they are."""


@pytest.fixture
def german() -> Iterator[None]:
    use_language("de")
    yield
    use_language("en")


def english_words(texts: list[str], notes: tuple[str, ...]) -> set[str]:
    found = set()
    for text in texts:
        for data in (*DATA, *notes):
            text = text.replace(data, " ")
        found |= {w for w in re.findall(r"[A-Za-z']+", text) if w.lower() in ENGLISH}
    return found


@pytest.mark.usefixtures("german")
def test_prompts_cards_and_today_speak_german(db: Database) -> None:
    shop = Shop(db)
    anna = shop.customer(birthday_month=10, birthday_day=18, customer_since=date(2014, 10, 2))
    shop.buy(anna, 20, "Kayaks", "Pelican Maxim 100X")
    shop.buy(anna, [28 + 30 * n for n in range(4)], "Chicken feed")
    shop.relation(anna, "Emma", RelationKind.CHILD, 10, 16)
    shop.occasion(anna, "Wedding anniversary", 10, 15)
    ask = "Tom's knee surgery"
    shop.note(anna, ask, ask_on=MONDAY - timedelta(days=2))
    puppy = "Pets: new puppy, a beagle called Rex"
    shop.note(anna, puppy, written=MONDAY - timedelta(days=380), kind="pets")
    ben = shop.customer("Ben")
    shop.buy(ben, [98 + 7 * n for n in range(8)], "Hardware")
    notes = (ask, puppy, "Tom", "Rex")

    prompts = shop.prompts(anna, owner=True, limit=20) + shop.prompts(ben)
    assert len(prompts) >= 8, [p.text for p in prompts]
    shown = [t for p in prompts for t in (p.text, p.reason)]
    assert "vor 3 Wochen" in " ".join(shown)
    card = load_card(db, anna, today=MONDAY, access=OWNER)
    shown += [n.age for n in card.notes] + [o.label for o in card.occasions]
    view = today_view(db, today=MONDAY, access=OWNER)
    shown += [s.title for s in view.sections]
    shown += [t for s in view.sections for r in s.rows for t in (r.text, r.detail)]
    assert sum(len(s.rows) for s in view.sections) >= 4
    assert english_words(shown, notes) == set(), shown


def test_the_english_wordings_stay_english(db: Database) -> None:
    shop = Shop(db)
    anna = shop.customer()
    shop.buy(anna, 20, "Kayaks", "Pelican Maxim 100X")
    [prompt] = shop.prompts(anna)
    assert prompt.reason == "bought Sep 24 — 3 weeks ago"
    assert english_words([prompt.text, prompt.reason], ()) != set()
