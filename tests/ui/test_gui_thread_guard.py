"""The guard every window test runs under can fail: window code that queries on the GUI
thread is caught (and the same work through the window's pool is not)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.safety.access import CLERK
from app.ui.main_window import MainWindow
from app.ui.note_results import search_notes_as_hits


def test_a_query_from_window_code_on_the_gui_thread_is_caught(
    qtbot: QtBot, window: MainWindow, gui_thread_never_touches_the_database: list[str]
) -> None:
    seen = gui_thread_never_touches_the_database
    answers: list[object] = []
    window.background.run(
        lambda: search_notes_as_hits(window.database, "kayak", access=CLERK),
        answers.append,
        answers.append,
    )
    qtbot.waitUntil(lambda: bool(answers))
    assert seen == []

    search_notes_as_hits(window.database, "kayak", access=CLERK)
    assert seen and all("note_results.py" in where for where in seen)
    seen.clear()
