"""The first day: what an empty book shows instead of a blank window.

Four ways forward, each one key away: bring in the till's file, add the first customer
by hand, look around the demo shop, or set the owner's secret so private notes stay
private from the start. The page only asks; the window does each thing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from app.i18n import _
from app.ui.text import scaled

CHOICES = (
    (
        "import",
        "&Import a file from the till…",
        "Customers and sales from Shopify, Square, Lightspeed, vCard or any CSV (Alt+I).",
    ),
    ("add", "Add the fi&rst customer…", "Type a name and a phone number; that is enough (Alt+R)."),
    ("demo", "Try the demo sho&p", "A made-up shop of 2,000 regulars to look around in (Alt+P)."),
    (
        "secret",
        "Set the o&wner's secret…",
        "Private notes, exports and erasing a customer then need it (Alt+W).",
    ),
)


class WelcomePage(QWidget):
    """``chosen(what)`` with what in "import", "add", "demo", "secret"."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstDay")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        title = QLabel(_("Welcome to Regulars"))
        title.setObjectName("firstDayTitle")
        scaled(title, 1.6, bold=True)
        intro = QLabel(
            _(
                "This customer book is empty. Start with one of these; everything stays on "
                "this computer."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(intro)
        self.buttons: dict[str, QPushButton] = {}
        for what, caption, hint in CHOICES:
            button = QPushButton(caption)
            button.setObjectName(f"firstDay-{what}")
            button.setAccessibleDescription(hint)
            scaled(button, 1.15)
            button.clicked.connect(lambda _=False, w=what: self.chosen.emit(w))
            note = QLabel(hint)
            note.setWordWrap(True)
            note.setObjectName("firstDayHint")
            layout.addSpacing(10)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(note)
            self.buttons[what] = button
        layout.addStretch(1)
