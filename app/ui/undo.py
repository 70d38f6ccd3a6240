"""Edit ▸ Undo for marks made at the register: a question asked, dismissed or snoozed, a
Today row done or snoozed. A slip of the finger costs one Ctrl+Z.

The list only remembers what to hand back to the service (``app.prompts.undo_mark``),
which decides whether it is still allowed; the work runs off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction

from app.db import Database
from app.i18n import _
from app.prompts import PromptMark, undo_mark
from app.ui.background import Background

KEPT = 20


@dataclass(frozen=True)
class _Entry:
    what: str
    mark: PromptMark
    database: Database
    after: Callable[[], None]


class UndoList(QObject):
    """The newest marks first; ``undone(what)`` after one was taken back."""

    undone = Signal(str)

    def __init__(
        self, action: QAction, background: Background, report: Callable[[Exception], None]
    ) -> None:
        super().__init__(action)
        self._action = action
        self._background = background
        self._report = report
        self._entries: list[_Entry] = []
        self._update()

    def push(
        self, what: str, mark: PromptMark | None, database: Database, after: Callable[[], None]
    ) -> None:
        """Remember ``mark`` (described as ``what``, e.g. "Dismiss"); ``after`` shows the
        result of undoing it (reload the card or Today)."""
        if mark is None:
            return
        self._entries = [*self._entries[-(KEPT - 1) :], _Entry(what, mark, database, after)]
        self._update()

    def clear(self) -> None:
        """Forget every mark (another database was opened)."""
        self._entries.clear()
        self._update()

    def undo(self) -> bool:
        """Take back the newest mark; False when there was nothing to undo."""
        if not self._entries:
            return False
        entry = self._entries.pop()
        self._update()

        def done(_result: object) -> None:
            entry.after()
            self.undone.emit(entry.what)

        self._background.run(
            partial(undo_mark, entry.database, entry.mark), done, self._report, writes=True
        )
        return True

    def can_undo(self) -> bool:
        """Whether Ctrl+Z has something to take back."""
        return bool(self._entries)

    def _update(self) -> None:
        what = self._entries[-1].what if self._entries else ""
        self._action.setText(_("&Undo {lower}").format(lower=what.lower()) if what else _("&Undo"))
        self._action.setEnabled(bool(self._entries))
