"""The note box: what was just learned, written down before the next customer walks up.

Keyboard first: type, Ctrl+Enter saves, Esc asks before throwing typed text away. Chips
start a line with the kind of thing worth remembering, and "Ask about this on…" takes a
shortcut or a date. When the typed words name a time ("knee surgery next Tuesday") the box
proposes asking shortly after it, with the words it read highlighted: Tab takes the date,
typing on ignores it. The dialog only collects values (``result_values``); the window
stores them, and saves drafts from ``draftChanged`` so a crash loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import RegularsError
from app.i18n import N_, _, current_language, format_weekday
from app.notes import NoteFields, ask_on_shortcut, check_body
from app.notes.spoken_dates import SpokenDate, find_spoken_dates
from app.ui.confirm import confirm_discard as ask_discard
from app.ui.text import date_format

DRAFT_DELAY_MS = 1500
"""How long typing pauses before the draft is handed over to be saved."""
DRAFT_EVERY_MS = 2000
"""The longest typed text waits to be handed over while the owner keeps typing: the
pause never comes during steady typing, so this deadline, started by the first unsaved
keystroke and not by the ones after it, saves anyway."""
PROPOSE_DELAY_MS = 400
"""How long typing pauses before a time in the words is proposed as the ask-on date, so a
proposal never jumps in while a word is half typed."""

CHIPS = (
    (N_("Family"), "family", N_("Family: ")),
    (N_("Pets"), "pets", N_("Pets: ")),
    (N_("Likes"), "likes", N_("Likes: ")),
    (N_("Interests"), "interests", N_("Interests: ")),
    (N_("Likes to talk about…"), "talk_about", N_("Likes to talk about ")),
    (N_("Don't bring up…"), "dont_bring_up", N_("Don't bring up ")),
)
"""Label, note kind and the words each chip starts a line with."""

ASK_SHORTCUTS = (("+1w", "+1w"), ("+2w", "+2w"), (N_("Next month"), "next month"))


@dataclass(frozen=True)
class NoteValues:
    """What the owner entered, ready for ``add_note``."""

    body: str
    kind: str
    pinned: bool
    private: bool
    dont_bring_up: bool
    ask_on: date | None

    def fields(self) -> NoteFields:
        """What a draft keeps besides the words and Private."""
        return NoteFields(self.kind, self.pinned, self.dont_bring_up, self.ask_on)


class NoteEditor(QDialog):
    """A new note for one customer; ``accepted`` means ``result_values()`` is ready."""

    draftChanged = Signal(str)

    def __init__(
        self,
        customer_name: str,
        parent: QWidget | None = None,
        *,
        text: str = "",
        today: date | None = None,
        language: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Note about {customer_name}").format(customer_name=customer_name))
        self.setObjectName("noteEditor")
        self._today = today or date.today()
        self._kind = "general"
        self._language = language or current_language()
        self.proposed: SpokenDate | None = None
        self._ignored: set[tuple[str, date]] = set()
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                _("What did you learn about {customer_name}?").format(customer_name=customer_name)
            )
        )
        layout.addLayout(self._chips())

        self.text_box = QPlainTextEdit(text)
        self.text_box.setObjectName("noteText")
        self.text_box.setAccessibleName(_("Note"))
        self.text_box.setPlaceholderText(_("Type the note; Ctrl+Enter saves, Esc cancels."))
        self.text_box.setTabChangesFocus(True)
        self.text_box.installEventFilter(self)
        layout.addWidget(self.text_box, 1)

        flags = QHBoxLayout()
        self.pinned = QCheckBox(_("Pinned"))
        self.private = QCheckBox(_("Private (owner only)"))
        self.dont_bring_up = QCheckBox(_("Don't bring up"))
        for box in (self.pinned, self.private, self.dont_bring_up):
            flags.addWidget(box)
        flags.addStretch(1)
        layout.addLayout(flags)
        layout.addLayout(self._ask_on_row())
        self.proposal = QLabel()
        self.proposal.setObjectName("dateProposal")
        self.proposal.setWordWrap(True)
        self.proposal.hide()
        layout.addWidget(self.proposal)

        self.problem = QLabel()
        self.problem.setObjectName("noteProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.flush_draft)
        self.draft_deadline = QTimer(self)
        self.draft_deadline.setSingleShot(True)
        self.draft_deadline.setInterval(DRAFT_EVERY_MS)
        self.draft_deadline.timeout.connect(self.flush_draft)
        self._propose_timer = QTimer(self)
        self._propose_timer.setSingleShot(True)
        self._propose_timer.setInterval(PROPOSE_DELAY_MS)
        self._propose_timer.timeout.connect(self.propose_date)
        self.text_box.textChanged.connect(self._typed)
        self.text_box.setFocus()
        self.resize(520, 360)

    def _chips(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.chip_buttons: dict[str, QPushButton] = {}
        for label, kind, english in CHIPS:
            prefix = _(english)
            chip = QPushButton(_(label))
            chip.setObjectName("noteChip")
            chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            chip.clicked.connect(lambda _=False, k=kind, p=prefix: self.insert_chip(k, p))
            self.chip_buttons[kind] = chip
            row.addWidget(chip)
        row.addStretch(1)
        return row

    def _ask_on_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.ask = QCheckBox(_("Ask about this on…"))
        row.addWidget(self.ask)
        self.ask_date = QDateEdit(_qdate(self._today))
        self.ask_date.setCalendarPopup(True)
        self.ask_date.setDisplayFormat(date_format())
        self.ask_date.setMinimumDate(_qdate(self._today))
        self.ask_date.setEnabled(False)
        self.ask_date.setAccessibleName(_("Day to ask about this"))
        self.ask_date.dateChanged.connect(lambda _day: self.ask.setChecked(True))
        self.ask.toggled.connect(self.ask_date.setEnabled)
        row.addWidget(self.ask_date)
        self.ask_buttons: dict[str, QPushButton] = {}
        for label, words in ASK_SHORTCUTS:
            button = QPushButton(_(label))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, w=words: self.ask_in(w))
            self.ask_buttons[label] = button
            row.addWidget(button)
        row.addStretch(1)
        return row

    def insert_chip(self, kind: str, prefix: str) -> None:
        """Start a line with the chip's words (a new line if the current one has text)."""
        cursor = self.text_box.textCursor()
        if cursor.block().text().strip():
            cursor.movePosition(cursor.MoveOperation.EndOfBlock)
            cursor.insertText("\n")
        cursor.insertText(prefix)
        self.text_box.setTextCursor(cursor)
        self.text_box.setFocus()
        self._kind = kind
        if kind == "dont_bring_up":
            self.dont_bring_up.setChecked(True)

    def ask_in(self, words: str) -> None:
        """Set the ask-on date from a shortcut such as ``+2w``."""
        self.ask_date.setDate(_qdate(ask_on_shortcut(words, self._today)))
        self.ask.setChecked(True)

    def show_fields(self, fields: NoteFields) -> None:
        """Set the boxes to a note's (or a kept draft's) kind, flags and ask-on date; a
        kind this box does not know stays "general"."""
        if fields.kind in self.chip_buttons:
            self._kind = fields.kind
        self.pinned.setChecked(fields.pinned)
        self.dont_bring_up.setChecked(fields.dont_bring_up)
        if fields.ask_on is not None:
            self.ask_date.setMinimumDate(min(_qdate(fields.ask_on), _qdate(self._today)))
            self.ask_date.setDate(_qdate(fields.ask_on))
            self.ask.setChecked(True)

    def result_values(self) -> NoteValues:
        """The note as entered (surrounding blanks trimmed)."""
        return NoteValues(
            body=self.text_box.toPlainText().strip(),
            kind=self._kind,
            pinned=self.pinned.isChecked(),
            private=self.private.isChecked(),
            dont_bring_up=self.dont_bring_up.isChecked(),
            ask_on=_pydate(self.ask_date.date()) if self.ask.isChecked() else None,
        )

    def save(self) -> None:
        """Accept if the note can be stored; otherwise say why and keep the text."""
        try:
            check_body(self.text_box.toPlainText())
        except RegularsError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        self._stop_draft_timers()
        self.accept()

    def propose_date(self) -> None:
        """Offer the time the words name as the ask-on date, unless one is set already or
        the owner typed past this very proposal before."""
        if self.ask.isChecked():
            return
        readings = find_spoken_dates(self.text_box.toPlainText(), self._today, self._language)
        fresh = [r for r in readings if (r.words, r.until) not in self._ignored]
        if not fresh:
            return
        found = fresh[0]
        self.proposed = found
        self.proposal.setText(
            _("Ask on {day}, after “{words}”? Tab takes it; typing on ignores it.").format(
                day=format_weekday(found.ask_on), words=found.words
            )
        )
        self.proposal.show()
        highlight = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.text_box.document())
        cursor.setPosition(found.start)
        cursor.setPosition(found.end, QTextCursor.MoveMode.KeepAnchor)
        look = QTextCharFormat()
        look.setBackground(QColor("#ffe08a"))
        look.setForeground(QColor("#000000"))
        highlight.cursor = cursor
        highlight.format = look
        self.text_box.setExtraSelections([highlight])

    def accept_proposal(self) -> None:
        """Take the proposed date as the ask-on date."""
        if self.proposed is not None:
            self.ask_date.setDate(_qdate(self.proposed.ask_on))
            self.ask.setChecked(True)
        self._drop_proposal()

    def _drop_proposal(self) -> None:
        self.proposed = None
        self.proposal.hide()
        self.text_box.setExtraSelections([])

    def _typed(self) -> None:
        """Each keystroke puts the pause save off; the deadline, once running, stays put.
        A keystroke while a date is proposed ignores that proposal for good."""
        if self.proposed is not None:
            self._ignored.add((self.proposed.words, self.proposed.until))
            self._drop_proposal()
        self._propose_timer.start()
        self._draft_timer.start()
        if not self.draft_deadline.isActive():
            self.draft_deadline.start()

    def _stop_draft_timers(self) -> None:
        self._propose_timer.stop()
        self._draft_timer.stop()
        self.draft_deadline.stop()

    def flush_draft(self) -> None:
        """Hand the text over for the draft file now (the window also calls this on close)."""
        self._stop_draft_timers()
        self.draftChanged.emit(self.text_box.toPlainText())

    def confirm_discard(self) -> bool:
        """Ask before typed text is thrown away."""
        return ask_discard(
            self,
            _("Discard this note?"),
            _("The note you typed has not been saved. Throw it away?"),
        )

    def reject(self) -> None:
        """Esc, Cancel or closing: only after confirming when text was typed."""
        if self.text_box.toPlainText().strip() and not self.confirm_discard():
            return
        self._stop_draft_timers()
        super().reject()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Enter in the text box saves instead of starting a new line; Tab takes a
        proposed date instead of moving on."""
        if watched is self.text_box and isinstance(event, QKeyEvent):
            if _is_save_key(event):
                self.save()
                return True
            if self.proposed is not None and _is_accept_key(event):
                self.accept_proposal()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Enter saves from anywhere in the dialog, not just the text box."""
        if _is_save_key(event):
            self.save()
            return
        super().keyPressEvent(event)


def _is_save_key(event: QKeyEvent) -> bool:
    return (
        event.type() == QEvent.Type.KeyPress
        and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        and bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
    )


def _is_accept_key(event: QKeyEvent) -> bool:
    return (
        event.type() == QEvent.Type.KeyPress
        and event.key() == Qt.Key.Key_Tab
        and event.modifiers() == Qt.KeyboardModifier.NoModifier
    )


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())
