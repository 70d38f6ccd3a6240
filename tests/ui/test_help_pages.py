"""Help ▸ Keyboard lists what the menus really do, and the README's table is the same."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.db import Database
from app.ui.help_pages import HelpDialog, key_rows, readme_with_keys
from app.ui.main_window import MainWindow
from app.ui.theme import ThemeControl

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_key_table_is_the_windows_own(
    qtbot: QtBot, db: Database, qapp: QApplication
) -> None:
    window = MainWindow(db, theme=ThemeControl(qapp))
    qtbot.addWidget(window)
    rows = key_rows(window.menuBar())
    readme = README.read_text(encoding="utf-8")
    assert readme_with_keys(readme, rows) == readme, "run `make screenshots` to rewrite it"
    assert ("Ctrl+Shift+N", "Customer ▸ New customer…") in rows
    window.background.wait()


def test_f1_shows_the_keys_and_the_guide_is_a_tab_away(qtbot: QtBot, window: MainWindow) -> None:
    window.show_help("keys")
    dialog = window.help_dialog
    assert isinstance(dialog, HelpDialog) and dialog.isVisible()
    assert "Customer ▸ Edit customer…" in dialog.keys.toPlainText()
    assert "Regulars in five minutes" in dialog.guide.toPlainText()
    dialog.reject()
