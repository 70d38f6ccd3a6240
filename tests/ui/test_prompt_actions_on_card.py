"""The card's "Ask about" buttons: Dismiss takes a prompt away for good, Asked keeps what
the customer said as a note."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QPushButton
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from app.catalog import CatalogCache
from app.db import Database
from app.models import Customer, Purchase, PurchaseLine
from app.ui.main_window import MainWindow
from tests.ui.conftest import TODAY


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
    qtbot: QtBot, window: MainWindow, kayaker: int, monkeypatch: MonkeyPatch
) -> None:
    monkeypatch.setattr(
        QInputDialog,
        "getMultiLineText",
        lambda *args, **kwargs: ("Loves it, out every Sunday", True),
    )
    with qtbot.waitSignal(window.cardShown):
        window.open_card(kayaker)
    qtbot.mouseClick(_button(window, "asked"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.card_view.card is not None and not window.card_view.card.prompts)
    card = window.card_view.card
    assert card is not None
    assert any("Loves it, out every Sunday" in note.body for note in card.notes)
