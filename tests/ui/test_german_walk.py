"""In German at 1024×768, the window and its dialogs show no English word and cut no
label short; each screen is saved as a picture (REGULARS_SCREENSHOTS=folder) to look at.

The English words are a list of the ones Regulars' own texts use; a word that is also
German (``Name``, ``Detail``) is taken out by looking it up in the German catalogue. What
customers, notes and products are called is the shop's data and is not checked.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QTableWidget,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.customers import get_customer
from app.db import Database
from app.i18n import catalogue_path, use_language
from app.importing import import_file
from app.notes import add_note, delete_note, list_trash
from app.practice import PracticeSession, add_staff, progress
from app.prompts import list_categories
from app.ui.customer_dialog import CustomerDialog
from app.ui.help_pages import HelpDialog
from app.ui.import_wizard import ImportWizard, Step
from app.ui.main_window import MainWindow
from app.ui.merge_dialog import MergeDialog
from app.ui.note_editor import NoteEditor
from app.ui.practice_view import PracticeView
from app.ui.products_dialog import ProductsDialog
from app.ui.qt_words import use_qt_language
from app.ui.settings_dialog import SettingsDialog
from app.ui.trash_dialog import TrashDialog
from tests.integration.practice_shop import NOON
from tests.ui.conftest import TODAY
from tests.ui.hints import cut_hints
from tests.ui.test_nothing_cut import SCREEN, clipped_labels

ENGLISH_WORDS = """
    the and of to with for from your this that what who when where which not no yes
    customer customers note notes visit visits last since today tomorrow save saved
    cancel open file edit delete search settings help purchases purchase household coming
    ask about done snooze dismiss new phone email birthday prompts show all backup
    restore owner mode clerk ready database preparing matching welcome shop products
    learn names import choose remove add restore deleted keyboard guide larger smaller
    dark theme spend pinned private known unknown contact consent town address first goes
    by type press enter nothing notice merge keep take field details same
    category kind durable consumable service replenish days follow set review reviews
    january february march june july october december
    practice well known again hard good easy leaves answer
    row action reason column updated unchanged skipped problems imported
"""
ENGLISH = frozenset(ENGLISH_WORDS.split())
TAG = re.compile(r"<[^>]+>")
PATH = re.compile(r"\S*/\S*")
"""A file's path (the database's, in a tooltip) is not words."""


@pytest.fixture
def german(qtbot: QtBot, db: Database, shop: dict[str, int]) -> Iterator[MainWindow]:
    assert use_qt_language(use_language("de"))
    window = MainWindow(db, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    with qtbot.waitSignal(window.indexReady, timeout=10_000):
        window.show()
    yield window
    window.background.wait()
    use_qt_language(use_language("en"))


def _german_words() -> set[str]:
    with catalogue_path("de").open("rb") as fh:
        catalog = read_po(fh, locale="de")
    words: set[str] = set()
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            words |= {w.lower() for w in re.findall(r"[A-Za-zÄÖÜäöüß]+", str(text or ""))}
    return words


def _shown_texts(root: QWidget) -> Iterator[str]:
    yield root.windowTitle()
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            yield widget.text()
            yield widget.toolTip()
        if isinstance(widget, QGroupBox):
            yield widget.title()
        if isinstance(widget, QTabWidget):
            yield from (widget.tabText(i) for i in range(widget.count()))
        if isinstance(widget, QComboBox):
            yield from (widget.itemText(i) for i in range(widget.count()))
        if isinstance(widget, QAbstractSpinBox):
            yield widget.text()
        if isinstance(widget, QTableWidget):
            for column in range(widget.columnCount()):
                header = widget.horizontalHeaderItem(column)
                yield header.text() if header is not None else ""
                for row in range(widget.rowCount()):
                    cell = widget.item(row, column)
                    yield cell.text() if cell is not None else ""
        yield widget.accessibleName()


def english_words(root: QWidget, data: set[str]) -> set[str]:
    """English words ``root`` shows that are not German too and not the shop's data."""
    german = _german_words()
    found = set()
    for text in _shown_texts(root):
        plain = PATH.sub(" ", TAG.sub(" ", text or "")).replace("&", "")
        for word in re.findall(r"[A-Za-z]+", plain):
            low = word.lower()
            if low in ENGLISH and low not in german and low not in data:
                found.add(word)
    return found


def _picture(widget: QWidget, name: str) -> None:
    folder = os.environ.get("REGULARS_SCREENSHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / f"de-{name}.png"))


def _check(qtbot: QtBot, widget: QWidget, name: str, data: set[str]) -> None:
    qtbot.waitExposed(widget)
    _picture(widget, name)
    found = english_words(widget, data)
    assert not found, (name, [t for t in _shown_texts(widget) if any(w in t for w in found)])
    assert clipped_labels(widget) == [], name
    assert cut_hints(widget) == [], name


def test_every_screen_and_dialog_is_german_and_whole(
    qtbot: QtBot, german: MainWindow, shop: dict[str, int]
) -> None:
    window = german
    assert "&Datei" in [action.text() for action in window.menuBar().actions()]
    _check(qtbot, window, "today", set())
    with qtbot.waitSignal(window.cardShown):
        window.open_card(shop["robert_elm"])
    _check(qtbot, window, "card", set())

    dialogs: list[tuple[str, QDialog]] = [
        ("settings", SettingsDialog(window.background, window)),
        ("help", HelpDialog(window.menuBar(), "keys", window)),
        ("note", NoteEditor("Robert Elm", window, today=TODAY)),
        (
            "customer",
            CustomerDialog.for_new("", find_duplicates=lambda *_a: [], save=print, parent=window),
        ),
    ]
    for name, dialog in dialogs:
        dialog.resize(min(dialog.width(), SCREEN[0]), min(dialog.height(), SCREEN[1]))
        dialog.show()
        _check(qtbot, dialog, name, set())
        dialog.reject()


def test_the_shops_dialogs_are_german_and_whole(
    qtbot: QtBot, german: MainWindow, shop: dict[str, int], db: Database
) -> None:
    window = german
    add_staff(db, "Ana")
    deleted = add_note(db, shop["robert_elm"], "Fly fishing on Sundays").id
    delete_note(db, deleted)
    robert = get_customer(db, shop["robert_elm"])
    twin = get_customer(db, shop["robert_oak"])

    def run(fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        window.background.run(fn, done, window.report, writes=True)

    dialogs: list[tuple[str, QDialog]] = [
        ("import", ImportWizard(_no_step, _no_step, window.background, window)),
        ("merge", MergeDialog(robert, [twin], window)),
        ("products", ProductsDialog(list_categories(db), lambda *_a: None, window)),
        (
            "trash",
            TrashDialog(
                list_trash(db), lambda _id: None, {shop["robert_elm"]: "Robert Smith"}, window
            ),
        ),
        (
            "practice",
            PracticeView(
                PracticeSession(db, "Ana", clock=lambda: NOON, daily_new=2),
                "Ana",
                run=run,
                parent=window,
                progress=lambda: progress(db, "Ana", NOON, daily_new=2),
            ),
        ),
    ]
    for name, dialog in dialogs:
        dialog.resize(min(dialog.width(), SCREEN[0]), min(dialog.height(), SCREEN[1]))
        dialog.show()
        if isinstance(dialog, PracticeView):
            with qtbot.waitSignal(dialog.dueCountChanged):
                dialog.start()
        _check(qtbot, dialog, name, {"robert", "smith", "fly", "fishing", "on", "sundays"})
        dialog.reject()
        window.background.wait()


def _no_step(_path: Path, _progress: Callable[[int], None], _stop: Callable[[], bool]) -> Any:
    raise AssertionError("the walk does not import")


def test_the_import_wizards_mapping_and_preview_are_german_and_whole(
    qtbot: QtBot, german: MainWindow, db: Database, tmp_path: Path
) -> None:
    window = german
    holder: list[ImportWizard] = []

    def step(dry: bool) -> Step:
        def run(path: Path, progress: Callable[[int], None], stop: Callable[[], bool]) -> Any:
            mapping = holder[0].chosen_mapping()
            return import_file(
                db, path, dry_run=dry, progress=progress, should_stop=stop, mapping=mapping
            )

        return run

    wizard = ImportWizard(step(True), step(False), window.background, window)
    holder.append(wizard)
    wizard.resize(min(wizard.width(), SCREEN[0]), min(wizard.height(), SCREEN[1]))
    wizard.show()
    path = tmp_path / "till.csv"
    path.write_text("Cust #,Given,Surname,E-mail\n7,Ann,Lee,ann@example.com\n", encoding="utf-8")
    wizard.file_page.path_edit.setText(str(path))
    data = {"ann", "lee", "cust", "given", "surname", "mail", "till", "csv", "example", "org"}
    _check(qtbot, wizard, "import-mapping", data)
    wizard.next()
    qtbot.waitUntil(wizard.preview_page.isComplete)
    _check(qtbot, wizard, "import-preview", data)
    wizard.reject()
    window.background.wait()
