"""Notes from the window: Ctrl+N on an open card, Edit and Delete under each note, drafts
kept while typing and offered back after a crash, saving off the GUI thread.

A draft of a private note is sealed to the owner's key as it is saved, and is offered back
only in owner mode (reopening with Private ticked); the window's ``Access`` goes with every
edit and delete, so the services refuse the register a private note.

An edit keeps its link to the note it was made of wherever its words go (kept while the
server is away, a draft offered back at the next start, a box reopened after a refusal),
so it is saved as that note's edit; when another register changed or deleted that note
meanwhile, the words become a new note beside it and the status bar says so. A note Save
was pressed for while the server was away is saved by itself at the next start if the
window closed first (a private one when owner mode begins); only a note still being typed
is offered back with Open or Discard.

Nothing typed is lost between two notes of one customer: a note kept after a refusal and
opened again keeps its words in its own file until it is saved or thrown away (a crash
offers it again), and a new note box first parks a draft of that customer still left
over as a kept note of its own rather than write over it. Once the note opened from the
offer is saved or thrown away, the next one left is offered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from app.crashlog import plain_message
from app.customers import get_customer
from app.db import Database
from app.errors import RegularsError
from app.i18n import N_, _, ngettext
from app.models import utcnow
from app.notes import (
    Draft,
    EditOf,
    EditSaved,
    NoteFields,
    delete_note,
    discard_draft,
    discard_refused,
    keep_refused,
    load_drafts,
    park_draft,
    save_draft,
)
from app.notes.kept_notes import save_typed
from app.safety.access import CLERK, Access
from app.safety.owner_secret import sealing_key
from app.server.reach import server_away
from app.ui.note_editor import NoteEditor, NoteValues

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

DELETED = N_("Note moved to the trash; Customer ▸ Deleted notes (Ctrl+Shift+T) brings it back.")


def _beside_message(saved: object, name: str) -> str | None:
    """What to say when an edit's words became a new note beside the one it was made of
    (that note changed or went meanwhile); None when it was saved as an edit or a note."""
    if isinstance(saved, EditSaved) and saved.beside:
        return _(
            "The note about {name} was changed or deleted on another register meanwhile; "
            "your words are saved as a new note beside it."
        ).format(name=name)
    return None


def _drafts_with_names(database: Database, access: Access) -> list[tuple[Draft, str | None]]:
    """The drafts left behind that ``access`` may see, each with its customer's name
    (None: the customer is gone)."""
    found: list[tuple[Draft, str | None]] = []
    for draft in load_drafts(database.path, access=access):
        try:
            found.append((draft, get_customer(database, draft.customer_id).display_name))
        except RegularsError:
            found.append((draft, None))
    return found


def _nothing() -> None:
    """No draft of the note box to forget (an edit's box keeps none)."""


@dataclass(frozen=True)
class _KeptNote:
    """A note (new, or an edit) on its way to the book, with everything the note box gave."""

    customer_id: int
    name: str
    values: NoteValues
    file: Path | None = None
    """Its refused-note file (once written)."""
    edit: EditOf | None = None
    """An edit: the note's id and the revision the note box showed (None: a new note)."""
    access: Access = CLERK
    kept_in: Path | None = None
    """The kept file the note box was opened from and wrote its words into."""
    forget: Callable[[], None] = _nothing
    """Forgets the note box's own copy of the words once they are safe elsewhere."""


class NoteFlows(QObject):
    """The note box's life: open, draft, save or discard, recover."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.editor: NoteEditor | None = None
        self.seal_to: bytes | None = None
        """The owner's public key, which private drafts are sealed to (read at start and
        each time the note box opens, since the passphrase may be set from elsewhere)."""
        self.waiting: NoteEditor | None = None
        """A note box with Private ticked, put away while clerk mode lasts."""
        self.offered: set[int | Path] = set()
        """Drafts offered already in this run (asked once only): a customer's note-box
        draft by the customer's id, a refused note by its file."""
        self.kept: list[_KeptNote] = []
        """Notes saved while the server was away, waiting for it to be back."""
        self.more_to_offer = False
        """A draft was opened from the offer at start: the rest are offered once its note
        is saved or thrown away."""
        self.load_sealing_key()

    def load_sealing_key(self) -> None:
        """Read the key private drafts are sealed to (again after the passphrase is set)."""
        self.window.background.run(
            partial(sealing_key, self.window.database),
            lambda key: setattr(self, "seal_to", key),
            self.window.report,
        )

    def new_note(self) -> None:
        """Ctrl+N: a note about the customer whose card is open, kept as a draft while typed."""
        card = self.window.card_view.card
        if card is None or self.window.right.currentWidget() is not self.window.card_view:
            self.window.statusBar().showMessage(
                _("Open a customer's card first, then press Ctrl+N."), 5000
            )
            return
        try:
            park_draft(self.window.database.path, card.customer.id)
        except OSError as exc:  # nowhere takes it: the box's own draft cannot land either
            db_folder = self.window.database.path.parent
            self.window.statusBar().showMessage(plain_message(exc, db_folder)[0], 10_000)
        self.edit_note_draft(card.customer.id, card.customer.display_name, "")

    def edit_note_draft(
        self,
        customer_id: int,
        name: str,
        text: str,
        *,
        private: bool = False,
        fields: NoteFields | None = None,
        edit: EditOf | None = None,
        kept: Path | None = None,
    ) -> None:
        """Open the note box for ``customer_id`` (with a recovered draft's ``text`` and
        ``fields``, if any; ``edit``: the note they are an edit of; ``kept``: the kept
        note's file they came from, which then holds the box's draft until the note is
        saved or thrown away)."""
        db_path = self.window.database.path
        self.load_sealing_key()
        editor = NoteEditor(name, self.window, text=text, today=self.window.today())
        editor.private.setChecked(private)
        if fields is not None:
            editor.show_fields(fields)

        def keep(typed: str) -> None:
            key = self.window.owner.access.key
            if key is not None:
                self.seal_to = key.public
            values = editor.result_values()
            try:
                save_draft(
                    db_path,
                    customer_id,
                    typed,
                    private=values.private,
                    seal_to=self.seal_to,
                    fields=values.fields(),
                    edit=edit,
                    kept=kept,
                )
            except OSError as exc:  # nowhere takes it: said in passing, the box keeps it
                self.window.statusBar().showMessage(plain_message(exc, db_path.parent)[0], 10_000)

        forget = (
            partial(discard_draft, db_path, customer_id)
            if kept is None
            else partial(discard_refused, kept)
        )
        editor.draftChanged.connect(keep)
        for box in (editor.private, editor.pinned, editor.dont_bring_up, editor.ask):
            box.toggled.connect(lambda _on: editor.flush_draft())
        editor.ask_date.dateChanged.connect(lambda _day: editor.flush_draft())
        editor.accepted.connect(
            lambda: self._save_note(
                _KeptNote(
                    customer_id,
                    name,
                    editor.result_values(),
                    edit=edit,
                    access=self.window.owner.access,
                    kept_in=kept,
                    forget=forget,
                )
            )
        )
        editor.rejected.connect(forget)
        editor.rejected.connect(self._offer_the_rest)
        self.editor = editor
        editor.open()

    def _save_note(self, note: _KeptNote) -> None:
        database, customer_id, values = self.window.database, note.customer_id, note.values

        def saved(result: object) -> None:
            note.forget()
            said = _beside_message(result, note.name)
            self.window.statusBar().showMessage(said or _("Note saved."), 10_000 if said else 3000)
            self.window.open_card(customer_id)
            self._offer_the_rest()

        def failed(exc: Exception) -> None:
            if server_away(exc) and self._keep_for_later(note):
                self._offer_the_rest()
                return
            self.window.report(exc)
            self.edit_note_draft(
                customer_id,
                note.name,
                values.body,
                private=values.private,
                fields=values.fields(),
                edit=note.edit,
                kept=note.kept_in,
            )

        self._write(database, note, saved, failed)

    def _write(
        self,
        database: Database,
        note: _KeptNote,
        saved: Callable[[object], None],
        failed: Callable[[Exception], None],
    ) -> None:
        """Add the note, or save the edit (beside the note when that moved on), as the
        window's one write."""
        v = note.values
        work = partial(
            save_typed,
            database,
            note.customer_id,
            v.body,
            v.fields(),
            private=v.private,
            edit=note.edit,
            access=note.access,
        )
        self.window.background.run(work, saved, failed, writes=True)

    def _keep_for_later(self, note: _KeptNote) -> bool:
        """The server is away: the note goes into a refused-note file of its own (as
        private as it is; the next start offers it back if this window closes first) and
        waits here to be saved when the server is back. False if no folder took it."""
        db_path = self.window.database.path
        if note.file is None:
            try:
                file = keep_refused(
                    db_path,
                    note.customer_id,
                    note.values.body,
                    private=note.values.private,
                    seal_to=self.seal_to,
                    fields=note.values.fields(),
                    edit=note.edit,
                    saved=True,
                )
            except OSError:
                return False
            note.forget()  # its words live in that file now
            note = replace(note, file=file, kept_in=None, forget=_nothing)
            self.offered.add(file)
        self.kept.append(note)
        self.window.server_away()
        self.window.statusBar().showMessage(
            _("The note about {name} is kept; it is saved when the back office is back.").format(
                name=note.name
            ),
            10_000,
        )
        return True

    def drop_kept_of(self, customer_id: int) -> None:
        """A customer was forgotten: notes about them waiting here for the server go too
        (the service removed their files), never to be saved or offered again."""
        self.kept = [note for note in self.kept if note.customer_id != customer_id]

    def save_kept(self) -> None:
        """The server is back: the notes kept while it was away are saved, one by one."""
        kept, self.kept = self.kept, []
        for note in kept:
            self._save_kept(note)

    def _save_kept(self, note: _KeptNote) -> None:
        """Save a note kept while the server was away (this run's, or one Save was
        pressed for before the window closed); one that is refused now opens in the note
        box, its words in it, and one refused for the server away again waits again."""

        def saved(result: object) -> None:
            if note.file is not None:
                discard_refused(note.file)
            said = _beside_message(result, note.name)
            self.window.statusBar().showMessage(
                said or _("The note about {name} kept meanwhile is saved.").format(name=note.name),
                10_000 if said else 6000,
            )

        def failed(exc: Exception) -> None:
            if server_away(exc) and self._keep_for_later(note):
                return
            self.window.report(exc)
            v = note.values
            draft = Draft(
                note.customer_id, v.body, utcnow(), v.private, note.file, v.fields(), note.edit
            )
            self._reopen(draft, note.name)

        self._write(self.window.database, note, saved, failed)

    def on_note_action(self, note_id: int, action: str) -> None:
        """The card's Edit and Delete under a note."""
        card = self.window.card_view.card
        note = next((n for n in card.notes if n.id == note_id), None) if card else None
        if card is None or note is None:
            return
        customer_id, database = card.customer.id, self.window.database
        access = self.window.owner.access
        if action == "delete":
            self.window.background.run(
                partial(delete_note, database, note_id, access=access),
                lambda _deleted: self._after(customer_id, _(DELETED)),
                self.window.report,
                writes=True,
            )
            return
        editor = NoteEditor(card.customer.display_name, self.window, text=note.body)
        editor.private.setChecked(note.private)
        editor.show_fields(NoteFields("general", note.pinned, note.dont_bring_up, note.ask_on))

        def save() -> None:
            edited = _KeptNote(
                customer_id,
                card.customer.display_name,
                editor.result_values(),
                edit=(note_id, note.revision),
                access=access,
            )

            def failed(exc: Exception) -> None:
                if server_away(exc) and self._keep_for_later(edited):
                    return
                self.window.report(exc)

            self._write(
                database,
                edited,
                lambda result: self._after(
                    customer_id,
                    _beside_message(result, edited.name)
                    or _("Note saved; the earlier wording is kept."),
                ),
                failed,
            )

        editor.accepted.connect(save)
        self.editor = editor
        editor.open()

    def _after(self, customer_id: int, message: str) -> None:
        self.window.statusBar().showMessage(message, 6000)
        self.window.open_card(customer_id)

    def offer_drafts(self) -> None:
        """At start, and again when owner mode begins: notes that were being typed when
        the app stopped are offered back (private ones only to the owner), each once;
        notes Save was pressed for while the server was away, the window closed before
        it came back, are saved by themselves (private ones once the owner unlocks, so
        they are never read in clerk mode); whose they were is looked up off the GUI
        thread."""
        self.window.background.run(
            partial(_drafts_with_names, self.window.database, self.window.owner.access),
            self._offer_drafts,
            self.window.report,
        )

    def _offer_drafts(self, drafts: list[tuple[Draft, str | None]]) -> None:
        for place, (draft, name) in enumerate(drafts):
            which = draft.refused or draft.customer_id
            if which in self.offered:
                continue
            self.offered.add(which)
            if name is None:
                self._discard(draft)
                continue
            if draft.saved and draft.refused is not None and not self.window.database.read_only:
                self._save_kept(self._pressed_save(draft, name))
                continue
            said = (
                _(
                    "A note about {name} was being written when Regulars stopped:\n\n{text}\n\n"
                    "Open it to finish?"
                )
                if draft.refused is None
                else _(
                    "A note about {name} could not be saved when it was written, and was kept:"
                    "\n\n{text}\n\nOpen it to save it now?"
                )
            )
            waiting = sum(
                (later.refused or later.customer_id) not in self.offered
                for later, _name in drafts[place + 1 :]
            )
            if waiting:
                said += "\n\n" + ngettext(
                    "{n} more note waits after this one.",
                    "{n} more notes wait after this one.",
                    waiting,
                ).format(n=waiting)
            answer = QMessageBox.question(
                self.window,
                _("Unsaved note"),
                said.format(name=name, text=draft.text[:300]),
                QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Discard,
                QMessageBox.StandardButton.Open,
            )
            if answer == QMessageBox.StandardButton.Open:
                self._reopen(draft, name)
                self.more_to_offer = True
                return
            self._discard(draft)

    def _pressed_save(self, draft: Draft, name: str) -> _KeptNote:
        """A note Save was pressed for and the book refused before the window closed, on
        its way to the book again (as the owner now unlocked, for a private one)."""
        f = draft.fields
        values = NoteValues(draft.text, f.kind, f.pinned, draft.private, f.dont_bring_up, f.ask_on)
        access = self.window.owner.access
        return _KeptNote(draft.customer_id, name, values, draft.refused, draft.edit, access)

    def _discard(self, draft: Draft) -> None:
        if draft.refused is not None:
            discard_refused(draft.refused)
        else:
            discard_draft(self.window.database.path, draft.customer_id)

    def owner_changed(self, owner: bool) -> None:
        """Leaving owner mode puts an open private note box away (its draft kept, sealed);
        coming back shows it again as it was, then offers private drafts."""
        key = self.window.owner.access.key
        if key is not None:
            self.seal_to = key.public
        editor = self.editor
        if not owner and editor is not None and editor.isVisible() and editor.private.isChecked():
            editor.flush_draft()
            editor.hide()
            self.waiting = editor
        elif owner:
            if self.waiting is not None:
                self.waiting.show()
                self.waiting = None
                return
            self.offer_drafts()

    def flush(self) -> None:
        """The window closes: the words in an open note box go to its draft now, not
        only after the next pause in typing."""
        if self.editor is not None and self.editor.isVisible():
            self.editor.flush_draft()

    def _offer_the_rest(self) -> None:
        """The note opened from the offer was saved or thrown away: offer the next."""
        if self.more_to_offer:
            self.more_to_offer = False
            self.offer_drafts()

    def _reopen(self, draft: Draft, name: str) -> None:
        """A draft in the note box again; a kept note's words stay in its own file."""
        self.edit_note_draft(
            draft.customer_id,
            name,
            draft.text,
            private=draft.private,
            fields=draft.fields,
            edit=draft.edit,
            kept=draft.refused,
        )
