"""Small wording and type-size helpers for what the window shows."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QLocale
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QStyle,
    QStyleOptionFrame,
    QToolButton,
    QWidget,
)

from app.i18n import current_language, language_date
from app.settings import load_settings


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


def month_names() -> tuple[str, ...]:
    """January to December in the language in use, for a month chooser."""
    return tuple(language_date(date(2000, month, 1), "LLLL") for month in range(1, 13))


def date_format() -> str:
    """How a date box shows its date: the shop's short style with the whole year
    ("dd.MM.yyyy" in Germany, "M/d/yyyy" in the US), so no one reads ISO at the counter."""
    language = QLocale.codeToLanguage(current_language())
    territory = QLocale.codeToTerritory(load_settings().country)
    shown = QLocale(language, territory).dateFormat(QLocale.FormatType.ShortFormat)
    return shown if "yyyy" in shown else shown.replace("yy", "yyyy")


def scaled(widget: QWidget, factor: float, *, bold: bool = False) -> None:
    """Make ``widget``'s text ``factor`` times the application's size (follows Larger type)."""
    font = QFont(widget.font())
    font.setPointSizeF(QApplication.font().pointSizeF() * factor)
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


def hint_room(box: QLineEdit) -> int:
    """How many pixels an empty ``box`` has for its grey hint, as QLineEdit paints it: its
    contents (less the style sheet's padding) less 2 px either side, and less a side
    button such as "clear"."""
    option = QStyleOptionFrame()
    box.initStyleOption(option)
    room = box.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, box)
    margins = box.textMargins()
    right = room.right() - margins.right()
    for button in box.findChildren(QToolButton):
        if button.isVisibleTo(box):
            right = min(right, button.x() - 1)
    return right - (room.left() + margins.left()) - 4


def scaled_to_hint(box: QLineEdit, factor: float) -> None:
    """``scaled(box, factor)``, then smaller only as far as needed for the box's hint to
    show whole in the room it has now (German's hint is longer than English's)."""
    font = QFont(box.font())
    font.setPointSizeF(QApplication.font().pointSizeF() * factor)
    needed = QFontMetrics(font).horizontalAdvance(box.placeholderText())
    room = hint_room(box)
    if needed > room > 0:
        font.setPointSizeF(font.pointSizeF() * room / needed)
    if font != box.font():
        box.setFont(font)
