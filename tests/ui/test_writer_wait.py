"""A window whose write has to wait for another Regulars says so in its status bar, then
writes once the other has finished; nothing is lost and the window never froze."""

from __future__ import annotations

from functools import partial

import pytest
from pytestqt.qtbot import QtBot

from app import writelock
from app.customers import NewCustomer, add_customer
from app.ui.main_window import MainWindow
from app.ui.writer_wait import show_waits_in
from tests.integration.lock_holder import Holder


def test_a_waiting_write_is_told_in_the_status_bar_then_lands(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writelock, "waiting_notice", writelock.waiting_notice)
    show_waits_in(window)
    added: list[int] = []
    failed: list[Exception] = []
    holder = Holder(window.database.path)
    try:
        window.background.run(
            partial(add_customer, window.database, NewCustomer(first_name="Wait", last_name="Er")),
            added.append,
            failed.append,
            writes=True,
        )
        qtbot.waitUntil(
            lambda: "Another Regulars is writing" in window.statusBar().currentMessage()
        )
        assert not added
        holder.let_go()
        qtbot.waitUntil(lambda: bool(added or failed), timeout=30_000)
    finally:
        holder.kill()
    assert not failed and added
