"""The practice screen: a face (or a description), recall the name, reveal, grade.

Keyboard only, like a flash-card app: Space reveals the answer, 1–4 grade it (again,
hard, good, easy), Esc leaves. The view talks to a ``PracticeSource`` (in the window,
``app.practice.PracticeSession``) through a ``run`` function, so the window can send
each call through ``Background`` while tests run them at once; it never holds a
database itself. Given a ``progress`` call, it also shows names known, what is due
today and a month of practice, refreshed after every card.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QPixmap
from PySide6.QtWidgets import QDialog, QFrame, QLabel, QVBoxLayout, QWidget

from app.i18n import N_, _, ngettext
from app.practice import RATINGS, PracticeItem, Progress
from app.ui.practice_progress import PracticeProgress
from app.ui.text import scaled

PHOTO_SIZE = 240
HINT_FRONT = N_("Who's this? Space shows the answer · Esc leaves")
HINT_BACK = N_("How well did you know it? 1 again · 2 hard · 3 good · 4 easy")
DONE_TEXT = N_("All done for today. Well done!")
_GRADE_KEYS = {Qt.Key.Key_1: 1, Qt.Key.Key_2: 2, Qt.Key.Key_3: 3, Qt.Key.Key_4: 4}


class PracticeSource(Protocol):
    """What the view needs from the services."""

    def next_card(self) -> PracticeItem | None: ...

    def grade(self, card_id: int, rating: int) -> None: ...


Runner = Callable[[Callable[[], Any], Callable[[Any], None]], None]
"""Runs a call and hands its result to a callback (the window: via ``Background``)."""


def run_now(fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
    """A ``Runner`` for tests and tiny decks: call at once, on this thread."""
    done(fn())


def _add_photo(layout: QVBoxLayout, data: bytes | None, name: str) -> None:
    """Add the photo to ``layout`` when there is one Qt can read."""
    pixmap = QPixmap()
    if not data or not pixmap.loadFromData(data):
        return
    label = QLabel()
    label.setObjectName(name)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setPixmap(
        pixmap.scaled(
            PHOTO_SIZE,
            PHOTO_SIZE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    )
    layout.addWidget(label)


class PracticeView(QDialog):
    """One staff member's practice session; open it with ``open()`` and call ``start()``."""

    cardShown = Signal(int)
    graded = Signal(int, int)
    dueCountChanged = Signal(int)
    left = Signal()

    def __init__(
        self,
        source: PracticeSource,
        staff_name: str,
        run: Runner = run_now,
        parent: QWidget | None = None,
        progress: Callable[[], Progress] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("practiceView")
        self.setWindowTitle(_("Learn their names — {staff_name}").format(staff_name=staff_name))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._source = source
        self._run = run
        self._progress = progress
        self._item: PracticeItem | None = None
        self._busy = False
        self.revealed = False

        self.due_label = QLabel()
        self.due_label.setObjectName("practiceDue")
        self._card = QFrame()
        self._card.setObjectName("practiceCard")
        self._card_layout = QVBoxLayout(self._card)
        self.hint = QLabel(HINT_FRONT)
        self.hint.setObjectName("practiceHint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.due_label)
        layout.addWidget(self._card, 1)
        layout.addWidget(self.hint)
        self.progress_panel = PracticeProgress() if progress is not None else None
        if self.progress_panel is not None:
            layout.addWidget(self.progress_panel)
        self.front_label = QLabel()
        self.back_label = QLabel()
        self._back = QWidget()
        self.resize(480, 520)

    @property
    def card_id(self) -> int | None:
        """The card on screen, if any."""
        return self._item.card_id if self._item else None

    def start(self) -> None:
        """Fetch the first card."""
        self._fetch()

    def _fetch(self) -> None:
        self._busy = True
        self._run(self._source.next_card, self.show_item)

    def show_item(self, item: PracticeItem | None) -> None:
        """Paint ``item``'s front (or the end of today's practice)."""
        self._busy = False
        self._item = item
        self.revealed = False
        while (child := self._card_layout.takeAt(0)) is not None:
            if (widget := child.widget()) is not None:
                widget.deleteLater()
        left = item.left_today if item else 0
        self.due_label.setText(ngettext("{n} to go today", "{n} to go today", left).format(n=left))
        self.dueCountChanged.emit(left)
        if self._progress is not None and self.progress_panel is not None:
            self._run(self._progress, self.progress_panel.show_progress)
        if item is None:
            self.front_label = QLabel(_(DONE_TEXT))
            self.front_label.setObjectName("practiceFront")
            self._card_layout.addWidget(self.front_label)
            self.back_label = QLabel()
            self.hint.setText(_("Esc leaves"))
            return
        content = item.content
        _add_photo(self._card_layout, content.front_photo, "practiceFrontPhoto")
        self.front_label = QLabel("\n".join(content.front_lines))
        self.front_label.setObjectName("practiceFront")
        self.front_label.setWordWrap(True)
        scaled(self.front_label, 1.3, bold=not content.front_photo)
        self._card_layout.addWidget(self.front_label)
        back = QWidget()
        back.setObjectName("practiceBack")
        back_layout = QVBoxLayout(back)
        _add_photo(back_layout, content.back_photo, "practiceBackPhoto")
        self.back_label = QLabel("\n".join(content.back_lines))
        self.back_label.setObjectName("practiceAnswer")
        self.back_label.setWordWrap(True)
        back_layout.addWidget(self.back_label)
        back.setVisible(False)
        self._back = back
        self._card_layout.addWidget(back)
        self._card_layout.addStretch(1)
        self.hint.setText(_(HINT_FRONT))
        self.cardShown.emit(item.card_id)

    def show_error(self, error: Exception) -> None:
        """The call failed (the window's ``Background`` error callback): say so, keep the card."""
        self._busy = False
        self.hint.setText(_("Could not save that: {error}").format(error=error))

    def reveal(self) -> None:
        """Show the answer side."""
        if self._item is None or self.revealed:
            return
        self.revealed = True
        self._back.setVisible(True)
        self.hint.setText(_(HINT_BACK))

    def grade(self, rating: int) -> None:
        """Record ``rating`` for the revealed card, then fetch the next one."""
        item = self._item
        if item is None or not self.revealed or self._busy or rating not in RATINGS:
            return
        self._busy = True
        source = self._source

        def grade_then_next() -> PracticeItem | None:
            source.grade(item.card_id, rating)
            return source.next_card()

        self.graded.emit(item.card_id, rating)
        self._run(grade_then_next, self.show_item)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if key == Qt.Key.Key_Escape:
            self.left.emit()
            self.reject()
        elif key == Qt.Key.Key_Space:
            self.reveal()
        elif key in _GRADE_KEYS:
            self.grade(_GRADE_KEYS[key])
        else:
            super().keyPressEvent(event)
            return
        event.accept()
