"""What a screen reader can call each control: its accessible name, its own caption, or
the label whose buddy it is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QWidget,
)


def unnamed_controls(root: QWidget) -> list[str]:
    """Visible controls under ``root`` (``root`` too) that take the keyboard focus but give
    a screen reader no name."""
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy()}
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(widget, QLabel):
            continue  # a label is read by its text
        if isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox):
            continue  # the box's own line edit: the box carries the name
        if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
            continue
        if not widget.accessibleName() and id(widget) not in buddies:
            parent = widget.parentWidget()
            where = type(parent).__name__ if parent else ""
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} in {where}")
    return missing
