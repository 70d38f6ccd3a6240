"""Whether a text box shows its grey hint whole, measured as QLineEdit paints it: shared
by the cut-text checks in English and the German walk."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from app.ui.text import hint_room


def cut_hints(root: QWidget) -> list[str]:
    """Visible line edits whose grey hint (placeholder text) does not fit them."""
    return [
        f"{box.placeholderText()!r}: {needed} > {hint_room(box)}"
        for box in root.findChildren(QLineEdit)
        if box.isVisible()
        and box.placeholderText()
        and (needed := box.fontMetrics().horizontalAdvance(box.placeholderText())) > hint_room(box)
    ]
