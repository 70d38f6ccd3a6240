"""Every user-visible text literal in app/ui goes through the translation layer (``_``,
``N_`` or ``ngettext`` from app.i18n), and the window's menus are German in German."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.db import Database
from app.i18n import use_language
from app.ui.main_window import MainWindow

UI = Path(__file__).resolve().parents[2] / "app" / "ui"
TEXT_CALLS = {
    "setText",
    "setWindowTitle",
    "setTitle",
    "setSubTitle",
    "setButtonText",
    "setPlaceholderText",
    "setToolTip",
    "setAccessibleName",
    "setAccessibleDescription",
    "showMessage",
    "addMenu",
    "addRow",
    "addTab",
    "addItem",
    "QLabel",
    "QPushButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QAction",
    "make_action",
    "information",
    "warning",
    "critical",
    "question",
    "getItem",
    "getText",
    "setHeaderLabels",
    "ask_discard",
    "setHorizontalHeaderLabels",
}


def _name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _literals(node: ast.AST) -> Iterator[str]:
    """The text literals ``node`` shows as they are: not passed through a call (to the
    translation functions or anything else)."""
    if isinstance(node, ast.Call):
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if any(ch.isalpha() for ch in node.value):
            yield node.value
        return
    if isinstance(node, ast.JoinedStr):
        text = "".join(str(part.value) for part in node.values if isinstance(part, ast.Constant))
        if any(ch.isalpha() for ch in text):
            yield ast.unparse(node)
        return
    for child in ast.iter_child_nodes(node):
        yield from _literals(child)


def unrouted() -> set[str]:
    """``file: literal`` for each user-visible literal in app/ui not routed."""
    found: set[str] = set()
    for path in sorted(UI.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node) in TEXT_CALLS:
                shown = (
                    node.args[1:2] if _name(node) in ("make_action", "setButtonText") else node.args
                )
                for argument in shown:
                    for literal in _literals(argument):
                        found.add(f"{path.name}: {literal!r}")
    return found


def test_no_user_visible_literal_skips_the_translation_layer() -> None:
    found = sorted(unrouted())
    assert not found, "route these through app.i18n._:\n" + "\n".join(found)


def test_the_menus_are_german_in_german(qtbot: QtBot, db: Database) -> None:
    use_language("de")
    try:
        window = MainWindow(db)
        qtbot.addWidget(window)
        titles = [action.text() for action in window.menuBar().actions()]
        assert titles[:4] == ["&Datei", "&Bearbeiten", "&Kunde", "&Laden"]
        assert "&Hilfe" in titles
        today = window.today_view.tree.headerItem()
        assert [today.text(column) for column in (0, 1)] == ["Wer", "Was"]
        window.background.wait()
    finally:
        use_language("en")
