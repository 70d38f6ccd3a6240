"""A damaged shop file at start: the owner is offered the newest verified backup in its
place, and the damaged file stays set aside whatever they answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.models import Customer
from app.safety.backups import take_backup
from app.safety.startup import DamagedDatabaseError
from app.ui.opening import open_or_restore
from tests.integration.test_startup_check import NOW, _overwrite_page, shop

__all__ = ["shop"]


def _set_aside(shop: Path) -> list[Path]:
    """The damaged database files moved aside (not their WAL and shared-memory files)."""
    return [
        path
        for path in shop.parent.glob(f"{shop.name}.damaged-*")
        if not path.name.endswith(("-wal", "-shm"))
    ]


def _answer(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton) -> list[str]:
    """The owner's answer to the question; what they were asked is kept."""
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *_args: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_the_owner_restores_the_newest_backup_in_one_answer(
    qtbot: QtBot, shop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = take_backup(shop, NOW).path
    _overwrite_page(shop)
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)

    database = open_or_restore(shop)
    try:
        with database.session() as session:
            assert session.query(Customer).count() == 300
    finally:
        database.close()
    (question,) = asked
    assert "damaged" in question and str(backup) in question
    assert "Restore the newest verified backup" in question
    assert len(_set_aside(shop)) == 1


def test_declining_leaves_the_file_set_aside_and_says_how_to_restore_later(
    qtbot: QtBot, shop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    take_backup(shop, NOW)
    _overwrite_page(shop)
    _answer(monkeypatch, QMessageBox.StandardButton.No)
    with pytest.raises(DamagedDatabaseError, match="regulars restore"):
        open_or_restore(shop)
    assert not shop.exists()
    assert len(_set_aside(shop)) == 1


def test_without_a_backup_nothing_is_offered(
    qtbot: QtBot, shop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _overwrite_page(shop)
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    with pytest.raises(DamagedDatabaseError, match="no verified backup"):
        open_or_restore(shop)
    assert asked == []
