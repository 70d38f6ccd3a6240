"""The customer's household and circle on one small panel: who they are, add, remove.

Like the customer form it holds no database code: the window hands in ``load`` (the
current relations), ``add`` and ``remove``; a refusal (``RegularsError``) shows under the
form and keeps what was typed. With the window's runner, loading is a read and adding or
removing a write, off the GUI thread. ``changed`` tells the window to refresh the card.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.birthdays import BirthdayParts, read_birthday
from app.customers.relations import RelationView
from app.errors import RegularsError
from app.i18n import _
from app.models import RelationKind
from app.prompts.wording import relation_word
from app.ui.background import Background
from app.ui.text import room_for_hint


@dataclass(frozen=True)
class NewRelation:
    """What to pass to ``add_relation`` after the customer id."""

    kind: str
    name: str | None
    related_customer_id: int | None
    species: str | None
    birthday: BirthdayParts | None


class HouseholdEditor(QWidget):
    """A list of the customer's relations with a one-line form to add one."""

    changed = Signal()

    def __init__(
        self,
        load: Callable[[], list[RelationView]],
        add: Callable[[NewRelation], object],
        remove: Callable[[int], object],
        parent: QWidget | None = None,
        runner: Background | None = None,
    ) -> None:
        super().__init__(parent)
        self._load, self._add, self._remove = load, add, remove
        self._runner = runner
        self.setObjectName("householdEditor")
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Household and pets"))
        layout.addWidget(self.list, 1)

        form = QGridLayout()
        self.kind = QComboBox()
        for kind in RelationKind:
            self.kind.addItem(relation_word(kind.value), kind.value)
        self.kind.setAccessibleName(_("Who they are to the customer"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("Name"))
        self.name.setAccessibleName(_("Name"))
        self.species = QLineEdit()
        self.species.setPlaceholderText(_("Species"))
        self.species.setAccessibleName(_("Species"))
        self.birthday = QLineEdit()
        self.birthday.setAccessibleName(_("Birthday"))
        self.birthday.setPlaceholderText(_("Birthday: April 1, or April 1 1990"))
        self.link = QSpinBox()
        self.link.setRange(0, 2_000_000_000)
        self.link.setSpecialValueText("not a customer")
        self.link.setPrefix("#")
        self.link.setAccessibleName(_("Customer number, if they are a customer too"))
        self.add_button = QPushButton(_("Add"))
        self.remove_button = QPushButton(_("Remove"))
        # Two rows, each box as wide as its hint: on one row at 1024×768 they shrank
        # to "N…", "S…", "B…" and nobody could tell what to type where.
        form.addWidget(self.kind, 0, 0)
        form.addWidget(self.name, 0, 1)
        form.addWidget(self.species, 0, 2)
        form.addWidget(self.birthday, 1, 0, 1, 2)
        form.addWidget(self.link, 1, 2)
        form.addWidget(self.add_button, 0, 3)
        form.addWidget(self.remove_button, 1, 3)
        form.setColumnStretch(1, 1)
        for box in (self.name, self.species, self.birthday):
            room_for_hint(box)
        layout.addLayout(form)
        self.problem = QLabel()
        self.problem.setObjectName("householdProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)

        self.kind.currentIndexChanged.connect(
            lambda _i: self._kind_changed(self.kind.currentData())
        )
        self._kind_changed(self.kind.currentData())
        self.add_button.clicked.connect(self.add_typed)
        for box in (self.name, self.species, self.birthday):
            box.returnPressed.connect(self.add_typed)
        self.remove_button.clicked.connect(self.remove_selected)
        for button in (self.add_button, self.remove_button):
            # Enter in a box adds once; as a dialog's default button, Add would fire
            # again on the emptied form and show a false "needs a name".
            button.setAutoDefault(False)
        self.reload()

    def _kind_changed(self, kind: str) -> None:
        """Only a pet has a species."""
        is_pet = kind == RelationKind.PET.value
        self.species.setEnabled(is_pet)
        if not is_pet:
            self.species.clear()

    def reload(self) -> None:
        """Show the relations as they are stored now."""
        if self._runner is None:
            self._show(self._load())
        else:
            self._runner.run(self._load, self._show, self._refused)

    def _show(self, views: list[RelationView]) -> None:
        self.list.clear()
        for view in views:
            item = QListWidgetItem(view.label)
            item.setData(Qt.ItemDataRole.UserRole, view.id)
            self.list.addItem(item)

    def typed(self) -> NewRelation:
        """The relation in the form; a birthday that is not a date is refused here."""
        return NewRelation(
            kind=self.kind.currentData(),
            name=self.name.text().strip() or None,
            related_customer_id=self.link.value() or None,
            species=self.species.text().strip() or None,
            birthday=read_birthday(self.birthday.text()),
        )

    def _attempt(self, work: Callable[[], object], then: Callable[[], None]) -> None:
        """Run ``work`` (a write); once it is stored, ``then`` and a fresh list."""

        def stored(_result: object = None) -> None:
            self.problem.hide()
            then()
            self.reload()
            self.changed.emit()

        if self._runner is not None:
            self._runner.run(work, stored, self._refused, writes=True)
            return
        try:
            work()
        except RegularsError as exc:
            self._refused(exc)
            return
        stored()

    def _refused(self, exc: Exception) -> None:
        if not isinstance(exc, RegularsError):
            raise exc
        self.problem.setText(str(exc))
        self.problem.show()

    def add_typed(self) -> None:
        """Store the typed relation; the form empties only when it was stored."""
        try:
            relation = self.typed()
        except RegularsError as exc:
            self._refused(exc)
            return
        self._attempt(partial(self._add, relation), self._clear_form)

    def _clear_form(self) -> None:
        for box in (self.name, self.species, self.birthday):
            box.clear()
        self.link.setValue(0)
        self.name.setFocus()

    def remove_selected(self) -> None:
        """Remove the selected relation (the change log keeps what it was)."""
        item = self.list.currentItem()
        if item is not None:
            relation_id = int(item.data(Qt.ItemDataRole.UserRole))
            self._attempt(partial(self._remove, relation_id), lambda: None)
