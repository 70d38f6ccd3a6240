"""The card's "Ask about" buttons: Dismiss takes a prompt away for good, Asked keeps what
the customer said as a note, and Ctrl+Z takes either back for a while."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from app.catalog import CatalogCache
from app.db import Database
from app.models import Customer, Purchase, PurchaseLine
from app.ui.main_window import MainWindow
from tests.ui.conftest import TODAY
from tests.ui.keys import back_to, focused, wait_for_dialog


@pytest.fixture
def kayaker(db: Database, shop: dict[str, int]) -> int:
    with db.session() as s:
        kayak = CatalogCache(s).product(sku="KAY-9", name="Touring kayak", category="Kayaks")
        ada = Customer(first_name="Ada", last_name="Lovell")
        visit = Purchase(customer=ada, purchased_on=TODAY - timedelta(days=20))
        visit.lines.append(PurchaseLine(product=kayak, item=kayak.name))
        s.add_all([ada, visit])
        s.flush()
        return ada.id


def _button(window: MainWindow, action: str) -> QPushButton:
    buttons = window.card_view.findChildren(QPushButton, f"prompt-{action}")
    assert buttons, f"no {action} button on the card"
    return buttons[0]


def test_dismiss_takes_the_kayak_prompt_away_for_good(
    qtbot: QtBot, window: MainWindow, kayaker: int
) -> None:
    with qtbot.waitSignal(window.cardShown):
        window.open_card(kayaker)
    card = window.card_view.card
    assert card is not None and "kayak" in card.prompts[0].text.lower()
    qtbot.mouseClick(_button(window, "dismiss"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.card_view.card is not None and not window.card_view.card.prompts)
    with qtbot.waitSignal(window.cardShown):
        window.open_card(kayaker)
    assert window.card_view.card is not None and window.card_view.card.prompts == ()


def test_asked_keeps_what_they_said_as_a_note(
    qtbot: QtBot, window: MainWindow, kayaker: int
) -> None:
    with qtbot.waitSignal(window.cardShown):
        window.open_card(kayaker)
    qtbot.mouseClick(_button(window, "asked"), Qt.MouseButton.LeftButton)
    wait_for_dialog(qtbot)
    qtbot.keyClicks(focused(), "Loves it, out every Sunday")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    def said() -> bool:
        card = window.card_view.card
        return card is not None and any("every Sunday" in note.body for note in card.notes)

    qtbot.waitUntil(said)


def test_search_card_note_asked_undo_with_keys_only(
    qtbot: QtBot, window: MainWindow, kayaker: int
) -> None:
    """The register moment without a mouse, ending with a slip taken back by Ctrl+Z."""
    with qtbot.waitSignal(window.indexReady):
        window.refresh_facts()
    qtbot.keyClicks(window.search_box, "ada lov")
    qtbot.waitUntil(lambda: window.results.query == "ada lov")
    with qtbot.waitSignal(window.cardShown):
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.keyClick(focused(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wait_for_dialog(qtbot)
    qtbot.keyClicks(focused(), "Paddles the river on Sundays")
    with qtbot.waitSignal(window.cardShown, timeout=10_000):
        qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    card = window.card_view.card
    assert card is not None and [n.body for n in card.notes] == ["Paddles the river on Sundays"]
    (question,) = card.prompts
    back_to(qtbot, window)
    qtbot.keyClick(focused(), Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    wait_for_dialog(qtbot)
    qtbot.keyClicks(focused(), "Capsized once")
    with qtbot.waitSignal(window.cardShown, timeout=10_000):
        qtbot.keyClick(focused(), Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    card = window.card_view.card
    assert card is not None and card.prompts == () and len(card.notes) == 2
    assert window.undo_action.isEnabled() and "asked" in window.undo_action.text()
    back_to(qtbot, window)
    qtbot.keyClick(focused(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # the card may first be shown again by a reload the earlier commit started
    qtbot.waitUntil(
        lambda: window.card_view.card is not None and bool(window.card_view.card.prompts),
        timeout=10_000,
    )
    card = window.card_view.card
    assert card is not None and [p.text for p in card.prompts] == [question.text]
    assert [n.body for n in card.notes] == ["Paddles the river on Sundays"]
    assert not window.undo_action.isEnabled()


def test_with_two_questions_alt_d_dismisses_the_first(
    qtbot: QtBot, window: MainWindow, kayaker: int, db: Database
) -> None:
    with db.session() as s:
        ada = s.get(Customer, kayaker)
        assert ada is not None
        ada.birthday_month, ada.birthday_day = TODAY.month, TODAY.day
    with qtbot.waitSignal(window.cardShown):
        window.open_card(kayaker)
    card = window.card_view.card
    assert card is not None and len(card.prompts) == 2
    window.focus_search()
    with qtbot.waitSignal(window.cardShown, timeout=10_000):
        qtbot.keyClick(window.search_box, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    after = window.card_view.card
    assert after is not None and [p.text for p in after.prompts] == [card.prompts[1].text]
