"""Menu actions with their keyboard shortcut, made one way everywhere."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence


def make_action(
    parent: QObject,
    text: str,
    slot: Callable[[], object] | None,
    shortcut: QKeySequence.StandardKey | str | None = None,
) -> QAction:
    """An action that calls ``slot`` when chosen or when its shortcut is pressed.

    ``slot`` is called with no arguments: ``triggered`` carries a ``checked`` flag that
    would otherwise land in the slot's first parameter (a typed name, a staff name...).
    """
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if slot is not None:
        action.triggered.connect(lambda _checked=False: slot())
    return action
