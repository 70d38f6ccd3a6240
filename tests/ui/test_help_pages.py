"""Help ▸ Keyboard lists what the menus really do, and the README's table is the same."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from app.db import Database
from app.i18n import use_language
from app.ui.help_pages import HelpDialog, _plain, guide_text, key_rows, readme_with_keys
from app.ui.main_window import MainWindow
from app.ui.theme import ThemeControl

README = Path(__file__).resolve().parents[2] / "README.md"
MENU = re.compile(r"(\w+) ▸ ")
"""Where the guide names a menu: the entry's own words follow."""


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


def _entries(window: MainWindow) -> dict[str, list[str]]:
    """Each menu's entries, as the guide writes them (no ``&``)."""
    found: dict[str, list[str]] = {}
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if isinstance(menu, QMenu):
            words = [_plain(action.text()) for action in menu.actions() if action.text()]
            found[_plain(menu_action.text())] = words
    return found


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_guide_speaks_the_shops_language_and_names_real_menu_entries(
    qtbot: QtBot, db: Database, language: str
) -> None:
    use_language(language)
    try:
        window = MainWindow(db)
        qtbot.addWidget(window)
        guide = " ".join(guide_text().split())
        assert ("fünf Minuten" in guide) is (language == "de")
        menus = _entries(window)
        named = list(MENU.finditer(guide))
        assert len(named) >= 5
        for found in named:
            after = guide[found.end() :]
            entries = menus.get(found[1], [])
            assert any(after.startswith(entry) for entry in entries), (found[1], after[:40])
        window.background.wait()
    finally:
        use_language("en")
