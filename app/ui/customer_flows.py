"""The owner's upkeep of one customer from the window: add, edit, household, merge,
archive, forget.

Dialogs get the services as callables with the database bound, so they never hold a
session; the window's search index and card follow every change. A customer form saved
while the shop's server is away is kept on this register (``app.customers.forms``) and
saved by itself when the server is back, or at the next start; one the book refuses then
(another register changed that customer meanwhile) opens again with what was typed and
why.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.customers import (
    CustomerView,
    archive_customer,
    customer_names,
    get_customer,
    likely_duplicates,
)
from app.customers.forms import (
    CustomerEdit,
    CustomerValues,
    KeptForm,
    discard_form,
    keep_form,
    load_forms,
    store_customer,
)
from app.customers.merge import MergeResult, merge_customers, unmerge
from app.customers.photo import remove_photo, set_photo
from app.customers.relations import add_relation, list_relations, remove_relation
from app.db import Database
from app.errors import RegularsError
from app.i18n import _
from app.notes import NoteView, list_trash, restore_note
from app.safety.access import Access
from app.safety.forget import ForgetOutcome, forget_customer
from app.server.reach import server_away
from app.ui.customer_dialog import CustomerDialog
from app.ui.household_editor import HouseholdEditor, NewRelation
from app.ui.merge_dialog import MergeDialog
from app.ui.photo_drop import PhotoDrop
from app.ui.trash_dialog import TrashDialog

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


def _trash_with_names(
    database: Database, customer_id: int | None, access: Access
) -> tuple[list[NoteView], dict[int, str]]:
    """The trash ``access`` may see, with the name of whose note each was."""
    notes = list_trash(database, customer_id, access=access)
    return notes, customer_names(database, {note.customer_id for note in notes})


class CustomerFlows(QObject):
    """Customer maintenance started from the menus or the search box's "add" row."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: QDialog | None = None
        self.last_merge: int | None = None
        self.kept: list[KeptForm] = []
        """Customer forms saved while the server was away, waiting for it to be back."""

    def _current_id(self) -> int | None:
        card = self.window.card_view.card
        if card is None or self.window.right.currentWidget() is not self.window.card_view:
            self.window.statusBar().showMessage(_("Open a customer's card first."), 5000)
            return None
        return card.customer.id

    def _open_form(
        self,
        make: Callable[..., CustomerDialog],
        first: object,
        refused: tuple[KeptForm, str] | None = None,
    ) -> None:
        """The customer form (new or edit) wired to this window's book and runner, kept
        on this register when the server is away. ``refused``: a kept form the book
        refused and why, shown on top (its file goes once the form is saved or put away)."""
        database = self.window.database
        dialog = make(
            first,
            find_duplicates=partial(likely_duplicates, database),
            save=partial(store_customer, database),
            parent=self.window,
            runner=self.window.background,
            keep=self._keep_for_later,
        )
        dialog.saved.connect(self._saved)
        if refused is not None:
            form, problem = refused
            dialog.show_values(form.fields())
            dialog.show_problem(problem)
            dialog.finished.connect(lambda _result: discard_form(form))
        self.dialog = dialog
        dialog.open()

    def _keep_for_later(self, values: CustomerValues, name: str) -> bool:
        """The server is away: the form's values go into a file of their own on this
        register and wait here to be saved when it is back. False if no folder took them."""
        try:
            form = keep_form(self.window.database.path, values, name)
        except OSError:
            return False
        self._wait(form)
        return True

    def _wait(self, form: KeptForm) -> None:
        self.kept.append(form)
        self.window.server_away()
        self.window.statusBar().showMessage(
            _(
                "The details of {name} are kept; they are saved when the back office is back."
            ).format(name=form.name),
            10_000,
        )

    def _drop_kept_of(self, customer_id: int) -> None:
        """A customer was forgotten: an edit of them waiting here for the server goes too
        (the service removed its file), never to be saved or shown again."""
        self.kept = [
            form
            for form in self.kept
            if not (
                isinstance(form.values, CustomerEdit) and form.values.customer_id == customer_id
            )
        ]

    def save_kept(self) -> None:
        """The server is back: the forms kept while it was away are saved, one by one."""
        kept, self.kept = self.kept, []
        self._save_all(kept)

    def _save_all(self, forms: list[KeptForm]) -> None:
        for form in forms:
            self._save_kept(form)

    def save_forms_left(self) -> None:
        """At start: forms kept when the window closed before the server was back are
        saved now, by themselves."""
        self.window.background.run(
            partial(load_forms, self.window.database.path),
            self._save_all,
            self.window.report,
        )

    def _save_kept(self, form: KeptForm) -> None:
        """Save one kept form; one the book refuses now opens again, with why."""

        def saved(_customer_id: object) -> None:
            discard_form(form)
            self.window.statusBar().showMessage(
                _("The details of {name} kept meanwhile are saved.").format(name=form.name), 6000
            )
            self.window.live.catch_up()
            self.window.refresh_summary()

        def failed(exc: Exception) -> None:
            if server_away(exc):
                self._wait(form)
            elif isinstance(exc, RegularsError):
                self._reopen(form, str(exc))
            else:
                self.window.report(exc)  # its file stays, to be saved at the next start

        self.window.background.run(
            partial(store_customer, self.window.database, form.values), saved, failed, writes=True
        )

    def _reopen(self, form: KeptForm, problem: str) -> None:
        """A kept form the book refused: the form again, as typed, on top of the customer
        as they are now, saying why (an edit of a customer forgotten meanwhile is dropped:
        forgetting wins)."""
        values = form.values
        if not isinstance(values, CustomerEdit):
            self._open_form(CustomerDialog.for_new, "", (form, problem))
            return

        def gone(exc: Exception) -> None:
            if server_away(exc):
                self._wait(form)
                return
            discard_form(form)  # the customer was forgotten meanwhile: that wins
            self.window.report(exc)

        self.window.background.run(
            partial(get_customer, self.window.database, values.customer_id),
            lambda view: self._open_form(CustomerDialog.for_edit, view, (form, problem)),
            gone,
        )

    def add(self, typed: str = "") -> None:
        """A new customer, prefilled with the name typed in the search box."""
        self._open_form(CustomerDialog.for_new, typed)

    def edit(self) -> None:
        """Ctrl+E: change the open card's customer (only what changed is saved)."""
        customer_id = self._current_id()
        if customer_id is None:
            return
        database = self.window.database

        self.window.background.run(
            partial(get_customer, database, customer_id),
            partial(self._open_form, CustomerDialog.for_edit),
            self.window.report,
        )

    def _saved(self, customer_id: object) -> None:
        """Show the customer just saved; the search finds them once the window's live
        updates read the change (asked for at once)."""
        assert isinstance(customer_id, int)
        self.window.live.catch_up()
        self.window.open_card(customer_id)
        self.window.refresh_summary()

    def household(self) -> None:
        """Ctrl+H: who is in the open card's customer's household, pets included."""
        customer_id = self._current_id()
        if customer_id is None:
            return
        database = self.window.database

        def add(relation: NewRelation) -> object:
            return add_relation(
                database,
                customer_id,
                relation.kind,
                name=relation.name,
                related_customer_id=relation.related_customer_id,
                species=relation.species,
                birthday=relation.birthday,
            )

        editor = HouseholdEditor(
            partial(list_relations, database, customer_id),
            add,
            partial(remove_relation, database),
            runner=self.window.background,
        )
        editor.changed.connect(partial(self.window.open_card, customer_id))
        self._in_dialog("Household and pets", editor)

    def merge(self) -> None:
        """Ctrl+M: fold a likely duplicate into the open card's customer, field by field."""
        customer_id = self._current_id()
        if customer_id is None:
            return
        database = self.window.database

        def find() -> tuple[CustomerView, list[CustomerView]]:
            keep = get_customer(database, customer_id)
            hints = likely_duplicates(
                database, keep.first_name, keep.last_name, keep.phone, keep.email
            )
            return keep, [get_customer(database, h.id) for h in hints if h.id != customer_id]

        self.window.background.run(find, self._offer_merge, self.window.report)

    def _offer_merge(self, found: tuple[CustomerView, list[CustomerView]]) -> None:
        keep, candidates = found
        if not candidates:
            self.window.statusBar().showMessage(
                _(
                    "No likely duplicates of {display_name}; with two ids, use regulars "
                    "customer merge KEEP OTHER."
                ).format(display_name=keep.display_name),
                8000,
            )
            return
        dialog = MergeDialog(keep, candidates, self.window)
        dialog.accepted.connect(lambda: self._merge(dialog))
        self.dialog = dialog
        dialog.open()

    def _merge(self, dialog: MergeDialog) -> None:
        database, keep_id, other_id = self.window.database, dialog.keep.id, dialog.other.id

        def merged(result: MergeResult) -> None:
            self.last_merge = result.change_log_id
            self.window.update_actions()
            self.window.customer_gone(other_id)
            self.window.open_card(keep_id)
            self.window.statusBar().showMessage(
                _("Merged. Customer ▸ Undo last merge puts both records back."), 8000
            )

        self.window.background.run(
            partial(
                merge_customers,
                database,
                keep_id,
                other_id,
                dialog.choices(),
                access=self.window.owner.access,
            ),
            merged,
            self.window.report,
            writes=True,
        )

    def undo_merge(self) -> None:
        """Customer ▸ Undo last merge: both records and every moved row as they were."""
        if self.last_merge is None:
            self.window.statusBar().showMessage(_("There is no merge to undo."), 5000)
            return
        database, change_id = self.window.database, self.last_merge

        def undone(_entry: object) -> None:
            self.last_merge = None
            self.window.update_actions()
            self.window.refresh_facts()
            self.window.close_card()
            self.window.statusBar().showMessage(_("The merge was undone."), 5000)

        self.window.background.run(
            partial(unmerge, database, change_id), undone, self.window.report, writes=True
        )

    def photo(self) -> None:
        """Customer ▸ Photo: drop or choose a picture for the open card (shrunk first)."""
        customer_id = self._current_id()
        if customer_id is None:
            return
        database = self.window.database
        card = self.window.card_view.card
        drop = PhotoDrop(card.photo if card else None)

        def store(work: Callable[[], object]) -> None:
            self.window.background.run(
                work, lambda _: self.window.open_card(customer_id), self.window.report, writes=True
            )

        drop.photoChosen.connect(
            lambda data: store(partial(set_photo, database, customer_id, data))
        )
        drop.removeRequested.connect(lambda: store(partial(remove_photo, database, customer_id)))
        drop.photoRefused.connect(lambda message: self.window.report(RegularsError(message)))
        self._in_dialog("Photo", drop)

    def trash(self) -> None:
        """Customer ▸ Deleted notes: the open customer's (or everyone's) trash, to restore."""
        card = self.window.card_view.card
        on_card = self.window.right.currentWidget() is self.window.card_view
        customer_id = card.customer.id if card and on_card else None
        database = self.window.database
        access = self.window.owner.access

        def offer(found: tuple[list[NoteView], dict[int, str]]) -> None:
            notes, names = found
            dialog = TrashDialog(
                notes,
                partial(restore_note, database, access=access),
                names,
                parent=self.window,
                runner=self.window.background,
            )
            if customer_id is not None:
                dialog.restored.connect(lambda _note: self.window.open_card(customer_id))
            self.dialog = dialog
            dialog.open()

        self.window.background.run(
            partial(_trash_with_names, database, customer_id, access), offer, self.window.report
        )

    def owner_changed(self, owner: bool) -> None:
        """The trash lists private notes in owner mode: it closes when that ends."""
        if not owner and isinstance(self.dialog, TrashDialog) and self.dialog.isVisible():
            self.dialog.close()

    def _in_dialog(self, title: str, widget: QWidget) -> None:
        dialog = QDialog(self.window)
        dialog.setWindowTitle(title)
        layout = QVBoxLayout(dialog)
        layout.addWidget(widget)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(dialog.reject)
        for button in close.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter belongs to the form's boxes, not Close
        layout.addWidget(close)
        self.dialog = dialog
        dialog.open()

    def archive(self) -> None:
        """Archive the open card's customer: kept for history, gone from the lookup
        (``regulars customer unarchive ID`` brings them back)."""
        customer_id = self._current_id()
        if customer_id is None:
            return
        card = self.window.card_view.card
        name = card.customer.display_name if card else str(customer_id)
        answer = QMessageBox.question(
            self.window,
            _("Archive this customer?"),
            _(
                "Archive {name}? Their history is kept, but they no longer come up in the "
                "search. regulars customer unarchive {id} brings them back."
            ).format(name=name, id=customer_id),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def archived(_result: object) -> None:
            self.window.customer_gone(customer_id)
            self.window.statusBar().showMessage(
                _("Archived; they no longer come up in the search."), 5000
            )

        self.window.background.run(
            partial(archive_customer, self.window.database, customer_id),
            archived,
            self.window.report,
            writes=True,
        )

    def forget(self) -> None:
        """Erase every trace of the open card's customer, after owner access and a clear
        confirmation (a backup is taken first)."""
        customer_id = self._current_id()
        if customer_id is None:
            return
        if not self.window.owner_for("Forgetting a customer", self.forget):
            return
        card = self.window.card_view.card
        name = card.customer.display_name if card else str(customer_id)
        answer = QMessageBox.warning(
            self.window,
            _("Forget this customer?"),
            _(
                "Erase {name} and everything about them — purchases, notes, prompts, "
                "household — for good? A backup is taken first; only a random key is "
                "kept, so restoring an older backup erases them again."
            ).format(name=name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        database = self.window.database

        def forgotten(outcome: ForgetOutcome) -> None:
            self._drop_kept_of(outcome.customer_id)
            self.window.notes.drop_kept_of(outcome.customer_id)
            self.window.customer_gone(outcome.customer_id)
            self.window.search_box.clear()
            self.window.refresh_facts()
            self.window.statusBar().showMessage(_("{name} was forgotten.").format(name=name), 5000)

        self.window.background.run(
            partial(forget_customer, database, customer_id, access=self.window.owner.access),
            forgotten,
            self.window.report,
            writes=True,
        )
