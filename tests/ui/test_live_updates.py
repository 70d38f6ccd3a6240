"""Changes made elsewhere reach an open window by themselves: a real ``regulars`` process
writes to the same file while the window waits, and search, the open card and Today show
it (or close the card of someone erased) with no click."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.db import Database
from app.feed.schema import pause_feed, resume_feed
from app.models import Customer
from app.ui.main_window import MainWindow
from app.ui.results_model import CUSTOMER_ID_ROLE


def _regulars(db_path: Path, *args: str) -> None:
    """The command line, as a separate process on the same file."""
    subprocess.run(
        [sys.executable, "-m", "app", "--db", str(db_path), *args], check=True, timeout=60
    )


def _result_ids(window: MainWindow) -> list[int]:
    rows = (window.results.index(r, 0) for r in range(window.results.rowCount()))
    return [int(i.data(CUSTOMER_ID_ROLE)) for i in rows if i.data(CUSTOMER_ID_ROLE)]


def _shows(window: MainWindow, words: str) -> bool:
    return any(words in label.text() for label in window.card_view.findChildren(QLabel))


def _open(qtbot: QtBot, window: MainWindow, customer_id: int) -> None:
    with qtbot.waitSignal(window.cardShown, timeout=10_000):
        window.open_card(customer_id)


def test_a_customer_added_on_the_command_line_is_found_in_the_open_window(
    qtbot: QtBot, window: MainWindow, db_path: Path
) -> None:
    qtbot.keyClicks(window.search_box, "zelda")
    assert _result_ids(window) == []
    _regulars(db_path, "customer", "add", "--first", "Zelda", "--last", "Quince")
    qtbot.waitUntil(lambda: len(_result_ids(window)) == 1, timeout=5_000)
    assert "Zelda Quince" in window.results.index(0, 0).data()


def test_a_customer_forgotten_on_the_command_line_leaves_the_results_and_the_card(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int], db_path: Path
) -> None:
    gone = shop["margaret"]
    qtbot.keyClicks(window.search_box, "okafor")
    assert _result_ids(window) == [gone]
    _open(qtbot, window, gone)
    _regulars(db_path, "customer", "forget", str(gone), "--yes")
    qtbot.waitUntil(lambda: window.right.currentWidget() is window.welcome, timeout=5_000)
    assert "was archived, merged or erased elsewhere" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: _result_ids(window) == [], timeout=5_000)


def test_a_note_added_on_the_command_line_appears_on_the_open_card(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int], db_path: Path
) -> None:
    jose = shop["jose"]
    _open(qtbot, window, jose)
    assert not _shows(window, "Ask about the regatta")
    _regulars(db_path, "note", "add", str(jose), "Ask about the regatta")
    qtbot.waitUntil(lambda: _shows(window, "Ask about the regatta"), timeout=5_000)
    assert window.card_view.card is not None
    assert window.card_view.card.customer.id == jose


def test_a_birthday_added_on_the_command_line_shows_on_today(
    qtbot: QtBot, window: MainWindow, db_path: Path
) -> None:
    assert not [k for k in window.today_view.row_keys() if "birthday" in k]
    _regulars(
        db_path, "customer", "add", "--first", "Ines", "--last", "Ortega", "--birthday", "11-25"
    )
    qtbot.waitUntil(
        lambda: any("birthday" in k for k in window.today_view.row_keys()), timeout=5_000
    )


def test_a_bulk_write_elsewhere_rebuilds_the_search(
    qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    with qtbot.waitSignal(window.indexReady, timeout=10_000), db.session() as session:
        execute = session.connection().exec_driver_sql
        pause_feed(execute)
        session.add(Customer(first_name="Bartholomew", last_name="Bulk"))
        resume_feed(execute)
    qtbot.keyClicks(window.search_box, "bartholomew")
    assert _result_ids(window)
