"""Two registers on one PostgreSQL book: what another register (a separate ``regulars``
process) writes reaches the open window through ``LISTEN``/``NOTIFY``, with no click."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from app.db import Database
from app.ui.main_window import MainWindow
from app.ui.results_model import CUSTOMER_ID_ROLE

pytestmark = [
    pytest.mark.both_engines,
    pytest.mark.parametrize("engine", ["postgresql"], indirect=True),
]


def _other_register(db: Database, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "app", "--db", db.target, *args], check=True, timeout=60)


def _result_ids(window: MainWindow) -> list[int]:
    rows = (window.results.index(r, 0) for r in range(window.results.rowCount()))
    return [int(i.data(CUSTOMER_ID_ROLE)) for i in rows if i.data(CUSTOMER_ID_ROLE)]


def test_a_customer_and_a_note_added_at_another_register_show_in_the_open_window(
    qtbot: QtBot, window: MainWindow, db: Database, shop: dict[str, int]
) -> None:
    password = make_url(db.target).password
    assert "postgresql" in window.db_label.text()
    assert not password or password not in window.db_label.text()
    qtbot.keyClicks(window.search_box, "zelda")
    assert _result_ids(window) == []
    _other_register(db, "customer", "add", "--first", "Zelda", "--last", "Quince")
    qtbot.waitUntil(lambda: len(_result_ids(window)) == 1, timeout=5_000)
    jose = shop["jose"]
    with qtbot.waitSignal(window.cardShown, timeout=10_000):
        window.open_card(jose)
    _other_register(db, "note", "add", str(jose), "Ask about the regatta")
    qtbot.waitUntil(
        lambda: any(
            "Ask about the regatta" in label.text()
            for label in window.card_view.findChildren(QLabel)
        ),
        timeout=5_000,
    )
