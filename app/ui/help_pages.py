"""Help ▸ Keyboard and Help ▸ Guide: every key, and a short guide, without a network.

The keyboard page is built from the window's own menus, so it cannot drift from what the
keys do; the README's table is the same rows (``markdown_table``), rewritten by
``make screenshots`` and checked by a test.
"""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QMenuBar,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, current_language
from app.paths import resources_dir

KeyRow = tuple[str, str]

FIXED_KEYS: tuple[KeyRow, ...] = (
    (
        "type",
        "searches on every keystroke, wherever the focus is; `?words` finds the customers "
        "whose notes mention them",
    ),
    ("↑ / ↓, PgUp / PgDn", "move through the results (or Today's rows)"),
    ("Enter (or double-click)", "opens the card"),
    ("Esc", "closes the card; pressed again, clears the search"),
    ("/", "back to the search box"),
    ("Ctrl+Enter", "saves a note, or what they said in the Asked box"),
)
"""Keys that belong to no menu entry."""


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def key_rows(menus: QMenuBar) -> list[KeyRow]:
    """The fixed keys, then every menu entry with a shortcut as "Menu ▸ Entry"."""
    rows = list(FIXED_KEYS)
    for top in menus.actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        for action in menu.actions():
            keys = action.shortcut()
            if keys.isEmpty():
                continue
            shown = keys.toString(QKeySequence.SequenceFormat.PortableText)
            rows.append((shown, f"{_plain(top.text())} ▸ {_plain(action.text())}"))
    return rows


def markdown_table(rows: list[KeyRow]) -> str:
    """The rows as the README's table."""
    lines = ["| key | does |", "| --- | --- |"]
    lines += [f"| {keys} | {what} |" for keys, what in rows]
    return "\n".join(lines)


README_START = "<!-- keys:"
README_END = "<!-- /keys -->"


def readme_with_keys(readme: str, rows: list[KeyRow]) -> str:
    """``readme`` with the table between its key markers replaced by ``rows``."""
    start = readme.index("\n", readme.index(README_START)) + 1
    end = readme.index(README_END)
    return readme[:start] + markdown_table(rows) + "\n" + readme[end:]


def _html_table(rows: list[KeyRow]) -> str:
    cells = "".join(
        f"<tr><td><b>{escape(keys)}</b></td><td>{escape(what.replace('`', ''))}</td></tr>"
        for keys, what in rows
    )
    return f"<table cellpadding='4'>{cells}</table>"


def guide_text() -> str:
    """The offline guide (Markdown kept in resources/help/) in the language in use:
    ``guide.de.md`` beside the English ``guide.md``, which serves any language without
    its own."""
    folder = resources_dir() / "help"
    own = folder / f"guide.{current_language()}.md"
    return (own if own.is_file() else folder / "guide.md").read_text(encoding="utf-8")


class HelpDialog(QDialog):
    """Two tabs: the keys and the guide; ``page`` picks the one shown first."""

    def __init__(self, menus: QMenuBar, page: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Regulars help"))
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Help pages"))
        self.tabs.tabBar().setAccessibleName(_("Help pages"))
        self.keys = QTextBrowser()
        self.keys.setAccessibleName(_("Keyboard keys"))
        self.keys.setHtml(_html_table(key_rows(menus)))
        self.guide = QTextBrowser()
        self.guide.setAccessibleName(_("Guide"))
        self.guide.setMarkdown(guide_text())
        self.tabs.addTab(self.keys, _("&Keyboard"))
        self.tabs.addTab(self.guide, _("&Guide"))
        self.tabs.setCurrentWidget(self.keys if page == "keys" else self.guide)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(640, 560)
