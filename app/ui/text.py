"""Small wording and type-size helpers for what the window shows."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLineEdit, QStyle, QWidget


def initials(name: str) -> str:
    """Up to two initials for the photo placeholder."""
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalpha()]
    return "".join(p[0].upper() for p in parts[:1] + parts[1:][-1:]) or "?"


def quantity_text(quantity: float) -> str:
    """ " × 3" for more than one; nothing for a single item."""
    if quantity == 1:
        return ""
    shown = int(quantity) if float(quantity).is_integer() else quantity
    return f" × {shown}"


def scaled(
    widget: QWidget, factor: float, *, bold: bool = False, most: float | None = None
) -> None:
    """Make ``widget``'s text ``factor`` times the application's size (follows Larger type),
    but no more than ``most`` points when given."""
    font = QFont(widget.font())
    size = QApplication.font().pointSizeF() * factor
    font.setPointSizeF(size if most is None else min(size, most))
    font.setBold(bold)
    widget.setFont(font)


def fit_wrapped_text(window: QWidget) -> None:
    """Make ``window`` tall enough for every line of its wrapped labels at its width.

    Qt sizes a top-level window from its layout's minimum sizes, which never ask a
    wrapped label how tall it is at the width it got; a long explanation is then cut
    through at top and bottom. Called after the text changes."""
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    width = max(window.width(), layout.minimumSize().width())
    needed = layout.totalHeightForWidth(width)
    if needed > 0:
        window.setMinimumHeight(needed)
        window.resize(width, max(needed, window.height()))


def room_for_hint(box: QLineEdit) -> None:
    """Keep ``box`` wide enough to show its grey hint whole, at the type size it has now:
    a squeezed box shows "N…" and the clerk cannot tell what goes in it."""
    frame = box.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, box)
    margins = box.textMargins()
    hint = box.fontMetrics().horizontalAdvance(box.placeholderText())
    box.setMinimumWidth(hint + margins.left() + margins.right() + 2 * frame + 8)
