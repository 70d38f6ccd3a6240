"""Readable at arm's length: light or dark, and a larger type for the register.

The choice is remembered per computer (QSettings), not per database.
"""

from __future__ import annotations

from PySide6.QtCore import QDir, QObject, QSettings, Signal
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication

from app.i18n import _
from app.paths import resources_dir
from app.ui.actions import make_action

BASE_POINT_SIZE = 11.0
SIZES = (11.0, 13.0, 15.0, 18.0)


Role = QPalette.ColorRole
TEXT_PAIRS: tuple[tuple[Role, Role], ...] = (
    (Role.WindowText, Role.Window),
    (Role.Text, Role.Base),
    (Role.Text, Role.AlternateBase),
    (Role.PlaceholderText, Role.Window),
    (Role.PlaceholderText, Role.Base),
    (Role.PlaceholderText, Role.AlternateBase),
    (Role.ButtonText, Role.Button),
    (Role.HighlightedText, Role.Highlight),
    (Role.ToolTipText, Role.ToolTipBase),
)
"""Every (text, background) pair the window draws words in: the theme test holds each to
WCAG AA (4.5:1) in both palettes. Muted words (section titles, the card's facts, the
results' second line) use PlaceholderText, never a fixed grey."""

LIGHT_FIXES = {
    Role.PlaceholderText: "#595959",
    Role.Highlight: "#1d64a8",
    Role.HighlightedText: "#ffffff",
}
"""Where the platform's light palette falls short of AA (Fusion's half-transparent
placeholder grey and its light-blue selection)."""


def light_palette(platform: QPalette) -> QPalette:
    """The platform's own light palette with the few colours that read too faintly fixed."""
    palette = QPalette(platform)
    for role, colour in LIGHT_FIXES.items():
        palette.setColor(role, QColor(colour))
    return palette


def dark_palette() -> QPalette:
    """The dark theme's colours (all of them set: nothing left to the platform)."""
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#202124",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#171717",
        QPalette.ColorRole.AlternateBase: "#2a2b2e",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.PlaceholderText: "#9aa0a6",
        QPalette.ColorRole.Button: "#2d2e31",
        QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.Highlight: "#2b5fc0",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Mid: "#5f6368",
        QPalette.ColorRole.ToolTipBase: "#2d2e31",
        QPalette.ColorRole.ToolTipText: "#e8eaed",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    return palette


class ThemeControl(QObject):
    """Applies and remembers the type size and light/dark choice."""

    changed = Signal()

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._light = light_palette(app.palette())
        self._settings = QSettings("Regulars", "Regulars")
        self.size_step = int(str(self._settings.value("theme/size_step", 1)))
        self.dark = self._settings.value("theme/dark", "false") == "true"
        QDir.addSearchPath("theme", str(resources_dir() / "theme"))  # url(theme:check.svg)
        self._sheet = (resources_dir() / "theme" / "base.qss").read_text(encoding="utf-8")
        self.apply()

    def apply(self) -> None:
        """Push the current choice to the whole application."""
        self.size_step = max(0, min(self.size_step, len(SIZES) - 1))
        font = QFont(self._app.font())
        font.setPointSizeF(SIZES[self.size_step])
        self._app.setFont(font)
        self._app.setPalette(dark_palette() if self.dark else self._light)
        self._app.setStyleSheet(self._sheet)
        self._settings.setValue("theme/size_step", self.size_step)
        self._settings.setValue("theme/dark", "true" if self.dark else "false")
        self.changed.emit()

    def bigger(self) -> None:
        """Ctrl++: larger type."""
        self.size_step += 1
        self.apply()

    def smaller(self) -> None:
        """Ctrl+-: smaller type."""
        self.size_step -= 1
        self.apply()

    def set_dark(self, dark: bool) -> None:
        """Switch between the light and the dark palette."""
        self.dark = dark
        self.apply()

    def actions(self, parent: QObject) -> list[QAction]:
        """The View menu's entries."""
        bigger = make_action(
            parent, _("&Larger type"), self.bigger, QKeySequence.StandardKey.ZoomIn
        )
        smaller = make_action(
            parent, _("&Smaller type"), self.smaller, QKeySequence.StandardKey.ZoomOut
        )
        dark = make_action(parent, _("&Dark theme"), None, "Ctrl+Shift+D")
        dark.setCheckable(True)
        dark.setChecked(self.dark)
        dark.toggled.connect(self.set_dark)
        return [bigger, smaller, dark]
