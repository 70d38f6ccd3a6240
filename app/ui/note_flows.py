"""Notes from the window: Ctrl+N on an open card, drafts kept while typing and offered
back after a crash, saving off the GUI thread.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from app.customers import get_customer
from app.errors import RegularsError
from app.notes import add_note, discard_draft, load_drafts, save_draft
from app.ui.note_editor import NoteEditor, NoteValues

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


class NoteFlows(QObject):
    """The note box's life: open, draft, save or discard, recover."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.editor: NoteEditor | None = None

    def new_note(self) -> None:
        """Ctrl+N: a note about the customer whose card is open, kept as a draft while typed."""
        card = self.window.card_view.card
        if card is None or self.window.right.currentWidget() is not self.window.card_view:
            self.window.statusBar().showMessage(
                "Open a customer's card first, then press Ctrl+N.", 5000
            )
            return
        self.edit_note_draft(card.customer.id, card.customer.display_name, "")

    def edit_note_draft(self, customer_id: int, name: str, text: str) -> None:
        """Open the note box for ``customer_id`` (with recovered ``text``, if any)."""
        db_path = self.window.database.path
        editor = NoteEditor(name, self.window, text=text, today=self.window.today())
        editor.draftChanged.connect(partial(save_draft, db_path, customer_id))
        editor.accepted.connect(lambda: self._save_note(customer_id, name, editor.result_values()))
        editor.rejected.connect(partial(discard_draft, db_path, customer_id))
        self.editor = editor
        editor.open()

    def _save_note(self, customer_id: int, name: str, values: NoteValues) -> None:
        database = self.window.database

        def saved(_note: object) -> None:
            discard_draft(database.path, customer_id)
            self.window.statusBar().showMessage("Note saved.", 3000)
            self.window.open_card(customer_id)

        def failed(exc: Exception) -> None:
            self.window.report(exc)
            self.edit_note_draft(customer_id, name, values.body)

        self.window.background.run(
            partial(
                add_note,
                database,
                customer_id,
                values.body,
                kind=values.kind,
                pinned=values.pinned,
                private=values.private,
                dont_bring_up=values.dont_bring_up,
                ask_on=values.ask_on,
            ),
            saved,
            failed,
            writes=True,
        )

    def offer_drafts(self) -> None:
        """At start: notes that were being typed when the app stopped are offered back."""
        for draft in load_drafts(self.window.database.path):
            try:
                name = get_customer(self.window.database, draft.customer_id).display_name
            except RegularsError:
                discard_draft(self.window.database.path, draft.customer_id)
                continue
            answer = QMessageBox.question(
                self.window,
                "Unsaved note",
                f"A note about {name} was being written when Regulars stopped:"
                f"\n\n{draft.text[:300]}\n\nOpen it to finish?",
                QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Discard,
                QMessageBox.StandardButton.Open,
            )
            if answer == QMessageBox.StandardButton.Open:
                self.edit_note_draft(draft.customer_id, name, draft.text)
                return
            discard_draft(self.window.database.path, draft.customer_id)
