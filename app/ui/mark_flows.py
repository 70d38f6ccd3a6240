"""Marking what the register shows: a card's question asked, dismissed or snoozed, a
Today row done or snoozed, and Ctrl+Z to take any of them back for a while.

Alt+A / Alt+D / Alt+O act on the card's question that has the focus (else its first),
or, with Today showing, on its current row. Each mark runs off the GUI thread and is
remembered by the window's ``UndoList``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from app.prompts import PromptMark, PromptView, dismiss, mark_asked, snooze
from app.today import mark_today_row
from app.ui.asked_dialog import AskedDialog
from app.ui.undo import UndoList

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

SNOOZE_DAYS = 7
_MARKED = {"asked": "Asked", "dismiss": "Dismissed", "snooze": "Snoozed for a week"}


class MarkFlows(QObject):
    """The window's marks and their undo (``undo_action`` is Edit ▸ Undo)."""

    def __init__(self, window: MainWindow, undo_action: QAction) -> None:
        super().__init__(window)
        self.window = window
        self.asked_dialog: AskedDialog | None = None
        self.undo = UndoList(undo_action, window.background, window.report)
        self.undo.undone.connect(self._say_undone)
        self._marked: set[str] = set()
        """Questions marked since the card was last shown: a second key before it is shown
        again must not act on what is already gone."""
        window.cardShown.connect(lambda _customer_id: self._marked.clear())

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 5000)

    def _say_undone(self, what: str) -> None:
        self._say(f"Undone: {what}.")

    def today_row(self, key: str, action: str) -> None:
        """Done marks a Today row for good, Snooze hides it until tomorrow; both undoable."""
        window = self.window
        database = window.database
        work = partial(
            mark_today_row, database, key, action, today=window.today(), access=window.owner.access
        )

        def marked(mark: PromptMark | None) -> None:
            window.today_view.remove_row(key)
            self.undo.push(action.capitalize(), mark, database, window.refresh_today)
            self._say(f"Marked {action}. Ctrl+Z takes it back.")

        window.background.run(work, marked, window.report, writes=True)

    def current(self, action: str) -> None:
        """Alt+A / Alt+D / Alt+O: the question in focus on the card (else its first one),
        or on Today the current row (asked or dismissed count as done there)."""
        window = self.window
        if window.right.currentWidget() is window.card_view:
            source_key = window.card_view.current_prompt_key()
            if source_key is None:
                self._say("This card has no question to mark.")
                return
            self.prompt(source_key, action)
            return
        key = window.today_view.current_key()
        if key is None:
            self._say("Open a customer's card first.")
            return
        self.today_row(key, "snooze" if action == "snooze" else "done")

    def take_back(self) -> None:
        """Ctrl+Z: take back the newest mark on a question or a Today row."""
        if not self.undo.undo():
            self._say("Nothing to undo.")

    def prompt(self, source_key: str, action: str) -> None:
        """Asked (with what they said, optional), Dismiss, or Snooze for a week, for the
        card's question drawn from ``source_key``."""
        card = self.window.card_view.card
        shown = [p for p in card.prompts if p.source_key == source_key] if card else []
        if not shown:
            return
        if source_key in self._marked:
            self._say("That question was just marked; Ctrl+Z takes it back.")
            return
        question = shown[0]
        if action != "asked":
            self._mark(question, action)
            return
        dialog = AskedDialog(question.text, self.window)
        dialog.accepted.connect(lambda: self._mark(question, "asked", dialog.text()))
        self.asked_dialog = dialog
        dialog.open()

    def _mark(self, prompt: PromptView, action: str, said: str = "") -> None:
        self._marked.add(prompt.source_key)
        window = self.window
        database, today, access = window.database, window.today(), window.owner.access
        customer_id = prompt.customer_id
        work: Callable[[], PromptMark]
        if action == "asked":
            work = partial(mark_asked, database, prompt, outcome=said, today=today, access=access)
        elif action == "dismiss":
            work = partial(dismiss, database, prompt, access=access)
        else:
            until = today + timedelta(days=SNOOZE_DAYS)
            work = partial(snooze, database, prompt, until=until, access=access)

        def marked(mark: PromptMark) -> None:
            self.undo.push(_MARKED[action], mark, database, lambda: window.open_card(customer_id))
            self._say(f"{_MARKED[action]}. Ctrl+Z takes it back.")
            window.open_card(customer_id)

        window.background.run(work, marked, window.report, writes=True)
