"""A register window on a small real shop, for driving with keys like a clerk."""

from __future__ import annotations

import gc
import os
import sqlite3
import sys
import threading
from collections.abc import Iterator
from datetime import date
from types import FrameType
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, event

from app.db import Database
from app.models import Customer, Product, Purchase, PurchaseLine, Relation, RelationKind
from app.ui.collector import GuiThreadCollector
from app.ui.main_window import MainWindow

TODAY = date(2026, 11, 23)


def fill_small_shop(db: Database) -> dict[str, int]:
    """A handful of customers, including two people with the same name."""
    people = {
        "robert_elm": Customer(
            first_name="Robert",
            last_name="Smith",
            phone="555-010-0142",
            phone_digits="15550100142",
            address_line="12 Elm St",
        ),
        "robert_oak": Customer(
            first_name="Robert",
            last_name="Smith",
            phone="555-010-0999",
            phone_digits="15550100999",
            address_line="3 Oak Ave",
        ),
        "margaret": Customer(first_name="Margaret", last_name="Okafor", preferred_name="Peggy"),
        "jose": Customer(first_name="José", last_name="Müller", email="jose@example.org"),
    }
    with db.session() as s:
        kayak = Product(sku="K1", name="Touring kayak")
        s.add_all(people.values())
        people["robert_elm"].relations.append(
            Relation(kind=RelationKind.PET, name="Rex", species="dog")
        )
        visit = Purchase(customer=people["robert_elm"], purchased_on=date(2026, 11, 1))
        visit.lines.append(PurchaseLine(product=kayak, item="Touring kayak"))
        s.add(visit)
        s.flush()
        return {key: person.id for key, person in people.items()}


@pytest.fixture
def shop(db: Database) -> dict[str, int]:
    """Customer ids of the small shop, by nickname."""
    return fill_small_shop(db)


@pytest.fixture
def window(qtbot: QtBot, db: Database, shop: dict[str, int]) -> Iterator[MainWindow]:
    """The main window, shown, with its search index ready."""
    win = MainWindow(db, today=lambda: TODAY)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.indexReady, timeout=10_000):
        win.show()
    qtbot.waitExposed(win)
    yield win
    win.background.wait()


def _gui_code_on_gui_thread() -> str | None:
    """The window's frame that reached the database on the GUI thread, if one did (a
    widget tested alone with a synchronous runner stands in for the window's pool)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    if not any(isinstance(w, MainWindow) and w.isVisible() for w in QApplication.topLevelWidgets()):
        return None
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        code = frame.f_code
        if f"{os.sep}app{os.sep}ui{os.sep}" in code.co_filename:
            return f"{code.co_filename}:{frame.f_lineno} {code.co_name}"
        frame = frame.f_back
    return None


@pytest.fixture(autouse=True)
def gui_thread_never_touches_the_database(
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[list[str]]:
    """Every window test fails if window code queries (or opens) the database on the GUI
    thread, with no exception; the test's own set-up and checks may. Yields where it
    happened, so far."""
    seen: list[str] = []

    def on_execute(*_args: object) -> None:
        where = _gui_code_on_gui_thread()
        if where:
            seen.append(where)

    connect = sqlite3.connect

    def watched_connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        where = _gui_code_on_gui_thread()
        if where:
            seen.append(where)
        connection: sqlite3.Connection = connect(*args, **kwargs)
        return connection

    monkeypatch.setattr(sqlite3, "connect", watched_connect)
    event.listen(Engine, "before_cursor_execute", on_execute)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", on_execute)
    assert not seen, "the GUI thread touched the database:\n" + "\n".join(sorted(set(seen)))


@pytest.fixture(autouse=True)
def collect_on_the_gui_thread(qapp: QApplication) -> Iterator[GuiThreadCollector]:
    """As in the app: a reader thread never frees a cycle holding a widget. What outlives
    the test is then frozen out of later collections: the run's heap grows to over half a
    million objects, and collecting all of it after every window test took half the time
    of tests/ui."""
    collector = GuiThreadCollector(qapp)
    yield collector
    collector.stop()
    collector.deleteLater()
    gc.freeze()


@pytest.fixture(autouse=True)
def no_unexpected_warning(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A warning box nobody asked for fails the test, with its words, instead of waiting
    modally for a click that never comes; a warning that asks (Yes/No) is answered No.
    A test that expects one patches ``QMessageBox.warning`` itself."""
    shown: list[str] = []

    def record(*args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        if len(args) > 3 or "buttons" in kwargs:  # a question (Yes/No): left unanswered
            return QMessageBox.StandardButton.No
        shown.append(str(args[2]) if len(args) > 2 else "")
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", record)
    yield shown
    assert not shown, "the window showed a warning:\n" + "\n".join(shown)
