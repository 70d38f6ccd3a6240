"""Small wording and type-size helpers for what the window shows."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QLocale
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

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


def fit_hint(edit: QLineEdit, chars: tuple[int, int] = (24, 64)) -> None:
    """Make ``edit`` wide enough for its hint and value, within ``chars`` average
    characters: a German hint is longer than the English one, and a box squeezed to a few
    letters hides both the hint and what was typed."""
    metrics = edit.fontMetrics()
    low, high = (metrics.averageCharWidth() * count for count in chars)
    needed = max(metrics.horizontalAdvance(t) for t in (edit.placeholderText(), edit.text()))
    edit.setMinimumWidth(min(max(needed + 2 * metrics.averageCharWidth(), low), high))


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
