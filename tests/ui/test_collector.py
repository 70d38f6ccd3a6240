"""Cycles are freed on the GUI thread, never by a worker that happens to allocate."""

from __future__ import annotations

import gc
import threading
from typing import ClassVar

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui.collector import GuiThreadCollector


class _Cycle:
    """A cycle that records the thread that freed it."""

    freed_on: ClassVar[list[str]] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cycle.freed_on.append(threading.current_thread().name)


def test_a_cycle_dropped_while_a_worker_allocates_is_freed_on_the_gui_thread(
    qtbot: QtBot, collect_on_the_gui_thread: GuiThreadCollector
) -> None:
    _Cycle.freed_on.clear()
    _Cycle()
    kept: list[list[int]] = []
    worker = threading.Thread(target=lambda: kept.extend([i] for i in range(20_000)))
    worker.start()
    worker.join()
    assert gc.get_count()[0] > gc.get_threshold()[0]
    assert _Cycle.freed_on == []
    qtbot.waitUntil(lambda: _Cycle.freed_on == ["MainThread"])


def test_stopping_hands_collection_back_to_python(qapp: QApplication) -> None:
    collector = GuiThreadCollector(qapp)
    assert not gc.isenabled()
    collector.stop()
    assert gc.isenabled()
    collector.deleteLater()
